"""The clinic toolbar: who is treating now, add a clinician (and the first run), backups
(the list, and a copy to a chosen file), settings.

Who is treating: once the clinic signs in, "Signed in: NAME" with Lock and Switch; before
that, a list to choose from (as it always was). It opens its dialogs through the window's one
dialog opener and reports what happened; the workspace routes. Signals:
``settings_applied()``, ``clinician_added(int)``, ``demo_requested()``, ``message(str, int)``,
``backed_up(str)``, ``backups_requested()`` (Backups…, Ctrl+B), ``lock_requested()``,
``switch_requested()``, ``secret_requested()``, ``secret_changed(int)`` (whose PIN or
password was set). Protocols… (Ctrl+Shift+L) opens the clinic's protocol editor.
"""

from __future__ import annotations

from datetime import datetime
from html import escape
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QToolBar, QWidget

from artdesk.settings import Settings
from artdesk.store import ClinicianRepository, CredentialRepository, Database
from ui.dialogs import DialogOpener

PROTOCOLS_KEY = "Ctrl+Shift+L"  # the library


class ClinicToolbar(QToolBar):
    settings_applied = Signal()
    clinician_added = Signal(int)
    demo_requested = Signal()
    message = Signal(str, int)
    backed_up = Signal(str)
    backups_requested = Signal()
    lock_requested = Signal()
    switch_requested = Signal()
    secret_requested = Signal()
    secret_changed = Signal(int)

    def __init__(
        self,
        clinicians: ClinicianRepository,
        database: Database,
        settings: Settings,
        dialogs: DialogOpener,
        parent: QWidget | None = None,
        credentials: CredentialRepository | None = None,
    ) -> None:
        super().__init__("Clinician", parent)
        self._clinicians = clinicians
        self._credentials = credentials
        self._database = database
        self._settings = settings
        self._dialogs = dialogs
        self.setMovable(False)
        self._choose = [self.addWidget(QLabel(" Clinician: "))]
        self.clinician = QComboBox()
        self.clinician.setMinimumContentsLength(18)
        self._choose.append(self.addWidget(self.clinician))
        self.signed_in = QLabel()
        self._signed = [self.addWidget(self.signed_in)]
        lock = self.addAction("Lock  (Ctrl+L)")
        lock.triggered.connect(self.lock_requested)
        switch = self.addAction("Switch clinician…")
        switch.triggered.connect(self.switch_requested)
        self._signed += [lock, switch]
        self.addSeparator()
        self.addAction("Add clinician…").triggered.connect(self.add_clinician)
        self.addAction("Your PIN/password…").triggered.connect(self.secret_requested)
        self.addSeparator()
        backups = self.addAction("Backups…")
        backups.setShortcut(QKeySequence("Ctrl+B"))
        backups.triggered.connect(self.backups_requested)
        settings_action = self.addAction("Settings…")
        settings_action.setShortcut(QKeySequence("Ctrl+,"))
        settings_action.triggered.connect(self.open_settings)
        protocols = self.addAction("Protocols…")
        protocols.setShortcut(QKeySequence(PROTOCOLS_KEY))
        protocols.setToolTip(
            f"The clinic's protocol library: copy, change and save protocols ({PROTOCOLS_KEY})"
        )
        protocols.triggered.connect(self.open_protocols)
        self.clinician.currentIndexChanged.connect(self._on_clinician_current_index_changed)
        self.reload()

    def reload(self) -> None:
        """Fill the list again and select the remembered clinician."""
        self.clinician.blockSignals(True)
        self.clinician.clear()
        for row in self._clinicians.active():
            self.clinician.addItem(row.full_name, row.id)
        wanted = self.clinician.findData(self._settings["clinician_id"])
        self.clinician.setCurrentIndex(max(wanted, 0))
        self.clinician.blockSignals(False)

    def show_signed_in(self, enabled: bool, name: str) -> None:
        """Sign-in on: who is signed in, Lock, Switch; off: the list to choose from."""
        for action in self._choose:
            action.setVisible(not enabled)
        for action in self._signed:
            action.setVisible(enabled)
        self.signed_in.setText(f" Signed in: <b>{escape(name) or '—'}</b> ")

    def clinician_id(self) -> int | None:
        data = self.clinician.currentData()
        return int(data) if data is not None else None

    def has_clinicians(self) -> bool:
        return self.clinician.count() > 0

    @Slot(int)
    def _on_clinician_current_index_changed(self, _index: int) -> None:
        clinician = self.clinician_id()
        if clinician is not None:
            self._remember(clinician)

    def _remember(self, clinician_id: int) -> None:
        self._settings.set("clinician_id", clinician_id)
        try:
            self._settings.save()
        except OSError as exc:
            self.message.emit(f"Settings not saved: {exc.strerror or exc}", 8000)

    def first_run(self) -> None:
        """An empty database: create the first clinician, or ask for the demo clinic."""
        if not self.has_clinicians():
            self._clinician_dialog(first_run=True)

    @Slot()
    def add_clinician(self) -> None:
        self._clinician_dialog(first_run=False)

    def _clinician_dialog(self, *, first_run: bool) -> None:
        from ui.pages.first_run import FirstRunDialog

        dialog = FirstRunDialog(
            self._clinicians,
            self.window(),
            first_run=first_run,
            settings=self._settings,
            credentials=self._credentials,
        )
        dialog.clinician_created.connect(self._on_first_run_clinician_created)
        dialog.demo_requested.connect(self.demo_requested)
        self._dialogs.open(dialog)

    @Slot(int)
    def _on_first_run_clinician_created(self, clinician_id: int) -> None:
        self._remember(clinician_id)
        self.reload()
        self.clinician_added.emit(clinician_id)

    def open_secret(self, me: int | None) -> None:
        """Your PIN/password…: change yours; an admin resets a colleague's."""
        from artdesk.store import StoreError
        from ui.pages.secret_dialog import SecretDialog

        if self._credentials is None:
            return
        try:
            people = self._credentials.people()
        except StoreError as exc:
            self.message.emit(f"The clinicians could not be read: {exc}", 10000)
            return
        mine = [p for p in people if p.id == me]
        if not mine:
            self.message.emit("Choose the clinician first (or add one).", 8000)
            return
        dialog = SecretDialog(self._credentials, mine[0], people, self.window())
        dialog.changed.connect(self.secret_changed)
        self._dialogs.open(dialog)

    @Slot()
    def open_settings(self) -> None:
        from ui.pages.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self._settings, self.window())
        dialog.applied.connect(self.settings_applied)
        self._dialogs.open(dialog)

    @Slot()
    def open_protocols(self) -> None:
        """Protocols…: the library and its editor; a save reloads the library in place (and
        the workspace keeps the saved version)."""
        from ui.pages.protocol_editor import ProtocolEditorDialog
        from ui.workspace import Workspace

        workspace = self.parentWidget()
        while workspace is not None and not isinstance(workspace, Workspace):
            workspace = workspace.parentWidget()
        if workspace is None:
            return
        library = workspace.flow.library  # the one the pages hold, reloaded in place
        if library is None:
            return

        def saved(path: Path) -> None:
            workspace.reload_protocols()  # the pages see it; the database keeps the version
            self.message.emit(f"Protocol saved: {path}", 10000)

        folder = workspace.protocol_folder()
        self._dialogs.open(ProtocolEditorDialog(library, folder, saved, self.window()))

    @Slot()
    def back_up(self) -> None:
        """A consistent copy of the live database (SQLite online backup) on a worker thread."""
        from artdesk.store.backup import backup_sqlite
        from artdesk.store.engine import sqlite_path
        from ui.background import run_in_background

        source = sqlite_path(self._database.engine.url)
        if source is None:
            self.message.emit(
                "This database is on a server: back it up with the server's tools.", 10000
            )
            return
        suggested = source.with_name(f"{source.stem}-backup-{datetime.now():%Y-%m-%d}.sqlite")
        target = self.choose_backup_path(str(suggested))
        if not target:
            return

        def done(_: object) -> None:
            self.message.emit(f"Backed up to {target}", 10000)
            self.backed_up.emit(target)

        run_in_background(
            lambda: backup_sqlite(source, Path(target)),
            done=done,
            failed=lambda exc: self.message.emit(f"Backup failed: {exc}", 15000),
        )

    def choose_backup_path(self, suggested: str) -> str:
        """The save dialog for a backup; '' when cancelled. (Tests replace this.)"""
        path, _ = QFileDialog.getSaveFileName(
            self, "Back up the clinic database", suggested, "SQLite database (*.sqlite)"
        )
        return path
