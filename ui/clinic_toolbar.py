"""The clinic toolbar: who is treating now, add a clinician, back up, settings.

It asks for what it needs (a file name, a dialog) and reports what happened; the workspace
routes. Signals: ``clinician_changed(int)``, ``settings_requested()``, ``message(str, int)``,
``backed_up(str)``, ``add_clinician_requested()``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Signal, Slot
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QToolBar, QWidget

from artdesk.store import ClinicianRepository, Database


class ClinicToolbar(QToolBar):
    clinician_changed = Signal(int)
    settings_requested = Signal()
    add_clinician_requested = Signal()
    message = Signal(str, int)
    backed_up = Signal(str)

    def __init__(
        self,
        clinicians: ClinicianRepository,
        database: Database,
        selected: Callable[[], int | None],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__("Clinician", parent)
        self._clinicians = clinicians
        self._database = database
        self._selected = selected
        self.setMovable(False)
        self.addWidget(QLabel(" Clinician: "))
        self.clinician = QComboBox()
        self.clinician.setMinimumContentsLength(18)
        self.addWidget(self.clinician)
        self.addAction("Add clinician…").triggered.connect(self.add_clinician_requested)
        self.addSeparator()
        self.addAction("Back up…").triggered.connect(self.back_up)
        settings_action = self.addAction("Settings…")
        settings_action.setShortcut(QKeySequence("Ctrl+,"))
        settings_action.triggered.connect(self.settings_requested)
        self.clinician.currentIndexChanged.connect(self._on_clinician_current_index_changed)
        self.reload()

    def reload(self) -> None:
        """Fill the list again and select the remembered clinician (``selected()``)."""
        self.clinician.blockSignals(True)
        self.clinician.clear()
        for row in self._clinicians.active():
            self.clinician.addItem(row.full_name, row.id)
        wanted = self.clinician.findData(self._selected())
        self.clinician.setCurrentIndex(max(wanted, 0))
        self.clinician.blockSignals(False)

    def clinician_id(self) -> int | None:
        data = self.clinician.currentData()
        return int(data) if data is not None else None

    def has_clinicians(self) -> bool:
        return self.clinician.count() > 0

    @Slot(int)
    def _on_clinician_current_index_changed(self, _index: int) -> None:
        clinician = self.clinician_id()
        if clinician is not None:
            self.clinician_changed.emit(clinician)

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
