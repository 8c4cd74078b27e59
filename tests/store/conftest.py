from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from artdesk.store import Database, open_database


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    database = open_database(db_path)
    yield database
    database.close()
