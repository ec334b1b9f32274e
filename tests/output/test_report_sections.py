"""What the reports open with (pace, finish, target date, as `status` says them) and that no
note or next step is dropped silently: Markdown, HTML and the JSON report."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from tests.core.test_report import NOW, build, ev, scenario
from tests.output.test_formats import assert_safe_page
from tpmpath.core.models import Curriculum, Event, Progress, Settings
from tpmpath.core.progress import derive
from tpmpath.core.report import build_report
from tpmpath.output.html_report import render_html
from tpmpath.output.markdown import render_markdown
from tpmpath.output.report_json import report_json

PACE = (
    "Pace: 3 h/week over the last 1 week: 3 h of work done or logged since Mon 2026-03-02 "
    "(skipped topics not counted)."
)
FINISH = "Finish: around Tue 2026-03-17 at this pace."


def with_target(target: date | None, progress: Progress | None = None) -> Progress:
    progress = progress or scenario()
    progress.settings = Settings(target_date=target)
    return progress


@pytest.mark.parametrize(
    ("target", "lines"),
    [
        (None, [PACE, FINISH]),
        (
            date(2026, 3, 31),
            [
                PACE,
                FINISH,
                "Target 2026-03-31: on track: needs 1.3 h/week (5 h in 3.7 weeks), "
                "your pace is 3 h/week.",
            ],
        ),
        (
            date(2026, 3, 8),
            [
                PACE,
                FINISH,
                "Target 2026-03-08: behind: needs 11.7 h/week (5 h in 0.4 weeks), "
                "your pace is 3 h/week.",
            ],
        ),
    ],
    ids=["no-target", "on-track", "behind"],
)
def test_markdown_opens_with_pace_finish_and_target(target: date | None, lines: list[str]) -> None:
    text = render_markdown(build(with_target(target)))
    bullets = "".join(f"- {line}\n" for line in lines)
    assert text.startswith(
        "# Progress report: Tiny path\n"
        "\n"
        "Profile: me · Curriculum: `tiny` v1 · Generated: 2026-03-06 09:00\n"
        "\n"
        f"{bullets}"
        "\n"
        "## Progress by step\n"
    )


def test_markdown_without_progress_says_only_the_target() -> None:
    progress = with_target(date(2026, 4, 30), Progress(curriculum_id="tiny"))
    head = render_markdown(build(progress)).split("## Progress by step")[0]
    assert head.endswith(
        "\n\n- Target 2026-04-30: needs 1 h/week (8 h in 8 weeks); no pace measured yet.\n\n"
    )
    assert "Pace:" not in head and "Finish:" not in head


def test_markdown_without_progress_or_target_has_no_outlook() -> None:
    head = render_markdown(build(Progress(curriculum_id="tiny"))).split("## Progress by step")[0]
    assert head == (
        "# Progress report: Tiny path\n\n"
        "Profile: me · Curriculum: `tiny` v1 · Generated: 2026-03-06 09:00\n\n"
    )


def outlook_items(page: str) -> list[str]:
    """The Outlook card's lines, as HTML."""
    card = re.search(r'<section class="card outlook"><h2>Outlook</h2>\n<ul>(.*?)</ul>', page)
    assert card is not None
    return re.findall(r"<li>(.*?)</li>", card.group(1))


def test_html_opens_with_pace_finish_and_target_before_the_steps() -> None:
    page = render_html(build(with_target(date(2026, 3, 1))))
    assert_safe_page(page)
    assert outlook_items(page) == [
        PACE,
        FINISH,
        "Target 2026-03-01: the date has passed; set a new one with "
        "<code>tpmpath config set target-date</code>.",
    ]
    hero, outlook, steps = (page.index(s) for s in ('class="card hero"', "Outlook", ">Steps<"))
    assert hero < outlook < steps


def test_html_says_how_to_plan_when_no_pace_is_measured() -> None:
    events = [ev(1, "2026-03-02 09:00", "note", "d", text="x")]
    page = render_html(build(Progress(curriculum_id="tiny", events=events)))
    assert outlook_items(page) == [
        "Pace: none measured yet (no estimated work completed since Mon 2026-02-02).",
        "Finish: unknown; plan your hours with <code>tpmpath config set hours-per-week H</code>.",
    ]


