"""Helpers shared by the benchmark scripts (run by hand, never by the tests)."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


@contextmanager
def x_display(width: int = 1920, height: int = 1080) -> Iterator[str]:
    """A real X server for the run: the one in ``DISPLAY``, else a private Xvfb started here
    (and stopped after). Qt's offscreen platform has an 800×800 screen, so the window would
    open smaller than the bare one; on X both are shown at 1366×768."""
    if os.environ.get("DISPLAY"):
        yield os.environ["DISPLAY"]
        return
    if shutil.which("Xvfb") is None:
        raise SystemExit("no DISPLAY and no Xvfb: install xvfb, or pass --platform offscreen")
    number = next(
        n
        for n in range(90, 400)
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists()
    )
    server = subprocess.Popen(
        ["Xvfb", f":{number}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):  # its socket, once it listens
        if Path(f"/tmp/.X11-unix/X{number}").exists() or server.poll() is not None:
            break
        time.sleep(0.05)
    if server.poll() is not None:
        raise SystemExit(f"Xvfb :{number} did not start")
    os.environ["DISPLAY"] = f":{number}"
    try:
        yield os.environ["DISPLAY"]
    finally:
        del os.environ["DISPLAY"]
        server.terminate()
        server.wait(10)


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


def spread(values: list[float], unit: str = "ms", scale: float = 1000) -> str:
    """'median 212 ms (min 198 – max 240, n=10)': seconds in, as ``unit`` (× ``scale``)."""
    shown = [v * scale for v in values]
    digits = 0 if unit == "ms" and statistics.median(shown) >= 100 else 2 if unit == "×" else 1
    return (
        f"median {statistics.median(shown):.{digits}f} {unit} "
        f"(min {min(shown):.{digits}f} – max {max(shown):.{digits}f}, n={len(shown)})"
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
