"""Which device this is: the id each event and progress file names, so that devices sharing a
synced data dir never write the same file (store.logs).

The id comes from `$TPMPATH_DEVICE`, or from `device.json` in the user's config folder (outside
the data dir, so that a sync engine never copies it to another device). It is made on the first
write (`<hostname>-<4 hex digits>`); reads write nothing, and until then every run proposes the
same id (the digits hash the machine id, the host name, the user and the config folder).
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path

from tpmpath.core.models import ID_PATTERN, Event
from tpmpath.errors import InvalidInputError, StorageError

MAX_LENGTH = 64
"""The longest device id (Event.device allows 64 characters)."""


def config_dir() -> Path:
    """Where tpmpath keeps this device's own settings: `$TPMPATH_CONFIG_DIR`, else the user's
    config folder (never the data dir, which may be synced)."""
    override = os.environ.get("TPMPATH_CONFIG_DIR")
    if override:
        return Path(override).expanduser().absolute()
    from platformdirs import user_config_dir

    return Path(user_config_dir("tpmpath", appauthor=False))


def device_file() -> Path:
    return config_dir() / "device.json"


def valid(device: str) -> bool:
    """Whether `device` can name a device: an id ('@' is not allowed, so log names never clash)."""
    return len(device) <= MAX_LENGTH and re.fullmatch(ID_PATTERN, device) is not None


def _checked(device: str, where: str) -> str:
    if not valid(device):
        raise InvalidInputError(
            f"{where} '{device}' is not a valid device id: use up to {MAX_LENGTH} letters, "
            "digits, '.', '_' and '-', starting with a letter or a digit.",
            hint="For example laptop-1a2b.",
        )
    return device


def stored() -> str | None:
    """The device id set by `$TPMPATH_DEVICE` or kept in the device file; None: not made yet."""
    variable = os.environ.get("TPMPATH_DEVICE")
    if variable:
        return _checked(variable, "TPMPATH_DEVICE")
    path = device_file()
    try:
        document = json.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as error:
        raise StorageError(
            f"Cannot read this device's id from {path}: {error}.",
            hint=f"Delete {path} (a new id is made) or set TPMPATH_DEVICE.",
        ) from None
    found = document.get("device") if isinstance(document, dict) else None
    return _checked(found if isinstance(found, str) else repr(found), str(path))


MACHINE_ID_FILES = ("/etc/machine-id", "/var/lib/dbus/machine-id")
"""Where the operating system keeps an id of this machine (Linux; elsewhere absent)."""


@cache
def _proposed() -> str:
    """The id this device would take: the same on every run until it is saved (`tpmpath where`
    names one file however often it is asked), random only when no machine id can be read."""
    import hashlib  # here, not at the top: only a first write (or `where`) needs them
    import secrets
    import socket

    name = socket.gethostname()
    host = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:40]
    machine = _machine_id()
    if machine is None:
        return f"{host or 'device'}-{secrets.token_hex(2)}"
    user = str(os.getuid()) if hasattr(os, "getuid") else os.environ.get("USERNAME", "")
    seed = "\0".join([machine, name, user, str(config_dir())])
    return f"{host or 'device'}-{hashlib.sha256(seed.encode()).hexdigest()[:4]}"


def _machine_id() -> str | None:
    """This machine's id, or None when none can be read."""
    for path in MACHINE_ID_FILES:
        try:
            found = Path(path).read_text(encoding="ascii").strip()
        except (OSError, ValueError):
            continue
        if found:
            return found
    return None


def current() -> str:
    """This device's id, whether or not it is saved yet (see `remember`)."""
    return stored() or _proposed()


def remember() -> str:
    """This device's id, saved to the device file if it was only proposed: called just before
    the first write that names it."""
    found = stored()
    if found is not None:
        return found
    from tpmpath.store.atomic import write_atomic

    device = _proposed()
    try:
        write_atomic(device_file(), json.dumps({"device": device}).encode() + b"\n")
    except StorageError as error:
        if _machine_id() is not None:
            return device  # derived from the machine: the same id every run, saved or not
        raise StorageError(
            f"Cannot save this device's id: {error}", hint="Set TPMPATH_DEVICE instead."
        ) from None
    return device


def stamp(events: list[Event]) -> list[Event]:
    """Name this device in the events it records (those that name none yet): the store's write
    path does it, not each command. The id is saved now, if it was only proposed."""
    device = remember()
    for event in events:
        if event.device is None:
            event.device = device
    return events
