"""The joints a structure crosses and how each moves from the shortened position to the
lengthened one (``[[structures.joints]]``), checked against a vocabulary of joints, the
movements each can make and the table of opposite movements.

DOMAIN.md §3 states the rule in words: the lengthening is the opposite of the shortened position
at every joint the tissue crosses. Here it is checked as data, so a clinic's own file is held to
it too: an unknown joint, a movement the joint cannot make, a joint listed twice (all of its
movements go in one entry) and a lengthened movement that is not the opposite of the shortened
one are refused. For a nerve the two positions are slack and tension. A joint the tissue
crosses but the pass keeps still is ``held`` (the hip at 90° in the hamstrings' 90/90 start;
``neutral``: kept straight). "toward" and "away" are toward and away from the treated side.

A pass may also move a joint the tissue does not cross, to take it long through the tissues it
joins (quadratus lumborum: the top leg dropped off the back of the table, the arm overhead).
Such an entry says ``crossed = false``; it gives where the pass takes the joint
(``lengthened``), and ``shortened`` only if the start is not neutral; the opposite rule does not
hold for it, the vocabulary does. Listing it is what lets a caution name what the pass does there.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from artdesk.schema import Field, type_name

Finding = tuple[str, str]  # (field, message), as in artdesk.protocols.rules


class Joint(StrEnum):
    CERVICAL_SPINE = "cervical-spine"
    THORACIC_SPINE = "thoracic-spine"
    LUMBAR_SPINE = "lumbar-spine"
    SCAPULA = "scapula"
    SHOULDER = "shoulder"
    ELBOW = "elbow"
    FOREARM = "forearm"  # the radioulnar joints
    WRIST = "wrist"
    FINGERS = "fingers"
    HIP = "hip"
    KNEE = "knee"  # tibiofemoral: flexion/extension and the tibia's rotation on the femur
    ANKLE = "ankle"  # talocrural
    SUBTALAR = "subtalar"
    BIG_TOE = "big-toe"  # its MTP and IP joints
    TOES = "toes"  # the 2nd to 5th, MTP and IP joints


class Movement(StrEnum):
    FLEXION = "flexion"
    EXTENSION = "extension"
    ABDUCTION = "abduction"
    ADDUCTION = "adduction"
    INTERNAL_ROTATION = "internal-rotation"
    EXTERNAL_ROTATION = "external-rotation"
    HORIZONTAL_ABDUCTION = "horizontal-abduction"
    HORIZONTAL_ADDUCTION = "horizontal-adduction"
    DORSIFLEXION = "dorsiflexion"
    PLANTARFLEXION = "plantarflexion"
    INVERSION = "inversion"
    EVERSION = "eversion"
    PRONATION = "pronation"
    SUPINATION = "supination"
    RADIAL_DEVIATION = "radial-deviation"
    ULNAR_DEVIATION = "ulnar-deviation"
    LATERAL_FLEXION_TOWARD = "lateral-flexion-toward"
    LATERAL_FLEXION_AWAY = "lateral-flexion-away"
    ROTATION_TOWARD = "rotation-toward"
    ROTATION_AWAY = "rotation-away"
    ELEVATION = "elevation"
    DEPRESSION = "depression"
    PROTRACTION = "protraction"
    RETRACTION = "retraction"
    UPWARD_ROTATION = "upward-rotation"
    DOWNWARD_ROTATION = "downward-rotation"
    NEUTRAL = "neutral"  # held only: the joint kept straight, neither way


_M = Movement
OPPOSITE_PAIRS: tuple[tuple[Movement, Movement], ...] = (
    (_M.FLEXION, _M.EXTENSION),
    (_M.ABDUCTION, _M.ADDUCTION),
    (_M.INTERNAL_ROTATION, _M.EXTERNAL_ROTATION),
    (_M.HORIZONTAL_ABDUCTION, _M.HORIZONTAL_ADDUCTION),
    (_M.DORSIFLEXION, _M.PLANTARFLEXION),
    (_M.INVERSION, _M.EVERSION),
    (_M.PRONATION, _M.SUPINATION),
    (_M.RADIAL_DEVIATION, _M.ULNAR_DEVIATION),
    (_M.LATERAL_FLEXION_TOWARD, _M.LATERAL_FLEXION_AWAY),
    (_M.ROTATION_TOWARD, _M.ROTATION_AWAY),
    (_M.ELEVATION, _M.DEPRESSION),
    (_M.PROTRACTION, _M.RETRACTION),
    (_M.UPWARD_ROTATION, _M.DOWNWARD_ROTATION),
)
OPPOSITE: dict[Movement, Movement] = {a: b for a, b in OPPOSITE_PAIRS} | {
    b: a for a, b in OPPOSITE_PAIRS
}


@dataclass(frozen=True, slots=True)
class JointKind:
    label: str  # as a clinician reads it: "big toe"
    movements: tuple[Movement, ...]


_SPINE = (
    _M.FLEXION,
    _M.EXTENSION,
    _M.LATERAL_FLEXION_TOWARD,
    _M.LATERAL_FLEXION_AWAY,
    _M.ROTATION_TOWARD,
    _M.ROTATION_AWAY,
)
_BENDS = (_M.FLEXION, _M.EXTENSION)
JOINTS: dict[Joint, JointKind] = {
    Joint.CERVICAL_SPINE: JointKind("cervical spine", _SPINE),
    Joint.THORACIC_SPINE: JointKind("thoracic spine", _SPINE),
    Joint.LUMBAR_SPINE: JointKind("lumbar spine", _SPINE),
    Joint.SCAPULA: JointKind(
        "scapula",
        (
            _M.ELEVATION,
            _M.DEPRESSION,
            _M.PROTRACTION,
            _M.RETRACTION,
            _M.UPWARD_ROTATION,
            _M.DOWNWARD_ROTATION,
        ),
    ),
    Joint.SHOULDER: JointKind(
        "shoulder",
        (
            *_BENDS,
            _M.ABDUCTION,
            _M.ADDUCTION,
            _M.INTERNAL_ROTATION,
            _M.EXTERNAL_ROTATION,
            _M.HORIZONTAL_ABDUCTION,
            _M.HORIZONTAL_ADDUCTION,
        ),
    ),
    Joint.ELBOW: JointKind("elbow", _BENDS),
    Joint.FOREARM: JointKind("forearm (radioulnar)", (_M.PRONATION, _M.SUPINATION)),
    Joint.WRIST: JointKind("wrist", (*_BENDS, _M.RADIAL_DEVIATION, _M.ULNAR_DEVIATION)),
    Joint.FINGERS: JointKind("fingers", (*_BENDS, _M.ABDUCTION, _M.ADDUCTION)),
    Joint.HIP: JointKind(
        "hip",
        (*_BENDS, _M.ABDUCTION, _M.ADDUCTION, _M.INTERNAL_ROTATION, _M.EXTERNAL_ROTATION),
    ),
    Joint.KNEE: JointKind("knee", (*_BENDS, _M.INTERNAL_ROTATION, _M.EXTERNAL_ROTATION)),
    Joint.ANKLE: JointKind("ankle", (_M.DORSIFLEXION, _M.PLANTARFLEXION)),
    Joint.SUBTALAR: JointKind("subtalar", (_M.INVERSION, _M.EVERSION)),
    Joint.BIG_TOE: JointKind("big toe", _BENDS),
    Joint.TOES: JointKind("toes (2nd–5th)", _BENDS),
}


def words(movements: Sequence[Movement]) -> str:
    """'flexion + abduction', as a clinician reads it."""
    return " + ".join(m.value.replace("-", " ") for m in movements)


@dataclass(frozen=True, slots=True)
class JointAction:
    """One joint a structure crosses: its movement in the shortened position and in the
    lengthened one (a nerve: slack and tension), or the position it is held in for the pass.
    ``crossed=False``: a joint the pass moves that the tissue does not cross (no shortened
    movement: it starts neutral)."""

    joint: Joint
    # second in a file (after the joint), last in the constructor's arguments
    crossed: bool = field(default=True, kw_only=True)
    shortened: tuple[Movement, ...] = ()
    lengthened: tuple[Movement, ...] = ()
    held: tuple[Movement, ...] = ()

    def __str__(self) -> str:
        label = JOINTS[self.joint].label
        if self.held == (Movement.NEUTRAL,):
            return f"{label}: held neutral"
        if self.held:
            return f"{label}: held in {words(self.held)}"
        start = f"{words(self.shortened)} " if self.shortened else ""
        return f"{label}: {start}→ {words(self.lengthened)}"


# --- the schema of one [[structures.joints]] entry, and the rule over a structure's entries ---


def _joint(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, str):
        return None, f"must be a joint's name, not {type_name(value)}"
    try:
        return Joint(value.strip()), None
    except ValueError:
        known = ", ".join(j.value for j in Joint)
        return None, f"{value!r} is not a joint; the joints are: {known}"


def _names(value: Any) -> tuple[Any, str | None]:
    """A known movement or a list of them. Whether that joint makes them is the rule's to say
    (``findings``): a text a visit ran is read back with the schema only, and must still build."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not items:
        return None, f"must be a movement or a list of movements, not {type_name(value)}"
    found = []
    for item in items:
        try:
            found.append(Movement(item.strip() if isinstance(item, str) else item))
        except ValueError:
            known = ", ".join(m.value for m in Movement)
            return None, f"{item!r} is not a known movement; the movements are: {known}"
    return tuple(found), None


