"""Audible cues: a shipped sound through QSoundEffect, a system beep when that cannot play."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, QUrl
from PySide6.QtWidgets import QApplication

from artdesk.resources import resource_dir


class Cues(Protocol):
    enabled: bool
    unavailable: str  # why sounds cannot play here ("" while they can, or not known yet)

    def prepare(self) -> None: ...

    def phase_changed(self) -> None: ...

    def pass_target(self) -> None: ...


class SilentCues:
    """No sound (sounds switched off in settings, and in tests)."""

    def __init__(self, unavailable: str = "") -> None:
        self.enabled = True
        self.unavailable = unavailable  # a test's PC without sound
        self.played: list[str] = []

    def prepare(self) -> None:
        pass

    def phase_changed(self) -> None:
        self.played.append("phase")

    def pass_target(self) -> None:
        self.played.append("target")


class SoundCues(QObject):
    """Plays resources/sounds/*.wav; falls back to QApplication.beep()."""

    def __init__(self, enabled: bool = True, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.enabled = enabled
        self.unavailable = ""
        self._effects: dict[str, object] | None = None

    def prepare(self) -> None:
        """Load the sounds (≈100 ms); called after start-up so the window is not kept waiting."""
        if self._effects is not None:
            return
        self._effects = {}
        try:
            from PySide6.QtMultimedia import QMediaDevices, QSoundEffect
        except ImportError:  # Qt built without multimedia, or its libraries are missing
            self.unavailable = "Qt's sound support is not installed"
            return
        if not QMediaDevices.audioOutputs():
            self.unavailable = "no audio device was found"
            return
        for name in ("phase", "target"):
            effect = QSoundEffect(self)
            effect.setSource(QUrl.fromLocalFile(str(resource_dir("sounds", f"{name}.wav"))))
            effect.setVolume(0.8)
            self._effects[name] = effect

    def _play(self, name: str) -> None:
        if not self.enabled:
            return
        self.prepare()
        assert self._effects is not None
        effect = self._effects.get(name)
        if effect is not None and effect.status() == effect.Status.Ready:  # type: ignore[attr-defined]
            effect.play()  # type: ignore[attr-defined]
        else:
            QApplication.beep()

    def phase_changed(self) -> None:
        self._play("phase")

    def pass_target(self) -> None:
        self._play("target")
