"""A learner's progress as a command reads it: the stored head, the events, what they derive to."""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from tpmpath.core.models import Event, Progress, Settings
from tpmpath.core.progress import Derived


class State(NamedTuple):
    """One read of the progress file, whichever way the store read it.

    `head` is the stored progress without its events (the curriculum version last used, when it
    began, whose it is), with the profile's settings; `events` are every event in file order,
    validated as they are read; `derived` is their replay on the curriculum in use.
    """

    head: Progress
    events: Sequence[Event]
    derived: Derived
    exists: bool
    """Whether there is a progress file (False: nothing recorded yet)."""

    @property
    def settings(self) -> Settings:
        """The settings in force: the profile's (the store puts them in `head`)."""
        return self.head.settings
