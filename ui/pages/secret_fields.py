"""Choosing a PIN or a password: the kind, the secret twice, and the rule said up front.

Used by the first run, Add clinician and "Your PIN/password…"; the rules themselves are the
store's (:func:`artdesk.store.credentials.problem`), so a refused secret says the same words
everywhere.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLabel, QWidget

from artdesk.store import SecretKind
from artdesk.store.credentials import PASSWORD_RULE, PIN_RULE, problem
from ui.pages.secret_edit import hidden_edit, secret_word
from ui.sentence import sentence

RULES = {SecretKind.PIN: PIN_RULE, SecretKind.PASSWORD: PASSWORD_RULE}
__all__ = ["RULES", "SecretFields", "hidden_edit", "secret_word"]  # the fields' helpers too


class SecretFields(QWidget):
    """PIN or password, typed twice. ``optional``: both empty is accepted (no sign-in yet)."""

    def __init__(self, optional: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._optional = optional
        self.kind = QComboBox()
        self.kind.addItem("PIN (digits)", SecretKind.PIN)
        self.kind.addItem("Password", SecretKind.PASSWORD)
        self.secret = hidden_edit()
        self.repeat = hidden_edit("the same again")
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.rule.setStyleSheet("color: #555;")
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.addRow("Sign in &with", self.kind)
        form.addRow("New P&IN or password", self.secret)
        form.addRow("Repea&t it", self.repeat)
        form.addRow("", self.rule)
        self.kind.currentIndexChanged.connect(self._on_kind_current_index_changed)
        self._on_kind_current_index_changed(0)

    def _on_kind_current_index_changed(self, _index: int) -> None:
        kind = self.chosen_kind()
        rule = sentence(RULES[kind]) + "."
        if self._optional:
            rule += (
                " Leave both empty to work without signing in for now (anyone at this PC "
                "can then work as you); set one later with “Your PIN/password…”."
            )
        self.rule.setText(rule)

    def chosen_kind(self) -> SecretKind:
        return SecretKind(self.kind.currentData())

    def chosen(self) -> str:
        return self.secret.text()

    def is_empty(self) -> bool:
        return not self.secret.text() and not self.repeat.text()

    def problem(self) -> str | None:
        """Why the typed secret cannot be used (None: it can, or it may be left empty)."""
        if self._optional and self.is_empty():
            return None
        why = problem(self.chosen_kind(), self.secret.text())
        if why:
            return sentence(why) + "."
        if self.secret.text() != self.repeat.text():
            return f"The two {secret_word(self.chosen_kind())}s are not the same."
        return None

    def clear(self) -> None:
        self.secret.clear()
        self.repeat.clear()
