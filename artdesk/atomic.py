"""One way to write a file so that a crash, a killed process or a full disk never leaves half
of it where the old one was: a temporary file in the same folder, flushed and fsynced, then
``os.replace``. The papers, the settings and the clinic's protocols all write through it."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path


def write_atomically(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path``; on any error the old file is as it was and no temporary file
    is left. The folder must exist (FileNotFoundError names it). The file gets the permissions
    any saved file would (other rooms and programs read it)."""
    target = Path(path)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise FileNotFoundError(2, f"the folder {folder} does not exist", str(folder))
    handle, temporary = tempfile.mkstemp(dir=folder, prefix=f".{target.name}.", suffix=".part")
    try:
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):  # the error that stopped the write is the one said
            Path(temporary).unlink(missing_ok=True)
        raise
    return target
