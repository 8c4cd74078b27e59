"""What the treatment screen says, as plain functions of the visit: no Qt, so tests need no window.

``ui.treatment.treatment_page`` lays these strings out; nothing here decides what the runner
decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from html import escape

from artdesk.protocols import Library, Side, Structure
from artdesk.screening import Decision
from artdesk.treatment import Phase, PlannedStructure, Timers
from ui.sentence import sentence

PHASE_TITLES = {
    Phase.LOCATE: "Locate the restriction",
    Phase.CONTACT: "Shorten · contact",
    Phase.LENGTHEN: "Lengthen",
    Phase.COMPLETE: "Structure done",
}

PAUSED_TEXT = "PAUSED — P resumes"
NO_PASS_TEXT = "–"  # the pass timer between passes


def clock_text(seconds: float) -> str:
    """``m:ss`` below an hour, ``h:mm:ss`` from an hour; negative times show as 0:00."""
    seconds = max(0.0, seconds)
    minutes, rest = divmod(int(seconds), 60)
    if minutes >= 60:
        hours, minutes = divmod(minutes, 60)
        return f"{hours}:{minutes:02d}:{rest:02d}"
    return f"{minutes}:{rest:02d}"


def header_text(plan: PlannedStructure) -> str:
    return f"{plan.structure_name} — {plan.side.value}"


def step_text(patient_name: str, plan: PlannedStructure, index: int, count: int) -> str:
    """Who, which protocol, and where in the plan (``index`` counts from 0)."""
    protocol = plan.protocol_name.split(" — ")[0]
    return f"{patient_name}\n{protocol} · structure {index + 1} of {count}"


def phase_title(phase: Phase, skipped: str | None) -> str:
    if phase is Phase.COMPLETE and skipped:
        return "Skipped"
    return PHASE_TITLES[phase]


def cue_text(phase: Phase, structure: Structure | None, skipped: str | None) -> str:
    """What to do in this phase, from the protocol (``None``: no longer in the library)."""
    if skipped:
        return f"Skipped: {skipped}"
    if structure is None:
        return "This protocol is no longer in the library: follow your notes."
    return {
        Phase.LOCATE: f"Position: {structure.start_position}. Palpate for tension, texture "
        "and movement.",
        Phase.CONTACT: f"Shortened: {structure.shortened_position}.\nContact: {structure.contact}.",
        Phase.LENGTHEN: f"Hold the tension: {structure.lengthening} ({structure.mode.value}).",
        Phase.COMPLETE: "Passes done. F: findings · N: note · E: extra pass · "
        "next key: on to the next structure.",
    }[phase]


def counter_texts(pass_number: int | None, passes_done: int, target_passes: int) -> tuple[str, str]:
    """(caption, value): during a pass which pass of the target ("Pass", "2 / 5"); between
    passes how many are done ("Passes done", "1 / 5")."""
    if pass_number:
        return "Pass", f"{pass_number} / {target_passes}"
    return "Passes done", f"{passes_done} / {target_passes}"


def pass_caption_text(pass_number: int | None, target_seconds: int) -> str:
    return f"This pass (target {target_seconds} s)" if pass_number else "This pass"


def pass_timer_text(pass_seconds: float | None) -> str:
    return NO_PASS_TEXT if pass_seconds is None else f"{pass_seconds:.1f}"


def footer_text(timers: Timers) -> str:
    units = timers.billing_units
    assessment = (
        f"   ·   assessment {clock_text(timers.assessment_seconds)}"
        if timers.assessment_seconds >= 1
        else ""
    )
    return (
        f"Visit {clock_text(timers.visit_seconds)}   ·   treated "
        f"{clock_text(timers.treated_seconds)} ({timers.treated_minutes} min){assessment}   ·   "
        f"{units} billing unit{'s' if units != 1 else ''}"
    )


def hints_text(advance_key: str) -> str:
    return (
        f"{advance_key}: next · P: pause · Backspace: back · N: note · F: findings · S: skip · "
        "E: extra pass · C: cautions · W: finish the visit"
    )


def finish_question(untreated: int) -> str:
    """The finish confirmation; ``untreated``: structures after the current one."""
    return "Finish the treatment now and go to the wrap-up?" + (
        f"\n{untreated} structure(s) after this one will not be treated." if untreated else ""
    )


def rejected_text(reason: str) -> str:
    """A command the runner refused, as a sentence on the status line."""
    return sentence(reason) + "."


def not_saved_text(problem: str) -> str:
    """A journal write that failed; the runner did not move, so nothing was lost."""
    return f"NOT SAVED: {problem}. The visit did not move. Nothing was lost."


LIGHTER_PRESSURE = {
    "anticoagulants": "anticoagulants",
    "osteoporosis": "osteoporosis",
    "fragile-skin": "fragile skin",
    "reduced-sensation": "reduced sensation",
}
# a red flag, a nerve or a vessel: shown before anything else (second clinical review)
_RED_FLAG = re.compile(
    r"emergency|refer|stop|nerve|arter|vein|vessel|pulse|dvt|clot|aneurysm|compartment|"
    r"cauda|fracture|dizz",
    re.IGNORECASE,
)


def caution_lines(
    structure: Structure | None, answered: frozenset[str], not_here: Sequence[str] = ()
) -> list[str]:
    """Every caution for this structure, in full, most pressing first: a *not at the site*
    answer at this structure's region; red flags, nerves and vessels; then what the screen's
    answers change (the pregnancy alternative, lighter pressure); then the rest."""
    site = [f"NOT AT THIS SITE: {q} — treat elsewhere, or skip it (S)" for q in not_here]
    if structure is None:
        return site
    own = list(structure.precautions)
    pregnancy = [p for p in own if p.lower().startswith("pregnan")]
    rest = [p for p in own if p not in pregnancy]
    lines = [p for p in rest if _RED_FLAG.search(p)]
    if "pregnancy" in answered:
        lines += pregnancy
    lighter = [word for key, word in LIGHTER_PRESSURE.items() if key in answered]
    if lighter:
        lines.append("Lighter pressure: " + ", ".join(lighter))
    return site + lines + [p for p in rest if p not in lines]


def caution_text(
    structure: Structure | None, answered: frozenset[str], not_here: Sequence[str] = ()
) -> str:
    """The treatment screen's caution: the most pressing one in full, and how many more
    (C shows them all); '' when there is none."""
    lines = caution_lines(structure, answered, not_here)
    if not lines:
        return ""
    if not_here:  # the banner names the answer; the screen's line says what to do, short
        lines[0] = "NOT AT THIS SITE (see the banner): treat elsewhere, or skip it (S)"
    more = f"   (+{len(lines) - 1} more: C)" if len(lines) > 1 else ""
    return f"⚠ {lines[0]}{more}"


def skip_undone_text(structure_name: str, reason: str) -> str:
    """Backspace went back over a skipped structure: the skip is taken back, out loud."""
    return f"The skip of {structure_name} is undone (it was: {reason}). Skip it again with S."


def plan_cautions(
    library: Library, choices: Iterable[tuple[str, Side, Iterable[str]]], decision: Decision
) -> str:
    """The set-up's cautions for a plan, as HTML: each protocol's structures treated today with
    their cautions (red flags first, shaped by the screen's answers, a not-at-site answer in its
    region named), then its evidence."""
    parts = []
    ticked: dict[str, set[str]] = {}
    for pid, _side, keys in choices:
        ticked.setdefault(pid, set()).update(keys)
    for protocol_id, today in ticked.items():
        protocol = library.get(protocol_id)
        parts.append(f"<p><b>{escape(protocol.name)}</b></p><ul>")
        for structure in protocol.structures:
            if structure.key not in today:
                continue  # not treated today: its cautions are not today's
            here = decision.not_here(protocol.region)
            for line in caution_lines(structure, decision.applies, here):
                parts.append(f"<li>⚠ {escape(structure.name)}: {escape(line)}</li>")
        parts += [f"<li>Evidence: {escape(e)}</li>" for e in protocol.evidence]
        parts.append("</ul>")
    return "".join(parts)
