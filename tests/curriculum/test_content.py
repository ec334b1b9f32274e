"""The shipped curriculum's content: shape, hours, prerequisites, resources, and old progress."""

from __future__ import annotations

import json
import re
import shutil
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.conftest import FIXTURES, Invoke
from tpmpath.core.models import Curriculum
from tpmpath.curriculum.loader import (
    check_curriculum_file,
    default_curriculum_path,
    load_curriculum,
)
from tpmpath.store import files as store

ROOT = Path(__file__).resolve().parents[2]

SPINE = [
    "code-and-architecture",
    "technical-discussions",
    "technical-documentation",
    "network-with-tpms",
]
"""The article's four steps, in order."""
TOPICS_PER_STEP = range(5, 13)
HOURS = (130, 195)
"""6 to 9 months at 5 hours a week."""
PRACTICE_STEPS = ("technical-discussions", "network-with-tpms")
MAX_PREREQUISITE_HOURS = 15

VERSION_2026_1_IDS = [
    "programming-fundamentals",
    "api-basics",
    "microservices",
    "cloud-basics",
    "sql-basics",
    "architecture-tradeoffs",
    "scalability-and-tech-debt",
    "product-system-map",
    "join-technical-discussions",
    "ask-questions",
    "challenge-assumptions",
    "sprint-planning-deep-dive",
    "incident-postmortems",
    "translate-to-business-outcomes",
    "product-tool-docs",
    "read-api-references",
    "openapi-specs",
    "internal-design-docs",
    "trace-a-request",
    "release-notes-and-deprecations",
    "spot-tech-debt",
    "join-tpm-community",
    "attend-meetups",
    "community-discussions",
    "tpm-conversations",
    "shadow-a-tpm",
    "mentor-sessions",
    "share-what-you-learned",
]
"""Every topic id of version 2026.1: learners have progress recorded against them."""

ADDED_IN_2026_2 = [
    "data-structures",
    "data-and-analytics",
    "observability-and-incidents",
    "ml-in-products",
    "llm-features",
    "feasibility-and-estimation",
    "feasibility-notes",
    "discuss-experiments",
    "saas-and-api-platforms",
    "security-and-privacy-basics",
    "delivery-and-releases",
    "review-design-docs",
    "read-pull-requests",
]

MOVED_MDN = "moved to /Web/HTTP/Guides/Overview"
COURSE = "a home page: link a specific course"
DOCS_HOME = "a docs home: link a fundamentals course or a specific page"
HOME = r"/?"
STALE_URLS: list[tuple[str, str, str]] = [
    # (host, path pattern, why): the path must match in full.
    ("developer.mozilla.org", r"/en-US/docs/Web/HTTP/Overview/?", MOVED_MDN),
    ("stripe.com", r"/docs/api(/.*)?", "moved to docs.stripe.com/api"),
    (
        "www.atlassian.com",
        r"/agile/project-management/technical-debt/?",
        "moved to /agile/software-development/technical-debt",
    ),
    ("www.codecademy.com", HOME, COURSE),
    ("www.coursera.org", HOME, COURSE),
    ("www.udemy.com", HOME, COURSE),
    ("docs.aws.amazon.com", HOME, DOCS_HOME),
    ("aws.amazon.com", r"/getting-started/?", DOCS_HOME),
    ("learn.microsoft.com", r"(/[a-z]{2}-[a-z]{2})?/azure/?", DOCS_HOME),
    ("cloud.google.com", r"/docs(/get-started)?/?", DOCS_HOME),
]


def stale(url: str) -> str | None:
    """Why `url` is a known-moved or home-page link, or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    for stale_host, path, why in STALE_URLS:
        if host == stale_host.removeprefix("www.") and re.fullmatch(path, parts.path):
            return why
    return None


@cache
def shipped() -> Curriculum:
    return load_curriculum(default_curriculum_path())


def urls(curriculum: Curriculum) -> list[tuple[str, str]]:
    """(topic id, url) of every resource."""
    return [(t.id, r.url) for t in curriculum.topics for r in t.resources]


def prerequisite_hours(curriculum: Curriculum, topic_id: str) -> float:
    """The estimates of every topic `topic_id` requires, directly or not."""
    seen: set[str] = set()
    todo = list(curriculum.topic_by_id[topic_id].requires)
    while todo:
        current = todo.pop()
        if current not in seen:
            seen.add(current)
            todo += curriculum.topic_by_id[current].requires
    return sum(curriculum.topic_by_id[t].estimate_hours or 0 for t in seen)


def test_the_shipped_curriculum_validates() -> None:
    assert check_curriculum_file(default_curriculum_path()) == []
    assert shipped().version == "2026.3"


ARTICLE_SKILLS = [
    "apis",
    "data-sql",
    "cloud-infra",
    "scalability",
    "ai-ml",
    "tradeoffs",
    "feasibility-risk",
    "business-outcomes",
    "reading-docs",
    "tpm-network",
]
"""The article's skills (2026.3), which `assess` rates."""


