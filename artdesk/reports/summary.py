"""The patient's take-home summary: one page, plain language, body text 11 pt or more."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.platypus import (
    KeepTogether,
    Paragraph,
)

from artdesk.measures import INSTRUMENTS, Timing
from artdesk.protocols import Library, Side
from artdesk.reports.body_marks import (
    BodyMarksChart,
    beside,
    drawable,
    grouped_markup,
    marks_block,
)
from artdesk.reports.charts import PainChart
from artdesk.reports.common import (
    MARGIN,
    Clinic,
    Rendered,
    Renderer,
    clinic_header,
    stylesheet,
)
from artdesk.reports.fonts import FontSet
from artdesk.visit import PainPoint, VisitRecord
from artdesk.visit.definitions import pain

# Signs that need emergency care now (DOMAIN.md §5 grades, §7 item 3), not a call to the clinic
EMERGENCY_SIGNS = (
    "numbness between your legs or around your bottom, or a new change in bladder or bowel control",
    "one calf that becomes swollen, warm or red (not just sore after treatment)",
    "chest pain or sudden breathlessness",
    "weakness in both legs, or a leg getting quickly weaker",
)
SHIN_EMERGENCY_SIGN = "severe, growing pain and tightness in the shin that rest does not ease"
NECK_EMERGENCY_SIGN = (
    "a sudden, severe headache, dizziness, double vision, or trouble speaking or swallowing"
)
CALL_US_SIGNS = (
    "pain that gets much worse or is severe",
    "new numbness, tingling or weakness in one leg or arm",
    "a fever or feeling unwell",
    "redness, heat or swelling where you were treated",
)
EXPECT = (
    "The treated area may feel sore or tender for 24–48 hours. That is normal and eases by "
    "itself. Keep moving gently and ease back into running as agreed with your clinician."
)
EXERCISE_PAIN = (
    "The exercises may feel uncomfortable. That is fine if the pain stays mild (up to 3 out of "
    "10) and has settled by the next morning. If it is worse the next morning, do less until "
    "your next visit."
)
SIDE_WORDS = {Side.LEFT: "left side", Side.RIGHT: "right side", Side.MIDLINE: ""}


def long_date(when: date) -> str:
    return f"{when:%A} {when.day} {when:%B %Y}"


def plain_treatment(record: VisitRecord, library: Library) -> list[str]:
    """What was treated, in the protocols' plain words: one line per body region and side,
    naming the structures treated there ("Your calf and Achilles tendon, right side: …")."""
    structures: dict[tuple[str, str], list[Side]] = {}  # (region, structure words) → sides
    for rec in record.treated:  # only what had passes (DOMAIN.md §7 item 26)
        plan = rec.plan
        protocol = library.protocols.get(plan.protocol_id)
        words = plan.structure_name
        region = ""
        if protocol is not None:
            region = protocol.plain_name
            with contextlib.suppress(KeyError):
                words = protocol.structure(plan.structure_key).plain_name
        sides = structures.setdefault((region, words), [])
        if plan.side not in sides:
            sides.append(plan.side)
    grouped: dict[tuple[str, str], list[str]] = {}  # (region, side words) → structure words
    for (region, words), sides in structures.items():
        side = (
            "both sides"
            if {Side.LEFT, Side.RIGHT} <= set(sides)
            else ", ".join(SIDE_WORDS[s] for s in sides if SIDE_WORDS.get(s))
        )
        grouped.setdefault((region, side), []).append(words)
    out = []
    for (region, side), names in grouped.items():
        head = region or names[0]
        head = head[0].upper() + head[1:]
        if side:
            head += f", {side}"
        listed = names if region else names[1:]
        out.append(head + (": " + _and_join(listed) if listed else ""))
    return out


def _and_join(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def duration(seconds: int) -> str:
    """'30 seconds', '1 minute', '90 seconds', '2 minutes'."""
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{seconds} second{'s' if seconds != 1 else ''}"


def exercise_line(exercise: str, sets: int, reps: int, hold: int, frequency: str) -> str:
    """The dose in words a patient reads naturally: 'hold 30 seconds, 3 times', '3 sets of
    15', '2 sets of 10, hold 5 seconds each' — never '3 sets of 1'."""
    times = f"{sets} time{'s' if sets != 1 else ''}"
    if reps == 1 and hold:
        dose = f"hold {duration(hold)}" + (f", {times}" if sets > 1 else "")
    elif reps == 1:
        dose = times if sets > 1 else "once"
    elif sets == 1 and hold:  # 10 × 10 s
        dose = f"hold {duration(hold)}, {reps} times"
    else:
        dose = f"{sets} set{'s' if sets != 1 else ''} of {reps}"
        if hold:
            dose += f", hold {duration(hold)} each"
    return f"{exercise} — {dose}, {frequency}"


