"""The clinician's SOAP note of one visit: the record the clinic keeps.

S/O/A/P as DOMAIN.md §6 lays out, every structure with side, passes done/target, phase and pass
times, findings and notes; the screening result with any override; amendments labelled, dated
and attributed under the untouched original; the signature line. Unsigned visits carry DRAFT.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, Spacer, TableStyle

from artdesk.measures import INSTRUMENTS, MeasureSide, Timing
from artdesk.protocols import Library
from artdesk.reports.common import Rendered, Renderer, shipped_table
from artdesk.reports.fonts import FontSet
from artdesk.reports.summary import exercise_line
from artdesk.screening import Screen
from artdesk.treatment import StructureRecord, treated_minutes
from artdesk.visit import MeasurementRecord, PainPoint, VisitRecord, definitions
from artdesk.vocabulary import ScreeningResult


def seconds_text(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def stamp(record_time: object) -> str:
    from datetime import datetime

    assert isinstance(record_time, datetime)
    return record_time.astimezone().strftime("%Y-%m-%d %H:%M")


_HOW = {
    "pin": ", confirmed with their PIN",
    "password": ", confirmed with their password",
    "none": " (no sign-in was set up)",
}


class SoapNote(Renderer):
    """Renders the SOAP note of one visit to PDF bytes (a clinical record: 10 pt body)."""

    body_size = 10.0

    def render(
        self,
        record: VisitRecord,
        library: Library,
        screen: Screen | None = None,
        history: Sequence[PainPoint] = (),
    ) -> Rendered:
        fonts = FontSet(extra_font=self.extra_font)
        t = fonts.text
        s = self.styles
        story: list[object] = []
        if self.clinic.name:
            story.append(Paragraph(f"<b>{t(self.clinic.name)}</b>", s["Small"]))
        title = "Clinical note (SOAP)" + ("" if record.signed else " — DRAFT, not signed")
        story.append(Paragraph(title, s["Title"]))
        story.append(
            Paragraph(
                f"<b>{t(record.patient_name)}</b>, born {record.patient_birth.isoformat()} · "
                f"visit {stamp(record.started_at)}"
                + (f"–{record.ended_at.astimezone():%H:%M}" if record.ended_at else "")
                + f" · clinician {t(record.clinician)} · visit no. {record.id}",
                s["Body"],
            )
        )
        if record.void is not None:
            v = record.void
            story.append(
                Paragraph(
                    f"<b>VOIDED — opened in error.</b> Voided {stamp(v.at)} by {t(v.by)}: "
                    f"{t(v.reason)}. Kept for the record; not part of the course of care or "
                    "billing.",
                    s["Body"],
                )
            )

        # S
        story.append(Paragraph("S — Subjective", s["Heading"]))
        story.append(Paragraph(f"<b>Complaint:</b> {t(record.complaint) or '—'}", s["Body"]))
        before = record.pain_before
        story.append(
            Paragraph(
                f"<b>Pain (NPRS 0–10) before treatment:</b> {_num(before)}"
                + _retaken(record, Timing.BEFORE),
                s["Body"],
            )
        )
        if record.patient_sport:
            story.append(Paragraph(f"<b>Sport / running:</b> {t(record.patient_sport)}", s["Body"]))
        earlier = [p for p in history if p.when < record.started_at.date()]
        if earlier:
            last = earlier[-1]
            story.append(
                Paragraph(
                    f"<b>Response to last visit</b> ({last.when.isoformat()}): pain "
                    f"{_num(last.before)} → {_num(last.after)} then; {_num(before)} today.",
                    s["Body"],
                )
            )
        story += self._screening(record, screen, fonts)

        # O
        story.append(Paragraph("O — Objective", s["Heading"]))
        retests = record.retests
        for m in retests:
            story.append(Paragraph(_measure_line(m, t), s["Body"]))
        story.append(Paragraph("<b>Treatment given</b>", s["Body"]))
        for rec in record.state.records:
            story += self._structure(rec, library, fonts)
        total = record.treated_seconds
        assessment = record.assessment_seconds
        story.append(
            Paragraph(
                f"<b>Treated time:</b> {seconds_text(total)} ({treated_minutes(total)} min, "
                f"{record.billing_units} unit(s) of 97140 under the 8-minute rule); "
                + (
                    f"assessment (palpation without a pass, skipped structures, review after "
                    f"the passes; not counted toward 97140) "
                    f"{seconds_text(assessment)}; "
                    if assessment >= 1
                    else ""
                )
                + "paused "
                f"{seconds_text(record.state.paused_seconds)}.",
                s["Body"],
            )
        )
        after = record.pain_after
        story.append(
            Paragraph(
                f"<b>Immediate re-test — pain after treatment:</b> {_num(after)}"
                + _retaken(record, Timing.AFTER),
                s["Body"],
            )
        )

        # A
        story.append(Paragraph("A — Assessment", s["Heading"]))
        story.append(Paragraph(t(_assessment(before, after, history, record)), s["Body"]))

        # P
        story.append(Paragraph("P — Plan", s["Heading"]))
        for h in record.home_care:
            line = exercise_line(h.exercise, h.sets, h.reps, h.hold_seconds, h.frequency)
            story.append(
                Paragraph(
                    t(line + (f" ({h.notes})" if h.notes else "")), s["Bullet"], bulletText="•"
                )
            )
        if not record.home_care:
            story.append(Paragraph("No home exercises given.", s["Body"]))
        if record.home_care_notes:
            story.append(Paragraph(f"<b>Advice:</b> {t(record.home_care_notes)}", s["Body"]))
        story.append(
            Paragraph(
                "<b>Next visit:</b> "
                + (record.next_visit.isoformat() if record.next_visit else "not booked"),
                s["Body"],
            )
        )
        if record.referral is not None:
            r = record.referral
            story.append(
                Paragraph(
                    f"<b>Referral (not treated):</b> to {t(r.to)}, urgency: {t(r.urgency)}."
                    + (f" Advice given: {t(r.advice)}" if r.advice else ""),
                    s["Body"],
                )
            )
        elif record.screening_result in (ScreeningResult.STOP, ScreeningResult.EMERGENCY):
            story.append(
                Paragraph(
                    "<b>Stop-and-refer answer overridden:</b> see the screening override above.",
                    s["Body"],
                )
            )

        # the signature of the original note, then amendments under it (the original stays)
        story.append(Spacer(1, 8))
        if record.altered:
            line = (
                "<b>RECORD ALTERED AFTER SIGNING.</b> This record no longer matches what "
                f"{t(record.signed_by or 'the clinician')} signed, so no signature is printed "
                f"({t(record.altered[0])}; run 'verify' for the whole list)."
            )
        elif record.signed and record.signed_at is not None:
            how = _HOW.get(record.signed_with or "", "")
            seal = f" Record seal {record.seal[:16]}." if record.seal else ""
            line = (
                f"Signed electronically by <b>{t(record.signed_by or '')}</b> on "
                f"{stamp(record.signed_at)}{how}.{seal}"
            )
        else:
            line = "<b>DRAFT — not signed.</b> This note may still change."
        story.append(
            shipped_table(
                [[Paragraph(line, s["Body"])]],
                colWidths=[None],
                style=TableStyle(
                    [
                        ("LINEABOVE", (0, 0), (-1, 0), 0.8, colors.black),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ]
                ),
            )
        )

        for n, a in enumerate(record.amendments, start=1):
            story.append(Paragraph(f"Amendment {n}", s["Heading"]))
            story.append(
                Paragraph(
                    f"<i>Added {stamp(a.created_at)} by {t(a.author)}. Reason: {t(a.reason)}. "
                    "The note above is unchanged.</i>",
                    s["Small"],
                )
            )
            story.append(Paragraph(t(a.text), s["Body"]))
        footer = f"{record.patient_name[:60]} · visit {record.id} · {stamp(record.started_at)}"
        return self.build(
            story,
            title=f"SOAP note — {record.patient_name} — visit {record.id}",
            footer=t(footer),
            draft=not record.signed,
            missing=fonts.missing,
        )

    def _screening(
        self, record: VisitRecord, screen: Screen | None, fonts: FontSet
    ) -> list[object]:
        s = self.styles
        t = fonts.text
        # in the screen's own order (stop items first), answers it no longer has at the end
        answers = record.screening_answers
        items = list(screen.items) if screen else []

        def said(item_id: str, question: str) -> str:
            site = answers.get(item_id)
            return f"{question} (at: {site})" if isinstance(site, str) else question

        present = [said(i.id, i.question) for i in items if answers.get(i.id)]
        known = {i.id for i in items}
        present += [said(key, key) for key, yes in answers.items() if yes and key not in known]
        result = record.screening_result
        text = f"<b>Safety screen:</b> {t(result.label if result else 'not recorded')}"
        if present:
            text += " — " + "; ".join(t(p) for p in present)
        out: list[object] = [Paragraph(text, s["Body"])]
        if record.screening_override:
            out.append(
                Paragraph(
                    f"<b>Override of a stop answer, reason:</b> {t(record.screening_override)}",
                    s["Body"],
                )
            )
        return out

    def _structure(self, rec: object, library: Library, fonts: FontSet) -> list[object]:

        assert isinstance(rec, StructureRecord)
        s = self.styles
        t = fonts.text
        plan = rec.plan
        protocol = library.protocols.get(plan.protocol_id)
        position = mode = ""
        if protocol is not None:
            try:
                structure = protocol.structure(plan.structure_key)
                position = structure.start_position
                mode = structure.mode.value + (
                    f", level {structure.level}" if structure.level else ""
                )
            except KeyError:
                pass
        head = f"<b>{t(plan.structure_name)}</b> — {plan.side.value} ({t(plan.protocol_name)})"
        head += ": " + t(definitions.outcome_text(rec, seconds_text, locate=True))
        out: list[object] = [Paragraph(head, s["Bullet"], bulletText="•")]
        if position or mode:
            out.append(Paragraph(f"Position: {t(position)}; movement: {t(mode)}", s["Small"]))
        if rec.passes:
            rows = [
                [
                    Paragraph(h, s["CellBold"])
                    for h in ("pass", "contact", "lengthen", "total", "target")
                ]
            ]
            for p in rec.passes:
                rows.append(
                    [Paragraph(str(p.number) + ("" if p.completed else " (not done)"), s["Cell"])]
                    + [
                        Paragraph(f"{v:.1f} s", s["Cell"])
                        for v in (p.contact_seconds, p.lengthen_seconds, p.seconds)
                    ]
                    + [Paragraph(f"{plan.target_seconds} s", s["Cell"])]
                )
            table = shipped_table(
                rows,
                colWidths=[22 * mm] * 5,
                hAlign="LEFT",
                style=TableStyle(
                    [
                        ("GRID", (0, 0), (-1, -1), 0.3, colors.HexColor("#999999")),
                        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eef2f7")),
                        ("TOPPADDING", (0, 0), (-1, -1), 1),
                        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                    ]
                ),
            )
            table.hAlign = "LEFT"
            out.append(
                shipped_table(
                    [[table]],
                    colWidths=[None],
                    hAlign="LEFT",
                    style=TableStyle([("LEFTPADDING", (0, 0), (-1, -1), 12)]),
                )
            )
        for f in rec.findings:
            grades = f.grades
            text = f"Findings ({f.at.astimezone():%H:%M}): {grades}"
            if f.response:
                text += f"; response: {f.response}"
            out.append(Paragraph(t(text), s["Small"]))
        for n in rec.notes:
            where = n.phase.value + (f", pass {n.pass_number}" if n.pass_number else "")
            out.append(
                Paragraph(
                    f"<i>Note ({n.at.astimezone():%H:%M}, {where}):</i> {t(n.text)}", s["Body"]
                )
            )
        return out


def _retaken(record: VisitRecord, timing: Timing) -> str:
    """'(taken twice: 6, then 5; the last counts)' when a pain score was taken again."""
    values = [m.value for m in record.measurements if m.is_pain and m.timing == timing]
    if len(values) < 2:
        return ""
    shown = ", then ".join(f"{v:g}" for v in values)
    return f" (taken {len(values)} times: {shown}; the last counts)"


def _num(value: float | None) -> str:
    return "—" if value is None else f"{value:g}"


def _measure_line(m: MeasurementRecord, t: Callable[[str], str]) -> str:
    """'Knee-to-wall (−5–25 cm), right, after treatment: 9.5 cm' — the instrument's name and
    range, never its code alone (DOMAIN.md §7 item 24)."""
    spec = INSTRUMENTS.get(m.instrument)
    name = spec.name if spec else m.instrument
    scale = f" ({spec.low:g}–{spec.high:g} {spec.unit})".replace(" )", ")") if spec else ""
    side = "" if m.side == MeasureSide.NONE else f", {m.side}"
    return f"<b>{t(name)}</b>{t(scale)}{side}, {m.timing} treatment: {m.value:g} {t(m.unit)}"


def course_verdict(first: float, now: float) -> str:
    """How pain (NPRS) moved over the course, by the change that matters: ≈2 points or ≈30 %
    (Farrar 2001) — in either direction, and never less than 2 points from a low baseline,
    where 30 % is inside the scale's noise."""
    change = now - first
    size = abs(change)
    matters = size >= 2 or (first >= 4 and size / first >= 0.3)
    if change < 0:
        if matters:
            return "a clinically meaningful improvement (≈2 points or ≈30 %, Farrar 2001)"
        return "better, but not yet by the ≈2-point / 30 % change that matters"
    if change > 0:
        if matters:
            return "a clinically meaningful WORSENING: reassess the plan"
        return "slightly worse, within the change that does not matter"
    return "unchanged"


