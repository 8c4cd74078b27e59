"""The window's last line of defence: an error nothing else caught is said in plain words.

Every user action catches the store's errors where it happens (and keeps what was typed); this
hook is for what slips through (a read on a damaged file, a bug). A :class:`StoreError` is
shown as its one line; anything else as a short sentence, with the traceback written to a log
file for the developers, never shown to the clinician. What was saved stays saved: every key
press was committed as it happened.
"""

from __future__ import annotations

import sys
import traceback
from datetime import datetime
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QMessageBox, QWidget


def log_path() -> Path:
    import platformdirs

    return platformdirs.user_log_path("ARTDesk", appauthor=False) / "errors.log"


class ErrorReporter:
    """Installed as ``sys.excepthook`` by the program (``install``); ``shown`` is the last box."""

    def __init__(self, parent: QWidget, log: Path | None = None) -> None:
        self._parent = parent
        self._log = log or log_path()
        self.shown: QMessageBox | None = None

    def install(self) -> None:
        sys.excepthook = self.report

    def message(self, error: BaseException) -> str:
        from artdesk.store import StoreError

        if isinstance(error, StoreError):
            return f"{str(error)[:1].upper()}{str(error)[1:]}."
        return (
            f"Something went wrong ({type(error).__name__}). Everything saved before this is "
            f"safe. Details for clinic IT are in {self._log}."
        )

    def report(
        self,
        kind: type[BaseException],
        error: BaseException,
        trace: TracebackType | None,
    ) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, trace)
            return
        self._write_log(kind, error, trace)
        if self.shown is not None and self.shown.isVisible():  # one box, the latest news in it
            self.shown.setText(self.message(error))
            return
        box = QMessageBox(
            QMessageBox.Icon.Warning, "ART Desk", self.message(error), parent=self._parent
        )
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        self.shown = box
        box.open()  # not exec(): the event loop (and a running pass's timers) keeps going

    def _write_log(
        self, kind: type[BaseException], error: BaseException, trace: TracebackType | None
    ) -> None:
        try:
            self._log.parent.mkdir(parents=True, exist_ok=True)
            with self._log.open("a", encoding="utf-8", errors="replace") as handle:
                handle.write(f"--- {datetime.now().isoformat(timespec='seconds')}\n")
                handle.write("".join(traceback.format_exception(kind, error, trace)))
        except OSError:
            pass  # a full or read-only disk must not turn one error into two
