"""Never lose a typed word of the wrap-up: what is typed is kept with the visit
(``VisitFlow.save_draft``) a moment after each change, at once when the window locks or
closes, and put back when the visit resumes at the wrap-up after a crash. Signing clears it
(the flow does).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Slot

from artdesk.store import StoreError

if TYPE_CHECKING:
    from ui.workspace import Workspace

DRAFT_DELAY_MS = 600  # after the last key: one small write per pause in the typing


class DraftKeeper(QObject):
    def __init__(self, workspace: Workspace) -> None:
        super().__init__(workspace)
        self._w = workspace
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DRAFT_DELAY_MS)
        self.timer.timeout.connect(self.save)
        workspace.wrapup_page.changed.connect(self.timer.start)
        workspace.session.changed.connect(self._on_session_changed)

    @Slot()
    def save(self) -> None:
        """Keep the wrap-up as it is on the screen now (only while a visit is at wrap-up)."""
        self.timer.stop()
        treatment, page = self._w.treatment, self._w.wrapup_page
        if treatment is None or not treatment.finished:
            return
        try:
            self._w.flow.save_draft(treatment.visit_id, page.draft())
        except StoreError as exc:
            page.show_draft_problem(
                f"What is typed here could not be kept yet: {exc}. It is still on the screen; "
                "it is tried again at the next change."
            )
            return
        page.show_draft_problem(None)

    def flush(self) -> None:
        """A change still waiting for the timer is kept now (lock, close)."""
        if self.timer.isActive():
            self.save()

    def restore(self, draft: dict[str, Any] | None) -> None:
        """A resumed visit's kept wrap-up, back on the page."""
        if draft:
            self._w.wrapup_page.restore_draft(draft)

    @Slot()
    def _on_session_changed(self) -> None:
        if self._w.session.locked:
            self.flush()
