"""Patient search as you type: what the search box holds, and the list's pages.

A page is read in the list's order (name_key, id) after the row the list ends with (keyset:
the last page of 100 000 patients costs what the first does, and a patient added between two
pages neither repeats a row nor hides one). A typed word is a range of the search words'
index (token, name_key, patient_id): the page's patients come from the index alone, never
looking up every patient a letter matches to sort them (schema 0009). Statements are built
once per shape with bound parameters (a keystroke pays for SQLite, not for building SQL), and
run on the session's connection (plain rows, no ORM loading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    and_,
    bindparam,
    func,
    select,
    tuple_,
)

from artdesk.patient_list import PatientRow
from artdesk.store.models import Patient, PatientNameToken
from artdesk.store.text import digits, query_words

_PHONE = re.compile(r"^\+?[0-9 ()./-]+$")
_ISO_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}$")
_DOTTED_DATE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")

_PATIENTS = Patient.__table__
_WORDS = PatientNameToken.__table__
_ROW = (  # PatientRow's fields, in its order: the list's columns only, never the notes
    _PATIENTS.c.id,
    _PATIENTS.c.full_name,
    _PATIENTS.c.date_of_birth,
    _PATIENTS.c.phone,
    _PATIENTS.c.email,
    _PATIENTS.c.sport,
    _PATIENTS.c.name_key,
)


@dataclass(slots=True)
class SearchQuery:
    words: list[str] = field(default_factory=list)
    birth_dates: list[date] = field(default_factory=list)
    phone_digits: str = ""


def parse_query(text: str) -> SearchQuery:
    """Decide what the search box holds: a date of birth, a phone number, or name words."""
    text = text.strip()
    query = SearchQuery()
    if not text:
        return query
    if _ISO_DATE.match(text):
        try:
            query.birth_dates.append(
                date.fromisoformat("-".join(part.zfill(2) for part in text.split("-")))
            )
            return query
        except ValueError:
            pass
    dotted = _DOTTED_DATE.match(text)
    if dotted:
        a, b, year = (int(g) for g in dotted.groups())
        for day, month in {(a, b), (b, a)}:  # 03/04/1990: day-first or month-first
            try:
                query.birth_dates.append(date(year, month, day))
            except ValueError:
                continue
        if query.birth_dates:
            return query
    if _PHONE.match(text) and len(digits(text)) >= 3:
        query.phone_digits = digits(text)
        return query
    query.words = query_words(text)
    return query


def _upper_bound(prefix: str) -> str | None:
    """The smallest string greater than every string that starts with ``prefix`` (None when
    the last character is already the largest there is)."""
    if ord(prefix[-1]) >= 0x10FFFF:
        return None
    return prefix[:-1] + chr(ord(prefix[-1]) + 1)


def _word_params(words: list[str]) -> tuple[tuple[bool, ...], dict[str, Any]]:
    """Each word's range as parameters ``w0``/``u0``…, and which have an upper end."""
    params: dict[str, Any] = {}
    for n, word in enumerate(words):
        params[f"w{n}"] = word
        upper = _upper_bound(word)
        if upper is not None:
            params[f"u{n}"] = upper
    return tuple(f"u{n}" in params for n in range(len(words))), params


def _starts(token: Any, n: int, upper: bool) -> ColumnElement[bool]:
    """Word ``n`` matches: a stored name word starting with it (a range of the index)."""
    starts = token >= bindparam(f"w{n}")
    return and_(starts, token < bindparam(f"u{n}")) if upper else starts


@cache
def _spans_statement(uppers: tuple[bool, ...]) -> Select[Any]:
    """The first and the last stored word each typed word starts: two seeks of the index."""
    ends = []
    for n, upper in enumerate(uppers):
        for way in ("asc", "desc"):
            token = _WORDS.c.token
            ends.append(
                select(token)
                .where(_starts(token, n, upper))
                .order_by(token.asc() if way == "asc" else token.desc())
                .limit(1)
                .scalar_subquery()
            )
    return select(*ends)


@cache
def _lead_statement(uppers: tuple[bool, ...], lead: int, single: bool, after: bool) -> Select[Any]:
    """The patients (id, name_key) matching every word, in the list's order, from the index:
    the ``lead`` word's entries (``single``: the one stored word it starts, already in name
    order, so no sort and the page stops early), each other word checked patient by
    patient (an index seek)."""
    word = _WORDS.alias("lead")
    if single:
        stmt = select(word.c.patient_id, word.c.name_key).where(word.c.token == bindparam("only"))
    else:
        stmt = select(word.c.patient_id, word.c.name_key).where(
            _starts(word.c.token, lead, uppers[lead])
        )
    for n, upper in enumerate(uppers):
        if n != lead:
            also = _WORDS.alias(f"also{n}")
            stmt = stmt.where(
                select(also.c.patient_id)
                .where(also.c.patient_id == word.c.patient_id, _starts(also.c.token, n, upper))
                .exists()
            )
    if after:
        last = tuple_(bindparam("key"), bindparam("pid"))
        stmt = stmt.where(tuple_(word.c.name_key, word.c.patient_id) > last)
    return stmt.order_by(word.c.name_key, word.c.patient_id).limit(bindparam("batch"))