def test_the_skills_are_the_articles_and_every_topic_builds_some() -> None:
    curriculum = shipped()
    assert [s.id for s in curriculum.skills] == ARTICLE_SKILLS
    assert [t.id for t in curriculum.topics if not t.skills] == []
    assert [s for s, topics in curriculum.builders.items() if len(topics) < 2] == []
    one_line = [level for s in curriculum.skills for level in s.levels if "\n" in level]
    assert one_line == []


def test_the_article_steps_are_the_spine_with_5_to_12_topics_each() -> None:
    steps = shipped().steps
    assert [s.id for s in steps] == SPINE
    assert [(s.id, len(s.topics)) for s in steps if len(s.topics) not in TOPICS_PER_STEP] == []


def test_every_topic_has_a_summary_an_estimate_and_a_resource() -> None:
    lacking = [
        t.id for t in shipped().topics if not (t.summary and t.estimate_hours and t.resources)
    ]
    assert lacking == []


def test_total_hours_fit_6_to_9_months_at_5_hours_a_week_and_match_the_readme() -> None:
    curriculum = shipped()
    total = sum(t.estimate_hours or 0 for t in curriculum.topics)
    assert HOURS[0] <= total <= HOURS[1]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"The shipped path has (\d+) topics and (\d+) hours", readme)
    assert stated is not None, "README.md must state the shipped path's topics and hours"
    assert (int(stated[1]), int(stated[2])) == (len(curriculum.topics), total)


def test_practices_of_steps_2_and_4_need_little_study_first() -> None:
    curriculum = shipped()
    practices = [
        t.id
        for s in curriculum.steps
        if s.id in PRACTICE_STEPS
        for t in s.topics
        if t.target is not None
    ]
    assert len(practices) >= 10  # the rule below must have something to check
    over = {
        topic_id: hours
        for topic_id in practices
        if (hours := prerequisite_hours(curriculum, topic_id)) > MAX_PREREQUISITE_HOURS
    }
    assert over == {}


@pytest.mark.parametrize(
    ("topic_id", "not_required"),
    [
        # The examples of requirements that were not real dependencies.
        ("sprint-planning-deep-dive", "architecture-tradeoffs"),
        ("incident-postmortems", "scalability-and-tech-debt"),
        ("product-tool-docs", "cloud-basics"),
    ],
)
def test_requirements_that_are_not_dependencies_are_gone(topic_id: str, not_required: str) -> None:
    assert not_required not in shipped().topic_by_id[topic_id].requires


def test_prerequisite_hours_are_transitive_and_counted_once() -> None:
    curriculum = Curriculum.model_validate(
        {
            "id": "c",
            "title": "C",
            "version": "1",
            "steps": [
                {
                    "id": "s",
                    "title": "S",
                    "topics": [
                        {"id": "a", "title": "A", "estimate_hours": 5},
                        {"id": "b", "title": "B", "estimate_hours": 3, "requires": ["a"]},
                        {"id": "c", "title": "C", "requires": ["a", "b"]},
                        {"id": "d", "title": "D", "estimate_hours": 1, "requires": ["c", "a"]},
                    ],
                }
            ],
        }
    )
    assert [prerequisite_hours(curriculum, t) for t in "abcd"] == [0, 5, 8, 8]


def test_every_url_is_https_with_a_host() -> None:
    bad = [
        (topic, url)
        for topic, url in urls(shipped())
        if urlsplit(url).scheme != "https" or not urlsplit(url).hostname
    ]
    assert bad == []


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("https://developer.mozilla.org/en-US/docs/Web/HTTP/Overview", MOVED_MDN),
        ("http://developer.mozilla.org/en-US/docs/Web/HTTP/Overview/", MOVED_MDN),
        ("https://stripe.com/docs/api", "moved to docs.stripe.com/api"),
        ("https://stripe.com/docs/api/charges", "moved to docs.stripe.com/api"),
        (
            "https://www.atlassian.com/agile/project-management/technical-debt",
            "moved to /agile/software-development/technical-debt",
        ),
        ("https://www.codecademy.com/", COURSE),
        ("https://coursera.org", COURSE),
        ("https://www.udemy.com/", COURSE),
        ("https://docs.aws.amazon.com/", DOCS_HOME),
        ("https://aws.amazon.com/getting-started/", DOCS_HOME),
        ("https://learn.microsoft.com/en-us/azure/", DOCS_HOME),
        ("https://learn.microsoft.com/azure", DOCS_HOME),
        ("https://cloud.google.com/docs", DOCS_HOME),
        ("https://cloud.google.com/docs/get-started", DOCS_HOME),
        ("https://developer.mozilla.org/en-US/docs/Web/HTTP/Guides/Overview", None),
        ("https://docs.stripe.com/api", None),
        ("https://www.atlassian.com/agile/software-development/technical-debt", None),
        ("https://www.codecademy.com/learn/learn-sql", None),
        ("https://www.coursera.org/learn/python", None),
        ("https://docs.aws.amazon.com/general/latest/gr/aws_service_limits.html", None),
        ("https://learn.microsoft.com/en-us/azure/architecture/guide/multitenant/overview", None),
        ("https://cloud.google.com/docs/quotas", None),
    ],
)
def test_stale_recognises_moved_urls_and_home_pages(url: str, why: str | None) -> None:
    assert stale(url) == why


