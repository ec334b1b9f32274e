"""Skills without the CLI: ratings folded into Derived, evidence, SKILL=N, the assess batch."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
import yaml

from tests.conftest import SKILLED, TINY
from tpmpath.core.models import Curriculum, Event
from tpmpath.core.progress import Rating, derive, extend
from tpmpath.core.skills import (
    ClosedGap,
    Evidence,
    assess_events,
    evidence,
    parse_ratings,
    resolve_skill,
    since_last_rating,
    skill_views,
)
from tpmpath.errors import InvalidInputError

CURRICULUM = Curriculum.model_validate(yaml.safe_load(SKILLED))
NOW = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


def day(n: int) -> datetime:
    return datetime(2026, 3, n, 9, 0, tzinfo=UTC)


def event(n: int, action: str, **fields: object) -> Event:
    return Event.model_validate(
        {"id": f"e{n}", "batch": fields.pop("batch", f"b{n}"), "at": day(n), "action": action}
        | fields
    )


HISTORY = [
    event(1, "assess", skill="apis", level=2, batch="r1"),
    event(1, "assess", skill="talking", level=1, batch="r1", id="e1b"),
    event(2, "done", topic="a", text="Read the RFC"),
    event(3, "log", topic="talk", text="Standup", prompt="What did you learn?", answer="Queues"),
    event(4, "note", topic="b", link="https://example.com/doc"),
    event(5, "note", topic="c", text="not a builder of any skill"),
    event(6, "assess", skill="apis", level=3),
]


def test_ratings_are_folded_in_the_order_recorded() -> None:
    derived = derive(CURRICULUM, HISTORY)
    assert derived.ratings == {
        "apis": [Rating(day(1), 2), Rating(day(6), 3)],
        "talking": [Rating(day(1), 1)],
    }


def test_extend_adds_ratings_as_a_replay_would() -> None:
    derived = derive(CURRICULUM, HISTORY[:3])
    extend(CURRICULUM, derived, HISTORY[3:])
    assert derived == derive(CURRICULUM, HISTORY)


def test_an_undone_assessment_leaves_no_rating() -> None:
    undo = Event(id="u", batch="u", at=day(7), action="undo", undoes="r1")
    derived = derive(CURRICULUM, [*HISTORY, undo])
    assert derived.ratings == {"apis": [Rating(day(6), 3)]}
    assert derived.reverted == [0, 1]


def test_evidence_is_what_the_building_topics_recorded_oldest_first() -> None:
    derived = derive(CURRICULUM, HISTORY)
    assert evidence(CURRICULUM, derived, HISTORY, "apis") == (
        [
            Evidence(day(2), "done", "a"),
            Evidence(day(2), "note", "a", "Read the RFC"),
            Evidence(day(4), "note", "b", None, "https://example.com/doc"),
        ],
        3,
    )
    assert evidence(CURRICULUM, derived, HISTORY, "talking") == (
        [Evidence(day(3), "log", "talk", "Standup\nQueues", None, "What did you learn?")],
        1,
    )


class Counted(list[Event]):
    """Events that count how many are read (the store's are validated as they are read)."""

    reads = 0

    def __getitem__(self, index):  # type: ignore[no-untyped-def, override]
        Counted.reads += 1
        return super().__getitem__(index)


@pytest.mark.parametrize(
    ("limit", "since", "expected", "reads"),
    [
        (None, None, [day(2), day(2), day(4)], 2),
        (2, None, [day(2), day(4)], 2),  # the two most recently recorded notes, the done
        (1, None, [day(4)], 1),
        (0, None, [], 0),  # only the count: no event is read
        (1, date(2026, 3, 3), [day(4)], 2),  # a period reads them all, to count exactly
    ],
)
def test_a_limit_reads_only_the_newest(
    limit: int | None, since: date | None, expected: list[datetime], reads: int
) -> None:
    derived = derive(CURRICULUM, HISTORY)
    events = Counted(HISTORY)
    Counted.reads = 0
    found, count = evidence(CURRICULUM, derived, events, "apis", since=since, zone=UTC, limit=limit)
    assert [piece.at for piece in found] == expected
    assert count == (1 if since else 3)
    assert Counted.reads == reads


def test_closed_gaps_are_evidence_for_their_topics_skills() -> None:
    derived = derive(CURRICULUM, HISTORY)
    gaps = [
        ClosedGap(
            "talk",
            day(8),
            "Idempotency: the same request twice does it once.",
            question="What is idempotency?",
        ),
        ClosedGap(None, day(8), "no topic: no skill"),
        ClosedGap("c", day(8), "c builds no skill"),
    ]
    found, count = evidence(CURRICULUM, derived, HISTORY, "talking", gaps)
    assert found[-1] == Evidence(
        day(8),
        "gap",
        "talk",
        "Idempotency: the same request twice does it once.",
        question="What is idempotency?",
    )
    assert count == len(found) == 2


def test_skill_views_in_curriculum_order_with_first_and_latest() -> None:
    views = skill_views(CURRICULUM, derive(CURRICULUM, HISTORY), HISTORY)
    assert [(v.skill.id, v.first, v.latest) for v in views] == [
        ("apis", Rating(day(1), 2), Rating(day(6), 3)),
        ("talking", Rating(day(1), 1), Rating(day(1), 1)),
    ]
    assert since_last_rating(views[0]) == []  # all of it came before the rating of day 6
    assert [e.kind for e in since_last_rating(views[1])] == ["log"]


def test_since_limits_ratings_and_evidence_and_keeps_the_rating_before() -> None:
    views = skill_views(
        CURRICULUM, derive(CURRICULUM, HISTORY), HISTORY, since=date(2026, 3, 3), zone=UTC
    )
    apis, talking = views
    assert (apis.ratings, apis.rated_before) == ([Rating(day(6), 3)], Rating(day(1), 2))
    assert [e.at for e in apis.evidence] == [day(4)]
    assert (talking.ratings, talking.rated_before) == ([], Rating(day(1), 1))


def test_since_counts_local_days() -> None:
    # 2026-03-02 23:30 UTC is already 2026-03-03 in UTC+1.
    late = Event(
        id="x", batch="x", at=datetime(2026, 3, 2, 23, 30, tzinfo=UTC), action="assess",
        skill="apis", level=4,
    )  # fmt: skip
    derived = derive(CURRICULUM, [late])
    since = date(2026, 3, 3)
    plus_one = timezone(timedelta(hours=1))
    in_plus_one = skill_views(CURRICULUM, derived, [late], since=since, zone=plus_one)
    assert in_plus_one[0].ratings == [Rating(late.at, 4)]
    assert skill_views(CURRICULUM, derived, [late], since=since, zone=UTC)[0].ratings == []


def test_ratings_are_shown_in_date_order_even_when_backdated_later() -> None:
    backdated = event(1, "assess", skill="apis", level=1, id="late", recorded_at=day(9))
    events = [event(5, "assess", skill="apis", level=3), backdated]
    view = skill_views(CURRICULUM, derive(CURRICULUM, events), events)[0]
    assert [r.level for r in view.ratings] == [1, 3]


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        (["apis=3"], {"apis": 3}),
        (["ap=1", "talking=5"], {"apis": 1, "talking": 5}),
        ([" apis = 2 "], {"apis": 2}),
        ([], {}),
    ],
)
def test_parse_ratings(pairs: list[str], expected: dict[str, int]) -> None:
    assert parse_ratings(CURRICULUM, pairs) == expected


