"""The visit set-up page, built the first time ``Workspace.setup_page`` is read. With its body
chart it is the dearest page to build, and start-up does not wait for it (issue 14); every use
goes through that attribute, so building it late changes nothing else.

:func:`prepare_setup` builds it ahead, once the window is up and idle: its code is imported
and the body chart read on a worker, then the page is built and laid out on the UI thread, so
the first visit of the day opens as fast as the next.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut

from ui.background import run_in_background

if TYPE_CHECKING:
    from ui.pages.visit_setup_page import VisitSetupPage
    from ui.workspace import Workspace


def build_setup_page(w: Workspace) -> VisitSetupPage:
    """The page in the workspace's stack, its requests routed, its keys (Ctrl+Enter starts,
    Esc goes back, neither while the visit is being opened)."""
    from ui.pages.visit_setup_page import VisitSetupPage

    page = VisitSetupPage(w._library, w._screen)
    w.stack.addWidget(page)
    page.treatment_requested.connect(w.course.start)
    page.cancelled.connect(w._on_setup_page_cancelled)
    page.referral_requested.connect(w.visit_actions.refer)
    for keys, slot in (
        ("Ctrl+Return", page.start),
        ("Ctrl+Enter", page.start),
        ("Esc", lambda: None if page.working.busy else w._on_setup_page_cancelled()),
    ):
        shortcut = QShortcut(QKeySequence(keys), page, slot)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return page


def _warm() -> None:
    """On a worker: the set-up's modules imported (no Qt object is made at import) and the
    body chart's drawing read and checked (cached for the page)."""
    import ui.pages.visit_setup_page  # noqa: F401
    from artdesk.protocols import body_chart

    body_chart.shipped()


def _warm_wording() -> None:
    import artdesk.reports.wording  # noqa: F401


def _draw_a_note(w: Workspace) -> None:
    from ui.treatment.treatment_dialogs import NoteDialog

    note = NoteDialog(["Tender on contact"], w)
    note.grab()
    note.deleteLater()


def prepare_setup(w: Workspace, after_ms: int = 0) -> None:
    """Build the set-up page ahead of the first visit (see the module's note); nothing when it
    is built already or the window has gone."""

    def build(_: object = None) -> None:
        if not shiboken6.isValid(w) or "setup_page" in w.__dict__:
            return
        page = w.setup_page
        page.ensurePolished()  # its style worked out now, not when first shown
        page.resize(w.stack.size())
        layout = page.layout()
        if layout is not None:
            layout.activate()
        from ui.app import settle_heap

        # the first note of the day drawn once, unseen (its fonts and its buttons' icons made
        # now, not mid-pass: the first note dialog took 32 ms); then the page's objects out of
        # the collector's way, as start-up's are — each in an event of its own, so the window
        # answers in between
        QTimer.singleShot(0, w, lambda: _draw_a_note(w))
        QTimer.singleShot(0, settle_heap)
        # then, the page built, the papers' wording (reportlab under it) the wrap-up reads:
        # imported during the first treatment of the day instead, its Python on a worker made
        # the treatment page wait for the interpreter (32–34 ms stalls)
        QTimer.singleShot(0, w, lambda: run_in_background(_warm_wording))

    QTimer.singleShot(after_ms, w, lambda: run_in_background(_warm, build))