_ROWS_BY_ID = (
    select(*_ROW)
    .where(_PATIENTS.c.id.in_(bindparam("ids", expanding=True)))
    .order_by(_PATIENTS.c.name_key, _PATIENTS.c.id)
)
_FIRST = select(*_ROW).order_by(_PATIENTS.c.name_key, _PATIENTS.c.id).limit(bindparam("n"))
_NEXT = _FIRST.where(
    tuple_(_PATIENTS.c.name_key, _PATIENTS.c.id) > tuple_(bindparam("key"), bindparam("pid"))
)  # ix_patients_name_key is (name_key, rowid): no sort, wherever the page starts


def _by_words(
    connection: Connection, words: list[str], limit: int, after: PatientRow | None
) -> list[int]:
    """The ids of the first ``limit`` patients after ``after`` whose name has a word starting
    with each of ``words``. The lead word is one only a single stored word starts ("emma",
    "smith": read in order), else the longest (its range sorted by name, index entries
    only)."""
    uppers, params = _word_params(words)
    ends = connection.execute(_spans_statement(uppers), params).one()
    spans = [(ends[2 * n], ends[2 * n + 1]) for n in range(len(words))]
    if any(first is None for first, _ in spans):
        return []  # a word no name has a word for
    single = [n for n, (first, last) in enumerate(spans) if first == last]
    lead = max(single or range(len(words)), key=lambda n: len(words[n]))
    params |= {"only": spans[lead][0], "batch": 2 * limit}  # a patient matching twice: twice
    ids: list[int] = []
    last = (after.name_key, after.id) if after is not None else None
    while True:
        stmt = _lead_statement(uppers, lead, lead in single, last is not None)
        if last is not None:
            params |= {"key": last[0], "pid": last[1]}
        found = connection.execute(stmt, params).all()
        ids += [pid for n, (pid, _) in enumerate(found) if n == 0 or found[n - 1][0] != pid]
        if len(ids) >= limit or len(found) < 2 * limit:
            return ids[:limit]
        last = (found[-1][1], found[-1][0])


def _filtered(query: SearchQuery, stmt: Select[Any]) -> Select[Any]:
    """``stmt`` kept to the patients ``query`` matches (the count, and dates and phones)."""
    token = PatientNameToken.token
    for word in query.words:
        upper = _upper_bound(word)
        starts = token >= word if upper is None else and_(token >= word, token < upper)
        stmt = stmt.where(Patient.id.in_(select(PatientNameToken.patient_id).where(starts)))
    if query.birth_dates:
        stmt = stmt.where(Patient.date_of_birth.in_(query.birth_dates))
    if query.phone_digits:
        stmt = stmt.where(Patient.phone_digits.contains(query.phone_digits))
    return stmt


def page(
    connection: Connection, text: str, limit: int, after: PatientRow | None, offset: int
) -> list[PatientRow]:
    """The patients ``text`` matches, ``limit`` of them after ``after`` (then ``offset``)."""
    query = parse_query(text)
    rows: Any = []
    if query.words:  # the page's patients from the words' index, then their rows
        ids = _by_words(connection, query.words, limit + offset, after)[offset:]
        rows = connection.execute(_ROWS_BY_ID, {"ids": ids}) if ids else []
    elif not query.birth_dates and not query.phone_digits and not offset:
        params: dict[str, Any] = {"n": limit}
        if after is not None:
            params |= {"key": after.name_key, "pid": after.id}
        rows = connection.execute(_FIRST if after is None else _NEXT, params)
    else:  # a date of birth or a phone number (few), or the command line's --offset
        stmt = _filtered(query, select(*_ROW))
        if after is not None:
            stmt = stmt.where(tuple_(Patient.name_key, Patient.id) > (after.name_key, after.id))
        stmt = stmt.order_by(Patient.name_key, Patient.id).limit(limit).offset(offset or None)
        rows = connection.execute(stmt)
    return [PatientRow(*row) for row in rows]


def count(connection: Connection, text: str) -> int:
    stmt = _filtered(parse_query(text), select(Patient.id))
    return int(connection.scalar(select(func.count()).select_from(stmt.subquery())) or 0)
