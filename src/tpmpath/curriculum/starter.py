"""The starter curriculum `tpmpath curriculum init` writes, for users to fill in."""

from __future__ import annotations

STARTER_CURRICULUM = """\
# A tpmpath curriculum: ordered steps, each a list of topics to learn or practise.
# Check it with:  tpmpath curriculum validate FILE
# Ids use letters, digits, '.', '_' and '-', and start with a letter or a digit.
# Unknown keys are errors, so a typo never passes silently.

id: my-path                  # required: the id of this learning path
title: My learning path      # required: shown at the top of reports
version: "1"                 # required: text, so quote it ("1", "2026.1")
description: >-              # optional: what the path is for
  A short path from product manager to technical product manager.

steps:                       # required: the ordered steps, at least one
  - id: foundations          # required: unique among steps
    title: Foundations       # required
    summary: How software is built and connected.  # optional
    topics:                  # required: the ordered topics of this step, at least one
      - id: http-basics      # required: unique across the whole curriculum; case-sensitive
        title: How the web talks HTTP   # required
        summary: Requests, responses, status codes and headers.  # optional
        estimate_hours: 3    # optional: a number greater than 0
        resources:           # optional: links, each with a title and a url
          - title: "MDN: An overview of HTTP"
            url: https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Overview
      - id: api-basics
        title: How APIs connect services
        requires: [http-basics]  # optional: ids of topics that should come first (no cycles)
        # renamed_from: [apis]   # optional: earlier ids of this topic; their progress carries over
        estimate_hours: 4

  - id: practice
    title: Technical conversations
    topics:
      - id: read-design-docs
        title: Read a design document end to end
        requires: [api-basics]
      - id: join-design-reviews
        title: Join an engineering design review
        target: 5            # optional: a practice, done after this many logged occurrences
        prompts:             # optional, practices only: questions `log` may ask
          - What trade-off did the team discuss?
          - Which question would you ask next time?
"""
"""A commented curriculum that validates: the place to start writing one's own."""
