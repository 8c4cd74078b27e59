"""Saving a protocol in the clinic's folder (issue 13 item 3): only text that loads, written
atomically; a failed write (full disk, read-only folder) loses nothing and leaves no litter."""

from __future__ import annotations

import dataclasses
import errno
import os
import tempfile
from pathlib import Path

import pytest

from artdesk.protocols import Library, load_library, load_shipped_library
from artdesk.protocols.clinic import REPLACES, load_with_clinic
from artdesk.protocols.saving import ProtocolInvalid, ProtocolNotSaved, save_protocol
from artdesk.protocols.toml_out import to_toml


def _text(library: Library, version: int, name: str = "") -> str:
    shipped = library.get("calf-achilles")
    return to_toml(dataclasses.replace(shipped, version=version, name=name or shipped.name))


def test_a_saved_protocol_loads_from_the_clinic_folder(tmp_path: Path, library: Library) -> None:
    folder = tmp_path / "server" / "protocols"  # not there yet: made on the first save
    text = _text(library, 3, "Calf — our clinic's way 🏃 <b>&")
    path = save_protocol(folder, text)
    assert path == folder / "calf-achilles.toml"
    assert path.read_bytes() == text.encode("utf-8")
    assert sorted(p.name for p in folder.iterdir()) == ["calf-achilles.toml"]
    loaded = load_library(folder)
    assert loaded.problems == []
    assert loaded.get("calf-achilles").name == "Calf — our clinic's way 🏃 <b>&"
    both = load_with_clinic(folder, load_shipped_library())  # a fresh one: it is changed
    assert both.origins["calf-achilles"] == REPLACES and both.get("calf-achilles").version == 3


def test_a_chosen_file_name_is_kept(tmp_path: Path, library: Library) -> None:
    path = save_protocol(tmp_path, _text(library, 3), file_name="our-calf.toml")
    assert path == tmp_path / "our-calf.toml"
    for bad in ("../calf.toml", "sub/calf.toml", "calf.txt"):
        with pytest.raises(ValueError, match="not a protocol file name"):
            save_protocol(tmp_path, _text(library, 3), file_name=bad)


def test_text_that_does_not_load_is_refused_with_its_problems(
    tmp_path: Path, library: Library
) -> None:
    text = _text(library, 3).replace("passes = 4", "passes = 0", 1)
    with pytest.raises(ProtocolInvalid) as refused:
        save_protocol(tmp_path / "protocols", text)
    assert [(p.field, p.message) for p in refused.value.problems] == [
        ("structures[1].passes", "must be greater than zero, not 0")
    ]
    assert "nothing was saved" in str(refused.value)
    assert not (tmp_path / "protocols").exists()


def _old_file(folder: Path, library: Library) -> bytes:
    save_protocol(folder, _text(library, 3, "Version three"))
    return (folder / "calf-achilles.toml").read_bytes()


@pytest.mark.parametrize("where", ["replace", "write", "fsync"])
def test_a_full_disk_loses_nothing(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    old = _old_file(tmp_path, library)

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    if where == "replace":
        monkeypatch.setattr(os, "replace", full)
    elif where == "fsync":
        monkeypatch.setattr(os, "fsync", full)
    else:  # the bytes do not fit: the write itself fails half-way
        real_fdopen = os.fdopen

        class HalfWritten:
            def __init__(self, handle: int, mode: str) -> None:
                self._file = real_fdopen(handle, mode)

            def __enter__(self) -> HalfWritten:
                return self

            def __exit__(self, *_exc: object) -> None:
                self._file.close()

            def write(self, data: bytes) -> int:
                self._file.write(data[: len(data) // 2])
                full()
                return 0

        monkeypatch.setattr(os, "fdopen", HalfWritten)
    with pytest.raises(ProtocolNotSaved) as failed:
        save_protocol(tmp_path, _text(library, 4, "Version four"))
    assert "the disk is full" in str(failed.value) and "unchanged" in failed.value.reason
    assert failed.value.path == tmp_path / "calf-achilles.toml"
    assert (tmp_path / "calf-achilles.toml").read_bytes() == old  # exactly as it was
    assert sorted(p.name for p in tmp_path.iterdir()) == ["calf-achilles.toml"]  # no .part
    assert load_library(tmp_path).get("calf-achilles").name == "Version three"


def test_a_folder_that_cannot_be_written_says_so(
    tmp_path: Path, library: Library, monkeypatch: pytest.MonkeyPatch
) -> None:
    old = _old_file(tmp_path, library)

    def refused(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    with pytest.raises(ProtocolNotSaved, match="cannot be written \\(Permission denied\\)"):
        save_protocol(tmp_path, _text(library, 4))
    assert (tmp_path / "calf-achilles.toml").read_bytes() == old


def test_a_folder_that_is_a_file_says_so(tmp_path: Path, library: Library) -> None:
    blocker = tmp_path / "protocols"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ProtocolNotSaved, match="was not saved"):
        save_protocol(blocker, _text(library, 3))
    assert blocker.read_text(encoding="utf-8") == "not a folder"


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_a_read_only_folder_leaves_the_old_file(tmp_path: Path, library: Library) -> None:
    old = _old_file(tmp_path, library)
    tmp_path.chmod(0o500)
    try:
        with pytest.raises(ProtocolNotSaved, match="cannot be written"):
            save_protocol(tmp_path, _text(library, 4))
    finally:
        tmp_path.chmod(0o700)
    assert (tmp_path / "calf-achilles.toml").read_bytes() == old
