"""The window's care of the clinic's file: what opening found, the start-up check, the daily
backup, and the Backups dialog (Back up now, Copy to a file…, Restore…).

Everything heavy (the check, every copy, the restore) runs through
:func:`ui.background.run_in_background`; what comes back is said in one line, in the banner
or the dialog, never as a traceback. Restoring is :class:`ui.restore.Restorer`'s. Signals:
``restored(str, str, str, int)`` (database file, what to tell the clinic, the audit
detail, the clinician who restored it or 0): the program reopens the file in a new window
(:meth:`ui.app.Application.reopen_after_restore`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, QTimer, Signal, Slot

from artdesk.store import Action, StoreError
from artdesk.store.backup import BackupFile, list_backups
from artdesk.store.engine import sqlite_path
from artdesk.treatment import Clock
from ui.background import run_in_background
from ui.notice_banner import NoticeBanner

if TYPE_CHECKING:
    from ui.pages.backups_dialog import BackupsDialog
    from ui.workspace import Workspace

DAILY_CHECK_MS = 10 * 60_000  # how often the window asks whether today's copy is taken


def said(error: BaseException) -> str:
    """An error as one line a clinician can read (never a traceback)."""
    if isinstance(error, OSError) and not isinstance(error, StoreError) and error.strerror:
        where = f" ({error.filename})" if error.filename else ""
        return f"{error.strerror}{where}"
    text = str(error).strip().splitlines()
    line = " ".join(part.strip() for part in text) if text else type(error).__name__
    return line if isinstance(error, StoreError) else f"{line} ({type(error).__name__})"


class FileCare(QObject):
    restored = Signal(str, str, str, int)

    def __init__(self, workspace: Workspace, clock: Clock) -> None:
        super().__init__(workspace)
        from ui.restore import Restorer

        self._w = workspace
        self._clock = clock
        self.path: Path | None = sqlite_path(workspace.database.engine.url)
        self.banner = NoticeBanner()
        self.banner.backups_requested.connect(self.open_backups)
        self.dialog: BackupsDialog | None = None
        self.restorer = Restorer(workspace, self)
        self.daily_timer = QTimer(self)
        self.daily_timer.setInterval(DAILY_CHECK_MS)
        self.daily_timer.timeout.connect(self.check_daily_backup)
        self.checked: list[str] | None = None  # the start-up check's findings, once done
        self._daily_running = False
        workspace.toolbar.backups_requested.connect(self.open_backups)

    @property
    def folder(self) -> Path | None:
        return self.path.parent / "backups" if self.path is not None else None

    # --- start-up --------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        """After the window shows: what opening found, then the check, then the daily copy."""
        notices = list(self._w.database.notices)
        if notices:
            self.banner.add(notices)
        database = self._w.database
        from artdesk.store.verify import startup_check

        run_in_background(
            lambda: startup_check(database),
            done=self._alive(self._on_check_done),
            failed=self._alive(self._on_check_failed),
        )
        self.daily_timer.start()

    def _alive(self, slot):
        """A callback that does nothing once the window is gone (a job may outlive it)."""
        return lambda value: slot(value) if shiboken6.isValid(self.banner) else None

    def _on_check_done(self, problems: list[str]) -> None:
        self.checked = list(problems)
        if problems:
            self.banner.add([*problems, self._how_to_restore()], problem=True)
        self.check_daily_backup()

    def _on_check_failed(self, error: BaseException) -> None:
        self.checked = [said(error)]
        self.banner.add(
            [
                f"The start-up check of the database could not finish: {said(error)}",
                self._how_to_restore(),
            ],
            problem=True,
        )

    def _how_to_restore(self) -> str:
        where = f"Copies of the database are in {self.folder}. " if self.folder else ""
        return (
            f"{where}To go back to one: Backups… (here or in the toolbar), choose the copy, "
            "Restore… (the file as it is now is copied first)."
        )

    # --- the daily copy --------------------------------------------------------------------

    @Slot()
    def check_daily_backup(self) -> None:
        """Today's copy, if not taken yet (the clock says what day it is)."""
        if self.path is None or self._daily_running:
            return
        from artdesk.store.backup import daily_backup_due, take_daily_backup

        path, now, keep = self.path, self._clock.now(), round(self._w.settings["backup_days"])
        self._daily_running = True
        run_in_background(
            lambda: take_daily_backup(path, now, keep) if daily_backup_due(path, now) else None,
            done=self._alive(self._on_daily_done),
            failed=self._alive(self._on_daily_failed),
        )

    def _on_daily_done(self, copy: Path | None) -> None:
        self._daily_running = False
        if copy is None:
            return
        self.audit(Action.BACKUP, f"daily copy {copy}")
        self._refresh()

    def _on_daily_failed(self, error: BaseException) -> None:
        self._daily_running = False
        self.banner.add([f"Today's backup could not be taken: {said(error)}"], problem=True)

    # --- the Backups dialog ----------------------------------------------------------------

    @Slot()
    def open_backups(self) -> None:
        from ui.pages.backups_dialog import BackupsDialog

        if self._w.session.locked:
            self._w.message.emit("Sign in first: restoring asks your PIN or password.", 8000)
            return
        if self.folder is None:
            self._w.message.emit(
                "This database is on a server: back it up with the server's tools.", 10000
            )
            return
        dialog = BackupsDialog(self.folder, self._w)
        dialog.back_up_requested.connect(self.back_up_now)
        dialog.copy_requested.connect(self._w.toolbar.back_up)
        dialog.restore_requested.connect(self.restorer.ask)
        self.dialog = dialog
        self._refresh()
        self._w.dialogs.open(dialog)
        dialog.focus_first_field()

    def _refresh(self) -> None:
        if self.dialog is None or not shiboken6.isValid(self.dialog) or self.path is None:
            return
        try:
            backups = list_backups(self.path)
        except OSError as exc:
            self.dialog.show_problem(f"The backups folder could not be read: {said(exc)}")
            return
        self.dialog.show_backups(backups)

    @Slot()
    def back_up_now(self) -> None:
        from artdesk.store.backup import backup_sqlite, timestamped_backup_path

        if self.path is None or self.dialog is None:
            return
        dialog, path = self.dialog, self.path
        target = timestamped_backup_path(path, "manual", self._clock.now())
        dialog.set_busy(True)
        dialog.show_status("Backing up…")

        def done(copy: Path) -> None:
            dialog.set_busy(False)
            self.audit(Action.BACKUP, f"by hand: {copy}")
            self._refresh()
            dialog.show_status(f"Backed up to {copy}")

        def failed(error: BaseException) -> None:
            dialog.set_busy(False)
            dialog.show_problem(f"Not backed up: {said(error)}")

        run_in_background(
            lambda: backup_sqlite(path, target),
            done=lambda copy: done(copy) if shiboken6.isValid(dialog) else None,
            failed=lambda error: failed(error) if shiboken6.isValid(dialog) else None,
        )

    def audit(self, action: Action, detail: str, clinician: int | None = None) -> None:
        """Into the audit trail; a failure is said, never raised."""
        who = clinician if clinician is not None else self._w.clinician_id()
        record = self._w.flow.audit.record
        try:
            try:
                record(action, who, detail=detail)
            except StoreError:
                if who is None:
                    raise
                # e.g. a clinician added after the restored backup was taken: not in it
                record(action, None, detail=f"{detail} (by clinician {who})")
        except StoreError as exc:
            self.banner.add([f"Not written to the audit trail ({action.value}): {exc}"])

    def selected_backup(self) -> BackupFile | None:
        return self.dialog.selected() if self.dialog is not None else None
