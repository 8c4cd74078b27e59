"""Shared fixtures. Headless Qt, and nothing touches the real user's files."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path

import pytest

from artdesk.protocols import Library, load_shipped_library
from artdesk.store import Database, open_database
from artdesk.treatment import FakeClock

_LIBRARY = load_shipped_library()


@pytest.fixture(autouse=True)
def _isolated_user_folders(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Point every per-user folder at a fresh temporary one and forget ARTDESK_DB."""
    home = tmp_path_factory.mktemp("home")
    for var in ("HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(var, str(home / var.lower()))
    monkeypatch.delenv("ARTDESK_DB", raising=False)


@pytest.fixture(autouse=True)
def _cheap_secret_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """Argon2id at its lowest cost: the same code path, milliseconds instead of ~0.1 s a hash
    (the shipped parameters are checked in tests/store/test_who_did_what.py)."""
    from argon2 import PasswordHasher

    from artdesk.store import credentials

    monkeypatch.setattr(
        credentials, "HASHER", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def library() -> Library:
    return _LIBRARY


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "clinic.sqlite"


@pytest.fixture
def database(db_path: Path) -> Iterator[Database]:
    """A fresh clinic database file for one test, upgraded to head."""
    db = open_database(db_path)
    yield db
    db.close()