def _assessment(
    before: float | None, after: float | None, history: Sequence[PainPoint], record: VisitRecord
) -> str:
    parts = []
    if before is not None and after is not None:
        parts.append(
            f"Pain {before:g} → {after:g} immediately after treatment (an immediate re-test; "
            "whether a change matters is judged over the course of care)."
        )
    firsts = [p.before for p in history if p.before is not None]
    if len(firsts) >= 2 and before is not None:
        verdict = course_verdict(firsts[0], before)
        parts.append(
            f"Since the first recorded visit pain before treatment went "
            f"{firsts[0]:g} → {before:g} over {len(firsts)} visits: {verdict}."
        )
    skipped = [r.plan.structure_name for r in record.skipped]
    if skipped:
        parts.append("Not treated today: " + ", ".join(skipped) + ".")
    missed = definitions.with_outcome(record.state, definitions.Outcome.NOT_REACHED)
    if missed:
        names = ", ".join(f"{r.plan.structure_name} ({r.plan.side})" for r in missed)
        parts.append(f"Not reached before the visit ended: {names}.")
    if record.referral is not None:
        parts.insert(
            0, f"Not treated: referred to {record.referral.to} ({record.referral.urgency})."
        )
    if before is not None and after is None and record.referral is None:
        parts.insert(0, f"Pain {before:g} before treatment; no re-test after.")
    return " ".join(parts) or "No pain scores recorded for this visit."
