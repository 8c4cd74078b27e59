"""The window's side of the clinic's files for the papers: the checks are
``artdesk.reports.files``; this turns a paper that could not be made into one line."""

from __future__ import annotations

from artdesk.reports.files import clinic_file_problems
from artdesk.settings import Settings

__all__ = ["clinic_file_problems", "render_failure"]


def render_failure(error: BaseException, settings: Settings) -> str:
    """Why a paper could not be made, in one line (a damaged logo file, most often)."""
    import re

    from ui.file_care import said

    text = re.sub(r"identity=\[[^\]]*\]", "", str(error))  # reportlab's wrapper's own name
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    logo = str(settings["clinic_logo"]).strip()
    if logo and ("ImageReader" in str(error) or isinstance(error, OSError)):
        reason = lines[-1] if lines else type(error).__name__
        return (
            f"the clinic logo ({logo}) could not be read ({reason}): choose another file in "
            "Settings → Clinic logo, or empty it"
        )
    return said(error)
