"""A protocol in full, as text for a person: ``python main.py protocols --show ID``."""

from __future__ import annotations

from artdesk.protocols import regions
from artdesk.protocols.model import HomeCare, Protocol, Structure


def _dose(item: HomeCare) -> str:
    hold = f", hold {item.hold_seconds} s" if item.hold_seconds else ""
    return f"{item.sets} × {item.reps}{hold}, {item.frequency}"


def _structure(number: int, s: Structure) -> list[str]:
    sides = ", ".join(side.value for side in s.sides)
    level = f", level {s.level}" if s.level else ""
    lines = [
        f"{number}. {s.name} — {s.plain_name}",
        f"   sides: {sides} · movement: {s.mode.value}{level} · "
        f"{s.passes} passes of {s.seconds_per_pass} s",
        f"   start:       {s.start_position}",
        f"   shortened:   {s.shortened_position}",
        f"   contact:     {s.contact}",
        f"   lengthening: {s.lengthening}",
    ]
    crossed = [str(j) for j in s.joints if j.crossed]
    moved = [str(j) for j in s.joints if not j.crossed]
    if crossed:
        lines.append("   joints:      " + "; ".join(crossed))
    if moved:  # the tissue does not cross them; the pass moves them to take it long
        lines.append("   also moved (not crossed): " + "; ".join(moved))
    if s.precautions:
        lines.append("   precautions:")
        lines += [f"     ! {p}" for p in s.precautions]
    if s.evidence:
        lines.append("   evidence:")
        lines += [f"     - {e}" for e in s.evidence]
    if s.home_care:
        lines.append("   home care:")
        lines += [f"     - {h.exercise} ({_dose(h)})" for h in s.home_care]
    return lines


def describe(protocol: Protocol) -> str:
    """Every field a clinician follows, structure by structure, precautions marked '!'."""
    lines = [
        f"{protocol.name}  [{protocol.id}, version {protocol.version}]",
        f"region: {protocol.region} · for the patient: {protocol.plain_name}",
    ]
    if protocol.regions:
        known = regions.shipped()
        names = [known[r].name if r in known else r for r in protocol.regions]
        lines.append("body regions: " + "; ".join(names))
    if protocol.complaints:
        lines.append("complaints: " + "; ".join(protocol.complaints))
    if protocol.evidence:
        lines.append("evidence:")
        lines += [f"  - {e}" for e in protocol.evidence]
    for number, structure in enumerate(protocol.structures, start=1):
        lines.append("")
        lines += _structure(number, structure)
    return "\n".join(lines) + "\n"
