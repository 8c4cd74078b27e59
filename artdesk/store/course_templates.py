"""The clinic's own course templates (``course_templates``), each save audited with it.

A clinic template is stored whole as JSON (:func:`artdesk.course.templates.to_dict`) and read
back through the same schema as a shipped file, so a body that no longer reads is reported as a
damaged record, never half-loaded. The shipped templates (resources/courses) are not stored: a
clinic template may not take one of their ids.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select

from artdesk.course.templates import (
    CourseTemplate,
    TemplateError,
    check,
    from_dict,
    shipped_ids,
    to_dict,
)
from artdesk.schema import identifier
from artdesk.store import audit
from artdesk.store.engine import Database
from artdesk.store.errors import DamagedRecord, InvalidInput
from artdesk.store.models import CourseTemplate as CourseTemplateRow
from artdesk.store.validate import text


class CourseTemplateRepository:
    def __init__(
        self, database: Database, now: Callable[[], datetime] | None = None, room: str = ""
    ) -> None:
        self._db = database
        self._now = now or (lambda: datetime.now(UTC))
        self.room = room

    def save(self, template: CourseTemplate, clinician_id: int | None) -> str:
        """Insert or replace the clinic template with ``template.id``; its id."""
        name, body = self._checked(template)
        with self._db.write() as session:
            row = session.get(CourseTemplateRow, template.id)
            if row is None:
                row = CourseTemplateRow(
                    id=template.id, created_at=self._now(), created_by_id=clinician_id
                )
                session.add(row)
                what = "saved"
            else:
                what = "replaced"  # who first made it stays; the trail keeps every save
            row.name = name
            row.body = body
            session.flush()
            audit.append(
                session,
                self._now(),
                audit.Action.SAVE_COURSE,
                clinician_id,
                room=self.room,
                detail=f"course template {template.id} {what}: {name}"[:300],
            )
        return template.id

    def all(self) -> list[CourseTemplate]:
        """The clinic's own templates, by name."""
        with self._db.read() as session:
            rows = session.execute(
                select(CourseTemplateRow.id, CourseTemplateRow.body).order_by(
                    CourseTemplateRow.name, CourseTemplateRow.id
                )
            ).all()
        templates = []
        for template_id, body in rows:
            try:
                templates.append(from_dict(body, f"course template {template_id!r}"))
            except TemplateError as exc:
                raise DamagedRecord(
                    f"the stored course template {template_id!r} cannot be read ({exc}); the "
                    "other templates are unaffected"
                ) from None
        return templates

    def _checked(self, template: CourseTemplate) -> tuple[str, dict[str, Any]]:
        _, bad_id = identifier(template.id)
        if bad_id:
            raise InvalidInput(f"the template's id {bad_id}", {"id": bad_id})
        if template.id in shipped_ids():
            raise InvalidInput(
                f"{template.id!r} is the id of a template that ships with ART Desk: choose "
                "another id for the clinic's own",
                {"id": "taken by a shipped template"},
            )
        name = text(
            template.name, "the template's name", required=True, limit=200, single_line=True
        )
        problems = check(template, None)  # the protocols are the window's to check
        if problems:
            raise InvalidInput("the course template: " + "; ".join(problems))
        body = to_dict(template)
        body["name"] = name
        try:
            from_dict(body)  # what is stored must read back
        except TemplateError as exc:
            raise InvalidInput(f"the course template: {exc}") from None
        return name, body
