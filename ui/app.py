"""Start the window. The treatment-room interface is built in ui/ on top of artdesk."""

from __future__ import annotations

from collections.abc import Sequence


def run_gui(argv: Sequence[str]) -> int:
    from PySide6.QtWidgets import QApplication, QLabel

    from artdesk.store import StoreError, open_database

    app = QApplication(list(argv))
    try:
        database = open_database()
        text = f"ART Desk — database {database.url}"
        database.close()
    except StoreError as exc:
        text = f"ART Desk cannot open its database: {exc}"
    label = QLabel(text)
    label.setWindowTitle("ART Desk")
    label.resize(800, 200)
    label.show()
    return app.exec()
