"""What every document shares: paper, styles, the clinic's header, the page frame with
"page X of Y", the DRAFT mark, and writing a file atomically."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle, StyleSheet1
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Image, KeepInFrame, Paragraph, Spacer

from artdesk.reports.fonts import BOLD, REGULAR, FontSet

PAPER = {"A4": A4, "Letter": LETTER}

# Compressed page streams are written as binary, not ASCII85 text: a quarter smaller, and its
# pure-Python encoder took a tenth of a long report's render time (every PDF reader reads both).
rl_config.useA85 = 0
MARGIN = 16 * mm


@dataclass(frozen=True, slots=True)
class Clinic:
    """The clinic's details for the page header (from Settings)."""

    name: str = ""
    address: str = ""
    phone: str = ""
    logo: str = ""
    emergency_number: str = ""  # printed with the signs that need emergency care now


@dataclass(frozen=True, slots=True)
class Rendered:
    """A rendered document: the PDF, its page count, and characters no font could print."""

    pdf: bytes
    pages: int
    missing: frozenset[str]


def stylesheet(body_size: float = 11) -> StyleSheet1:
    """Named paragraph styles; body text never below 11 pt on the patient's summary."""
    sheet = StyleSheet1()
    lead = body_size * 1.3
    sheet.add(
        ParagraphStyle(
            "Body",
            fontName=REGULAR,
            bulletFontName=REGULAR,  # its own default is Helvetica (never embedded)
            fontSize=body_size,
            leading=lead,
            spaceAfter=2,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Small",
            parent=sheet["Body"],
            fontSize=body_size - 2,
            leading=(body_size - 2) * 1.3,
            textColor=colors.HexColor("#444444"),
        )
    )
    sheet.add(
        ParagraphStyle(
            "Title",
            parent=sheet["Body"],
            fontName=BOLD,
            fontSize=body_size + 7,
            leading=(body_size + 7) * 1.2,
            spaceAfter=4,
        )
    )
    sheet.add(
        ParagraphStyle(
            "Heading",
            parent=sheet["Body"],
            fontName=BOLD,
            fontSize=body_size + 2,
            leading=(body_size + 2) * 1.25,
            spaceBefore=7,
            spaceAfter=3,
            textColor=colors.HexColor("#1f4e79"),
            keepWithNext=1,  # a heading never ends a page alone
        )
    )
    sheet.add(
        ParagraphStyle(
            "Subheading",
            parent=sheet["Body"],
            fontName=BOLD,
            fontSize=body_size + 0.5,
            leading=(body_size + 0.5) * 1.25,
            spaceBefore=6,
            spaceAfter=2,
            keepWithNext=1,
        )
    )
    sheet.add(ParagraphStyle("Bullet", parent=sheet["Body"], leftIndent=12, bulletIndent=2))
    sheet.add(
        ParagraphStyle(
            "Cell",
            parent=sheet["Body"],
            fontSize=body_size - 1,
            leading=(body_size - 1) * 1.25,
            spaceAfter=0,
        )
    )
    sheet.add(ParagraphStyle("CellBold", parent=sheet["Cell"], fontName=BOLD))
    sheet.add(ParagraphStyle("Right", parent=sheet["Small"], alignment=TA_RIGHT))
    return sheet


def numbered_canvas(draft: bool, footer: str) -> type[Canvas]:
    """A canvas that writes "page X of Y" (and DRAFT across unsigned pages) once it knows Y.

    ``footer`` is paragraph markup already made safe by ``FontSet.text`` (a patient's name in
    the footer needs the same fallback fonts as in the body).
    """
    footer_style = ParagraphStyle(
        "Footer",
        fontName=REGULAR,
        bulletFontName=REGULAR,
        fontSize=8.5,
        leading=10,
        textColor=colors.HexColor("#555555"),
    )

    class NumberedCanvas(Canvas):  # type: ignore[misc]
        total_pages = 0  # set when the document is saved

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            # start in the shipped font: the canvas's own default is Helvetica, which would
            # be referenced (never embedded) on every page
            if not kwargs.get("initialFontName"):  # the doc template passes None
                kwargs["initialFontName"] = REGULAR
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            type(self).total_pages = total
            for state in self._pages:
                self.__dict__.update(state)
                self._decorate(total)
                super().showPage()
            super().save()

        def _decorate(self, total: int) -> None:
            width, height = self._pagesize
            self.saveState()
            # one line, shrunk to fit if it must: never drawn up over the page's body
            room = width - 2 * MARGIN - 40 * mm
            note = KeepInFrame(room, 10, [Paragraph(footer, footer_style)], mode="shrink")
            note.wrapOn(self, room, 10)
            note.drawOn(self, MARGIN, 8 * mm)
            self.setFont(REGULAR, 8.5)
            self.setFillColor(colors.HexColor("#555555"))
            self.drawRightString(width - MARGIN, 9 * mm, f"page {self._pageNumber} of {total}")
            if draft:
                self.setFont(BOLD, 90)
                self.setFillColor(colors.Color(0.75, 0.1, 0.1, alpha=0.18))
                self.translate(width / 2, height / 2)
                self.rotate(40)
                self.drawCentredString(0, -30, "DRAFT")
            self.restoreState()

    return NumberedCanvas


