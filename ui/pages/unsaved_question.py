"""The question the protocol editor asks before anything typed would be lost (another protocol
opened, the dialog closed): Save (then go on, only if it saved), Discard (go on), Cancel (stay,
everything kept). Without a clinic folder there is no Save, and Cancel is the default."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMessageBox, QPushButton, QWidget

Button = QMessageBox.StandardButton


def ask_unsaved(
    parent: QWidget, can_save: bool, save: Callable[[], bool], then: Callable[[], None]
) -> QMessageBox:
    """Open the question (not modal to the program: ``open``) and return it."""
    buttons = Button.Discard | Button.Cancel
    text = "The protocol has changes that are not saved. Save them first?"
    if not can_save:
        text = "The protocol has changes that cannot be saved here (no clinic folder)."
    else:
        buttons |= Button.Save
    box = QMessageBox(QMessageBox.Icon.Question, "Save the changes?", text, buttons, parent)
    if can_save:
        box.button(Button.Save).setText("&Save")
        box.setDefaultButton(Button.Save)
    else:
        box.setDefaultButton(Button.Cancel)
    box.button(Button.Discard).setText("&Discard the changes")
    box.button(Button.Cancel).setText("&Cancel: keep editing")

    def answered(button: QPushButton) -> None:
        chosen = box.standardButton(button)
        saved = chosen == Button.Save and save()
        if saved or chosen == Button.Discard:
            then()

    box.buttonClicked.connect(answered)
    box.finished.connect(lambda _result: parent.activateWindow())  # the keys back there
    box.open()
    return box
