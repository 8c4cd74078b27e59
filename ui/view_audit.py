"""The audit entry for opening a patient's page, written once the page is painted.

Opening a patient writes one "viewed the patient" line in the audit trail. Written before the
page was shown, its write transaction held the page back (≈ 2.5 ms of the 500-visit page,
benchmarks/patient_page.py). Now the page hands it to the worker once it has been painted, and
writes it itself, at once, when something must find it written first: the record's access
list read, the page left, the window closing (before the sign-out). Exactly once either way:
whoever comes second finds it written (and waits for the worker's write if it is under way).
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from artdesk.store import Action, AuditTrail, StoreError
from ui.background import run_in_background


class PendingEntry:
    """One audit entry still to be written: :meth:`start` on the worker, :meth:`flush` now.

    ``write`` writes it (no Qt: it may run on the worker); ``failed`` is told, on the UI
    thread, when the store refused it.
    """

    def __init__(self, write: Callable[[], None], failed: Callable[[StoreError], None]) -> None:
        self._write = write
        self._failed = failed
        self._lock = threading.Lock()
        self._taken = False  # written, or being written (a failed write is not tried again)

    def start(self) -> None:
        """Write it on the worker, unless it is written already."""
        if not self._taken:
            run_in_background(self._once, failed=self._on_failed)

    def flush(self) -> None:
        """Write it here and now, unless it is written already (or being written on the
        worker: then this waits for that write)."""
        try:
            self._once()
        except StoreError as exc:
            self._failed(exc)

    def _once(self) -> None:
        with self._lock:
            if self._taken:
                return
            self._taken = True
            self._write()

    def _on_failed(self, problem: BaseException) -> None:
        if not isinstance(problem, StoreError):
            raise problem  # a fault, not the store's refusal: the window's error reporter
        self._failed(problem)


def patient_viewed(
    audit: AuditTrail,
    clinician_id: int | None,
    patient_id: int,
    message: Callable[[str, int], None],
) -> PendingEntry:
    """The "viewed the patient" entry, by ``clinician_id`` (whoever works now: taken when
    the page is opened, not when the entry is written); a refusal is said in the status line
    (``message(text, milliseconds)``), as :meth:`ui.session.Session.record` says it."""

    def failed(problem: StoreError) -> None:
        message(f"The audit trail could not be written: {problem}", 10000)

    return PendingEntry(
        lambda: audit.record(Action.VIEW_PATIENT, clinician_id, patient_id=patient_id), failed
    )
