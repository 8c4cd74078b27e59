"""The lock screen: who signs in (a list: arrows and Enter), their PIN or password, Sign in.

It covers the whole window, so no patient data shows while it is up. When someone other than
the clinician of an open visit signs in, it says so and asks: sign in anyway (the visit stays
unfinished for its clinician) or cancel.

While the PIN or password is checked (on a worker: Argon2 takes a tenth of a second or more)
the page says "Checking…" and holds the list, the field and the button (:meth:`hold`).

The page imports nothing of the store: with sign-in on the window opens on it, filled from
the clinicians table read with plain ``sqlite3`` (:mod:`artdesk.clinician_list`), before the
store is imported; the session's own page takes over what was chosen and typed there
(:meth:`carry_over`).

Signals: ``sign_in_requested(int, str)`` (clinician id, secret), ``proceed_requested()``
(sign in anyway), ``cancel_requested()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from PySide6.QtCore import QEvent, QObject, Signal, Slot
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.icons import lock_pixmap
from ui.pages.secret_edit import hidden_edit, secret_word
from ui.style import BANNER_STYLE, error_label, show_error, sized
from ui.working import Working

# Qt.ItemDataRole.UserRole (a test holds them equal): the Qt namespace is read only once a key
# is pressed, after the first paint — its first reading builds every enum of Qt (ui/icons.py)
ID_ROLE = 256
# what the lock screen says when nobody is signed in (the start, Switch clinician)
CHOOSE = "Choose your name and type your PIN or password."


class Person(Protocol):
    """A name on the list: the store's :class:`artdesk.store.SignInRow`, or the
    :class:`artdesk.clinician_list.SignInName` read before the store opens."""

    @property
    def id(self) -> int: ...
    @property
    def full_name(self) -> str: ...
    @property
    def credentials(self) -> str: ...
    @property
    def kind(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class Typed:
    """What a lock page holds: who is chosen, the secret typed, and whether Enter (Sign in)
    was pressed — the early page says "Checking…" until the session can check it."""

    clinician: int | None
    secret: str
    submitted: bool


class LockPage(QWidget):
    sign_in_requested = Signal(int, str)
    proceed_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: Sequence[Person] = []
        self._word = "PIN"
        mark = QLabel()
        mark.setPixmap(lock_pixmap(40))
        self.title = sized(QLabel("ART Desk is locked"), 22, bold=True)
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        sized(self.detail, 12)
        self.people = QListWidget()
        sized(self.people, 14)
        self.people.setMaximumHeight(180)  # six names; more scroll (fits 1024×600)
        self.secret_caption = QLabel("&PIN")
        self.secret = hidden_edit()
        sized(self.secret, 16)
        self.secret_caption.setBuddy(self.secret)
        self.sign_in_button = QPushButton("Sign &in  (Enter)")
        sized(self.sign_in_button, 14, bold=True)
        self.sign_in_button.setAutoDefault(False)
        self.error = error_label()
        sized(self.error, 12)

        self.question = QFrame()
        self.question.setStyleSheet(BANNER_STYLE)
        self.question_text = QLabel()
        self.question_text.setWordWrap(True)
        self.proceed_button = QPushButton("Sign in &anyway")
        self.cancel_button = QPushButton("&Cancel  (Esc)")
        for button in (self.proceed_button, self.cancel_button):
            button.setAutoDefault(True)  # Enter answers with the button that has the keys
        answers = QHBoxLayout()
        answers.addStretch(1)
        answers.addWidget(self.cancel_button)
        answers.addWidget(self.proceed_button)
        inner = QVBoxLayout(self.question)
        inner.addWidget(self.question_text)
        inner.addLayout(answers)
        self.question.setVisible(False)

        heading = QHBoxLayout()
        heading.addWidget(mark)
        heading.addWidget(self.title, 1)
        secret_row = QHBoxLayout()
        secret_row.addWidget(self.secret, 1)
        secret_row.addWidget(self.sign_in_button)
        box = QVBoxLayout()
        box.addStretch(1)
        box.addLayout(heading)
        box.addWidget(self.detail)
        box.addWidget(sized(QLabel("Who is signing in (↑ ↓)"), 12, bold=True))
        box.addWidget(self.people)
        box.addWidget(self.secret_caption)
        box.addLayout(secret_row)
        box.addWidget(self.error)
        box.addWidget(self.question)
        box.addStretch(2)
        column = QWidget()
        column.setLayout(box)
        column.setMaximumWidth(560)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addWidget(column, 3)
        outer.addStretch(1)

        self.people.currentRowChanged.connect(self._on_people_current_row_changed)
        self.people.installEventFilter(self)
        self.secret.installEventFilter(self)
        self.secret.returnPressed.connect(self.request_sign_in)
        self.sign_in_button.clicked.connect(self.request_sign_in)
        self.proceed_button.clicked.connect(self.proceed_requested)
        self.cancel_button.clicked.connect(self.cancel_requested)
        self.working = Working(self, self.error, [self.people, self.secret, self.sign_in_button])

    def begin(self, people: Sequence[Person], preselect: int | None, detail: str) -> None:
        """Fill the list (``preselect``: the clinician who locked) and clear everything typed."""
        self._people = people
        self.people.blockSignals(True)
        self.people.clear()
        row = 0
        for index, person in enumerate(people):
            label = person.full_name + (f", {person.credentials}" if person.credentials else "")
            if person.kind is None:
                label += "  (no PIN or password yet)"
            item = QListWidgetItem(label)
            item.setData(ID_ROLE, person.id)
            self.people.addItem(item)
            if person.id == preselect:
                row = index
        self.people.blockSignals(False)
        self.people.setCurrentRow(row)
        self._on_people_current_row_changed(row)
        self.detail.setText(detail)
        self.ask(None)
        self.focus_first_field()

    def typed(self) -> Typed:
        return Typed(self.chosen(), self.secret.text(), self.held())

    def carry_over(self, clinician: int | None, secret: str) -> bool:
        """Choose ``clinician`` and put ``secret`` in the field, the keys at its end, as they
        were on the lock page painted before the store opened; False (nothing typed taken)
        when the clinician is not on this list."""
        for row in range(self.people.count()):
            if self.people.item(row).data(ID_ROLE) == clinician:
                self.people.setCurrentRow(row)  # empties the field: the kind may differ
                self.secret.setText(secret)  # the cursor at the end
                self.secret.setFocus()
                return True
        return False

    def chosen(self) -> int | None:
        item = self.people.currentItem()
        return int(item.data(ID_ROLE)) if item is not None else None

    def focus_first_field(self) -> None:
        (self.secret if self.people.count() else self.people).setFocus()

    def show_problem(self, message: str | None, *, retype: bool = True) -> None:
        """A refused sign-in (wrong PIN, wait): said, the field emptied for the next try
        (``retype`` False: kept, e.g. the database was busy and Enter tries again)."""
        show_error(self.error, message)
        if message:
            if retype:
                self.secret.clear()
            self.secret.setFocus()

    def hold(self, text: str) -> None:
        """Say ``text`` ("Checking…") and hold the list, the field and the button."""
        self.working.hold(text)

    def release(self) -> None:
        """Give them back, the keys where they were, for the answer to be said."""
        self.working.release()

    def held(self) -> bool:
        return self.working.busy

    def clear_secret(self) -> None:
        """Signed in: nothing typed stays behind the unlocked window."""
        self.secret.clear()

    def ask(self, text: str | None) -> None:
        """The open-visit question (None: put it away)."""
        self.question_text.setText(text or "")
        self.question.setVisible(bool(text))
        for widget in (self.people, self.secret, self.sign_in_button):
            widget.setEnabled(not text)
        if text:
            self.proceed_button.setFocus()
        else:
            self.secret.setFocus()

    def asking(self) -> bool:
        return self.question.isVisible()

    @Slot()
    def request_sign_in(self) -> None:
        """Enter or Sign in: the secret stays in its field (hidden) until the answer."""
        clinician = self.chosen()
        if clinician is None or self.working.busy:
            return
        if not self.secret.text():
            self.show_problem(f"Type your {self._word}.")
            return
        self.sign_in_requested.emit(clinician, self.secret.text())

    @Slot(int)
    def _on_people_current_row_changed(self, row: int) -> None:
        kind = self._people[row].kind if 0 <= row < len(self._people) else None
        word = self._word = secret_word(kind)
        self.secret_caption.setText(f"&{word[0].upper()}{word[1:]}")
        self.secret.setPlaceholderText(f"your {word}")
        self.secret.clear()
        show_error(self.error, None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up/Down choose the clinician from the secret field too; Enter on the list moves to
        the secret; Esc answers the open-visit question with Cancel."""
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        from PySide6.QtCore import Qt

        key = event.key()
        if watched is self.secret and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            step = -1 if key == Qt.Key.Key_Up else 1
            row = min(max(self.people.currentRow() + step, 0), self.people.count() - 1)
            self.people.setCurrentRow(row)
            return True
        if watched is self.people and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.secret.setFocus()
            return True
        return False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        from PySide6.QtCore import Qt

        if event.key() == Qt.Key.Key_Escape and self.asking():
            self.cancel_requested.emit()
            return
        super().keyPressEvent(event)
