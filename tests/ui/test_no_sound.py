"""A PC with no audio device (issue 14 item 7): the window says so once and the treatment
screen flashes at each cue instead — a cue the clinician never hears is no cue."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from pytestqt.qtbot import QtBot

from artdesk.settings import Settings
from artdesk.store import (
    ClinicianRepository,
    CredentialRepository,
    PatientData,
    PatientRepository,
    open_database,
)
from tests.builders import setup_for
from ui.app import Application
from ui.sounds import SilentCues


def test_no_audio_device_is_said_once_and_the_screen_flashes_instead(
    qtbot: QtBot, tmp_path: Path
) -> None:
    database = open_database(tmp_path / "clinic.sqlite")
    ClinicianRepository(database).add("Dr Amelia Hart", "DC")
    patient = PatientRepository(database).add(PatientData("Ana Silva", date(1990, 1, 2)))
    cues = SilentCues(unavailable="no audio device was found")
    application = Application(Settings(tmp_path / "settings.json"), cues)
    workspace = application.open(database)
    qtbot.addWidget(application.window)  # type: ignore[arg-type]
    banner = workspace.file_care.banner
    qtbot.waitUntil(lambda: "Sounds cannot play" in banner.text.text())
    assert "no audio device was found" in banner.text.text()
    assert banner.text.text().count("Sounds cannot play") == 1
    treatment = workspace.flow.open_treatment(1, setup_for(workspace._library, patient))
    workspace.treatment = treatment
    workspace.treat(treatment)
    page = workspace.treatment_page
    assert page.visual_cue
    page.advance()  # locate → contact: a phase change
    assert page.flashes == ["phase"] and cues.played == ["phase"]


def test_with_sound_the_screen_does_not_flash_unless_asked(qtbot: QtBot, tmp_path: Path) -> None:
    database = open_database(tmp_path / "clinic.sqlite")
    ClinicianRepository(database).add("Dr Amelia Hart", "DC")
    patient = PatientRepository(database).add(PatientData("Ana Silva", date(1990, 1, 2)))
    settings = Settings(tmp_path / "settings.json")
    application = Application(settings, SilentCues())
    workspace = application.open(database)
    qtbot.addWidget(application.window)  # type: ignore[arg-type]
    treatment = workspace.flow.open_treatment(1, setup_for(workspace._library, patient))
    workspace.treatment = treatment
    workspace.treat(treatment)
    page = workspace.treatment_page
    page.advance()
    assert page.flashes == []
    settings.set("visual_cue", True)  # a noisy room: the clinician asks for it
    workspace.toolbar.settings_applied.emit()
    page.advance()
    assert page.flashes == ["phase"]


def test_the_notice_is_as_tall_as_its_lines_above_the_lock_screen(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """Seen on the lock screen before sign-in: the banner took half of a 768-pixel screen."""
    database = open_database(tmp_path / "clinic.sqlite")
    clinician = ClinicianRepository(database).add("Dr Amelia Hart", "DC")
    CredentialRepository(database).set_secret(clinician, "pin", "246810")
    cues = SilentCues(unavailable="no audio device was found")
    application = Application(Settings(tmp_path / "settings.json"), cues)
    workspace = application.open(database)
    window = application.window
    assert window is not None
    qtbot.addWidget(window)
    window.showNormal()
    window.resize(1366, 768)
    banner = workspace.file_care.banner
    qtbot.waitUntil(lambda: banner.isVisible() and "Sounds cannot play" in banner.text.text())
    assert workspace.session.locked
    qtbot.wait(50)  # laid out
    lines = banner.layout().sizeHint().height()  # type: ignore[union-attr]
    assert banner.height() <= lines + 4, (banner.height(), lines)
    assert banner.height() < 768 / 5
