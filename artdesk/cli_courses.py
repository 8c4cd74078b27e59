"""``courses``: the course templates that ship (each with its source) and, given a database,
the clinic's own; tab-separated, id first."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from artdesk.cli_common import open_db
from artdesk.cli_common import row as _row
from artdesk.course.templates import (
    CourseTemplate,
    TemplateError,
    measure_text,
    plan_text,
    shipped,
)


def _write(out: TextIO, template: CourseTemplate) -> None:
    _row(
        out,
        template.id,
        template.name,
        plan_text(template.plan),
        "; ".join(measure_text(m) for m in template.measures),
        template.source,
        "shipped" if template.shipped else "clinic",
    )


def _cmd_courses(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    try:
        templates = shipped()
    except TemplateError as exc:  # a shipped file damaged in this installation
        err.write(f"artdesk: the shipped course templates cannot be read: {exc}\n")
        return 1
    for template in templates:
        _write(out, template)
    if args.db is None:
        return 0
    from artdesk.store.course_templates import CourseTemplateRepository

    database = open_db(args.db, err, read_only=True)
    try:
        own = CourseTemplateRepository(database).all()
    finally:
        database.close()
    for template in own:
        _write(out, template)
    return 0


def add_commands(commands: Any, db_help: str) -> None:
    p = commands.add_parser(
        "courses",
        help="list the course templates (the shipped ones; with --db, the clinic's own too)",
    )
    p.add_argument("--db", metavar="PATH_OR_URL", help=db_help.split(" (default")[0])
    p.set_defaults(run=_cmd_courses)
