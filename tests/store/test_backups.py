"""store.backups: `.bak` is the version before the last save; a larger one is kept as `.bak.N`."""

from __future__ import annotations

from pathlib import Path

from tpmpath.store.atomic import write_atomic
from tpmpath.store.backups import backup_path, kept_backups


def save(path: Path, data: bytes) -> None:
    write_atomic(path, data, backup=True)


def test_each_save_keeps_the_version_before_it(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    save(path, b"one")
    assert not backup_path(path).exists()  # nothing came before
    save(path, b"one two")
    save(path, b"one two three")
    assert backup_path(path).read_bytes() == b"one two"
    assert kept_backups(path) == []


def test_a_larger_backup_is_kept_instead_of_replaced(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    save(path, b"months of progress")
    save(path, b"months of progress, and more")
    path.unlink()  # lost: the next saves start afresh beside the backup
    save(path, b"x")
    save(path, b"xy")  # `x` becomes .bak; the larger .bak is kept as .bak.1
    save(path, b"xyz")
    assert backup_path(path).read_bytes() == b"xy"
    assert [p.name for p in kept_backups(path)] == ["p.json.bak.1"]
    assert kept_backups(path)[0].read_bytes() == b"months of progress"

    save(path, b"")  # `xyz` replaces the smaller .bak `xy`: nothing kept
    save(path, b"a")  # `` replaces the larger .bak `xyz`: kept as .bak.2
    assert [p.read_bytes() for p in kept_backups(path)] == [b"months of progress", b"xyz"]
    assert backup_path(path).read_bytes() == b""


def test_kept_backups_ignores_other_names(tmp_path: Path) -> None:
    path = tmp_path / "p.json"
    for name in ["p.json.bak.2", "p.json.bak.10", "p.json.bak.1", "p.json.bak.01", "p.json.bak.x"]:
        (tmp_path / name).write_bytes(b"")
    (tmp_path / "p.json.v1.bak").write_bytes(b"")
    assert [p.name for p in kept_backups(path)] == ["p.json.bak.1", "p.json.bak.2", "p.json.bak.10"]
