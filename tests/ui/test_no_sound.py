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


def test_a_long_notice_shows_its_first_lines_and_its_last_with_details_for_all(
    qtbot: QtBot,
) -> None:
    """Seen on a database whose visits had been moved between patients: every altered visit a
    line, and the banner covered the whole window."""
    from ui.notice_banner import NoticeBanner

    banner = NoticeBanner()
    qtbot.addWidget(banner)
    altered = [f"visit {n}: its journal does not match its record" for n in range(1, 301)]
    banner.add([*altered, "to restore a backup: Backups…"], problem=True)
    shown = banner.text.text().split("\n")
    assert len(shown) == 6
    assert shown[:4] == [f"• Visit {n}: its journal does not match its record" for n in range(1, 5)]
    assert shown[4] == "• … and 296 more (Details… lists them all)"
    assert shown[5] == "• To restore a backup: Backups…"  # what to do stays in view
    assert banner.details_button.isVisibleTo(banner) and len(banner.lines()) == 301
    banner.details_button.click()
    assert banner.details.detailedText().count("\n") == 300  # every line, in a box that scrolls
    banner.details.close()
    banner.dismiss()
    assert not banner.details_button.isVisibleTo(banner)
    banner.add(["x" * 10_000])  # one very long line: cut in the banner, whole in Details…
    assert len(banner.text.text()) < 700 and banner.details_button.isVisibleTo(banner)