def _crossed(value: Any) -> tuple[Any, str | None]:
    if not isinstance(value, bool):
        return None, (
            f"must be true or false, not {type_name(value)} (false: a joint the pass moves "
            "that the tissue does not cross)"
        )
    return value, None


SCHEMA: dict[str, Field] = {
    "joint": Field(_joint),
    "crossed": Field(_crossed, required=False),
    "shortened": Field(_names, required=False),
    "lengthened": Field(_names, required=False),
    "held": Field(_names, required=False),
}


def _movements(joint: Joint, found: Sequence[Movement], held: bool) -> str | None:
    kind = JOINTS[joint]
    for n, movement in enumerate(found):
        if movement is Movement.NEUTRAL:
            if not held or len(found) > 1:
                return "'neutral' is only for a joint held still, on its own (held = \"neutral\")"
        elif movement not in kind.movements:
            allowed = ", ".join(m.value for m in kind.movements)
            return f"{movement.value!r} is not a movement of the {kind.label} (it makes: {allowed})"
        if movement in found[:n]:
            return f"lists {movement.value!r} twice"
        opposite = OPPOSITE.get(movement)
        if opposite is not None and opposite in found[:n]:
            return (
                f"{opposite.value!r} and {movement.value!r} are opposites: one position cannot "
                "be both"
            )
    return None


