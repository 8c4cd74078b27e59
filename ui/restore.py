"""Restore a backup from the window: say what it does, confirm (with the signed-in
clinician's PIN or password once the clinic signs in), copy the current file aside and write
the backup over it on a worker, then have the program open the file again in a new window
(the open database and everything read from it belong to the file as it was).
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Slot
from PySide6.QtWidgets import QDialogButtonBox

from artdesk.store import DatabaseBusy, StoreError
from artdesk.store.backup import BackupFile
from ui.background import run_in_background
from ui.pages.backups_dialog import kind_in_words, when_in_words

if TYPE_CHECKING:
    from ui.file_care import FileCare
    from ui.workspace import Workspace


class Restorer(QObject):
    def __init__(self, workspace: Workspace, care: FileCare) -> None:
        super().__init__(care)
        self._w = workspace
        self._care = care
        self.running = False

    @Slot(object)
    def ask(self, backup: BackupFile) -> None:
        from ui.pages.sign_dialog import SignDialog

        w, dialog = self._w, self._care.dialog
        if w.treatment is not None:
            if dialog is not None:
                dialog.show_problem(
                    "A visit is under way in this window: sign it first, then restore."
                )
            return
        clinician = w.clinician_id()
        summary = (
            f"Restore the backup taken <b>{when_in_words(backup)}</b> "
            f"({escape(kind_in_words(backup.label))})?<br><br>"
            "It <b>replaces the clinic database</b>: everything saved after that time — "
            "visits, patients, amendments — is no longer in it. The database as it is now is "
            "copied into the backups folder first, so this can be undone by restoring that "
            "copy.<br><br>Other rooms must close ART Desk first. ART Desk opens the restored "
            "file again when it is done."
        )

        def confirm(secret: str) -> None:
            if w.session.enabled and clinician is not None:
                w.flow.credentials.verify(clinician, secret)

        label = w.visit_actions.secret_label()
        confirmation = SignDialog("Restore a backup", summary, label, confirm, w, "Restore")
        confirmation.accepted.connect(lambda: self.restore(backup, clinician))
        w.dialogs.open(confirmation, over=dialog)
        if label is None:  # no PIN to type: Enter alone must never replace the database
            box = confirmation.findChild(QDialogButtonBox)
            assert box is not None
            cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
            confirmation.sign_button.setAutoDefault(False)
            cancel.setDefault(True)
            cancel.setFocus()

    def restore(self, backup: BackupFile, clinician: int | None) -> None:
        """Close this window's connections, then copy aside and restore on a worker."""
        from artdesk.store.backup import in_use_elsewhere, restore_with_copy

        care, path = self._care, self._care.path
        if path is None or self.running:
            return
        self.running = True
        if care.dialog is not None:
            care.dialog.set_busy(True)
            care.dialog.show_status("Restoring… the database is copied first; keep ART Desk open.")
        self._w.database.close()  # nothing of this window holds the file while it is replaced

        def job() -> Path:
            if in_use_elsewhere(path):
                raise DatabaseBusy(
                    "another program has the database open (ART Desk in another room?): close "
                    "it there, then restore — nothing was changed"
                )
            return restore_with_copy(path, backup.path)

        run_in_background(
            job,
            done=lambda copy: self._done(backup, copy, clinician),
            failed=self._failed,
        )

    def _done(self, backup: BackupFile, copy: Path, clinician: int | None) -> None:
        self.running = False
        message = (
            f"Restored the backup taken {when_in_words(backup)} "
            f"({kind_in_words(backup.label)}) from {backup.path}. The database as it was just "
            f"before is kept as {copy}."
        )
        if not shiboken6.isValid(self._care):
            return
        care = self._care
        if care.dialog is not None and shiboken6.isValid(care.dialog):
            care.dialog.set_busy(False)
            care.dialog.accept()
        detail = f"restored {backup.path.name}; the file before it kept as {copy.name}"
        if care.isSignalConnected(care.metaObject().method(_restored_index(care))):
            care.restored.emit(str(care.path), message, detail, clinician or 0)
        else:  # no program around this window (it stands alone): ask for a new start
            care.banner.add([message, "Close ART Desk and start it again to carry on."])

    def _failed(self, error: BaseException) -> None:
        from ui.file_care import said

        self.running = False
        if not shiboken6.isValid(self._care):
            return
        dialog = self._care.dialog
        text = f"Not restored: {said(error)}"
        if not isinstance(error, StoreError | OSError):
            text += ". The database was not changed, or its copy is in the backups folder"
        if dialog is not None and shiboken6.isValid(dialog):
            dialog.set_busy(False)
            dialog.show_problem(text)
        else:
            self._care.banner.add([text], problem=True)


def _restored_index(care: QObject) -> int:
    meta = care.metaObject()
    return meta.indexOfSignal("restored(QString,QString,QString,int)")