def test_no_url_is_known_moved_or_a_bare_home_page() -> None:
    assert [(topic, url, stale(url)) for topic, url in urls(shipped()) if stale(url)] == []


def test_every_knowledge_topic_has_a_free_resource() -> None:
    curriculum = shipped()
    knowledge = [t for t in curriculum.topics if t.target is None]
    assert len(knowledge) >= 20
    assert [t.id for t in knowledge if not any(r.free for r in t.resources)] == []
    # Paid resources are marked, so the flag is in use (and shown as "(paid)").
    assert any(not r.free for t in curriculum.topics for r in t.resources)


def test_every_2026_1_topic_is_kept_or_renamed() -> None:
    curriculum = shipped()
    known = set(curriculum.topic_by_id) | set(curriculum.aliases)
    assert [t for t in VERSION_2026_1_IDS if t not in known] == []
    added = [t.id for t in curriculum.topics if t.id not in VERSION_2026_1_IDS]
    assert added == ADDED_IN_2026_2


# Progress recorded against version 2026.1 (tests/fixtures), read with the shipped curriculum.

OLD_PROGRESS = FIXTURES / "progress-tpm-path-2026.1.json"


@pytest.fixture
def old_progress(isolated: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The 2026.1 progress file in the default profile; the clock at 2 December 2026."""
    monkeypatch.setenv("TPMPATH_NOW", "2026-12-02T09:00:00+01:00")
    path = isolated / "profiles" / "default" / "tpm-path.json"
    store.ensure_private_dir(path.parent)
    shutil.copyfile(OLD_PROGRESS, path)
    return path


def test_old_progress_keeps_every_status_count_and_note(cli: Invoke, old_progress: Path) -> None:
    before = old_progress.read_bytes()
    topics = {t["id"]: t["status"] for t in json.loads(cli("list", "--json").stdout)}
    assert {t: s for t, s in topics.items() if s != "todo"} == {
        "programming-fundamentals": "done",
        "api-basics": "done",
        "microservices": "in_progress",
        "cloud-basics": "skipped",
        "sql-basics": "done",
        "join-technical-discussions": "in_progress",
        "join-tpm-community": "done",
    }
    assert set(ADDED_IN_2026_2) <= {t for t, s in topics.items() if s == "todo"}
    logs = json.loads(cli("show", "join-technical-discussions", "--json").stdout)
    assert (logs["count"], [e["text"] for e in logs["logs"]]) == (
        2,
        ["Design review of the billing queue", "Refinement: search ranking"],
    )
    noted = json.loads(cli("show", "product-tool-docs", "--json").stdout)
    assert [e["text"] for e in noted["notes"]] == [
        "Stripe's rate limits: 100 read requests per second"
    ]
    done = json.loads(cli("show", "programming-fundamentals", "--json").stdout)
    assert done["completed_at"] == "2026-09-03T19:30:00+02:00"
    assert len(json.loads(cli("history", "--json").stdout)) == 10
    setting = json.loads(cli("config", "get", "hours-per-week", "--json").stdout)
    assert setting == {"key": "hours-per-week", "value": 5.0}
    assert old_progress.read_bytes() == before  # reading changes nothing


def test_status_reports_what_2026_2_and_2026_3_added(cli: Invoke, old_progress: Path) -> None:
    view = json.loads(cli("status", "--json").stdout)
    assert view["curriculum_changed"] == {
        "previous_version": "2026.1",
        "version": "2026.3",
        "added": ADDED_IN_2026_2,
    }
    assert view["orphans"] == []
    assert (view["overall"]["total"], view["overall"]["done"], view["overall"]["skipped"]) == (
        41,
        4,
        1,
    )
    text = " ".join(cli("status").stdout.split())  # the footer wraps at the terminal's width
    assert (
        "The curriculum changed since you last recorded progress (v2026.1 -> v2026.3): "
        "added data-structures, data-and-analytics, observability-and-incidents, "
    ) in text
    cli("start", "data-structures")  # recording progress takes the new version in
    assert json.loads(cli("status", "--json").stdout)["curriculum_changed"] is None


def test_reviews_of_old_progress_follow_the_review_keys(cli: Invoke, old_progress: Path) -> None:
    # join-tpm-community is done but says review: false; practices are not reviewed.
    due = [item["id"] for item in json.loads(cli("review", "--json").stdout)]
    assert due == ["programming-fundamentals", "sql-basics", "api-basics"]