def test_html_without_progress_or_target_has_no_outlook() -> None:
    page = render_html(build(Progress(curriculum_id="tiny")))
    assert "outlook" not in page.replace(".outlook", "")


def test_json_report_has_pace_finish_and_target() -> None:
    progress = with_target(date(2026, 3, 31))
    derived = derive(build(progress).curriculum, progress.events)
    view = json.loads(b"".join(report_json(build(progress), progress, derived)))
    assert view["pace"] == {
        "hours_per_week": 3.0,
        "hours": 3.0,
        "since": "2026-03-02",
        "weeks": 1.0,
        "setting": None,
        "finish": "2026-03-17",
        "finish_basis": "pace",
    }
    assert view["target"] == {
        "date": "2026-03-31",
        "passed": False,
        "days_left": 26,
        "weeks_left": 3.71,
        "hours_remaining": 5.0,
        "required_hours_per_week": 1.35,
        "on_track": True,
    }


def notes_on(topic: str, count: int, action: str = "note") -> list[Event]:
    return [
        ev(10 + n, f"2026-03-0{1 + n % 5} 1{n}:00", action, topic, text=f"{topic} note {n}")
        for n in range(count)
    ]


def note_texts(html: str) -> list[str]:
    return re.findall(r'<p class="note"><span class="date">[\d-]+</span> (\w+ note \d)</p>', html)


def test_html_shows_every_note_of_a_completed_topic_folding_all_but_three() -> None:
    events = [*notes_on("a", 6), ev(1, "2026-03-05 20:00", "done", "a")]
    page = render_html(build(Progress(curriculum_id="tiny", events=events)))
    assert_safe_page(page)
    completed = page[page.index("<h2>Completed</h2>") : page.index("<h2>In progress</h2>")]
    assert sorted(note_texts(completed)) == [f"a note {n}" for n in range(6)]
    shown, folded = completed.split('<details class="more"><summary>3 more notes</summary>')
    assert len(note_texts(shown)) == 3 and len(note_texts(folded)) == 3
    assert folded.count("</details>") == 1


def test_html_shows_every_log_of_a_practice_in_progress() -> None:
    page = render_html(build(Progress(curriculum_id="tiny", events=notes_on("talk", 2, "log"))))
    in_progress = page[page.index("<h2>In progress</h2>") : page.index("<h2>Next steps</h2>")]
    assert note_texts(in_progress) == ["talk note 1", "talk note 0"]
    assert "<summary>1 more note</summary>" in in_progress


def test_html_shows_notes_of_topics_neither_completed_nor_in_progress() -> None:
    page = render_html(build(Progress(curriculum_id="tiny", events=notes_on("d", 2))))
    other = page[page.index("<h2>Other notes</h2>") :]
    assert "<h3>Topic D</h3>" in other
    assert note_texts(other) == ["d note 1", "d note 0"]


def test_html_has_no_other_notes_card_when_every_note_is_shown() -> None:
    assert "Other notes" not in render_html(build())


SEVEN = Curriculum.model_validate(
    {
        "id": "seven",
        "title": "Seven",
        "version": "1",
        "steps": [
            {
                "id": "s",
                "title": "S",
                "topics": [{"id": f"t{n}", "title": f"T{n}"} for n in range(7)],
            }
        ],
    }
)


def test_next_steps_say_how_many_more_and_where() -> None:
    progress = Progress(curriculum_id="seven")
    report = build_report(SEVEN, [], derive(SEVEN, []), NOW, progress=progress, profile="me")
    assert report.next_more == 2
    more = "And 2 more: `tpmpath next -n 7` lists them all."
    assert render_markdown(report).endswith(
        f"5. **T4 (`t4`)**, step 1: S\n\n{more}\n\n## Notes\n\nNo notes.\n"
    )
    assert (
        '</ol><p class="muted small">And 2 more: <code>tpmpath next -n 7</code> lists them all.</p>'
        in render_html(report)
    )


def test_next_steps_say_nothing_more_when_all_fit() -> None:
    assert build().next_more == 0
    assert "more:" not in render_markdown(build()) + render_html(build())
