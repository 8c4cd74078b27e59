"""One helper for background work: run a job on a worker thread, report back on the UI thread.

The job never touches widgets; ``done`` and ``failed`` are called on the UI thread (anki's
``aqt/operations`` pattern).

The worker never touches Qt either: it only finishes a :class:`concurrent.futures.Future`, and
a timer on the UI thread hands the finished ones to their callbacks. PySide6 6.12 miscounts
references when a Python thread emits a signal while the UI thread runs Python (thousands of
jobs crashed the interpreter with "deallocating None / True"; a whole test run ended in a
segmentation fault at exit), whether the job ran on a QThreadPool or a Python thread — so no
signal is emitted off the UI thread at all.
"""

from __future__ import annotations

import concurrent.futures
import os
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, QTimer

POLL_MS = 10  # how often finished jobs are handed back while any is running

_Callbacks = tuple[Callable[[Any], None] | None, Callable[[BaseException], None] | None]

_pool = concurrent.futures.ThreadPoolExecutor(
    max_workers=min(4, os.cpu_count() or 2), thread_name_prefix="artdesk-background"
)
_pending: dict[concurrent.futures.Future[Any], _Callbacks] = {}
_timer: QTimer | None = None


def _deliver() -> None:
    """Hand every finished job's result (or error) to its callback, on the UI thread."""
    for future in [f for f in _pending if f.done()]:
        done, failed = _pending.pop(future)
        exc = future.exception()
        if exc is None:
            if done is not None:
                done(future.result())
        elif failed is not None:
            failed(exc)
    if not _pending and _timer is not None:
        _timer.stop()


def run_in_background(
    job: Callable[[], Any],
    done: Callable[[Any], None] | None = None,
    failed: Callable[[BaseException], None] | None = None,
) -> None:
    """Run ``job`` on a worker; ``done(result)`` or ``failed(error)`` later on the UI thread
    (an error is never swallowed: with no ``failed`` it is simply not reported)."""
    global _timer
    if _timer is None:
        # owned by the application, so it goes with it (a module-level Qt object outliving
        # the QApplication crashes the interpreter's exit)
        _timer = QTimer(QCoreApplication.instance())
        _timer.setInterval(POLL_MS)
        _timer.timeout.connect(_deliver)
    _pending[_pool.submit(job)] = (done, failed)
    if not _timer.isActive():
        _timer.start()


def pending() -> int:
    """Jobs not yet handed back (running, or finished and waiting for the UI thread)."""
    return len(_pending)


def wait_for_background(msecs: int = 30_000) -> bool:
    """Wait for running jobs and hand their results back now (tests, and closing the
    program), and for the jobs those results start in turn (the start-up check starts the
    daily backup); False if some were still running after ``msecs``."""
    deadline = time.monotonic() + msecs / 1000
    while _pending:
        left = deadline - time.monotonic()
        if left <= 0:
            return False
        concurrent.futures.wait(list(_pending), timeout=left)
        _deliver()
    return True
