"""Storage: SQLAlchemy 2 models, engine factory, safe migrations, repositories, backup."""

from artdesk.store.engine import Database, default_db_path, make_engine, resolve_url
from artdesk.store.errors import (
    DatabaseMissing,
    DatabaseTooNew,
    DatabaseUnwritable,
    InvalidInput,
    MigrationFailed,
    NotADatabase,
    NotFound,
    StoreError,
    VisitSigned,
)
from artdesk.store.open import open_database
from artdesk.store.patients import PatientData, PatientRepository, PatientRow
from artdesk.store.visits import HomeCareData, MeasurementData, VisitRepository, VisitRow

__all__ = [
    "Database",
    "DatabaseMissing",
    "DatabaseTooNew",
    "DatabaseUnwritable",
    "HomeCareData",
    "InvalidInput",
    "MeasurementData",
    "MigrationFailed",
    "NotADatabase",
    "NotFound",
    "PatientData",
    "PatientRepository",
    "PatientRow",
    "StoreError",
    "VisitRepository",
    "VisitRow",
    "VisitSigned",
    "default_db_path",
    "make_engine",
    "open_database",
    "resolve_url",
]
