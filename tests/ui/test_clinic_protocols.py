"""The clinic's protocol folder in the window (issue 13 item 2): its protocols are offered at
set-up beside the shipped ones, and a broken file is said in the banner and stops nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library
from artdesk.settings import Settings
from artdesk.store import PatientData, PatientRepository, open_database
from tests.protocols.test_clinic_library import clinic_copy
from tests.ui.helpers import finish_background
from ui.app import Application
from ui.sounds import SilentCues
from ui.workspace import Workspace


def test_the_clinic_folder_beside_the_database_loads_and_a_broken_file_is_said(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = tmp_path / "clinic.sqlite"
    folder = tmp_path / "protocols"  # the default: beside the database
    clinic_copy(folder, "calf-achilles", new_id="runners-calf", name="Runners' calf (clinic)")
    (folder / "half-written.toml").write_text('id = "half"\n[[structures]\n', encoding="utf-8")
    database = open_database(db)
    patient = PatientRepository(database).add(PatientData("Ana Silva", date(1990, 1, 2)))
    application = Application(Settings(tmp_path / "settings.json"), SilentCues())
    workspace = application.open(database)
    qtbot.addWidget(application.window)  # type: ignore[arg-type]
    banner = workspace.file_care.banner
    qtbot.waitUntil(banner.isVisible)
    assert "half-written.toml" in banner.text.text() and "left out" in banner.text.text()
    workspace.start_visit(patient)
    finish_background()  # the set-up is read on a worker, then shown
    offered = [
        workspace.setup_page.protocols.item(i).data(Qt.ItemDataRole.UserRole)
        for i in range(workspace.setup_page.protocols.count())
    ]
    assert "runners-calf" in offered and "calf-achilles" in offered and "half" not in offered


def test_another_folder_in_settings_reloads_the_library_in_place(
    window: Workspace, library: Library, settings: Settings, tmp_path: Path
) -> None:
    folder = tmp_path / "server-share" / "protocols"
    clinic_copy(folder, "neck", name="Neck — as our clinic treats it")
    assert "Neck — as our clinic treats it" not in library.get("neck").name
    settings.set("protocol_folder", str(folder))
    window.toolbar.settings_applied.emit()
    assert library.get("neck").name == "Neck — as our clinic treats it"  # every page's library
    assert library.origins["neck"] == "clinic-replaces-shipped"
    # the set-up's list says it, without a restart
    labels = [
        window.setup_page.protocols.item(i).text()
        for i in range(window.setup_page.protocols.count())
    ]
    assert any(
        t.startswith("Neck — as our clinic treats it") and "clinic's version" in t for t in labels
    )
    assert not any("clinic's" in t for t in labels if t.startswith("Shin"))
    # the clinic's version is kept in the database from now, before any visit ran it
    kept = window.flow.protocol_versions.versions("neck")
    assert [(k.version, k.origin) for k in kept] == [
        (library.get("neck").version, "clinic-replaces-shipped")
    ]
