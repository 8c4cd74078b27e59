"""Your PIN or password: change your own (the current one first), or — as a clinician with the
admin role — reset a colleague's who forgot theirs (your own PIN or password first). Both are
in the audit trail (the store writes them).

Signals: ``changed(int)`` with the clinician whose secret was set.
"""

from __future__ import annotations

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from artdesk.store import CredentialRepository, InvalidInput, SignInRow, StoreError
from ui.pages.secret_fields import SecretFields, hidden_edit, secret_word
from ui.sentence import sentence
from ui.style import error_label, show_error, sized


class SecretDialog(QDialog):
    changed = Signal(int)

    def __init__(
        self,
        credentials: CredentialRepository,
        me: SignInRow,
        people: list[SignInRow],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._credentials = credentials
        self._me = me
        self.setWindowTitle("Your PIN or password")
        self.whose = QComboBox()
        self.whose.addItem(f"{me.full_name} (you)", me.id)
        if me.is_admin:  # an admin resets a colleague's forgotten secret
            for person in people:
                if person.id != me.id:
                    self.whose.addItem(person.full_name, person.id)
        self.whose.setEnabled(self.whose.count() > 1)
        self.current_caption = QLabel()
        self.current = hidden_edit()
        self.fields = SecretFields()
        self.error = error_label()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow("&Whose", self.whose)
        form.addRow(self.current_caption, self.current)
        layout = QVBoxLayout(self)
        layout.addWidget(sized(QLabel("PIN or password"), 16, bold=True))
        layout.addLayout(form)
        layout.addWidget(self.fields)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.whose.currentIndexChanged.connect(self._on_whose_current_index_changed)
        self._on_whose_current_index_changed(0)

    def target(self) -> int:
        return int(self.whose.currentData())

    @Slot(int)
    def _on_whose_current_index_changed(self, _index: int) -> None:
        mine = self.target() == self._me.id
        word = secret_word(self._me.kind)
        if mine:
            self.current_caption.setText(f"&Current {word}")
        else:
            self.current_caption.setText(f"Your own {word} (admin)")
        self.current_caption.setBuddy(self.current)
        needed = not mine or self._me.kind is not None
        self.current.setVisible(needed)
        self.current_caption.setVisible(needed)
        (self.current if needed else self.fields.secret).setFocus()

    def save(self) -> None:
        why = self.fields.problem()
        if why:
            show_error(self.error, why)
            return
        target, kind, secret = self.target(), self.fields.chosen_kind(), self.fields.chosen()
        try:
            if target == self._me.id:
                self._credentials.set_secret(
                    target, kind, secret, current=self.current.text() or None
                )
            else:
                self._credentials.verify(self._me.id, self.current.text())
                self._credentials.set_secret(target, kind, secret, by=self._me.id)
        except InvalidInput as exc:
            show_error(self.error, f"{sentence(str(exc))}.")
            return
        except StoreError as exc:  # a wrong current one (WrongSecret), a busy database…
            show_error(self.error, f"Not changed: {exc}.")
            self.current.clear()
            self.current.setFocus()
            return
        self.changed.emit(target)
        self.accept()