SEE = "\nRun `tpmpath assess` to see the skills."


@pytest.mark.parametrize(
    ("pairs", "message"),
    [
        (["apis"], "'apis' is not a rating: write SKILL=N, e.g. apis=3." + SEE),
        (["=3"], "'=3' is not a rating: write SKILL=N, e.g. apis=3." + SEE),
        (["apis=0"], "'apis=0': a rating is a whole number from 1 to 5, not '0'."),
        (["apis=6"], "'apis=6': a rating is a whole number from 1 to 5, not '6'."),
        (["apis=2.5"], "'apis=2.5': a rating is a whole number from 1 to 5, not '2.5'."),
        (["apis=²"], "'apis=²': a rating is a whole number from 1 to 5, not '²'."),
        (["apis=3", "ap=4"], "'apis' is rated twice: give each skill once."),
        (["apiz=3"], "No skill 'apiz' in curriculum 'tiny'.\nDid you mean: apis?"),
        (["zzz=3"], "No skill 'zzz' in curriculum 'tiny'.\nThe skills: apis, talking."),
    ],
)
def test_parse_ratings_refuses(pairs: list[str], message: str) -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_ratings(CURRICULUM, pairs)
    assert str(raised.value) == message


def test_a_curriculum_without_skills_has_none_to_rate() -> None:
    plain = Curriculum.model_validate(yaml.safe_load(TINY))
    with pytest.raises(InvalidInputError, match="declares no skills to rate"):
        resolve_skill(plain, "apis")


def test_assess_events_are_one_batch() -> None:
    happened = day(8)
    events = assess_events({"apis": 4, "talking": 2}, NOW, happened)
    assert [(e.action, e.skill, e.level, e.at, e.recorded_at) for e in events] == [
        ("assess", "apis", 4, happened, NOW),
        ("assess", "talking", 2, happened, NOW),
    ]
    assert len({e.batch for e in events}) == 1
    assert len({e.id for e in events}) == 2


def test_an_ambiguous_prefix_names_the_candidates() -> None:
    two = Curriculum.model_validate(
        yaml.safe_load(SKILLED.replace("id: talking", "id: apix").replace("[talking]", "[apix]"))
    )
    with pytest.raises(InvalidInputError) as raised:
        resolve_skill(two, "api")
    assert (
        str(raised.value) == "'api' matches 2 skills: apis, apix.\nType more of the id to pick one."
    )
    assert resolve_skill(two, "apix") == "apix"


def test_a_runaway_argument_is_cut_short_in_the_error() -> None:
    with pytest.raises(InvalidInputError) as raised:
        parse_ratings(CURRICULUM, ["a" * 1000 + "=3"])
    assert str(raised.value).startswith(f"No skill '{'a' * 57}...' in curriculum 'tiny'.")
