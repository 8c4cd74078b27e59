"""The hidden PIN/password field and the word for the kind of secret, without the store.

The lock screen paints before the store is imported (:mod:`ui.main_window`), so what it shares
with the other secret fields lives here: nothing but Qt.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit


def hidden_edit(placeholder: str = "") -> QLineEdit:
    """A field whose typing is never shown (a PIN or password)."""
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    edit.setPlaceholderText(placeholder)
    return edit


def secret_word(kind: str | None) -> str:
    """The word for a kind as the store keeps it ("pin", "password": a
    :class:`artdesk.store.SecretKind` is a str; None: no secret yet)."""
    return "password" if kind == "password" else "PIN"
