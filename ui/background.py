"""One helper for background work: run a job on a worker thread, report back on the UI thread.

The job never touches widgets; ``done`` and ``failed`` are called on the UI thread (anki's
``aqt/operations`` pattern).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    finished = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, job: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self._job = job
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._job()
        except Exception as exc:  # reported on the UI thread, never swallowed
            self._relay.failed.emit(exc)
        else:
            self._relay.finished.emit(result)


_running: set[_Relay] = set()


def run_in_background(
    job: Callable[[], Any],
    done: Callable[[Any], None] | None = None,
    failed: Callable[[BaseException], None] | None = None,
) -> None:
    relay = _Relay()  # lives on the UI thread, so its signals are delivered there
    _running.add(relay)

    def finish(result: Any) -> None:
        _running.discard(relay)
        if done is not None:
            done(result)

    def fail(exc: BaseException) -> None:
        _running.discard(relay)
        if failed is not None:
            failed(exc)

    relay.finished.connect(finish)
    relay.failed.connect(fail)
    QThreadPool.globalInstance().start(_Job(job, relay))


def wait_for_background(msecs: int = 30_000) -> bool:
    """Wait for running jobs (tests, and closing the program)."""
    return QThreadPool.globalInstance().waitForDone(msecs)
