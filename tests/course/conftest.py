from __future__ import annotations

import pytest

from artdesk.store import Database


@pytest.fixture
def db(database: Database) -> Database:
    return database
