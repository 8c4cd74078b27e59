"""Clinical consistency rules a protocol file must also pass (clinical review, 2026-11).

The schema checks that each field is there and of the right kind; these rules check that a
structure's fields do not contradict each other or the anatomy: a start position that cannot
give the hip position the pass needs, a contact on the femoral nerve, a movement mode that
names the wrong person moving, a lengthening that is not the opposite of the shortened position
at a joint (``joints.findings``). Each rule reads only one structure, so a clinic's own files
are held to the same rules as the shipped ones. A problem is ``(field, message)``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from artdesk.protocols import joints
from artdesk.protocols.model import MovementMode

Finding = tuple[str, str]
Rule = Callable[[Mapping[str, Any]], list[Finding]]


def _default_start(start_position: str) -> str:
    """The start the clinician follows: the words before any '(or …)', ';' or ' or '."""
    return re.split(r"\(|;| or ", start_position, maxsplit=1)[0].casefold()


# "lateral to the (femoral) pulse" with no distance in front of it: below the inguinal ligament
# the femoral nerve lies directly lateral to the artery, so such a contact lands on the nerve.
_BESIDE_PULSE = re.compile(
    r"(?<!cm )(?<!centimetres )\blateral to the (?:femoral )?pulse",
    re.IGNORECASE,
)


def _contact_beside_the_pulse(s: Mapping[str, Any]) -> list[Finding]:
    texts = [("contact", s.get("contact", ""))]
    texts += [(f"precautions[{i + 1}]", p) for i, p in enumerate(s.get("precautions", ()))]
    return [
        (
            where,
            "'lateral to the pulse' puts the fingers on the femoral nerve, which lies directly "
            "lateral to the artery: give the distance (e.g. '2–3 cm lateral to the pulse') "
            "or another route",
        )
        for where, text in texts
        if _BESIDE_PULSE.search(text)
    ]


_HIP_FLEXION = re.compile(
    r"\bhip (?:(?:kept|held|taken|brought|stays) (?:in |into )?)?(?:flexed|flexion)\b",
    re.IGNORECASE,
)


def _prone_cannot_flex_the_hip(s: Mapping[str, Any]) -> list[Finding]:
    if not _default_start(s.get("start_position", "")).startswith("prone"):
        return []
    for name in ("shortened_position", "lengthening"):
        if _HIP_FLEXION.search(s.get(name, "")):
            return [
                (
                    "start_position",
                    f"a prone start holds the hip extended, but the {name.replace('_', ' ')} "
                    "needs the hip flexed: start supine or side-lying (keep prone as an option "
                    "in the text)",
                )
            ]
    return []


_SITTING = re.compile(r"^(?:seated|sitting|slump)|\bslump\b")
_HIP_EXTENDED = re.compile(r"\bhip (?:extended|in extension)\b", re.IGNORECASE)


def _sitting_cannot_extend_the_hip(s: Mapping[str, Any]) -> list[Finding]:
    if not _SITTING.search(_default_start(s.get("start_position", ""))):
        return []
    if _HIP_EXTENDED.search(s.get("shortened_position", "")):
        return [
            (
                "shortened_position",
                "a seated or slump-sitting start holds the hip flexed; the shortened position "
                "cannot be 'hip extended'",
            )
        ]
    return []


# Who moves the tissue, as the lengthening text says it.
_PATIENT_MOVES = re.compile(
    r"^patient\b|\bpatient (?:slowly )?(?:moves|pulls|pushes|straightens|bends|curls|lifts|"
    r"lowers|reaches|turns|slides|draws)\b|\bby the patient\b(?! or)",
    re.IGNORECASE,
)
_CLINICIAN_MOVES = re.compile(
    r"\bclinician (?:slowly )?(?:moves|takes|lowers|lifts|brings|draws|pushes|pulls|bends|"
    r"straightens|turns)\b|\b(?:moved|taken|lowered|lifted|brought) by the clinician\b(?! or)",
    re.IGNORECASE,
)


def _mode_agrees_with_the_lengthening(s: Mapping[str, Any]) -> list[Finding]:
    mode = s.get("mode")
    lengthening = s.get("lengthening", "")
    if mode is MovementMode.PASSIVE and _PATIENT_MOVES.search(lengthening):
        return [
            ("mode", "is 'passive' (the clinician moves), but the lengthening has the patient move")
        ]
    if mode in (MovementMode.PATIENT_ACTIVE, MovementMode.ACTIVE_RESISTED) and (
        _CLINICIAN_MOVES.search(lengthening)
    ):
        return [
            (
                "mode",
                f"is '{mode}' (the patient moves), but the lengthening has the clinician move",
            )
        ]
    return []


# A pillow between the knees stops the top leg crossing the midline.
_PILLOW_BETWEEN_KNEES = re.compile(
    r"(?<!\bno )(?<!\bwithout )(?<!\bwithout a )\bpillow between the (?:knees|legs)", re.IGNORECASE
)


def _pillow_blocks_adduction(s: Mapping[str, Any]) -> list[Finding]:
    if _PILLOW_BETWEEN_KNEES.search(s.get("start_position", "")) and re.search(
        r"\badduct", s.get("lengthening", ""), re.IGNORECASE
    ):
        return [
            (
                "start_position",
                "a pillow between the knees blocks the adduction the lengthening needs: "
                "take it away for the pass",
            )
        ]
    return []


_LYING_FLAT = re.compile(r"\b(?:prone|supine)\b", re.IGNORECASE)


def _lying_flat_needs_a_pregnancy_alternative(s: Mapping[str, Any]) -> list[Finding]:
    if not _LYING_FLAT.search(s.get("start_position", "")):
        return []
    if any("pregnan" in p.casefold() for p in s.get("precautions", ())):
        return []
    return [
        (
            "precautions",
            "the start is prone or supine: add a pregnancy alternative "
            "(e.g. 'Pregnancy: side-lying, …')",
        )
    ]


RULES: tuple[Rule, ...] = (
    _contact_beside_the_pulse,
    _prone_cannot_flex_the_hip,
    _sitting_cannot_extend_the_hip,
    _mode_agrees_with_the_lengthening,
    _pillow_blocks_adduction,
    _lying_flat_needs_a_pregnancy_alternative,
    joints.findings,  # shortened → lengthened are opposite movements at every joint listed
)


def check_structure(structure: Mapping[str, Any]) -> list[Finding]:
    """Every rule's findings for one structure's cleaned values (fields that failed are absent)."""
    return [finding for rule in RULES for finding in rule(structure)]
