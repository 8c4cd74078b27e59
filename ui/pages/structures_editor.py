"""A protocol's structures in the editor: the list in the order they are treated, and the form
of the one chosen.

Keys on the list: Up/Down choose, Insert adds a structure after the chosen one, Delete removes
it (after asking), Alt+Up / Alt+Down move it earlier or later; the buttons beside do the same.
A structure with a problem is marked in the list. Signals: ``changed()`` (a structure typed
into, added, removed or moved), ``reshaped()`` (added, removed or moved: the Tab order follows).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from artdesk.protocols.draft import Place
from ui.pages.follow_focus import follow_focus
from ui.pages.structure_form import StructureForm
from ui.style import error_label, show_error

ALT = Qt.KeyboardModifier.AltModifier
MARK = "  ⚠"


class StructureList(QListWidget):
    """The list's own keys, as a method override (no event filter: a filter on a widget being
    destroyed crashed the interpreter at exit before). Signals: ``add_requested()``,
    ``remove_requested()``, ``move_requested(int)`` (-1 earlier, +1 later)."""

    add_requested = Signal()
    remove_requested = Signal()
    move_requested = Signal(int)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key, mods = event.key(), event.modifiers()
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and mods == ALT:
            self.move_requested.emit(-1 if key == Qt.Key.Key_Up else 1)
        elif key == Qt.Key.Key_Insert and not mods:
            self.add_requested.emit()
        elif key == Qt.Key.Key_Delete and not mods:
            self.remove_requested.emit()
        else:
            super().keyPressEvent(event)


class StructuresEditor(QWidget):
    changed = Signal()
    reshaped = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.forms: list[StructureForm] = []
        self._marked: set[int] = set()
        self.question: QMessageBox | None = None  # "remove this structure?" while open
        self.list = StructureList()
        self.list.setMinimumWidth(150)
        self.list.setMaximumWidth(190)
        caption = QLabel("Structures in the o&rder treated")
        caption.setWordWrap(True)
        caption.setBuddy(self.list)
        self.add_button = QPushButton("Add (Ins)")
        self.remove_button = QPushButton("Remove… (Del)")
        self.up_button = QPushButton("Earlier (Alt+↑)")
        self.down_button = QPushButton("Later (Alt+↓)")
        for button, tip in (
            (self.add_button, "Add a new structure after the chosen one (Insert in the list)"),
            (self.remove_button, "Remove the chosen structure (Delete in the list)"),
            (self.up_button, "Treat the chosen structure earlier (Alt+Up in the list)"),
            (self.down_button, "Treat the chosen structure later (Alt+Down in the list)"),
        ):
            button.setToolTip(tip)
            button.setAutoDefault(False)
        self.error = error_label()
        self.stack = QStackedWidget()
        self.form_area = QScrollArea()
        self.form_area.setWidgetResizable(True)
        self.form_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.form_area.setWidget(self.stack)
        follow_focus(self.form_area)
        buttons = QVBoxLayout()
        buttons.setSpacing(2)
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            buttons.addWidget(button)
        left = QVBoxLayout()
        left.addWidget(caption)
        left.addWidget(self.list, 1)
        left.addLayout(buttons)
        left.addWidget(self.error)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addLayout(left)
        row.addWidget(self.form_area, 1)
        self.list.currentRowChanged.connect(self._on_list_current_row_changed)
        self.list.add_requested.connect(self.add)
        self.list.remove_requested.connect(self.ask_remove)
        self.list.move_requested.connect(self.move_current)
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.ask_remove)
        self.up_button.clicked.connect(lambda: self.move_current(-1))
        self.down_button.clicked.connect(lambda: self.move_current(1))

    # --- filling and reading ------------------------------------------------------------------
    def set_structures(self, tables: list[dict[str, Any]]) -> None:
        for form in self.forms:
            self.stack.removeWidget(form)
            form.deleteLater()
        self.forms = []
        self.list.clear()
        for table in tables:
            self._insert(len(self.forms), StructureForm(table))
        self._show(0)

    def tables(self) -> list[dict[str, Any]]:
        return [form.table() for form in self.forms]

    def current(self) -> int:
        return self.list.currentRow()

    def current_form(self) -> StructureForm | None:
        row = self.current()
        return self.forms[row] if 0 <= row < len(self.forms) else None

    def _insert(self, index: int, form: StructureForm) -> None:
        self.forms.insert(index, form)
        self.stack.addWidget(form)
        self.list.insertItem(index, "")
        form.changed.connect(self.changed)  # forwarded in C++: no emit() a key (protocol_rows)
        form.changed.connect(self._titles)
        self._titles()

    @Slot()
    def _titles(self) -> None:
        for n, form in enumerate(self.forms):
            mark = MARK if n in self._marked else ""
            self.list.item(n).setText(f"{n + 1}. {form.title()}{mark}")
        has = bool(self.forms)
        self.remove_button.setEnabled(has)
        self.up_button.setEnabled(self.current() > 0)
        self.down_button.setEnabled(0 <= self.current() < len(self.forms) - 1)

    def _show(self, row: int) -> None:
        if not self.forms:
            return
        row = max(0, min(row, len(self.forms) - 1))
        self.list.setCurrentRow(row)
        self.stack.setCurrentWidget(self.forms[row])

    @Slot(int)
    def _on_list_current_row_changed(self, row: int) -> None:
        if 0 <= row < len(self.forms):
            self.stack.setCurrentWidget(self.forms[row])
            self.form_area.verticalScrollBar().setValue(0)
        self._titles()

    # --- add, remove, reorder -----------------------------------------------------------------
    @Slot()
    def add(self) -> None:
        """A new, empty structure after the chosen one; the keys go to its first field."""
        index = self.current() + 1 if self.forms else 0
        form = StructureForm()
        self._insert(index, form)
        self._show(index)
        self.reshaped.emit()
        self.changed.emit()
        form.focus("key")

    @Slot()
    def ask_remove(self) -> None:
        form = self.current_form()
        if form is None:
            return
        n = self.current()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            "Remove the structure?",
            f"Remove structure {n + 1}, {form.title()}, from this protocol?\n"
            "Everything typed in it goes with it (the saved file changes only when you save).",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.button(QMessageBox.StandardButton.Yes).setText("&Remove")
        box.button(QMessageBox.StandardButton.No).setText("&Keep it")
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.accepted.connect(lambda: self.remove(n))
        box.finished.connect(self._on_question_finished)
        self.question = box
        box.open()

    @Slot(int)
    def _on_question_finished(self, _result: int) -> None:
        self.window().activateWindow()  # the keys back in the editor, on the list
        self.list.setFocus()

    def remove(self, index: int) -> None:
        if not 0 <= index < len(self.forms):
            return
        form = self.forms.pop(index)
        self.list.takeItem(index)
        self.stack.removeWidget(form)
        form.deleteLater()
        self._marked.clear()  # the next validation marks them again
        self._titles()
        self._show(index)
        self.reshaped.emit()
        self.changed.emit()

    @Slot(int)
    def move_current(self, step: int) -> None:
        index = self.current()
        target = index + step
        if not (0 <= index < len(self.forms) and 0 <= target < len(self.forms)):
            return
        self.forms.insert(target, self.forms.pop(index))
        self._marked.clear()
        self._titles()
        self._show(target)
        self.reshaped.emit()
        self.changed.emit()
        self.list.setFocus()

    # --- problems -----------------------------------------------------------------------------
    def show_problems(self, problems: list[tuple[Place, str]]) -> None:
        """Each structure's problems at its fields and a mark in the list; the list's own
        problems (a key used twice, no structure at all) under it."""
        by_structure: dict[int, list[tuple[Place, str]]] = {}
        own = []
        for place, message in problems:
            if place.structure is None:
                own.append(message)
            else:
                by_structure.setdefault(place.structure, []).append((place, message))
        for n, form in enumerate(self.forms):
            form.show_places(by_structure.get(n, []))
        self._marked = set(by_structure)
        self._titles()
        show_error(self.error, "\n".join(own) or None)

    def focus_place(self, place: Place) -> QWidget | None:
        if place.structure is None or not 0 <= place.structure < len(self.forms):
            self.list.setFocus()
            return self.list
        self._show(place.structure)
        return self.forms[place.structure].focus_place(place)

    def focus_widgets(self) -> list[QWidget]:
        out: list[QWidget] = [
            self.list,
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
        ]
        for form in self.forms:
            out += form.focus_widgets()
        return out
