"""The diagnosis of an episode, picked from the shipped ICD-10 list and the clinic's own codes.

Type a code prefix ("M76.6") or words ("achilles"); the list follows as you type. Up/Down move
through it without leaving the search field, Enter picks the highlighted code. A code the list
does not ship is added as a clinic code (saved for the whole clinic, audited).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from artdesk.store import InvalidInput, StoreError
from ui.style import error_label, show_error, sized

CODE_ROLE = Qt.ItemDataRole.UserRole
TEXT_ROLE = Qt.ItemDataRole.UserRole + 1


class DiagnosisPicker(QWidget):
    """Signals: ``picked(str, str)`` (code, text) when a diagnosis is chosen or cleared."""

    picked = Signal(str, str)

    def __init__(
        self,
        clinic_codes: Callable[[], list[tuple[str, str]]],
        add_code: Callable[[str, str], str],
        parent: QWidget | None = None,
    ) -> None:
        """``clinic_codes()``: the clinic's own (code, text); ``add_code(code, text)`` saves
        one and returns it as stored (InvalidInput says what is wrong)."""
        super().__init__(parent)
        self._clinic_codes = clinic_codes
        self._add_code = add_code
        self._extra: list[tuple[str, str]] = []
        self.code = ""
        self.text = ""
        self.search = QLineEdit()
        self.search.setPlaceholderText("Type a code (M76.6) or words (achilles), then ↓ and Enter")
        self.search.setClearButtonEnabled(True)
        self.results = QListWidget()
        self.results.setMinimumHeight(120)
        self.results.setMaximumHeight(170)
        self.results.setUniformItemSizes(True)
        self.chosen = sized(QLabel(), 12, bold=True)
        self.chosen.setTextFormat(Qt.TextFormat.PlainText)
        self.chosen.setWordWrap(True)
        self.clear_button = QPushButton("No diagnosis")
        self.add_button = QPushButton("Add a clinic code…")
        self.new_code = QLineEdit()
        self.new_code.setPlaceholderText("code, e.g. S76.31")
        self.new_code.setMaximumWidth(160)
        self.new_text = QLineEdit()
        self.new_text.setPlaceholderText("what it is, in words")
        self.save_code = QPushButton("Add code")
        self.error = error_label()
        self._adding = QWidget()
        adding = QHBoxLayout(self._adding)
        adding.setContentsMargins(0, 0, 0, 0)
        adding.addWidget(self.new_code)
        adding.addWidget(self.new_text, 1)
        adding.addWidget(self.save_code)
        self._adding.setVisible(False)
        row = QHBoxLayout()
        row.addWidget(self.chosen, 1)
        row.addWidget(self.clear_button)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.search)
        layout.addWidget(self.results)
        layout.addLayout(row)
        layout.addWidget(self._adding)
        layout.addWidget(self.error)
        self.setFocusProxy(self.search)

        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.installEventFilter(self)
        self.results.itemActivated.connect(self._on_results_item_activated)
        self.clear_button.clicked.connect(self.clear)
        self.add_button.clicked.connect(self._on_add_button_clicked)
        self.save_code.clicked.connect(self.add_clinic_code)
        self.new_text.returnPressed.connect(self.add_clinic_code)
        self.new_code.returnPressed.connect(self.new_text.setFocus)
        self.reload()
        self._show_chosen()

    # --- the list ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the clinic's own codes again (a colleague may have added one)."""
        try:
            self._extra = list(self._clinic_codes())
        except StoreError as exc:
            self._extra = []
            show_error(self.error, f"The clinic's own codes could not be read: {exc}.")
        self._fill(self.search.text())

    def _show_list(self) -> None:
        """The list while searching, or while no diagnosis is chosen yet (to browse); out of
        the way once one is chosen (the dialog is short on a small screen)."""
        self.results.setVisible(bool(self.search.text().strip()) or not (self.code or self.text))

    def _fill(self, query: str) -> None:
        from artdesk.course.diagnoses import Diagnosis, search

        self.results.clear()
        own = [Diagnosis(code, text, clinic=True) for code, text in self._extra]
        for found in search(query, extra=own, limit=50):
            words = f"{found.code}  {found.text}"
            if found.clinic:
                words += "   (clinic code)"
            elif found.region:
                words += f"   · {found.region}"
            item = QListWidgetItem(words)
            item.setData(CODE_ROLE, found.code)
            item.setData(TEXT_ROLE, found.text)
            self.results.addItem(item)
        if self.results.count():
            self.results.setCurrentRow(0)
        self._show_list()

    def shown_codes(self) -> list[str]:
        """The codes listed now, in order (what the search found)."""
        return [self.results.item(n).data(CODE_ROLE) for n in range(self.results.count())]

    @Slot(str)
    def _on_search_text_changed(self, text: str) -> None:
        self._fill(text)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down and Enter in the search field work the list below it."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp):
                step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(key), 5)
                if key == Qt.Key.Key_PageUp:
                    step = -5
                count = self.results.count()
                if count:
                    row = min(max(self.results.currentRow() + step, 0), count - 1)
                    self.results.setCurrentRow(row)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
                item = self.results.currentItem()
                if item is not None and self.search.text().strip():
                    self._pick(item)
                    return True
        return super().eventFilter(watched, event)

    @Slot(QListWidgetItem)
    def _on_results_item_activated(self, item: QListWidgetItem) -> None:
        self._pick(item)

    def _pick(self, item: QListWidgetItem) -> None:
        code, text = item.data(CODE_ROLE), item.data(TEXT_ROLE)
        self.search.clear()  # the search is done: the choice shows under it
        self.set_diagnosis(code, text)
        show_error(self.error, None)
        self.picked.emit(self.code, self.text)

    def unpicked(self) -> str | None:
        """What is wrong when a search was typed but nothing picked from it (saving then
        would drop what was typed, or keep a diagnosis the clinician meant to change)."""
        typed = self.search.text().strip()
        if not typed:
            return None
        if self.code:
            return (
                f"you searched for {typed[:40]!r} but kept {self.code}: pick a diagnosis from "
                "the list (↓ and Enter), or clear the search"
            )
        return (
            f"pick a diagnosis for {typed[:40]!r} from the list (↓ and Enter), or clear the search"
        )

    # --- the choice ----------------------------------------------------------------------------
    def set_diagnosis(self, code: str, text: str) -> None:
        self.code, self.text = code, text
        self._show_chosen()
        self._show_list()

    @Slot()
    def clear(self) -> None:
        self.set_diagnosis("", "")
        self.picked.emit("", "")

    def _show_chosen(self) -> None:
        if self.code or self.text:
            self.chosen.setText(f"Diagnosis: {self.code} {self.text}".strip())
        else:
            self.chosen.setText("Diagnosis: none chosen yet")

    def show_problem(self, message: str | None) -> None:
        show_error(self.error, message)

    # --- a clinic code -------------------------------------------------------------------------
    @Slot()
    def _on_add_button_clicked(self) -> None:
        self._adding.setVisible(True)
        typed = self.search.text().strip()
        if typed and not self.new_code.text():
            first = typed.split()[0].upper()
            if any(ch.isdigit() for ch in first):  # looks like a code: start from it
                self.new_code.setText(first)
        self.new_code.setFocus()

    @Slot()
    def add_clinic_code(self) -> None:
        try:
            code = self._add_code(self.new_code.text(), self.new_text.text())
        except InvalidInput as exc:
            show_error(self.error, f"{exc}.")
            return
        except StoreError as exc:
            show_error(self.error, f"The code could not be added: {exc}. What you typed is kept.")
            return
        words = self.new_text.text().strip()
        show_error(self.error, None)
        self.new_code.clear()
        self.new_text.clear()
        self._adding.setVisible(False)
        self.search.clear()
        self.reload()
        self.set_diagnosis(code, next((t for c, t in self._extra if c == code), words))
        self.picked.emit(self.code, self.text)
        self.search.setFocus()
