"""core.changes.merge_logs and the undo rule of several devices, on any logs (hypothesis)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tpmpath.core.changes import merge_logs, undo_event
from tpmpath.core.models import Event
from tpmpath.errors import TpmpathError

T0 = datetime(2026, 11, 1, tzinfo=UTC)

# A log: events with minutes that may go backwards (a clock set back), some ids shared.
logs_strategy = st.lists(
    st.lists(st.tuples(st.integers(0, 30), st.integers(0, 60)), max_size=12), max_size=4
)


def build(raw: list[list[tuple[int, int]]]) -> list[list[Event]]:
    logs = []
    for n, log in enumerate(raw):
        seen: set[str] = set()
        events = []
        for shared, minute in log:
            # Ids below 5 are shared between logs (an import, a copy); the rest are the log's own.
            key = f"s{shared}" if shared < 5 else f"d{n}-{shared}"
            if key in seen:
                continue
            seen.add(key)
            at = T0 + timedelta(minutes=minute)
            events.append(Event(id=key, at=at, batch=key, action="log", topic="t"))
        logs.append(events)
    return logs


@given(logs_strategy)
def test_every_event_once_and_each_logs_own_order_kept(raw: list[list[tuple[int, int]]]) -> None:
    logs = build(raw)
    merged = [e.id for e in merge_logs(logs)]
    assert len(merged) == len(set(merged))
    assert set(merged) == {e.id for log in logs for e in log}
    for log in logs:
        own = [e.id for e in log if not e.id.startswith("s")]
        positions = [merged.index(i) for i in own]
        assert positions == sorted(positions)


@given(logs_strategy)
def test_the_same_logs_merge_the_same_way(raw: list[list[tuple[int, int]]]) -> None:
    logs = build(raw)
    assert [e.id for e in merge_logs(logs)] == [e.id for e in merge_logs([list(x) for x in logs])]


def event(n: str, device: str | None) -> Event:
    return Event(id=n, at=T0, batch=n, action="done", topic=n, device=device)


def test_undo_skips_what_another_device_recorded() -> None:
    events = [event("a", "laptop"), event("b", "phone")]
    undo, batch = undo_event(events, set(), T0, lambda e: e.device == "laptop")
    assert (undo.undoes, [e.id for e in batch]) == ("a", ["a"])
    with pytest.raises(TpmpathError, match="the last change \\('done b'\\) was recorded on phone"):
        undo_event(events, {"a"}, T0, lambda e: e.device == "laptop")
