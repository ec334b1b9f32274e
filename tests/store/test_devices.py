"""store.devices: this device's id, from the environment or a file outside the data dir."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tpmpath.errors import InvalidInputError, StorageError
from tpmpath.store import devices


def test_the_environment_names_the_device(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TPMPATH_DEVICE", "laptop-1")
    assert (devices.stored(), devices.current(), devices.remember()) == ("laptop-1",) * 3
    assert not devices.device_file().exists()


@pytest.mark.parametrize("bad", ["a@b", "-x", "has space", "x" * 65, "é"])
def test_an_invalid_id_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, bad: str) -> None:
    monkeypatch.setenv("TPMPATH_DEVICE", bad)
    with pytest.raises(InvalidInputError, match="not a valid device id"):
        devices.current()


def test_made_on_the_first_write_only(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TPMPATH_DEVICE")
    monkeypatch.setattr("socket.gethostname", lambda: "Ann's MacBook.local")
    devices._proposed.cache_clear()
    proposed = devices.current()
    assert proposed.startswith("ann-s-macbook-local-") and len(proposed) == 24
    assert devices.valid(proposed)
    assert devices.stored() is None and not devices.device_file().exists()  # a read wrote nothing
    assert devices.remember() == proposed
    assert devices.device_file() == tmp_path / "config" / "device.json"
    assert json.loads(devices.device_file().read_text()) == {"device": proposed}
    devices._proposed.cache_clear()
    assert devices.current() == proposed  # the file is what names it from now on


def test_a_damaged_device_file_says_how_to_fix_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TPMPATH_DEVICE")
    devices.device_file().parent.mkdir(parents=True)
    devices.device_file().write_text("{oops")
    with pytest.raises(StorageError, match="Delete .*device.json"):
        devices.current()
    devices.device_file().write_text('{"device": "a@b"}')
    with pytest.raises(InvalidInputError, match="not a valid device id"):
        devices.current()


def test_a_free_first_log_taken_meanwhile_is_left_to_its_device(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.store.test_progress_store import make, mark

    monkeypatch.setenv("TPMPATH_DEVICE", "phone")
    phone = make(tmp_path)
    assert phone.path.name == "tiny.json"  # free when the phone looked
    monkeypatch.setenv("TPMPATH_DEVICE", "laptop")
    make(tmp_path).change(mark("done", "a"))  # the laptop saves first
    taken = (tmp_path / "p" / "tiny.json").read_bytes()
    monkeypatch.setenv("TPMPATH_DEVICE", "phone")
    phone.change(mark("done", "b"))
    assert (tmp_path / "p" / "tiny.json").read_bytes() == taken
    assert phone.path.name == "tiny@phone.json"
    states = phone.read().derived.states
    assert (states["a"].status, states["b"].status) == ("done", "done")


def test_a_merge_of_large_logs_is_checkpointed_on_every_logs_bytes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.store.test_progress_store import CURRICULUM, mark
    from tpmpath.store import merged, progress_store
    from tpmpath.store.progress_store import ProgressStore

    monkeypatch.setattr(progress_store, "CHECKPOINT_MIN_BYTES", 0)
    replays = []
    real = merged.derive
    monkeypatch.setattr(merged, "derive", lambda c, e: replays.append(len(e)) or real(c, e))

    def store(device: str) -> ProgressStore:
        monkeypatch.setenv("TPMPATH_DEVICE", device)
        return ProgressStore(tmp_path / "p" / "tiny.json", CURRICULUM, tmp_path / "cache")

    store("laptop").change(mark("done", "a"))
    store("phone").change(mark("done", "b"))
    first = store("laptop").read()
    assert replays == [1, 2]  # the phone's change (on the laptop's log), then both
    again = store("laptop").read()
    assert replays == [1, 2]  # from the checkpoint: no replay
    assert again.derived.states == first.derived.states
    assert [e.topic for e in again.events] == ["a", "b"]  # events validated when asked for
    laptop = store("laptop")
    laptop.change(mark("skip", "c"))  # a change reads the own log's events in full
    assert laptop.read().derived.states["c"].status == "skipped"
    assert replays[-1] == 3  # the laptop's log changed: replayed
    phone_log = tmp_path / "p" / "tiny@phone.json"
    phone_log.write_bytes(phone_log.read_bytes().replace(b'"done"', b'"skip"'))
    assert store("laptop").read().derived.states["b"].status == "skipped"


def test_the_proposed_id_is_the_same_on_every_run_of_one_machine(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TPMPATH_DEVICE")
    machine = tmp_path / "machine-id"
    machine.write_text("3d1219c7c4c5404aaa1f6d2a48adfda4\n")
    monkeypatch.setattr(devices, "MACHINE_ID_FILES", (str(tmp_path / "none"), str(machine)))
    monkeypatch.setattr("socket.gethostname", lambda: "ann-laptop")
    monkeypatch.setattr("os.getuid", lambda: 1000)
    monkeypatch.setattr("secrets.token_hex", lambda n: pytest.fail("random"))
    monkeypatch.setenv("TPMPATH_CONFIG_DIR", "/nonexistent/tpmpath-a")  # fixed: a fixed hash
    devices._proposed.cache_clear()
    first = devices.current()
    devices._proposed.cache_clear()  # as the next process would
    assert devices.current() == first and first.startswith("ann-laptop-") and len(first) == 15
    assert not devices.device_file().exists()  # proposing writes nothing
    # Another user, config folder or machine proposes another id (the 4 digits are a hash).
    monkeypatch.setenv("TPMPATH_CONFIG_DIR", "/nonexistent/tpmpath-b")
    devices._proposed.cache_clear()
    other_folder = devices.current()
    machine.write_text("0000\n")
    devices._proposed.cache_clear()
    assert len({first, other_folder, devices.current()}) == 3
    devices._proposed.cache_clear()


def test_without_a_machine_id_the_proposed_id_is_random(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TPMPATH_DEVICE")
    monkeypatch.setattr(devices, "MACHINE_ID_FILES", (str(tmp_path / "none"),))
    monkeypatch.setattr("socket.gethostname", lambda: "box")
    monkeypatch.setattr("secrets.token_hex", lambda n: "beef")
    devices._proposed.cache_clear()
    assert devices.current() == "box-beef"
    devices._proposed.cache_clear()


def test_an_unwritable_config_folder_keeps_the_machine_derived_id_unsaved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TPMPATH_DEVICE")

    def read_only(*args: object, **kwargs: object) -> None:
        raise StorageError("Cannot create the config folder: Read-only file system.")

    monkeypatch.setattr("tpmpath.store.atomic.write_atomic", read_only)
    machine = tmp_path / "machine-id"
    machine.write_text("3d1219c7c4c5404aaa1f6d2a48adfda4\n")
    monkeypatch.setattr(devices, "MACHINE_ID_FILES", (str(machine),))
    monkeypatch.setattr("socket.gethostname", lambda: "box")
    devices._proposed.cache_clear()
    first = devices.remember()  # a write goes on: the id is the same on every run anyway
    devices._proposed.cache_clear()
    assert devices.remember() == first and first.startswith("box-")
    assert not devices.device_file().exists()

    # Without a machine id the proposal is random: unsaved, it would change every run.
    monkeypatch.setattr(devices, "MACHINE_ID_FILES", (str(tmp_path / "none"),))
    devices._proposed.cache_clear()
    with pytest.raises(StorageError) as caught:
        devices.remember()
    assert caught.value.message.startswith("Cannot save this device's id: ")
    assert caught.value.hint == "Set TPMPATH_DEVICE instead."
    devices._proposed.cache_clear()
