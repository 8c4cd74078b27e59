"""The session's wiring in the window: who is signed in shown in the toolbar, Lock (Ctrl+L from
anywhere, a dialog too), Switch, "Your PIN/password…", sign-in turned on by the first secret,
Void the visit under way (Ctrl+Shift+Del in treatment mode and the wrap-up), and the audit
lines the window itself writes (settings, backups, printed and saved papers; views are written
where the patient or visit is shown).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut

from artdesk.store import Action

if TYPE_CHECKING:
    from ui.workspace import Workspace


def wire_session(w: Workspace) -> None:
    session, toolbar, record = w.session, w.toolbar, w.session.record
    session.changed.connect(
        lambda: toolbar.show_signed_in(session.enabled, session.name(session.clinician))
    )
    session.message.connect(w.message)
    session.signed_in.connect(lambda _id: w.offer_resume())
    toolbar.lock_requested.connect(session.request_lock)
    toolbar.switch_requested.connect(session.switch)
    toolbar.secret_requested.connect(lambda: toolbar.open_secret(w.clinician_id()))
    toolbar.secret_changed.connect(session.refresh)
    # the first clinician's PIN turns sign-in on with them signed in; a colleague's not
    toolbar.clinician_added.connect(
        lambda c: session.refresh(c if toolbar.clinician.count() == 1 else None)
    )
    toolbar.settings_applied.connect(lambda: record(Action.SETTINGS))
    toolbar.backed_up.connect(lambda path: record(Action.BACKUP, detail=path))
    visit = lambda: w.view_page.record.id if w.view_page.record else None  # noqa: E731
    w.documents.printed.connect(
        lambda pages: record(Action.PRINT, visit_id=visit(), detail=f"{pages} page(s)")
    )
    w.documents.saved.connect(
        lambda path: record(Action.SAVE_DOCUMENT, visit_id=visit(), detail=path)
    )
    for page in (w.treatment_page, w.wrapup_page):  # void the visit under way (opened in error)
        void = QShortcut(QKeySequence("Ctrl+Shift+Del"), page, w.visit_actions.void)
        void.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    # Ctrl+L: the session's event filter (from a window-modal dialog too)
