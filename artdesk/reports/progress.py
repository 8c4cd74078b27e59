"""The progress report of an episode of care: the re-evaluation / progress note a payer asks for.

The clinic, the patient and the episode (diagnosis, complaint, injury, plan); visits attended
against planned; every measure from baseline to latest with its change judged against the
instrument's change that matters OVER THE COURSE (the threshold and its source named), one
dated chart each; the goals met, not met or open; the treatment given; the plan going forward
(visits planned and left, the clinician's own Plan as last signed, the re-evaluation and the
next visit); a line for the clinician's signature. Everything comes
from a :class:`artdesk.course.Progress`.
"""

from __future__ import annotations

from datetime import date

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    KeepTogether,
    Paragraph,
    Spacer,
    TableStyle,
)

from artdesk.course import Progress, Series
from artdesk.measures import Instrument
from artdesk.reports.chart_scales import local_day
from artdesk.reports.charts import TrendChart
from artdesk.reports.common import (
    MARGIN,
    Rendered,
    Renderer,
    clinic_header,
    day_text,
    shipped_table,
)
from artdesk.reports.fonts import BOLD, REGULAR, FontSet
from artdesk.reports.wording import (
    GOAL_WORDS,
    activities,
    amount,
    capital,
    change_text,
    goal_latest,
    goal_target,
    num,
    short_verdict,
    verdict_text,
)
from artdesk.treatment import treated_minutes

CELL_SIZE = 9.0  # the Cell style's size (a 10 pt body)
PAD = 4.0  # a cell's padding left and right
GRID = colors.HexColor("#999999")
HEAD = colors.HexColor("#eef2f7")


def reading_at(series: Series, which: str, fonts: FontSet) -> str:
    """'<b>62 mm</b><br/>visit 1, 3 Mar 2025, before treatment; mean of 3 trials' (markup)."""
    reading = series.baseline if which == "baseline" else series.latest
    if reading is None:
        return "—"
    t = fonts.text
    rule = f"; {reading.rule}" if reading.rule else ""
    return f"<b>{t(amount(reading.value, series.instrument.unit))}</b><br/>" + t(
        f"visit {reading.number}, {day_text(local_day(reading.when))}, "
        f"{reading.timing.value} treatment{rule}"
    )


def time_text(seconds: float) -> str:
    """'1 h 23 min', '9 min'."""
    minutes = treated_minutes(seconds)
    hours, rest = divmod(minutes, 60)
    return f"{hours} h {rest} min" if hours else f"{rest} min"


# what a visit's pain was scored on, under its readings when a course mixes or changes scales
PAIN_SCALES = {"": "NPRS 0–10", "VAS": "VAS mm", "VRS": "VRS 0–3"}


