"""One structure of a protocol in the editor: how the patient lies, where the tissue is short,
the contact, the lengthening, the dose, the sides, precautions, home care and the joints it
crosses. Problems the loader finds (``structures[2].contact``) are shown under their field."""

from __future__ import annotations

from dataclasses import fields
from typing import Any

from PySide6.QtWidgets import QWidget

from artdesk.protocols import MovementMode, Side, Structure
from artdesk.protocols.draft import Place, problem_words
from ui.pages.protocol_fields import ChecksField, ChoiceField, Form, LineField, TextField
from ui.pages.protocol_rows import Column, RowsTable

HOME_CARE = (
    Column("exercise", "Exercise"),
    Column("sets", "Sets", "number", blank="3"),
    Column("reps", "Reps", "number", blank="10"),
    Column("hold_seconds", "Hold (s)", "number", blank="0"),
    Column("frequency", "How often", blank="once a day"),
)

MODES = (
    (None, "— choose —"),
    (MovementMode.PASSIVE.value, "passive: the clinician moves the limb"),
    (MovementMode.PATIENT_ACTIVE.value, "patient-active: the patient moves"),
    (MovementMode.ACTIVE_RESISTED.value, "active-resisted: the patient moves against resistance"),
)
LEVELS = ((None, "not set"), *((n, f"level {n}") for n in range(1, 5)))
SIDES = tuple((s.value, s.value) for s in Side)


def joint_columns() -> tuple[Column, ...]:
    """The joints table, from the joints vocabulary (artdesk.protocols.joints)."""
    from artdesk.protocols.joints import JOINTS

    return (
        Column("joint", "Joint", "choice", tuple((j.value, k.label) for j, k in JOINTS.items())),
        Column("crossed", "Crossed", "check", (("yes", "yes"), ("no", "no"))),
        Column("shortened", "Shortened", "names"),
        Column("lengthened", "Lengthened", "names"),
        Column("held", "Held in", "names"),
    )


JOINTS_TIP = (
    "Each joint the tissue crosses: its movements in the shortened and the lengthened "
    "position (a nerve: slack and tension; opposites, e.g. 'flexion + abduction' → "
    "'extension + adduction'), or the position it is held still in through the pass. "
    "A joint the pass moves that the tissue does not cross: Space in Crossed unticks it; give "
    "where the pass takes it (Lengthened), and Shortened only if it does not start neutral. "
    "Ctrl+Ins adds a joint, Ctrl+Del removes one."
)


def _has_joints() -> bool:
    return any(f.name == "joints" for f in fields(Structure))


def _spec() -> list[tuple[str, str, QWidget]]:
    spec: list[tuple[str, str, QWidget]] = [
        ("key", "&Key", LineField("lower-case id, e.g. soleus")),
        ("name", "Nam&e", LineField("as a clinician names it, e.g. Soleus")),
        (
            "plain_name",
            "In plain wor&ds",
            LineField("as the patient reads it, e.g. the deep calf muscle (soleus)"),
        ),
        ("start_position", "&Start position", TextField("how the patient lies or sits")),
        (
            "shortened_position",
            "S&hortened position",
            TextField("the joints placed so the tissue is short"),
        ),
        ("contact", "&Contact", TextField("where the hand or thumb goes, and the tension", 3)),
        (
            "lengthening",
            "&Lengthening",
            TextField("the movement that takes the tissue long, and who moves"),
        ),
        ("mode", "&Mode", ChoiceField(MODES)),
        ("passes", "P&asses", LineField("e.g. 3", number=True)),
        ("seconds_per_pass", "Sec&onds a pass", LineField("e.g. 8", number=True)),
        ("sides", "S&ides", ChecksField(SIDES)),
        ("level", "Le&vel", ChoiceField(LEVELS)),
        (
            "precautions",
            "Preca&utions",
            TextField("one a line; with a prone or supine start, a pregnancy alternative", 3, True),
        ),
        ("evidence", "Evide&nce", TextField("one source a line", 2, True)),
        ("home_care", "Home care e&xercises", RowsTable(HOME_CARE)),
    ]
    if _has_joints():
        table = RowsTable(joint_columns(), stretch=None)
        table.setToolTip(JOINTS_TIP)
        spec.append(("joints", "&Joints", table))
    return spec


def blank_structure() -> dict[str, Any]:
    """What a new structure starts with: nothing but the sides most structures have."""
    return {"sides": [Side.LEFT.value, Side.RIGHT.value, Side.BOTH.value]}


class StructureForm(Form):
    """Signals: ``changed()``."""

    def __init__(self, table: dict[str, Any] | None = None) -> None:
        super().__init__(_spec(), [f.name for f in fields(Structure)])
        self.set_table(table if table is not None else blank_structure())
        self.tables = {n: f for n, f in self.fields.items() if isinstance(f, RowsTable)}
        for name, table_field in self.tables.items():
            tip = table_field.toolTip() or "Ctrl+Ins adds a row, Ctrl+Del removes the current one"
            table_field.setToolTip(tip)
            self.captions[name].setToolTip(tip)

    def title(self) -> str:
        """How the structure list names it."""
        name = self.fields["name"].text().strip()
        key = self.fields["key"].text().strip()
        return name or key or "(new structure)"

    def show_places(self, problems: list[tuple[Place, str]]) -> None:
        by_field: dict[str, list[str]] = {}
        for place, message in problems:
            by_field.setdefault(place.field, []).append(problem_words(place, message))
        self.show_problems(by_field)

    def focus_place(self, place: Place) -> QWidget | None:
        table = self.tables.get(place.field)
        if table is not None and place.row is not None:
            names = [c.name for c in table.columns]
            column = names.index(place.column) if place.column in names else 0
            table.setCurrentCell(table.table_row(place.row), column)
        return self.focus(place.field)
