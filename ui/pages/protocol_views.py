"""The protocol being edited, as the editor shows it: in the form (its own fields on the
Protocol tab, its structures on the Structures tab) or as its file's text — one at a time.

It lays the protocol out and says the problems where they belong; what is checked, saved or
asked is the dialog's (``protocol_editor``). Signals: ``changed()`` (typed into the form or
the text), ``reshaped()`` (a structure added, removed or moved: the Tab order follows).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QScrollArea, QStackedWidget, QTabWidget, QWidget

from artdesk.protocols.draft import Place, place_of, problem_words
from artdesk.protocols.fixing import column_of
from ui.pages.follow_focus import follow_focus
from ui.pages.protocol_form import ProtocolForm
from ui.pages.protocol_text import ProtocolTextPane
from ui.pages.structures_editor import StructuresEditor


class ProtocolViews(QStackedWidget):
    changed = Signal()
    reshaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = ProtocolForm()
        self.form_scroll = QScrollArea()
        self.form_scroll.setWidgetResizable(True)
        self.form_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_scroll.setWidget(self.form)
        follow_focus(self.form_scroll)
        self.structures = StructuresEditor()
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form_scroll, "&Protocol")
        self.tabs.addTab(self.structures, "S&tructures")
        self.text_pane = ProtocolTextPane()
        self.text_table: dict[str, Any] | None = None  # the text as TOML, as last checked
        self.addWidget(self.tabs)
        self.addWidget(self.text_pane)
        # forwarded in C++: no Python emit() a key (see protocol_rows)
        self.form.changed.connect(self.changed)
        self.structures.changed.connect(self.changed)
        self.text_pane.changed.connect(self.changed)
        self.structures.reshaped.connect(self.reshaped)

    @property
    def text_mode(self) -> bool:
        return self.currentWidget() is self.text_pane

    def show_table(self, table: dict[str, Any]) -> None:
        """The form, showing ``table`` — also as a hand-written file may have it: one
        ``[structures]`` table on its own is one structure; what is not a table is left out
        (the dialog says what the form shows otherwise than the file)."""
        self.setCurrentWidget(self.tabs)
        self.form.set_table(table)
        structures = table.get("structures")
        structures = [structures] if isinstance(structures, dict) else structures
        listed = structures if isinstance(structures, list) else []
        self.structures.set_structures([s for s in listed if isinstance(s, dict)])
        self.tabs.setCurrentIndex(0)

    def show_text(self, text: str) -> None:
        self.setCurrentWidget(self.text_pane)
        self.text_pane.set_text(text)

    def commit_editing(self) -> None:
        """What an open table cell holds, into its cell (before a save or a switch)."""
        form = self.structures.current_form()
        for table in form.tables.values() if form is not None else ():
            table.commit_editing()

    def table(self, version: int) -> dict[str, Any]:
        """The form as typed, as the TOML table it is saved as (with ``version``)."""
        self.form.keep("version", version)
        self.form.keep("structures", self.structures.tables())
        return self.form.table()

    def show_problems(self, places: list[tuple[Place, str]]) -> None:
        """Each problem at its field (or its line of the text)."""
        own: dict[str, list[str]] = {}
        rest: list[tuple[Place, str]] = []
        for place, message in places:
            if place.structure is None and place.field != "structures":
                field = place.field if place.field in self.form.fields else ""
                own.setdefault(field, []).append(problem_words(place, message))
            else:
                rest.append((place, message))
        self.form.show_problems(own)
        self.structures.show_problems(rest)
        self.text_pane.mark([p.line for p, _message in places if p.line is not None])
        self.tabs.setTabText(1, f"S&tructures ({len(self.structures.forms)})")

    def where(self, place: Place) -> str:
        """Where a problem is, as the problem list says it."""
        if place.line is not None:
            return f"Text · line {place.line}"
        field = place.field.replace("_", " ")
        if place.structure is None:
            return f"Protocol · {field or 'file'}"
        titles = [form.title() for form in self.structures.forms]
        if self.text_mode:  # the structures as the text names them
            titles = _titles(self.text_table)
        title = f" ({titles[place.structure]})" if place.structure < len(titles) else ""
        return f"Structure {place.structure + 1}{title} · {field or 'structure'}"

    def unshown_words(self, paths: list[str]) -> str:
        """What the form shows otherwise than the file has it (``fixing.differences``)."""
        if not paths:
            return ""
        where = "; ".join(self.where(place_of(path)) for path in paths[:4])
        more = f" and {len(paths) - 4} more" if len(paths) > 4 else ""
        return (
            f"The form shows these otherwise than the file has them: {where}{more} "
            "(Ctrl+E shows the text; the file is unchanged until you save)."
        )

    def go_to(self, place: Place, message: str = "") -> bool:
        """Show the field (or the line of the text) a problem belongs to, the keys in it;
        False for a field's problem while the text is shown."""
        if self.text_mode:
            if place.line is None:
                return False
            self.text_pane.go_to(place.line, column_of(message))
        elif place.structure is None and place.field in self.form.fields:
            self.tabs.setCurrentIndex(0)
            self.form.focus(place.field)
        else:
            self.tabs.setCurrentIndex(1)
            self.structures.focus_place(place)
        return True

    def focus_widgets(self) -> list[QWidget]:
        """Tab order: the tabs, the protocol's fields, the structures, the text."""
        chain: list[QWidget] = [self.tabs.tabBar(), *self.form.focus_widgets()]
        return [*chain, *self.structures.focus_widgets(), self.text_pane.edit]


def _titles(table: dict[str, Any] | None) -> list[str]:
    """Each structure's name (else its key) as a protocol's TOML table has it."""
    listed = (table or {}).get("structures")
    out = []
    for structure in listed if isinstance(listed, list) else []:
        named = structure if isinstance(structure, dict) else {}
        name, key = named.get("name"), named.get("key")
        out.append(str(name).strip() if name else str(key or "").strip() or "?")
    return out
