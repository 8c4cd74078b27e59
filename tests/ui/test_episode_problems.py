"""The episode dialog says every problem with what was typed at once — each at its field and in
the list above the buttons, the keys in the first — whether the form sees it (a number that is
not one) or the core's rules refuse it (a plan out of range, a re-evaluation before the episode
opens, text too long); any text (emoji, right-to-left, markup) shown as typed; nothing typed
lost, nothing stored until every problem is fixed."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel
from pytestqt.qtbot import QtBot

from artdesk.course import CarePlan, EpisodeData, Goal
from artdesk.store import InvalidInput
from tests.ui.conftest import TODAY, wait_for_dialog, wait_for_focus_in
from tests.ui.helpers import clinician_and_patient
from tests.ui.keys import paste_text, press
from ui.pages.episode_dialog import EpisodeDialog
from ui.workspace import Workspace

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier
ALT = Qt.KeyboardModifier.AltModifier
ANY = "כאב בעקב — Боль 😀 <b>& "  # right-to-left, Cyrillic, an emoji, markup


def shown(label: QLabel) -> str:
    return label.text() if label.isVisibleTo(label.window()) else ""


def new_episode_dialog(qtbot: QtBot, window: Workspace) -> tuple[int, EpisodeDialog]:
    patient = clinician_and_patient(window)
    window.show_patient(patient)
    qtbot.waitUntil(lambda: window.patient_page.progress_panel is not None)
    wait_for_focus_in(qtbot, window.patient_page)
    press(QApplication.focusWidget(), Qt.Key.Key_N, CTRL | SHIFT)  # type: ignore[arg-type]
    dialog = wait_for_dialog(qtbot, window, EpisodeDialog)
    assert isinstance(dialog, EpisodeDialog)
    return patient, dialog


def test_every_problem_is_said_at_once_each_at_its_field(qtbot: QtBot, window: Workspace) -> None:
    patient, dialog = new_episode_dialog(qtbot, window)
    mechanism = (ANY * 700)[:10_000]
    dialog.complaint.setPlainText("   ")  # nothing visible
    dialog.mechanism.setFocus()
    paste_text(dialog.mechanism, mechanism)
    dialog.plan.per_week.setText("0")
    dialog.plan.weeks.setText("-3")
    dialog.plan.visits.setText("10000")
    dialog.reeval_date.setText("2025-12-20")  # before the episode opens (today)
    dialog.injury_date.setText("2025-12-10")  # fine
    fine = dialog.goals.add()
    fine.text.setText(f"Runs 5 km {ANY}")
    bad = dialog.goals.add()
    bad.text.setText(f"Pain {ANY}at most 20")
    bad.instrument.setCurrentIndex(bad.instrument.findData("VAS"))
    bad.target.setText("500")  # the core: out of the scale
    odd = dialog.goals.add()
    odd.text.setText("Hops 20 times")
    odd.target.setText("lots")  # the form: not a number, and no measure
    press(dialog, Qt.Key.Key_S, CTRL)

    errors = {name: shown(label) for name, label in dialog.errors.items()}
    assert errors["complaint"] == "The complaint is required."
    assert "at most 2,000" in errors["mechanism"]
    plan = errors["plan"]
    assert "Visits per week: type a whole number, at least 1 ('0' typed)" in plan
    assert "weeks: type a whole number, at least 1 ('-3' typed)" in plan
    assert "the number of visits must be a whole number 1–300" in plan  # the core's, too
    assert errors["reeval_date"] == (
        f"The re-evaluation date 2025-12-20 is before the episode opened ({TODAY.isoformat()})."
    )
    assert errors["injury_date"] == "" and errors["diagnosis"] == ""
    assert shown(fine.error) == ""
    assert "must be 0–100" in shown(bad.error)
    assert f"'Pain {ANY.strip()} at most 20'" in shown(bad.error)  # quoted as typed
    assert bad.error.textFormat() == Qt.TextFormat.PlainText  # <b>& shown, not applied
    assert "is not a number" in shown(odd.error) and "needs a measure" in shown(odd.error)
    # the list: every one, in the form's order; the keys in the first
    listed = [dialog.problems.item(n).text() for n in range(dialog.problems.count())]
    assert [line.split(":")[0] for line in listed] == [
        "Complaint",
        "Mechanism",
        "Plan",
        "Re-evaluation",
        "Goal 2",
        "Goal 3",
    ]
    assert dialog.problems.isVisibleTo(dialog)
    assert dialog.problems_caption.text().startswith("Pro&blems (6): not saved")
    assert QApplication.focusWidget() is dialog.complaint
    # Alt+B to the list, Enter on a problem: the keys go to its field
    press(dialog, Qt.Key.Key_B, ALT)
    assert QApplication.focusWidget() is dialog.problems
    dialog.problems.setCurrentRow(2)
    press(dialog.problems, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is dialog.plan.per_week  # the first number named
    press(dialog, Qt.Key.Key_B, ALT)
    dialog.problems.setCurrentRow(5)
    press(dialog.problems, Qt.Key.Key_Return)
    assert QApplication.focusWidget() is odd.text
    # nothing stored, nothing typed lost
    assert window.flow.episodes.for_patient(patient) == []
    assert dialog.mechanism.text() == mechanism
    assert dialog.plan.typed() == ("0", "-3", "10000")
    assert bad.text.text() == f"Pain {ANY}at most 20"

    # all put right at once: saved as typed, the list gone
    dialog.complaint.setPlainText(f"Heel pain {ANY}")
    dialog.mechanism.setText(mechanism[:2000])
    dialog.plan.per_week.setText("2")
    dialog.plan.weeks.setText("3")
    dialog.plan.visits.setText("")
    dialog.reeval_date.setText(TODAY.isoformat())
    bad.target.setText("20")
    odd.target.setText("")
    with qtbot.waitSignal(dialog.saved):
        press(dialog, Qt.Key.Key_S, CTRL)
    (episode,) = window.flow.episodes.for_patient(patient)
    assert episode.complaint == f"Heel pain {ANY}".strip() and episode.planned == 6
    assert [g.text for g in episode.goals] == [
        f"Runs 5 km {ANY}".strip(),
        f"Pain {ANY}at most 20",
        "Hops 20 times",
    ]


def test_an_edited_episode_is_checked_against_the_day_it_opened(
    qtbot: QtBot, window: Workspace
) -> None:
    patient = clinician_and_patient(window)
    clinician = window.clinician_id()
    assert clinician is not None
    episodes = window.flow.episodes
    episode = episodes.get(episodes.open(patient, clinician, EpisodeData("knee pain")))
    dialog = EpisodeDialog(episodes, patient, clinician, episode, lambda: TODAY, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.reeval_date.setText("2026-01-04")  # the day before it opened
    dialog.plan.visits.setText("301")
    dialog.save()
    assert "before the episode opened (2026-01-05)" in shown(dialog.errors["reeval_date"])
    assert "1–300" in shown(dialog.errors["plan"])
    assert dialog.focusWidget() is dialog.plan.visits  # the number the problem names
    assert episodes.get(episode.id).plan == CarePlan()  # nothing changed


def test_the_store_refuses_every_problem_at_once_by_field(window: Workspace) -> None:
    """The core's rule the dialog shows: one InvalidInput naming every field."""
    patient = clinician_and_patient(window)
    clinician = window.clinician_id()
    assert clinician is not None
    data = EpisodeData(
        complaint="",
        diagnosis_code="hamstring",
        injury_date=date(2026, 2, 1),
        plan=CarePlan(visits_per_week=0, weeks=-3, visits=10_000),
        reeval_date=date(2025, 1, 1),
        goals=(Goal("ok"), Goal("VAS under 200", instrument="VAS", target=200.0)),
        psfs_activities=tuple("abcdef"),
    )
    try:
        window.flow.episodes.open(patient, clinician, data)
    except InvalidInput as exc:
        errors = exc.errors
    else:
        raise AssertionError("refused")
    assert set(errors) == {
        "complaint",
        "diagnosis",
        "injury_date",
        "plan",
        "reeval_date",
        "goals.1",
        "psfs",
    }
    assert errors["plan"].count("must be a whole number") == 3  # 0, -3 and 10 000 alike
    assert window.flow.episodes.check(data) == errors  # the same, nothing written
    assert window.flow.episodes.for_patient(patient) == []
