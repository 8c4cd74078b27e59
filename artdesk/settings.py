"""Settings, declared once as data and kept in a JSON file in the user's config folder.

Each :class:`Setting` says its key, type, default, label and limits; the settings dialog is
built from this list and nothing else. Values are checked on the way in and on load (a hand-
edited file with a bad value falls back to the default for that key, and says so).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from artdesk.atomic import write_atomically


@dataclass(frozen=True, slots=True)
class Setting:
    key: str
    kind: str  # bool, float, text, multiline, key, path, folder, choice, hidden-int
    default: Any
    label: str
    help: str = ""
    low: float | None = None
    high: float | None = None
    choices: tuple[str, ...] = ()
    max_chars: int = 300

    def check(self, value: Any) -> str | None:
        if self.kind == "bool":
            return None if isinstance(value, bool) else "must be on or off"
        if self.kind in ("float", "hidden-int"):
            if isinstance(value, bool) or not isinstance(value, int | float):
                return "must be a number"
            if self.kind == "hidden-int" and not isinstance(value, int):
                return "must be a whole number"
            if self.low is not None and value < self.low:
                return f"must be at least {self.low:g}"
            if self.high is not None and value > self.high:
                return f"must be at most {self.high:g}"
            return None
        if not isinstance(value, str):
            return "must be text"
        if len(value) > self.max_chars:
            return f"at most {self.max_chars} characters"
        if self.kind == "key" and not value.strip():
            return "choose a key"
        if self.kind == "choice" and value not in self.choices:
            return f"must be one of {', '.join(self.choices)}"
        return None


SETTINGS: tuple[Setting, ...] = (
    Setting(
        "advance_key",
        "key",
        "Space",
        "Advance key",
        "The one key that moves the treatment on. A USB foot pedal that sends a key "
        "(e.g. PageDown or F13) works when you set that key here.",
    ),
    Setting("sounds", "bool", True, "Sounds", "A cue at each phase change and at the pass target."),
    Setting(
        "visual_cue",
        "bool",
        False,
        "Visual cue",
        "The treatment screen flashes at each phase change (amber) and at the pass target "
        "(red): for a PC without sound, or a noisy room. On by itself when sounds cannot play.",
    ),
    Setting(
        "font_scale",
        "float",
        1.0,
        "Text size in treatment mode",
        "1.0 is readable from about two metres on a 1366×768 screen.",
        low=0.75,
        high=2.0,
    ),
    Setting("clinic_name", "text", "", "Clinic name", "Printed at the top of summaries."),
    Setting("clinic_address", "multiline", "", "Clinic address", max_chars=500),
    Setting(
        "clinic_phone",
        "text",
        "",
        "Clinic phone",
        "Printed on the patient's summary with the signs that mean 'call us'.",
        max_chars=40,
    ),
    Setting(
        "emergency_number",
        "text",
        "",
        "Emergency number",
        "Printed with the signs that need emergency care now (e.g. 112, 911, 999). "
        "Empty: 'your local emergency number'.",
        max_chars=20,
    ),
    Setting(
        "clinic_logo",
        "path",
        "",
        "Clinic logo (PNG or JPEG file)",
        "Printed beside the clinic name on summaries. Empty: no logo.",
        max_chars=2000,
    ),
    Setting("paper", "choice", "A4", "Paper size", choices=("A4", "Letter")),
    Setting(
        "extra_font",
        "path",
        "",
        "Extra font for other scripts (TTF file)",
        "For names in scripts the shipped font lacks (Chinese, Japanese, Korean…). Empty: "
        "the system's fonts are searched.",
        max_chars=2000,
    ),
    Setting(
        "database",
        "path",
        "",
        "Database location",
        "Empty: the default file in your user data folder. Takes effect at the next start.",
        max_chars=2000,
    ),
    Setting(
        "protocol_folder",
        "folder",
        "",
        "Clinic protocol folder",
        "The clinic's own protocols (TOML files), loaded beside the shipped ones; one with a "
        "shipped protocol's id replaces it. Empty: the 'protocols' folder beside the database, "
        "so rooms sharing a database share it.",
        max_chars=2000,
    ),
    Setting(
        "lock_minutes",
        "float",
        5,
        "Lock after idle minutes",
        "The window locks and hides patient data after this many minutes without a key or a "
        "click — never during a running pass. Ctrl+L locks at once.",
        low=1,
        high=60,
    ),
    Setting(
        "room",
        "text",
        "",
        "Room name",
        "How other rooms see this PC holding a live visit (e.g. 'Room 2'). Empty: the "
        "computer's name.",
        max_chars=100,
    ),
    Setting(
        "backup_days",
        "float",
        14,
        "Keep daily backups (days)",
        "While the program is open it copies the database once a day into the backups folder "
        "beside it, and removes daily copies older than this.",
        low=1,
        high=3650,
    ),
    Setting("clinician_id", "hidden-int", 0, "Clinician", low=0),
)


def room_name(value: str) -> str:
    """The room this PC is, as other rooms see it: the setting, or the computer's name."""
    import socket

    return value.strip() or socket.gethostname() or "this PC"


_BY_KEY = {s.key: s for s in SETTINGS}


def default_settings_path() -> Path:
    return platformdirs.user_config_path("ARTDesk", appauthor=False) / "settings.json"


class Settings:
    def __init__(self, path: Path | None = None) -> None:
        self.path = path or default_settings_path()
        self._values = {s.key: s.default for s in SETTINGS}
        self.problems: list[str] = []

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        settings = cls(path)
        try:
            raw = json.loads(settings.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return settings
        except (OSError, ValueError) as exc:
            settings.problems.append(f"{settings.path}: unreadable, defaults used ({exc})")
            return settings
        if not isinstance(raw, dict):
            settings.problems.append(f"{settings.path}: not a settings file, defaults used")
            return settings
        for key, value in raw.items():
            spec = _BY_KEY.get(key)
            if spec is None:
                continue  # a setting from another version: ignore, keep the file as it is
            problem = spec.check(value)
            if problem:
                settings.problems.append(f"{spec.label}: {problem}; default used")
            else:
                settings._values[key] = value
        return settings

    def __getitem__(self, key: str) -> Any:
        return self._values[key]

    def __iter__(self) -> Iterator[Setting]:
        return iter(SETTINGS)

    def set(self, key: str, value: Any) -> None:
        spec = _BY_KEY[key]
        problem = spec.check(value)
        if problem:
            raise ValueError(f"{spec.label}: {problem}")
        self._values[key] = value

    def save(self) -> None:
        """Write atomically: a crash mid-write never leaves a half file."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(self._values, ensure_ascii=False, indent=2)
        write_atomically(self.path, text.encode("utf-8"))
