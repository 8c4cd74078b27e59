"""The visit set-up page, built the first time ``Workspace.setup_page`` is read. With its body
chart it is the dearest page to build, and start-up does not wait for it (issue 14); every use
goes through that attribute, so building it late changes nothing else."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from ui.pages.visit_setup_page import VisitSetupPage

if TYPE_CHECKING:
    from ui.workspace import Workspace


def build_setup_page(w: Workspace) -> VisitSetupPage:
    """The page in the workspace's stack, its requests routed, its keys (Ctrl+Enter starts,
    Esc goes back)."""
    page = VisitSetupPage(w._library, w._screen)
    w.stack.addWidget(page)
    page.treatment_requested.connect(w.course.start)
    page.cancelled.connect(w._on_setup_page_cancelled)
    page.referral_requested.connect(w.visit_actions.refer)
    for keys, slot in (
        ("Ctrl+Return", page.start),
        ("Ctrl+Enter", page.start),
        ("Esc", w._on_setup_page_cancelled),
    ):
        shortcut = QShortcut(QKeySequence(keys), page, slot)
        shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    return page
