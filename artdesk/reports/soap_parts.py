"""Parts of the SOAP note: one structure as treated (or not), and the progress over the
course of care toward the goals (judged over the course only, DOMAIN.md §7 item 23)."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, TableStyle

from artdesk.course import Progress
from artdesk.protocols import Library
from artdesk.reports.common import day_text, shipped_table
from artdesk.reports.fonts import FontSet
from artdesk.reports.wording import GOAL_WORDS, goal_latest, goal_target, value_text, verdict_text
from artdesk.treatment import StructureRecord
from artdesk.visit import definitions


def seconds_text(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def outcome_words(rec: StructureRecord) -> str:
    """The structure's result for the note: a structure skipped before any pass is 'not
    treated — reason' (never '0/4 passes'), one the visit ended before is 'not reached'."""
    kind = definitions.outcome(rec)
    if kind is definitions.Outcome.SKIPPED:
        return f"not treated — {rec.skipped_reason or 'no reason given'}"
    return definitions.outcome_text(rec, seconds_text, locate=True)


def structure_lines(
    rec: StructureRecord, library: Library, fonts: FontSet, styles: StyleSheet1
) -> list[object]:
    """One planned structure: side, protocol, result, position and movement, its passes'
    times, findings with their scales, and notes."""
    s = styles
    t = fonts.text
    plan = rec.plan
    protocol = library.protocols.get(plan.protocol_id)
    position = mode = ""
    if protocol is not None:
        try:
            structure = protocol.structure(plan.structure_key)
            position = structure.start_position
            mode = structure.mode.value + (f", level {structure.level}" if structure.level else "")
        except KeyError:
            pass
    head = f"<b>{t(plan.structure_name)}</b> — {plan.side.value} ({t(plan.protocol_name)})"
    head += ": " + t(outcome_words(rec))
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
            Paragraph(f"<i>Note ({n.at.astimezone():%H:%M}, {where}):</i> {t(n.text)}", s["Body"])
        )
    return out


def course_lines(progress: Progress, fonts: FontSet, styles: StyleSheet1) -> list[object]:
    """Each measure from the episode's baseline to now, judged against its change that
    matters (over the course), and the goals with their status."""
    t = fonts.text
    s = styles
    last = progress.visits[-1] if progress.visits else None
    upto = f" (to visit {last.number}, {day_text(last.when.astimezone().date())})" if last else ""
    out: list[object] = [Paragraph(f"Progress over the course of care{upto}", s["Subheading"])]
    for series in progress.series:
        first, now = series.baseline, series.latest
        if first is None or now is None:
            continue
        code, unit = series.instrument.code, series.instrument.unit
        if series.assessment is None:
            moved = (
                f"{value_text(code, first.value, unit)} (visit {first.number}), the first "
                "reading: nothing to judge yet"
            )
        else:
            moved = (
                f"{value_text(code, first.value, unit)} at baseline (visit {first.number}) "
                f"→ {value_text(code, now.value, unit)} (visit {now.number}): "
                + verdict_text(series)
            )
        out.append(Paragraph(f"<b>{t(series.label)}:</b> {t(moved)}", s["Bullet"], bulletText="•"))
    for g in progress.goals:
        goal = g.goal
        detail = [f"{goal.term.value} term"]
        if goal.target_date:
            detail.append(f"by {day_text(goal.target_date)}")
        target = goal_target(g)
        if target:
            detail.append(f"target {target}")
        latest = goal_latest(g, progress.series)
        if latest:
            detail.append(latest)
        out.append(
            Paragraph(
                f"<b>Goal {GOAL_WORDS[g.status]}:</b> {t(goal.text)} "
                f"<i>({t('; '.join(detail))})</i>",
                s["Bullet"],
                bulletText="•",
            )
        )
    return out
