"""profiles.profile_names: the profiles that exist, for completion of --profile."""

from __future__ import annotations

from pathlib import Path

from tpmpath.store.profiles import profile_names


def test_no_data_dir_means_no_profiles(isolated: Path) -> None:
    assert not isolated.exists()
    assert profile_names() == []


def test_folders_under_profiles_sorted_by_name(isolated: Path) -> None:
    folder = isolated / "profiles"
    for name in ("mya", "default", "Bob"):
        (folder / name).mkdir(parents=True)
    (folder / "stray.json").write_text("{}", encoding="utf-8")  # a file is not a profile
    assert profile_names() == ["Bob", "default", "mya"]
