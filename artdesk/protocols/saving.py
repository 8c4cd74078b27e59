"""Save a protocol file in the clinic's folder: only text that loads, written atomically.

A protocol the clinic treats from is never left half-written: the text goes to a temporary
file in the same folder, is flushed to the disk, and replaces the old file in one step
(``os.replace``). When the disk is full, read-only or not ours to write, the old file stays
exactly as it was, no temporary file is left behind, and the error says so in one line.
"""

from __future__ import annotations

import errno
from pathlib import Path

from artdesk.atomic import write_atomically
from artdesk.protocols.loader import parse_protocol
from artdesk.schema import Problem


class ProtocolInvalid(ValueError):
    """The text does not load as a protocol; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = f": {problems[0].field}: {problems[0].message}" if problems else ""
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        super().__init__(f"the protocol has problems{first}{more} — nothing was saved")


class ProtocolNotSaved(OSError):
    """The file could not be written; the old one (if any) is unchanged. ``path`` is the file
    that was to be written."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path} was not saved: {reason}")
        self.path = path
        self.reason = reason


def _reason(exc: OSError, folder: Path) -> str:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return "the disk is full — free some space and save again; the old file is unchanged"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return (
            f"the folder {folder} cannot be written ({exc.strerror or 'not allowed'}) — "
            "ask clinic IT, or choose another clinic protocol folder in Settings; "
            "the old file is unchanged"
        )
    return (
        f"the disk could not be written ({exc.strerror or exc}) — check the drive and save "
        "again; the old file is unchanged"
    )


def save_protocol(folder: Path | str, text: str, file_name: str | None = None) -> Path:
    """Write ``text`` as ``folder/<id>.toml`` (or ``folder/file_name``) and return that path.

    Raises :class:`ProtocolInvalid` when the text does not load, :class:`ProtocolNotSaved`
    when the folder or the file cannot be written."""
    protocol, problems = parse_protocol(text, file_name or "(the protocol)")
    if protocol is None:
        raise ProtocolInvalid(problems)
    folder = Path(folder)
    name = file_name or f"{protocol.id}.toml"
    if Path(name).name != name or not name.endswith(".toml"):
        raise ValueError(f"{name!r} is not a protocol file name")
    target = folder / name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ProtocolNotSaved(target, _reason(exc, folder)) from exc
    try:
        return write_atomically(target, text.encode("utf-8"))  # a file the other rooms read
    except OSError as exc:
        raise ProtocolNotSaved(target, _reason(exc, folder)) from exc
