"""Patients: validation of what was typed, storage, and search as you type."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import delete
from sqlalchemy.orm import Session

from artdesk.patient_list import PatientRow as PatientRow  # the list's row, one definition
from artdesk.store import patient_search
from artdesk.store.engine import Database
from artdesk.store.errors import InvalidInput, NotFound
from artdesk.store.models import Patient, PatientNameToken
from artdesk.store.patient_search import SearchQuery as SearchQuery
from artdesk.store.patient_search import parse_query as parse_query
from artdesk.store.text import (
    TOKEN_CHARS,
    broken_text,
    digits,
    fold,
    name_tokens,
    one_line,
    visible,
)

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")
_LIMITS = {"full_name": 300, "sex": 20, "phone": 40, "email": 254, "sport": 100, "notes": 20_000}
OLDEST_BIRTH_YEAR = 1900
_EXAMPLE = "1990-04-03"


def parse_birth_date(text: str) -> date | str:
    """A typed date of birth: ISO ``1990-04-03`` or day-first ``3.4.1990``; else the problem."""
    if not text.strip():
        return "a date of birth is required"
    return parse_date(text)


def parse_date(text: str) -> date | str:
    """A typed date: ISO ``2026-12-01`` or day-first ``1.12.2026``; else the problem."""
    text = text.strip()
    try:
        if _ISO_DATE.match(text):
            year, month, day = (int(p) for p in text.split("-"))
            return date(year, month, day)
        dotted = re.match(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$", text)
        if dotted:
            day, month, year = (int(g) for g in dotted.groups())
            return date(year, month, day)
    except ValueError:
        return f"{text} is not a date on the calendar"
    return f"type the date as {_EXAMPLE} or 3.4.1990" if text else "no date given"


@dataclass(slots=True)
class PatientData:
    """What the patient form holds. Text as typed; ``validate`` says what is wrong with it."""

    full_name: str
    date_of_birth: date | None
    sex: str | None = None
    phone: str = ""
    email: str = ""
    sport: str = ""
    notes: str = ""

    def validate(self, today: date) -> dict[str, str]:
        errors: dict[str, str] = {}
        for name, limit in _LIMITS.items():
            value = getattr(self, name)
            if value is not None and len(value) > limit:
                errors[name] = f"at most {limit:,} characters ({len(value):,} typed)"
            problem = broken_text(value) if value is not None else None
            if problem:
                errors[name] = problem
        if not visible(self.full_name):
            errors["full_name"] = (
                "a name is required"
                if not self.full_name.strip()
                else "a name needs at least one visible letter (only invisible characters typed)"
            )
        if self.date_of_birth is None:
            errors["date_of_birth"] = "a date of birth is required"
        elif self.date_of_birth > today:
            errors["date_of_birth"] = "the date of birth is in the future"
        elif self.date_of_birth.year < OLDEST_BIRTH_YEAR:
            errors["date_of_birth"] = f"a date of birth before {OLDEST_BIRTH_YEAR} is not plausible"
        phone = self.phone.strip()
        if phone and "phone" not in errors and (not _PHONE.match(phone) or len(digits(phone)) < 6):
            errors["phone"] = "a phone number has at least 6 digits and only + ( ) - . / spaces"
        email = self.email.strip()
        if email and "email" not in errors and not _EMAIL.match(email):
            errors["email"] = "an email address looks like name@example.org"
        return errors


class PatientRepository:
    def __init__(
        self,
        database: Database,
        today: Callable[[], date] | None = None,
        now: Callable[[], datetime] | None = None,
    ) -> None:
        self._db = database
        self._today = today or date.today
        self._now = now or (lambda: datetime.now(UTC))

    def today(self) -> date:
        return self._today()

    def add(self, data: PatientData) -> int:
        self._check(data)
        with self._db.write() as session:
            patient = Patient(
                created_at=self._now(),
                updated_at=self._now(),
                full_name="",
                name_key="",
                date_of_birth=data.date_of_birth,
            )
            self._fill(session, patient, data)
            session.add(patient)
            session.flush()
            return patient.id

    def update(self, patient_id: int, data: PatientData) -> None:
        self._check(data)
        with self._db.write() as session:
            patient = session.get(Patient, patient_id)
            if patient is None:
                raise NotFound(f"no patient {patient_id}")
            self._fill(session, patient, data)
            patient.updated_at = self._now()

    def get(self, patient_id: int) -> Patient:
        with self._db.read() as session:
            patient = session.get(Patient, patient_id)
            if patient is None:
                raise NotFound(f"no patient {patient_id}")
            return patient

    def _check(self, data: PatientData) -> None:
        errors = data.validate(self._today())
        if errors:
            raise InvalidInput(
                "; ".join(f"{k.replace('_', ' ')}: {v}" for k, v in errors.items()), errors
            )

    @staticmethod
    def _fill(session: Session, patient: Patient, data: PatientData) -> None:
        assert data.date_of_birth is not None
        patient.full_name = one_line(data.full_name)
        patient.name_key = fold(patient.full_name)
        patient.date_of_birth = data.date_of_birth
        patient.sex = one_line(data.sex or "") or None
        patient.phone = one_line(data.phone)
        patient.phone_digits = digits(data.phone)
        patient.email = one_line(data.email)
        patient.sport = one_line(data.sport)
        patient.notes = data.notes.strip()
        if patient.id is not None:
            session.execute(
                delete(PatientNameToken).where(PatientNameToken.patient_id == patient.id)
            )
        patient.tokens = [  # each with where the patient sorts: the search reads that order
            PatientNameToken(token=t[:TOKEN_CHARS], name_key=patient.name_key)
            for t in sorted(name_tokens(patient.full_name))
        ]

    # --- search (artdesk.store.patient_search) -------------------------------------------

    def search(
        self,
        text: str = "",
        *,
        limit: int = 50,
        after: PatientRow | None = None,
        offset: int = 0,
    ) -> list[PatientRow]:
        """Patients matching ``text``, by name: every word must start a word of the name.

        ``after``: the next page, the patients that sort after that row (keyset paging: a page
        costs the same at the end of the list as at its start, and a patient added between
        two pages is neither listed twice nor makes another one skipped). ``offset`` is for
        the command line's ``--offset``. Only the list's columns are read, never the notes.
        """
        if limit <= 0 or offset < 0:
            raise ValueError("limit must be positive and offset not negative")
        with self._db.read() as session:
            return patient_search.page(session.connection(), text, limit, after, offset)

    def count(self, text: str = "") -> int:
        with self._db.read() as session:
            return patient_search.count(session.connection(), text)
