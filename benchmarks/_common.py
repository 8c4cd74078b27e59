"""Helpers shared by the benchmark scripts (run by hand, never by the tests)."""

from __future__ import annotations

import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def summary(name: str, seconds: list[float]) -> str:
    ms = [s * 1000 for s in seconds]
    return (
        f"{name}: n={len(ms)} median {statistics.median(ms):.3f} ms, "
        f"p95 {percentile(ms, 0.95):.3f} ms, max {max(ms):.3f} ms"
    )


def bare_page(title: str, body_size: float = 11) -> bytes:
    """The bare baseline of the paper benchmarks: one reportlab page of plain paragraphs in
    the same embedded font, no program code around it."""
    import io

    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from artdesk.reports.common import stylesheet
    from artdesk.reports.fonts import FontSet

    FontSet()  # the same embedded font, registered once
    styles = stylesheet(body_size)
    buffer = io.BytesIO()
    story = [Paragraph(title, styles["Title"])]
    story += [
        Paragraph("Plain text on one page, embedded DejaVu Sans. " * 3, styles["Body"])
        for _ in range(12)
    ]
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()
