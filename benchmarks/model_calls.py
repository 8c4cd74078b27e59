"""How often the list models are asked: data() calls for one keystroke and for opening a
patient with 500 visits, and the lock icons drawn (counts, not times).

    python benchmarks/model_calls.py

Qt's offscreen platform, the patients page and the patient page at 1366×768 over made-up
rows (a keystroke that matches 100 patients; 500 signed visits), every pending event run.
tests/ui/test_cheap_models.py holds the rules these counts follow.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QT_LOGGING_RULES", "qt.qpa.*=false")

from collections import Counter
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import _common  # noqa: F401  (the repository on the path)
from PySide6.QtWidgets import QApplication

from artdesk.visit import VisitRow
from artdesk.vocabulary import VisitStatus
from ui.models import visit_history_model
from ui.models.patient_list_model import PatientListModel
from ui.pages.patient_page import PatientPage
from ui.pages.patients_page import PatientsPage

calls: Counter[str] = Counter()


def counted(model: type[Any], name: str) -> None:
    real = model.data

    def data(self: Any, index: Any, role: int = 0) -> Any:
        calls[name] += 1
        return real(self, index, role)

    model.data = data


class Patients:
    def search(self, text: str = "", *, limit: int = 50, **page: Any) -> list[Any]:
        return (
            [
                SimpleNamespace(
                    id=n,
                    full_name=f"Runner {n:03d}",
                    date_of_birth=date(1990, 1, 1),
                    phone="+44 7700 900123",
                    email="",
                    sport="parkrun",
                    name_key=f"runner {n:03d}",
                )
                for n in range(limit)
            ]
            if text
            else []
        )

    def get(self, patient_id: int) -> Any:
        return SimpleNamespace(
            full_name="Ana",
            date_of_birth=date(1990, 1, 1),
            sex=None,
            phone="",
            email="",
            sport="",
            notes="",
        )


def main() -> None:
    app = QApplication([])
    counted(PatientListModel, "patients")
    counted(visit_history_model.VisitHistoryModel, "visits")
    locks: Counter[str] = Counter()
    real_lock = visit_history_model.lock_icon

    def lock_icon(size: int = 24) -> Any:
        locks["drawn"] += 1
        return real_lock(size)

    visit_history_model.lock_icon = lock_icon  # type: ignore[assignment]

    def settle() -> None:
        for _ in range(5):
            app.processEvents()

    page = PatientsPage(PatientListModel(Patients()))  # type: ignore[arg-type]
    page.resize(1366, 768)
    page.show()
    settle()
    calls.clear()
    page.search.setText("r")
    settle()
    print(f"one keystroke matching 100 patients: {calls['patients']} data() calls")

    start = datetime(2024, 1, 1, 9, tzinfo=UTC)
    visits = [
        VisitRow(
            id=n,
            patient_id=1,
            patient_name="Ana",
            clinician_name="Dr B",
            started_at=start + timedelta(days=n),
            status=VisitStatus.SIGNED,
            protocols="Posterior thigh (right)",
            treated_seconds=600.0,
            billing_units=1,
            pain_before=6,
            pain_after=3,
        )
        for n in range(500)
    ]
    flow = SimpleNamespace(history=lambda patient_id, limit=500: visits[:limit])
    patient = PatientPage(Patients(), visit_history_model.VisitHistoryModel(flow))  # type: ignore[arg-type]
    patient.resize(1366, 768)
    patient.show()
    settle()
    calls.clear()
    patient.show_patient(1)
    settle()
    print(f"opening 500 visits: {calls['visits']} data() calls, {locks['drawn']} lock icons drawn")
    os._exit(0)  # the counts are out; PySide6 6.12 can abort at interpreter exit


if __name__ == "__main__":
    main()
