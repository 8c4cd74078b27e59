"""The Qt binding keeps Python's reference counts: PySide6 6.12.0 on Python 3.11 drops a
reference to ``True`` at every signal emitted from Python, and the program aborts ("deallocating
True or False") after some thousands — a clinic day. pyproject.toml keeps that version out;
this fails on any binding with the fault, so a version bump cannot bring it back unseen."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Sender(QObject):
    bare = Signal()
    number = Signal(int)
    text = Signal(str)


def test_emitting_signals_from_python_keeps_the_reference_counts() -> None:
    sender = _Sender()
    got: list[object] = []
    sender.bare.connect(lambda: got.append(None))
    sender.number.connect(got.append)
    sender.text.connect(got.append)
    counts = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    for n in range(40):  # few: the fault would soon free True and abort the whole run
        sender.bare.emit()
        sender.number.emit(n)
        sender.text.emit("x")
    assert len(got) == 120
    got.clear()
    after = (sys.getrefcount(True), sys.getrefcount(False), sys.getrefcount(None))
    # a few references may come and go elsewhere; the fault loses one per emit (120 here)
    assert all(abs(b - a) < 20 for a, b in zip(counts, after, strict=True)), (counts, after)