def shipped_table(*args: Any, **kwargs: Any) -> Any:
    """A platypus Table whose cells start in the shipped font (its own default is Helvetica,
    referenced — never embedded — even when every cell is a Paragraph)."""
    from reportlab.platypus import Table, TableStyle

    style = kwargs.pop("style", None)
    table = Table(*args, **kwargs)
    table.setStyle(TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)]))
    if style is not None:  # after: a bold heading row in the given style stays bold
        table.setStyle(style)
    return table


def clinic_header(clinic: Clinic, fonts: FontSet, styles: StyleSheet1) -> list[object]:
    """The clinic's name, address and phone, with its logo on the left when it has one (every
    paper carries it: the patient's, and those a payer reads)."""
    c = clinic
    if not (c.name or c.address or c.phone or c.logo):
        return []
    lines = [Paragraph(f"<b>{fonts.text(c.name)}</b>", styles["Heading"])] if c.name else []
    contact = ", ".join(x for x in (c.address.replace("\n", ", "), c.phone) if x)
    if contact:
        lines.append(Paragraph(fonts.text(contact), styles["Small"]))
    logo = clinic_logo(c.logo)
    if logo is None:
        return [*lines, Spacer(1, 4)]
    from reportlab.platypus import TableStyle

    table = shipped_table([[logo, lines]], colWidths=[logo.drawWidth + 5 * mm, None])
    table.setStyle(
        TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE"), ("LEFTPADDING", (0, 0), (-1, -1), 0)])
    )
    return [table, Spacer(1, 4)]


LOGO_BOX = (40 * mm, 20 * mm)  # the most a logo takes: a wide one is scaled to fit, never overlaps


def clinic_logo(path: str) -> Image | None:
    """The clinic's logo, fitted into LOGO_BOX (20 mm high at most); a missing or unreadable
    file is simply left out."""
    if not path or not Path(path).is_file():  # a local file only: never fetch an address
        return None
    try:
        from reportlab.lib.utils import ImageReader

        reader = ImageReader(path)
        width, height = reader.getSize()
        reader.getRGBData()  # decode it all now: a cut-off file fails here, not mid-print
        scale = min(LOGO_BOX[0] / width, LOGO_BOX[1] / height)
        return Image(path, width=width * scale, height=height * scale)
    except Exception:
        return None


def day_text(day: date | None, empty: str = "—") -> str:
    """'3 Mar 2025': read the same in any country (never 03/04)."""
    return f"{day.day} {day:%b %Y}" if day else empty


class Renderer:
    """What every document renderer has: the clinic, the paper, the extra font, a stylesheet,
    and the build into bytes with its page frame. Subclasses write the story."""

    body_size = 11.0

    def __init__(self, clinic: Clinic, paper: str = "A4", extra_font: str = "") -> None:
        self.clinic = clinic
        self.paper = PAPER.get(paper, PAPER["A4"])
        self.extra_font = extra_font
        self.styles = stylesheet(self.body_size)

    def build(
        self, story: list[object], *, title: str, footer: str, draft: bool, missing: set[str]
    ) -> Rendered:
        """Lay out ``story``; ``footer`` is markup already made safe by ``FontSet.text``."""
        import io

        from reportlab.platypus import SimpleDocTemplate

        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=self.paper,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + 4 * mm,
            title=title,
            author=self.clinic.name or "ART Desk",
            initialFontName=REGULAR,
        )
        canvas = numbered_canvas(draft=draft, footer=footer)
        doc.build(story, canvasmaker=canvas)
        return Rendered(buffer.getvalue(), canvas.total_pages, frozenset(missing))
