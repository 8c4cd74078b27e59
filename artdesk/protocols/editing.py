"""What saving an edited protocol does, decided from what the edit started from and the
library as loaded: the version it is written as, the file it goes to, whether the id typed
would overwrite another clinic protocol, and the sentence that says so to the clinician.

A copy of a shipped protocol that keeps its id replaces the shipped one in this clinic (the
shipped file stays in the program); a clinic protocol is saved over its own file; any other id
is a protocol of its own, ``<id>.toml``. A clinic file that does not load is saved over
itself, whatever id it is given. The version is one more than the highest known for the id, so
versions of an id only go up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from artdesk.protocols.clinic import BROKEN, CLINIC, REPLACES, SHIPPED, origin_words
from artdesk.protocols.draft import next_version
from artdesk.protocols.fixing import id_and_version, toml_table
from artdesk.protocols.loader import BrokenFile, Library


@dataclass(frozen=True, slots=True)
class Start:
    """The protocol an edit started from: its id and version ('' and 0 for a new one), where
    it came from, its name, and the clinic file it is saved over (None: ``<id>.toml``)."""

    id: str
    version: int
    origin: str | None
    name: str
    file: str | None = None

    @property
    def words(self) -> str:
        if self.origin == BROKEN:
            return f"The clinic's file {self.file}, which does not load: fix what is listed."
        if not self.id:
            return "A new protocol."
        origin = origin_words(self.origin or SHIPPED)
        return f"A copy of the {origin} protocol “{self.name}” ({self.id}, version {self.version})."


@dataclass
class Edit:
    """One edit in the editor, against ``library`` and the clinic ``folder`` (None: none set)."""

    start: Start
    library: Library
    folder: Path | None
    saved: dict[str, int] = field(default_factory=dict)  # id → version saved from this edit

    @classmethod
    def of(cls, protocol_id: str, library: Library, folder: Path | None) -> Edit:
        """An edit of the library's protocol ``protocol_id``."""
        protocol = library.get(protocol_id)
        origin = library.origins.get(protocol_id, SHIPPED)
        source = Path(library.sources.get(protocol_id, ""))
        file = None
        if origin != SHIPPED and folder is not None and _same(source.parent, folder):
            file = source.name  # the clinic's own file keeps its name
        return cls(
            Start(protocol.id, protocol.version, origin, protocol.name, file), library, folder
        )

    @classmethod
    def of_broken(cls, broken: BrokenFile, library: Library, folder: Path | None) -> Edit:
        """An edit of a clinic file that does not load: its id and version as far as they
        read, saved over the same file."""
        protocol_id, version = id_and_version(broken.text or "")
        name = (toml_table(broken.text or "") or {}).get("name")
        name = name.strip() if isinstance(name, str) and name.strip() else broken.name
        return cls(Start(protocol_id, version, BROKEN, name, broken.name), library, folder)

    def version(self, typed: str) -> int:
        loaded = self.library.protocols.get(typed)
        return next_version(
            self.start.version if typed == self.start.id else None,
            loaded.version if loaded is not None else None,
            self.saved.get(typed),
        )

    def file_name(self, typed: str) -> str | None:
        """The clinic file to write (None: ``<id>.toml``)."""
        if self.start.origin == BROKEN:
            return self.start.file  # fixed in place, whatever id it now has
        return self.start.file if typed == self.start.id else None

    def target(self, typed: str) -> str:
        name = self.file_name(typed) or f"{typed}.toml"
        return str(self.folder / name) if self.folder is not None else name

    def clash(self, typed: str) -> str | None:
        """The problem with an id that is another clinic protocol's (saving would overwrite it)."""
        if not typed or (typed == self.start.id and self.start.origin != BROKEN):
            return None
        if self.library.origins.get(typed) in (CLINIC, REPLACES):
            other = self.library.get(typed)
            file = Path(self.library.sources.get(typed, "")).name
            return (
                f"{typed!r} is already the clinic's protocol “{other.name}” ({file}): type "
                "another id, or copy that protocol from the list to change it"
            )
        return None

    def note(self, typed: str) -> str:
        """What saving with the id ``typed`` does, in a sentence."""
        if not typed:
            return ""
        version, where = self.version(typed), self.target(typed)
        if self.start.origin == BROKEN:
            said = f"Saving writes it in place as version {version} ({where}), and it loads."
            if self.library.origins.get(typed) == SHIPPED:
                shipped = self.library.get(typed).name
                said += f" It replaces the shipped “{shipped}” in this clinic."
            return said
        if typed == self.start.id and self.start.origin == SHIPPED:
            return (
                f"Keeping its id, saving replaces the shipped protocol in this clinic (version "
                f"{version}, {where}); a new id makes it a protocol of its own."
            )
        if typed == self.start.id and self.start.origin in (CLINIC, REPLACES):
            return f"Saving writes version {version} over the clinic's file {where}."
        if self.library.origins.get(typed) == SHIPPED:
            name = self.library.get(typed).name
            return (
                f"{typed!r} is the shipped “{name}”: saving replaces it in this clinic ({where})."
            )
        return f"A protocol of its own: saved as version {version} in {where}."

    def comment(self) -> str:
        """The lines a saved file starts with: who wrote it, and what it was edited from."""
        lines = ["Saved by ART Desk's protocol editor (python main.py protocols --check FOLDER)."]
        if self.start.origin == BROKEN:
            lines.append(f"Fixed in the editor: {self.start.file} did not load before.")
        elif self.start.id:
            origin = origin_words(self.start.origin or SHIPPED)
            lines.append(
                f"Edited from the {origin} protocol {self.start.id}, version {self.start.version}."
            )
        return "\n".join(lines)

    def saved_as(self, protocol_id: str, version: int, name: str, path: Path) -> None:
        """After a save: the edit goes on from the version written, over its file."""
        before = self.library.origins.get(protocol_id)  # as loaded before this save
        origin = CLINIC if before in (None, CLINIC) else REPLACES
        self.saved[protocol_id] = version
        self.start = Start(protocol_id, version, origin, name, path.name)


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False
