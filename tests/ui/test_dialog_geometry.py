"""Every dialog fits a 1024×600 netbook and a 1366×768 laptop with its buttons in view
(issue 14 item 7): what does not fit scrolls inside the dialog, the buttons stay put; Esc
leaves it."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QAbstractButton, QDialog, QScrollArea, QWidget
from pytestqt.qtbot import QtBot
from reportlab.pdfgen import canvas

from artdesk.course import EpisodeData
from artdesk.reports.common import Rendered
from artdesk.settings import Settings
from artdesk.store import ClinicianRepository, Database, PatientData, PatientRepository
from artdesk.store.credentials import CredentialRepository
from artdesk.store.episodes import EpisodeRepository
from ui import fitting
from ui.dialogs import DialogOpener
from ui.fitting import SIDES, TITLE_AND_PANEL

SCREENS = {"1024x600": QRect(0, 0, 1024, 600), "1366x768": QRect(0, 0, 1366, 768)}


def dialogs(database: Database, tmp_path: Path) -> dict[str, Callable[[], QDialog]]:
    from datetime import date

    from ui.pages.backups_dialog import BackupsDialog
    from ui.pages.clinician_profile import ClinicianProfileDialog
    from ui.pages.discharge_dialog import DischargeDialog
    from ui.pages.episode_dialog import EpisodeDialog
    from ui.pages.first_run import FirstRunDialog
    from ui.pages.patient_form import PatientForm
    from ui.pages.referral_dialog import ReferralDialog
    from ui.pages.settings_dialog import SettingsDialog
    from ui.pages.sign_dialog import SignDialog

    clinicians = ClinicianRepository(database)
    clinician = clinicians.add("Dr Amelia Hart", "DC")
    patients = PatientRepository(database)
    patient = patients.add(PatientData("Ana Silva", date(1990, 1, 2)))
    episodes = EpisodeRepository(database)
    episode_id = episodes.open(patient, clinician, EpisodeData("left calf strain"))
    episode = episodes.get(episode_id)
    settings = Settings(tmp_path / "settings.json")
    credentials = CredentialRepository(database)
    summary = "\n".join(f"Line {n} of what is signed" for n in range(40))
    from artdesk.protocols import load_shipped_library
    from ui.documents.printing import PreviewDialog
    from ui.pages.protocol_editor import ProtocolEditorDialog

    paper = io.BytesIO()
    page = canvas.Canvas(paper)
    page.drawString(72, 720, "A summary")
    page.save()
    rendered = Rendered(paper.getvalue(), 1, frozenset())
    return {
        "preview": lambda: PreviewDialog("Summary", rendered, "Made with no clinic header"),
        "settings": lambda: SettingsDialog(settings),
        "protocols": lambda: ProtocolEditorDialog(
            load_shipped_library(), tmp_path / "protocols", lambda _path: None
        ),
        "first-run": lambda: FirstRunDialog(clinicians, None, True, settings, credentials),
        "patient-form": lambda: PatientForm(patients),
        "backups": lambda: BackupsDialog(tmp_path),
        "profile": lambda: ClinicianProfileDialog(clinicians, clinician),
        "referral": lambda: ReferralDialog(True, "suspected DVT", lambda r, s: 1, None, "PIN"),
        "sign": lambda: SignDialog("Sign the visit", summary, "PIN", lambda s: None),
        "episode": lambda: EpisodeDialog(episodes, patient, clinician),
        "discharge": lambda: DischargeDialog(episodes, episode, clinician),
    }


@pytest.mark.parametrize("size", SCREENS)
def test_every_dialog_fits_with_its_buttons_in_view(
    qtbot: QtBot,
    database: Database,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: str,
) -> None:
    screen = SCREENS[size]
    monkeypatch.setattr(fitting, "available", lambda _widget: screen)
    room = QRect(0, 0, screen.width() - SIDES, screen.height() - TITLE_AND_PANEL)
    too_big = []
    owner = QWidget()
    qtbot.addWidget(owner)
    opener = DialogOpener(owner)
    for name, make in dialogs(database, tmp_path).items():
        dialog = make()
        qtbot.addWidget(dialog)
        opener.open(dialog)  # as the window opens every dialog
        qtbot.waitExposed(dialog)
        if dialog.width() > room.width() or dialog.height() > room.height():
            too_big.append(f"{name}: {dialog.width()}×{dialog.height()}")
        for button in dialog.findChildren(QAbstractButton):
            if not button.isVisible() or _in_scroll_area(button, dialog):
                continue
            corner = button.mapTo(dialog, QPoint(button.width(), button.height()))
            if corner.y() > min(dialog.height(), room.height()):
                too_big.append(f"{name}: {button.text()!r} below the edge")
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
        assert not dialog.isVisible(), f"Esc does not leave {name}"
    assert not too_big, too_big


def _in_scroll_area(widget: QWidget, dialog: QDialog) -> bool:
    parent = widget.parentWidget()
    while parent is not None and parent is not dialog:
        if isinstance(parent, QScrollArea):
            return True
        parent = parent.parentWidget()
    return False
