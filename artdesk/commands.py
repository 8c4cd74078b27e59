"""Which first arguments mean a headless command; kept apart so ``main.py`` decides without
importing the command line's dependencies (the window must paint fast)."""

from __future__ import annotations

from collections.abc import Sequence

COMMANDS = (
    "protocols",
    "screening",
    "demo",
    "patients",
    "visits",
    "summary",
    "note",
    "backup",
    "verify",
    "audit",
    "credentials",
    "restore",
    "progress",
    "courses",
)


def is_command_line(argv: Sequence[str]) -> bool:
    """True when the arguments ask for a headless command rather than the window."""
    rest = list(argv[1:]) if argv and argv[0] == "--debug" else list(argv)
    return bool(rest) and (rest[0] in COMMANDS or rest[0] in ("--version", "-h", "--help"))