class ProgressReport(Renderer):
    """Renders the progress report of one episode of care to PDF bytes (10 pt body)."""

    body_size = 10.0

    @property
    def _flowing_heading(self) -> ParagraphStyle:
        return ParagraphStyle("FlowingHeading", parent=self.styles["Subheading"], keepWithNext=0)

    @property
    def width(self) -> float:
        """The text's width: the page inside its margins and the frame's own padding."""
        return float(self.paper[0] - 2 * MARGIN - 12)

    def render(
        self,
        progress: Progress,
        *,
        today: date | None = None,
        signer: tuple[str, str] | None = None,
    ) -> Rendered:
        """``signer``: (name with credentials, licence and NPI) for the signature lines; by
        default the last visit's clinician's name alone."""
        fonts = FontSet(extra_font=self.extra_font)
        t = fonts.text
        s = self.styles
        ep = progress.episode
        made = today or date.today()
        story: list[object] = clinic_header(self.clinic, fonts, s)
        title = "Progress report (re-evaluation)" if ep.active else "Progress report (discharge)"
        story.append(Paragraph(title, s["Title"]))
        story.append(
            Paragraph(
                f"<b>{t(progress.patient_name)}</b>, born {day_text(progress.patient_birth)} · "
                f"episode {ep.id} · report of {day_text(made)}",
                s["Body"],
            )
        )
        story += self._episode(progress, fonts)
        story += self._measures(progress, fonts)
        story += self._goals(progress, fonts)
        story += self._treatment(progress, fonts)
        # the plan and the signature under it stay together: a signature alone on a page
        # signs nothing
        story.append(
            KeepTogether(
                self._plan(progress, fonts, made) + self._signature(progress, fonts, signer)
            )
        )
        footer = f"{progress.patient_name[:60]} · progress report, episode {ep.id}"
        return self.build(
            story,
            title=f"Progress report — {progress.patient_name} — episode {ep.id}",
            footer=t(footer + f" · {day_text(made)}"),
            draft=False,
            missing=fonts.missing,
        )

    # --- sections ---------------------------------------------------------------------------
    def _field(self, label: str, markup: str) -> Paragraph:
        return Paragraph(f"<b>{label}:</b> {markup or '—'}", self.styles["Body"])

    def _episode(self, progress: Progress, fonts: FontSet) -> list[object]:
        t = fonts.text
        ep = progress.episode
        s = self.styles
        out: list[object] = [Paragraph("Episode of care", s["Heading"])]
        out.append(self._field("Diagnosis", t(ep.diagnosis) or "not recorded"))
        out.append(self._field("Complaint", t(ep.complaint)))
        injury = day_text(ep.injury_date, "date not recorded")
        if ep.mechanism:
            injury += " — " + t(ep.mechanism)
        out.append(self._field("Injury", injury))
        opened = day_text(local_day(ep.opened_at) if ep.opened_at else None)
        if ep.opened_by:
            opened += f" by {t(ep.opened_by)}"
        out.append(self._field("Opened", opened))
        status = "active"
        if not ep.active:
            status = "discharged" + (
                f" {day_text(local_day(ep.discharged_at))}" if ep.discharged_at else ""
            )
        out.append(self._field("Status", status))
        out.append(self._field("Plan", t(ep.plan.text())))
        visits = progress.visits
        span = ""
        if visits:
            first, last = local_day(visits[0].when), local_day(visits[-1].when)
            weeks = (last - first).days / 7
            span = f", {day_text(first)} to {day_text(last)} ({weeks:.1f} weeks)"
        out.append(self._field("Visits attended", f"<b>{progress.attendance()}</b>{span}"))
        return out

    def _measures(self, progress: Progress, fonts: FontSet) -> list[object]:
        t = fonts.text
        s = self.styles
        out: list[object] = [Paragraph("Outcome measures over the course", s["Heading"])]
        if not progress.series:
            return [*out, Paragraph("No outcome measures recorded in this episode.", s["Body"])]
        out.append(
            Paragraph(
                "Each change runs from the baseline (the first reading of the episode) to the "
                "latest, and is judged against the measure's published change that matters over "
                "the course of care, never within one visit.",
                s["Small"],
            )
        )
        head = ("Measure", "Baseline", "Latest", "Change", "Over the course")
        rows: list[list[object]] = [[Paragraph(h, s["CellBold"]) for h in head]]
        for series in progress.series:
            rows.append(
                [
                    Paragraph(f"<b>{t(series.label)}</b>", s["Cell"]),
                    Paragraph(reading_at(series, "baseline", fonts), s["Cell"]),
                    Paragraph(reading_at(series, "latest", fonts), s["Cell"]),
                    Paragraph(t(change_text(series)), s["Cell"]),
                    Paragraph(t(short_verdict(series)), s["Cell"]),
                ]
            )
        width = self.width
        out.append(
            shipped_table(
                rows,
                colWidths=[width * f for f in (0.25, 0.2, 0.2, 0.15, 0.2)],
                repeatRows=1,
                style=self._grid(),
            )
        )
        for series in progress.series:
            out.append(CondPageBreak(70 * mm))
            out.append(KeepTogether(self._measure(series, fonts, width)))
        return out

    def _measure(self, series: Series, fonts: FontSet, width: float) -> list[object]:
        t = fonts.text
        s = self.styles
        spec: Instrument = series.instrument
        out: list[object] = [Paragraph(t(series.label), s["Subheading"])]
        scored = f" Scored as {spec.missing_rule}." if spec.missing_rule else ""
        out.append(
            Paragraph(
                t(f"Scale {spec.scale}. {capital(spec.source)}.{scored}"),
                s["Small"],
            )
        )
        out.append(Paragraph(f"<b>{t(verdict_text(series))}</b>", s["Body"]))
        rated = activities(series)
        if rated:
            out.append(Paragraph(t(rated), s["Small"]))
        out.append(TrendChart(series, width=width, height=150))
        note = "Ringed: the baseline reading."
        if spec.change is not None:
            note = (
                f"Shaded: less than the change that matters ({spec.change.kind.value}) from the "
                "baseline. " + note
            )
        out.append(Paragraph(t(note), s["Small"]))
        return out

    def _goals(self, progress: Progress, fonts: FontSet) -> list[object]:
        t = fonts.text
        s = self.styles
        out: list[object] = [Paragraph("Goals", s["Heading"])]
        if not progress.goals:
            return [*out, Paragraph("No goals set for this episode.", s["Body"])]
        for g in progress.goals:
            goal = g.goal
            parts = [f"{goal.term.value} term"]
            parts.append(f"by {day_text(goal.target_date)}" if goal.target_date else "no date")
            target = goal_target(g)
            if target:
                parts.append("target " + target)
                latest = goal_latest(g, progress.series)
                if latest:
                    parts.append(latest)
            status = GOAL_WORDS[g.status]
            out.append(
                Paragraph(
                    f"<b>{status.upper()}</b> — {t(goal.text)} ({t('; '.join(parts))})",
                    s["Bullet"],
                    bulletText="•",
                )
            )
        return out

    def _treatment(self, progress: Progress, fonts: FontSet) -> list[object]:
        s = self.styles
        out: list[object] = [Paragraph("Treatment given", s["Heading"])]
        out.append(
            Paragraph(
                f"<b>Timed manual therapy:</b> {time_text(progress.treated_seconds)} over "
                f"{progress.attended} visit{'s' if progress.attended != 1 else ''}; "
                f"<b>{progress.units} unit{'s' if progress.units != 1 else ''}</b> of 97140 "
                "under the 8-minute rule, counted visit by visit. Assessment time (palpation "
                "without a pass, skipped structures) is not counted.",
                s["Body"],
            )
        )
        if progress.structures:
            widths = [70 * mm, 25 * mm, 20 * mm, 20 * mm]
            rows: list[list[object]] = [["Structure", "Side", "Visits", "Passes"]]
            for st in progress.structures:
                rows.append(
                    [
                        self._cell(st.name, widths[0], fonts),
                        self._cell(st.side, widths[1], fonts),
                        str(st.visits),
                        str(st.passes),
                    ]
                )
            out.append(
                shipped_table(
                    rows, colWidths=widths, hAlign="LEFT", repeatRows=1, style=self._grid()
                )
            )
        if progress.visits:
            # the heading stays with the table's first rows (not the whole table: a long one
            # would leave a page half empty), and the table breaks between rows
            out.append(Spacer(1, 6))
            out.append(CondPageBreak(30 * mm))
            out.append(Paragraph("Visits", self._flowing_heading))
            widths = [10 * mm, 24 * mm, 35 * mm, 0, 16 * mm, 15 * mm, 13 * mm]
            widths[3] = self.width - sum(widths)
            scales = {v.pain_scale for v in progress.visits}
            head = "Pain\n0–10" if scales == {""} else "Pain"  # a VAS / VRS course: each says
            rows = [["No.", "Date", "Clinician", "Treated", head, "Time", "Units"]]
            for v in progress.visits:
                pain = "—"
                if v.pain_before is not None or v.pain_after is not None:
                    pain = f"{num(v.pain_before)} → {num(v.pain_after)}"
                    if head == "Pain":
                        pain += "\n" + PAIN_SCALES[v.pain_scale]
                treated = "\n".join(v.treated) or "not treated"
                if v.referral:
                    treated = "referred, not treated"
                if not v.signed:
                    treated += " (not signed)"
                rows.append(
                    [
                        str(v.number),
                        day_text(local_day(v.when)),
                        self._cell(v.clinician, widths[2], fonts),
                        self._cell(treated, widths[3], fonts),
                        pain,
                        f"{treated_minutes(v.treated_seconds)} min",
                        str(v.units),
                    ]
                )
            out.append(shipped_table(rows, colWidths=widths, repeatRows=1, style=self._grid()))
        return out

    def _cell(self, text: str, width: float, fonts: FontSet) -> object:
        """A table cell: a plain string when it fits on its lines in the shipped font (fast),
        else a Paragraph of the escaped text (wraps, switches fonts)."""
        plain = fonts.plain(text, width - 2 * PAD, REGULAR, CELL_SIZE)
        return plain if plain is not None else Paragraph(fonts.text(text), self.styles["Cell"])

    def _plan(self, progress: Progress, fonts: FontSet, made: date) -> list[object]:
        """What comes next, as the clinician planned it: the visits planned and left, the
        clinician's own Plan as last signed, the re-evaluation and the next visit (after a
        discharge: when, its summary, and that last Plan)."""
        t = fonts.text
        ep = progress.episode
        s = self.styles
        out: list[object] = [Paragraph("Plan going forward", s["Heading"])]
        if not ep.active:
            out.append(
                self._field(
                    "Discharged",
                    day_text(local_day(ep.discharged_at)) if ep.discharged_at else "yes",
                )
            )
            out.append(self._field("Discharge summary", t(ep.discharge_summary) or "none written"))
            return [*out, self._clinicians_plan(progress, fonts)]
        left = ""
        if progress.planned:
            remaining = max(0, progress.planned - progress.attended)
            left = f" — {remaining} of {progress.planned} planned visits left"
        out.append(self._field("Plan", t(ep.plan.text()) + left))
        out.append(self._clinicians_plan(progress, fonts))
        due = day_text(ep.reeval_date, "not set")
        if ep.reeval_date is not None and ep.reeval_date < made:
            due += f" — overdue by {(made - ep.reeval_date).days} days: re-evaluate now"
        elif ep.reeval_date is not None and ep.reeval_date == made:
            due += " — due today"
        out.append(self._field("Re-evaluation", due))
        out.append(self._field("Next visit", day_text(progress.next_visit, "not booked")))
        return out

    def _clinicians_plan(self, progress: Progress, fonts: FontSet) -> Paragraph:
        """The Plan the clinician wrote at the last signed visit that has one, in their words
        (which visit, when and who said first; an amendment since is pointed to)."""
        note = progress.plan_note
        label = "The clinician's plan" if progress.episode.active else "The clinician's last plan"
        if note is None:
            return self._field(label, "none written at a signed visit")
        t = fonts.text
        when = f"{progress.episode.visit_of(note.number)}, {day_text(local_day(note.when))}"
        said = f"{when}, {note.clinician}" if note.clinician else when
        amended = " (amended since it was signed: see that visit's note)" if note.amended else ""
        return self._field(f"{label} ({t(said)}){amended}", t(note.text))

    def _signature(
        self, progress: Progress, fonts: FontSet, signer: tuple[str, str] | None
    ) -> list[object]:
        """Lines for the clinician to sign: name, credentials, licence and NPI filled in."""
        t = fonts.text
        s = self.styles
        clinician = progress.visits[-1].clinician if progress.visits else ""
        ids = ""
        if signer is not None:
            clinician, ids = signer
        width = self.width
        labels = ("Clinician (name, credentials)", "Licence / NPI", "Signature", "Date")
        filled = [Paragraph(t(clinician), s["Body"]), Paragraph(t(ids), s["Body"]), "", ""]
        gap = 4 * mm
        widths = [w * (width - 3 * gap) for w in (0.34, 0.22, 0.28, 0.16)]
        cells: list[list[object]] = [[], []]
        columns: list[float] = []
        for n, label in enumerate(labels):
            if n:
                cells[0].append("")
                cells[1].append("")
                columns.append(gap)
            cells[0].append(filled[n])
            cells[1].append(Paragraph(label, s["Small"]))
            columns.append(widths[n])
        style: list[tuple[object, ...]] = [
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("VALIGN", (0, 0), (-1, 0), "BOTTOM"),
        ]
        style += [("LINEBELOW", (c, 0), (c, 0), 0.8, colors.black) for c in (0, 2, 4, 6)]
        table = shipped_table(cells, colWidths=columns, rowHeights=[14 * mm, None])
        table.setStyle(TableStyle(style))
        return [Spacer(1, 8), table]

    def _grid(self) -> TableStyle:
        """Plain-string cells in the Cell style's font and size; the heading row in bold."""
        return TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), CELL_SIZE),
                ("LEADING", (0, 0), (-1, -1), CELL_SIZE * 1.25),
                ("FONTNAME", (0, 0), (-1, 0), BOLD),
                ("GRID", (0, 0), (-1, -1), 0.3, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEAD),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), PAD),
                ("RIGHTPADDING", (0, 0), (-1, -1), PAD),
                ("TOPPADDING", (0, 0), (-1, -1), 2),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
            ]
        )