def _quoted(movements: Sequence[Movement]) -> str:
    return " + ".join(repr(m.value) for m in movements)


def _entry(where: str, joint: Joint, entry: Mapping[str, Any]) -> list[Finding]:
    label = JOINTS[joint].label
    moves = {n: entry[n] for n in ("shortened", "lengthened", "held") if n in entry}
    problems = [
        (f"{where}.{name}", problem)
        for name, found in moves.items()
        if (problem := _movements(joint, found, held=name == "held"))
    ]
    if problems:
        return problems
    short, long = moves.get("shortened"), moves.get("lengthened")
    if "held" in moves:
        if short or long:
            return [
                (
                    f"{where}.held",
                    f"the {label} is either held through the pass or moved from shortened to "
                    "lengthened, not both",
                )
            ]
        return []
    if entry.get("crossed") is False:
        return _moved_only(where, label, long)
    if short is None and long is None:
        return [
            (
                where,
                f"give the {label}'s movement in the shortened and in the lengthened position "
                "(or held, when the pass keeps it still)",
            )
        ]
    if short is None or long is None:  # one of the two given
        given, missing = (
            ("lengthened", "shortened") if short is None else ("shortened", "lengthened")
        )
        opposite = tuple(OPPOSITE[m] for m in moves[given])
        # only where the pass takes it: the shape of a joint moved that the tissue does not cross
        moved_only = "; a joint the tissue does not cross: crossed = false (Crossed unticked)"
        moved_only = moved_only if short is None else ""
        return [
            (
                f"{where}.{missing}",
                f"missing: the {label}'s movement in the {missing} position (the opposite of the "
                f"{given} {_quoted(moves[given])}: {_quoted(opposite)}){moved_only}",
            )
        ]
    expected = tuple(OPPOSITE[m] for m in short)
    if set(long) != set(expected):
        return [
            (
                f"{where}.lengthened",
                f"{_quoted(long)} is not the opposite of the shortened {_quoted(short)}: "
                f"lengthening the tissue at the {label} takes it to {_quoted(expected)}",
            )
        ]
    return []


def _moved_only(where: str, label: str, long: Sequence[Movement] | None) -> list[Finding]:
    """A joint the tissue does not cross: where the pass takes it is what it is listed for;
    its start may be left out (neutral), and it need not be the opposite of the end."""
    if long is None:
        return [
            (
                f"{where}.lengthened",
                f"missing: where the pass takes the {label} (the tissue does not cross it: it is "
                "listed for how the pass moves it), or held, when the pass keeps it still",
            )
        ]
    return []


def findings(structure: Mapping[str, Any]) -> list[Finding]:
    """The joint rule over one structure's cleaned ``joints`` entries (a rule of
    :mod:`artdesk.protocols.rules`)."""
    out: list[Finding] = []
    seen: set[Joint] = set()
    for number, entry in enumerate(structure.get("joints", ()), start=1):
        joint = entry.get("joint")
        if joint is None:  # the schema has said what is wrong with it
            continue
        where = f"joints[{number}]"
        if joint in seen:
            out.append(
                (
                    f"{where}.joint",
                    f"{joint.value!r} is listed twice: give all of its movements in one entry",
                )
            )
            continue
        seen.add(joint)
        out += _entry(where, joint, entry)
    return out


def build(entry: Mapping[str, Any]) -> JointAction:
    """An entry the schema passed as a :class:`JointAction` (``findings`` judges its anatomy)."""
    return JointAction(
        entry["joint"],
        crossed=entry.get("crossed", True),
        shortened=tuple(entry.get("shortened", ())),
        lengthened=tuple(entry.get("lengthened", ())),
        held=tuple(entry.get("held", ())),
    )
