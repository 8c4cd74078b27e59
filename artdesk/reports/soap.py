"""The clinician's SOAP note of one visit: the record the clinic keeps and a payer reads.

The clinic's header; the patient, diagnosis and "visit n of N" of the episode; S/O/A/P as
DOMAIN.md §6 lays out, every structure with side, passes done/target, phase and pass times,
findings with their scales, notes, and structures not treated said so with the reason; every
measure by its name with its scale, side and site (trials, activities); treatment time, timed
minutes and units; the clinician's own Assessment and Plan as written; progress toward the
goals over the course when a Progress is given (the change that matters is judged only over a
course, never within one visit: DOMAIN.md §7 item 23); the screening result with any override;
amendments labelled, dated and attributed under the untouched original; the signature line
with the signer's credentials and licence/NPI. Unsigned visits carry DRAFT.
"""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.lib import colors
from reportlab.platypus import Paragraph, Spacer, TableStyle

from artdesk.course import Progress
from artdesk.measures import PAIN, Timing
from artdesk.protocols import Library
from artdesk.reports.body_marks import marks_block
from artdesk.reports.common import (
    MARGIN,
    Rendered,
    Renderer,
    clinic_header,
    day_text,
    shipped_table,
)
from artdesk.reports.fonts import FontSet
from artdesk.reports.soap_parts import course_lines, seconds_text, structure_lines
from artdesk.reports.summary import exercise_line
from artdesk.reports.wording import (
    measurement_text,
    value_text,
)
from artdesk.screening import Screen
from artdesk.treatment import treated_minutes
from artdesk.visit import PainPoint, VisitRecord, definitions
from artdesk.vocabulary import ScreeningResult


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
        progress: Progress | None = None,
    ) -> Rendered:
        """``progress``: the episode's progress up to this visit (reports.progress_at), for
        the goals and the change over the course; without it the note judges no change."""
        fonts = FontSet(extra_font=self.extra_font)
        t = fonts.text
        s = self.styles
        story: list[object] = clinic_header(self.clinic, fonts, s)
        title = "Clinical note (SOAP)" + ("" if record.signed else " — DRAFT, not signed")
        story.append(Paragraph(title, s["Title"]))
        story.append(
            Paragraph(
                f"<b>{t(record.patient_name)}</b>, born {day_text(record.patient_birth)} · "
                f"visit {stamp(record.started_at)}"
                + (f"–{record.ended_at.astimezone():%H:%M}" if record.ended_at else "")
                + f" · clinician {t(record.clinician)}",
                s["Body"],
            )
        )
        story += self._episode(record, fonts)
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
        if record.body_marks:  # marked on the body chart at set-up
            width = self.paper[0] - 2 * MARGIN
            lead = "<b>Where it hurts (body chart):</b> "
            story += marks_block(record.body_marks, fonts, s["Body"], width, 105, lead=lead)
        before = record.pain_before
        # a course that scores pain on another scale (VAS, the verbal rating) prints that in O;
        # no empty 0–10 lines beside it
        nprs = any(m.is_pain for m in record.measurements) or not any(
            m.instrument in ("VAS", "VRS") for m in record.measurements
        )
        if nprs:
            story.append(
                Paragraph(
                    f"<b>Pain before treatment</b> ({t(PAIN_SCALE)}): {_pain(before)}"
                    + _retaken(record, Timing.BEFORE),
                    s["Body"],
                )
            )
        if record.patient_sport:
            story.append(Paragraph(f"<b>Sport / running:</b> {t(record.patient_sport)}", s["Body"]))
        earlier = [p for p in history if p.when < record.started_at.date()]
        if earlier and nprs:
            last = earlier[-1]
            story.append(
                Paragraph(
                    f"<b>Response to last visit</b> ({day_text(last.when)}): pain "
                    f"{_pain(last.before)} → {_pain(last.after)} then; {_pain(before)} today.",
                    s["Body"],
                )
            )
        story += self._screening(record, screen, fonts)

        # O
        story.append(Paragraph("O — Objective", s["Heading"]))
        for m in record.retests:
            what, reading = measurement_text(m)
            story.append(
                Paragraph(f"<b>{t(what)}</b>, {m.timing} treatment: {t(reading)}", s["Body"])
            )
        story.append(Paragraph("<b>Treatment given</b>", s["Body"]))
        for rec in record.state.records:
            story += structure_lines(rec, library, fonts, s)
        story.append(Paragraph(self._time(record), s["Body"]))
        after = record.pain_after
        if nprs:
            story.append(
                Paragraph(
                    f"<b>Immediate re-test — pain after treatment:</b> {_pain(after)}"
                    + _retaken(record, Timing.AFTER),
                    s["Body"],
                )
            )

        # A
        story.append(Paragraph("A — Assessment", s["Heading"]))
        if record.assessment.strip():  # the clinician's own words, as written
            story.append(Paragraph(t(record.assessment), s["Body"]))
        else:  # an older visit, or none written: the generated sentence, labelled as such
            story.append(
                Paragraph(
                    "<i>Generated from the record (no assessment was written):</i> "
                    + t(_assessment(before, after, history, record)),
                    s["Body"],
                )
            )
        if progress is not None:
            story += course_lines(progress, fonts, s)

        # P
        story.append(Paragraph("P — Plan", s["Heading"]))
        if record.plan_note.strip():  # the clinician's own words, as written
            story.append(Paragraph(t(record.plan_note), s["Body"]))
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
                "<b>Next visit:</b> " + day_text(record.next_visit, "not booked"),
                s["Body"],
            )
        )
        episode = record.episode
        if episode is not None:
            course = t(episode.plan.text())
            if episode.reeval_date:
                course += f"; re-evaluation {day_text(episode.reeval_date)}"
            story.append(Paragraph(f"<b>Course of care:</b> {course}", s["Body"]))
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
            ids = f" ({t(record.signer_ids)})" if record.signer_ids else ""
            line = (
                f"Signed electronically by <b>{t(record.signed_by or '')}</b>{ids} on "
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
        of = f"{record.visit_of}, " if record.visit_of else "visit "
        footer = f"{record.patient_name[:60]} · {of}{stamp(record.started_at)} · record {record.id}"
        return self.build(
            story,
            title=f"SOAP note — {record.patient_name} — {stamp(record.started_at)}",
            footer=t(footer),
            draft=not record.signed,
            missing=fonts.missing,
        )

    def _episode(self, record: VisitRecord, fonts: FontSet) -> list[object]:
        """Diagnosis, and 'Episode: complaint, opened …, visit 3 of 6'."""
        t = fonts.text
        s = self.styles
        episode = record.episode
        if episode is None:  # a visit from before episodes of care
            return [Paragraph("<b>Episode:</b> none recorded for this visit", s["Body"])]
        opened = ""
        if episode.opened_at is not None:
            opened = f", opened {day_text(episode.opened_at.astimezone().date())}"
        of = f", {record.visit_of}" if record.visit_of else ""
        return [
            Paragraph(f"<b>Diagnosis:</b> {t(episode.diagnosis) or 'not recorded'}", s["Body"]),
            Paragraph(f"<b>Episode:</b> {t(episode.complaint)}{opened}{of}", s["Body"]),
        ]

    def _time(self, record: VisitRecord) -> str:
        """Total treatment time, the timed minutes and the units they bill (8-minute rule)."""
        total = record.treated_seconds
        minutes = treated_minutes(total)
        units = record.billing_units
        line = (
            f"<b>Total treatment time:</b> {seconds_text(total)} — {minutes} timed minute"
            f"{'s' if minutes != 1 else ''} of manual therapy (CPT 97140): <b>{units} unit"
            f"{'s' if units != 1 else ''}</b> under the 8-minute rule. "
        )
        assessment = record.assessment_seconds
        if assessment >= 1:
            line += (
                "Assessment (palpation without a pass, skipped structures, review after the "
                f"passes; not counted toward 97140) {seconds_text(assessment)}. "
            )
        return line + f"Paused {seconds_text(record.state.paused_seconds)}."

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


def _retaken(record: VisitRecord, timing: Timing) -> str:
    """'(taken twice: 6, then 5; the last counts)' when a pain score was taken again."""
    values = [m.value for m in record.measurements if m.is_pain and m.timing == timing]
    if len(values) < 2:
        return ""
    shown = ", then ".join(f"{v:g}" for v in values)
    return f" (taken {len(values)} times: {shown}; the last counts)"


def _pain(value: float | None) -> str:
    """Pain with its scale: '6/10' ('—' when not taken)."""
    return "—" if value is None else value_text(PAIN, value)


PAIN_SCALE = "numeric pain rating scale, 0 = no pain, 10 = worst pain imaginable"


def _assessment(
    before: float | None, after: float | None, history: Sequence[PainPoint], record: VisitRecord
) -> str:
    """The generated sentence (a suggestion, printed only when the clinician wrote none).
    Within one visit a change is only reported, never judged: whether it matters is judged
    over the course (DOMAIN.md §7 item 23), from the episode's progress."""
    parts = []
    if before is not None and after is not None:
        parts.append(
            f"Pain {before:g}/10 → {after:g}/10 immediately after treatment (an immediate "
            "re-test; whether a change matters is judged over the course of care)."
        )
    firsts = [p.before for p in history if p.before is not None]
    if len(firsts) >= 2 and before is not None:
        parts.append(
            f"Since the first recorded visit pain before treatment went "
            f"{firsts[0]:g}/10 → {before:g}/10 over {len(firsts)} visits."
        )
    skipped = [
        f"{r.plan.structure_name} ({r.plan.side}): {r.skipped_reason}" for r in record.skipped
    ]
    if skipped:
        parts.append("Not treated today: " + "; ".join(skipped) + ".")
    missed = definitions.with_outcome(record.state, definitions.Outcome.NOT_REACHED)
    if missed:
        names = ", ".join(f"{r.plan.structure_name} ({r.plan.side})" for r in missed)
        parts.append(f"Not reached before the visit ended: {names}.")
    if record.referral is not None:
        parts.insert(
            0, f"Not treated: referred to {record.referral.to} ({record.referral.urgency})."
        )
    if before is not None and after is None and record.referral is None:
        parts.insert(0, f"Pain {before:g}/10 before treatment; no re-test after.")
    return " ".join(parts) or "No pain scores recorded for this visit."
