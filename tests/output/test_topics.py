"""output.topics: the results of the everyday commands, as data, text and stderr notes."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import yaml

from tests.conftest import TINY
from tpmpath.core.changes import Before, Undone, single_event
from tpmpath.core.models import Curriculum, Event, Progress
from tpmpath.core.progress import derive
from tpmpath.core.state import State
from tpmpath.core.suggestions import suggest
from tpmpath.output.emit import emit
from tpmpath.output.history import Changed, History, UndoneResult
from tpmpath.output.topics import NextSteps, TopicList

CURRICULUM = Curriculum.model_validate(yaml.safe_load(TINY))
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def state_of(*events: Event) -> State:
    head = Progress(curriculum_id="tiny")
    return State(head, list(events), derive(CURRICULUM, list(events)), exists=bool(events))


def written(result: object, *, as_json: bool = False) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    emit(result, as_json=as_json, out=out, err=err)  # type: ignore[arg-type]
    return out.getvalue(), err.getvalue()


def test_changed_says_what_changed_and_what_was_left() -> None:
    done = single_event("done", "a", T0)
    result = Changed("done", [done], [("b", "already done")])
    assert written(result) == ("", "Done: a.\nb: already done, left as it is.\n")
    assert result.data() == {
        "changed": ["a"],
        "unchanged": [{"id": "b", "why": "already done"}],
        "before": [],
    }


def test_changed_says_which_started_topics_were_finished_before() -> None:
    started = [single_event("start", topic, T0) for topic in ("a", "b")]
    before = [Before("a", "done", T0), Before("b", "todo")]
    result = Changed("start", started, [], before)
    assert written(result) == ("", "Started: a, b.\nReopened a (done on 2026-03-02).\n")
    assert result.data() == {
        "changed": ["a", "b"],
        "unchanged": [],
        "before": [
            {"id": "a", "status": "done", "since": T0},
            {"id": "b", "status": "todo", "since": None},
        ],
    }


def test_undone_names_the_command_or_the_import() -> None:
    done = single_event("done", "a", T0)
    assert written(UndoneResult(Undone([done]))) == ("", "Undid 'done a' from 2026-03-02 09:00.\n")
    marker = Event(id="i", at=T0, batch="ib", action="import", text="x.json", batches=["q"])
    assert written(UndoneResult(Undone([marker], brought=1)))[1] == (
        "Undid the import of 1 event from x.json (2026-03-02 09:00).\n"
    )


def test_history_is_empty_with_a_note_in_text_and_nothing_in_json() -> None:
    assert written(History([], set())) == ("", "No changes recorded yet.\n")
    assert written(History([], set()), as_json=True) == ("[]\n", "")


def test_history_lines_mark_what_was_undone_and_drop_control_characters() -> None:
    note = single_event("note", "a", T0, text="read \x1b[31mRFC")
    assert written(History([note], {note.batch}))[0] == (
        "2026-03-02 09:00  note a  read [31mRFC  (undone)\n"
    )


def test_next_with_nothing_left_says_so_on_stderr_only_in_text() -> None:
    events = [single_event("done", t, T0) for t in ("a", "b", "c", "d")]
    events += [single_event("log", "talk", T0) for _ in range(3)]
    state = state_of(*events)
    found = suggest(CURRICULUM, state.derived.states, count=5, show_all=False)
    result = NextSteps(CURRICULUM, state, found, explain=False, reviews_due=2)
    out, err = written(result)
    assert out == ""
    assert err.startswith("Nothing left to do: every topic is done or skipped. Well done!\n")
    assert "2" in err.splitlines()[1]  # the reviews reminder
    assert written(result, as_json=True) == ("[]\n", "")


def test_list_with_no_topics_notes_it_in_text_only() -> None:
    result = TopicList(CURRICULUM, state_of(), [])
    assert written(result) == ("", "No topics match.\n")
    assert written(result, as_json=True) == ("[]\n", "")