def today_pain(record: VisitRecord) -> tuple[str, str]:
    """Today's pain before and after treatment as the patient reads it ("" when not taken):
    the 0–10 score; for a course that scores pain another way, the 100 mm line (VAS), else the
    verbal rating in its words ("mild pain")."""

    def score(value: float | None, top: int) -> str:
        return "" if value is None else f"{value:g} out of {top}"

    before, after = record.pain_before, record.pain_after
    if before is not None or after is not None:
        return score(before, 10), score(after, 10)
    for code in ("VAS", "VRS"):
        taken = [(m.timing, m.value) for m in record.measurements if m.instrument == code]
        before, after = pain(taken, Timing.BEFORE), pain(taken, Timing.AFTER)
        if code == "VAS" and (before is not None or after is not None):
            return score(before, 100), score(after, 100)
        if before is not None or after is not None:
            words = INSTRUMENTS[code].labels
            said = ["" if v is None else words.get(int(v), score(v, 3)) for v in (before, after)]
            return said[0], said[1]
    return "", ""


class PatientSummary(Renderer):
    """Renders the take-home summary of one visit to PDF bytes (body text 11 pt)."""

    body_size = 11.0

    def __init__(self, clinic: Clinic, paper: str = "A4", extra_font: str = "") -> None:
        super().__init__(clinic, paper, extra_font)
        self.compact_styles = stylesheet(self.body_size)
        for name in ("Heading", "Bullet", "Body"):
            style = self.compact_styles[name]
            style.spaceBefore = min(style.spaceBefore, 3)
            style.spaceAfter = min(style.spaceAfter, 1)
            style.leading = style.fontSize * 1.18

    def render(
        self, record: VisitRecord, library: Library, history: Sequence[PainPoint] = ()
    ) -> Rendered:
        """One page: if the visit's content runs over, lay it out again more tightly (smaller
        chart, less space between sections), then without the chart, then with where it hurt
        in one short paragraph, at last without it (the SOAP note has it); the text stays
        11 pt and the warning signs are never dropped."""
        rendered = self._render(record, library, history, compact=False)
        if rendered.pages > 1:
            rendered = self._render(record, library, history, compact=True)
        if rendered.pages > 1 and len(history) >= 2:
            rendered = self._render(record, library, (), compact=True)
        for marks in ("line", "none"):  # where it hurt in one short paragraph; at last left out
            if rendered.pages > 1 and record.body_marks:
                rendered = self._render(record, library, (), compact=True, marks=marks)
        return rendered

    def _render(
        self,
        record: VisitRecord,
        library: Library,
        history: Sequence[PainPoint],
        compact: bool,
        marks: str = "chart",
    ) -> Rendered:
        """``marks``: where it hurt as a small chart with the words ("chart"), as one short
        paragraph ("line") or not at all ("none": the SOAP note still has it)."""
        fonts = FontSet(extra_font=self.extra_font)
        t = fonts.text
        s = self.compact_styles if compact else self.styles
        story: list[object] = []
        story += self._header(fonts)
        of = record.visit_of  # "visit 3 of 6" in an episode of care: in the title, no extra line
        story.append(Paragraph("Your visit summary" + (f" — {of}" if of else ""), s["Title"]))
        when = record.started_at.astimezone()
        story.append(
            Paragraph(
                f"<b>{t(record.patient_name)}</b> · {long_date(when.date())} · "
                f"with {t(record.clinician)}",
                s["Body"],
            )
        )
        if record.void is not None:
            story.append(
                Paragraph(
                    "<b>This visit was recorded in error and has been cancelled.</b> "
                    "Please ignore this page.",
                    s["Body"],
                )
            )
        if record.altered:
            story.append(
                Paragraph(
                    "<b>Record altered after signing</b> — ask the clinic for a checked copy.",
                    s["Small"],
                )
            )

        if record.referral is not None:  # not treated: sent to someone else, and how soon
            r = record.referral
            story.append(Paragraph("What happens next", s["Heading"]))
            soon = {"emergency now": "now", "same day": "today", "within a week": "this week"}
            story.append(
                Paragraph(
                    f"We did not treat you today. Please see <b>{t(r.to)}</b>"
                    + (f" <b>{soon[r.urgency]}</b>" if r.urgency in soon else "")
                    + "."
                    + (f" {t(r.advice)}" if r.advice else ""),
                    s["Body"],
                )
            )
        else:
            story.append(Paragraph("What we worked on today", s["Heading"]))
            treated = plain_treatment(record, library)
            for line in treated or ["We assessed the area today; no passes were needed."]:
                story.append(Paragraph(t(line), s["Bullet"], bulletText="•"))

        width = self.paper[0] - 2 * MARGIN
        chart_height = 95 if compact else 120
        # with a pain chart, the body is drawn beside it and the marks said in short above
        body = None
        if marks == "chart" and len(history) >= 2 and drawable(record.body_marks):
            body = BodyMarksChart(record.body_marks, chart_height)
        if record.body_marks and (marks == "line" or body is not None):
            lead = "<b>Where you felt it:</b> "
            story.append(Paragraph(lead + grouped_markup(record.body_marks, fonts), s["Body"]))
        elif record.body_marks and marks == "chart":  # as shown on the body chart at set-up
            lead = "<b>Where you felt it:</b> " if compact else ""
            if not compact:
                story.append(Paragraph("Where you felt it", s["Heading"]))
            height = 80 if compact else 110
            story += marks_block(record.body_marks, fonts, s["Body"], width, height, lead=lead)

        before, after = today_pain(record)
        if before or after or len(history) >= 2:
            story.append(Paragraph("Your pain", s["Heading"]))  # never a heading over nothing
        if before or after:
            parts = []
            if before:
                parts.append(f"before treatment <b>{before}</b>")
            if after:
                parts.append(f"after treatment <b>{after}</b>")
            story.append(Paragraph("Today: " + ", ".join(parts) + ".", s["Body"]))
        if len(history) >= 2:
            room = width - (body.width + 12 if body is not None else 0)
            pains = PainChart(history, width=room, height=chart_height)
            row = pains if body is None else beside(pains, body)
            story.append(KeepTogether([Paragraph("Your pain at each visit", s["Small"]), row]))

        if record.referral is None:  # a referred patient is not sent home with exercises
            story.append(Paragraph("What to do at home", s["Heading"]))
            if record.home_care:
                for h in record.home_care:
                    line = exercise_line(h.exercise, h.sets, h.reps, h.hold_seconds, h.frequency)
                    story.append(Paragraph(t(line), s["Bullet"], bulletText="•"))
                    if h.notes:
                        story.append(Paragraph(t(h.notes), s["Small"]))
            else:
                story.append(
                    Paragraph("No exercises this time: keep moving as comfort allows.", s["Body"])
                )
            if record.home_care_notes:
                story.append(Paragraph(t(record.home_care_notes), s["Body"]))

            story.append(Paragraph("What to expect", s["Heading"]))
            expect = [EXPECT, *([EXERCISE_PAIN] if record.home_care else [])]
            for text in [" ".join(expect)] if compact else expect:
                story.append(Paragraph(text, s["Body"]))

        story += self._warning_signs(record, fonts, s, compact)

        contact = self._contact(fonts)
        if record.next_visit:
            booked = f"<b>{long_date(record.next_visit)}</b>. To change it, {contact}."
        else:
            booked = f"Not booked yet: {contact} to book."
        if compact:  # the heading's line given to the text
            story.append(Paragraph(f"<b>Your next visit:</b> {booked}", s["Body"]))
        else:
            story.append(Paragraph("Your next visit", s["Heading"]))
            story.append(Paragraph(booked, s["Body"]))

        return self.build(
            story,
            title=f"Visit summary — {record.patient_name}",
            footer=fonts.text((self.clinic.name or "Visit summary")[:80]),
            draft=not record.signed,
            missing=fonts.missing,
        )

    def _contact(self, fonts: FontSet) -> str:
        """'call us on 0113 …', never 'call us' without a number."""
        if self.clinic.phone:
            return f"call us on <b>{fonts.text(self.clinic.phone)}</b>"
        if self.clinic.name:
            return f"contact {fonts.text(self.clinic.name)}"
        return "contact the clinic that treated you"

    def _warning_signs(
        self, record: VisitRecord, fonts: FontSet, s: Any, compact: bool
    ) -> list[object]:
        """Emergency signs first, sent to emergency care; then the ones that mean 'call us'."""
        number = self.clinic.emergency_number.strip()
        call = f"call {fonts.text(number)}" if number else "call your local emergency number"
        emergency = list(EMERGENCY_SIGNS)
        if any(p.protocol_id == "shin" for p in record.state.plan):
            emergency.append(SHIN_EMERGENCY_SIGN)  # compartment syndrome (DOMAIN.md §7 item 9)
        if any(p.protocol_id == "neck" for p in record.state.plan):
            emergency.append(NECK_EMERGENCY_SIGN)  # neck artery signs (DOMAIN.md §5)
        contact = self._contact(fonts)
        groups = (
            (f"Go to the emergency department now, or {call}, if you have", emergency),
            (f"{contact[0].upper()}{contact[1:]} if you notice", list(CALL_US_SIGNS)),
        )
        story: list[object] = []
        for heading, signs in groups:
            story.append(Paragraph(heading, s["Heading"]))
            if compact:  # one sentence instead of a list: ANY one sign is enough
                listed = "; ".join(signs[:-1]) + "; or " + signs[-1] if len(signs) > 1 else signs[0]
                story.append(Paragraph(f"Any one of these: {listed}.", s["Body"]))
            else:
                story += [Paragraph(sign, s["Bullet"], bulletText="•") for sign in signs]
        return story

    def _header(self, fonts: FontSet) -> list[object]:
        return clinic_header(self.clinic, fonts, self.styles)
