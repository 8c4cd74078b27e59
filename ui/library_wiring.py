"""The clinic's protocols in the window (issue 13): where the clinic folder is, loading the
library again after the clinic saved a protocol (in place: every page holding the library sees
the new one), keeping the saved versions in the database, and saying which files are broken
in the banner (a status line is gone in seconds)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from artdesk.protocols import Library
from artdesk.store import StoreError

if TYPE_CHECKING:
    from ui.workspace import Workspace


class LibraryWiring:
    def __init__(self, workspace: Workspace, library: Library) -> None:
        self._workspace = workspace
        self._library = library
        self.loaded_from = self.folder()  # the folder the library was last loaded with
        self._said: list[str] = []  # the banner's lines about broken files, as last said
        self.report()

    def folder(self) -> Path | None:
        """The clinic protocol folder: the setting, else ``protocols`` beside the database
        (None for a server database with no folder set)."""
        from artdesk.protocols.clinic import clinic_folder

        w = self._workspace
        return clinic_folder(w.settings["protocol_folder"], w.database.path)

    def reload(self) -> None:
        """Load the library again; keep the clinic's versions; say broken files."""
        from artdesk.protocols import load_shipped_library
        from artdesk.protocols.clinic import SHIPPED, load_with_clinic

        w = self._workspace
        self.loaded_from = self.folder()
        self._library.take(load_with_clinic(self.loaded_from, load_shipped_library()))
        clinic = [p for p in self._library.sorted() if self._library.origins[p.id] != SHIPPED]
        try:
            w.flow.keep_protocols(clinic, w.clinician_id())
        except StoreError as exc:
            w.message.emit(f"The protocol is saved in its folder but not kept yet: {exc}", 20000)
        w.setup_page.reload()
        self.report()

    def report(self) -> None:
        """Say the broken files in the banner; a line for a file fixed since goes."""
        problems = self._library.problems
        lines = [f"A protocol file could not be loaded and is left out: {p}" for p in problems]
        banner = self._workspace.file_care.banner
        banner.remove([line for line in self._said if line not in lines[:6]])
        self._said = lines[:6]
        if lines:
            banner.add(lines[:6], problem=True)
