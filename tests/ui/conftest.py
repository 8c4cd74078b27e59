"""Fixtures for the window: a fresh database, settings file and fake clock per test."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from artdesk.protocols import Library
from artdesk.screening import Screen, load_screen
from artdesk.settings import Settings
from artdesk.store import Database
from artdesk.treatment import FakeClock
from tests.ui.keys import type_text
from ui.sounds import SilentCues
from ui.workspace import Workspace

TODAY = date(2026, 1, 5)


@pytest.fixture
def screen() -> Screen:
    loaded, problems = load_screen()
    assert loaded is not None, problems
    return loaded


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(tmp_path / "settings.json")


@pytest.fixture
def cues() -> SilentCues:
    return SilentCues()


@pytest.fixture
def window(
    qtbot: QtBot,
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
    cues: SilentCues,
) -> Workspace:
    return shown_workspace(qtbot, database, clock, library, screen, settings, cues)


def shown_workspace(
    qtbot: QtBot,
    database: Database,
    clock: FakeClock,
    library: Library,
    screen: Screen,
    settings: Settings,
    cues: SilentCues | None = None,
) -> Workspace:
    """The window over ``database`` as a clinician sees it: shown at 1366×768 and active (a
    second one on the same file is what a restart after a crash opens)."""
    win = Workspace(
        database, clock, library, screen, settings, cues or SilentCues(), today=lambda: TODAY
    )
    qtbot.addWidget(win)
    win.resize(1366, 768)
    win.show()
    qtbot.waitExposed(win)
    win.activateWindow()
    return win


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_into(qtbot: QtBot, widget: QWidget, text: str) -> None:
    """Type ``text`` as key presses (see :func:`tests.ui.keys.type_text`)."""
    type_text(widget, text)


def wait_for_dialog(qtbot: QtBot, holder: object, kind: type) -> QWidget:
    """Wait until the dialog ``holder.dialog`` is open, active and has the focus."""
    qtbot.waitUntil(lambda: isinstance(getattr(holder, "dialog", None), kind), timeout=3000)
    dialog = holder.dialog  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()), timeout=3000)
    return dialog  # type: ignore[no-any-return]


def wait_for_focus_in(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.waitUntil(
        lambda: (
            QApplication.focusWidget() is widget or widget.isAncestorOf(QApplication.focusWidget())
        ),
        timeout=3000,
    )


@pytest.fixture(autouse=True)
def _no_leaked_background_jobs() -> Iterator[None]:
    """A test may not leave work running on a worker thread (napari's leak check, in small)."""
    yield
    from ui.background import pending, wait_for_background

    assert wait_for_background(10_000), "a background job was still running after the test"
    assert pending() == 0
