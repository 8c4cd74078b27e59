"""Storage: SQLAlchemy 2 models, engine factory, safe migrations, repositories, backup.

Every error that leaves this package is a :class:`StoreError` with a one-line message.
"""

from artdesk.store.clinicians import ClinicianRepository, ClinicianRow
from artdesk.store.engine import Database, default_db_path, make_engine, resolve_url
from artdesk.store.errors import (
    DamagedRecord,
    DatabaseBusy,
    DatabaseCorrupt,
    DatabaseMissing,
    DatabaseTooNew,
    DatabaseUnavailable,
    DatabaseUnwritable,
    DiskError,
    DiskFull,
    InvalidInput,
    MigrationFailed,
    NotADatabase,
    NotFound,
    StoreError,
    VisitSigned,
    WriteConflict,
)
from artdesk.store.open import open_database
from artdesk.store.patients import PatientData, PatientRepository, PatientRow
from artdesk.store.records import URGENCIES, Referral
from artdesk.store.visits import (
    HomeCareData,
    MeasurementData,
    NewVisit,
    TreatmentTotals,
    VisitListing,
    VisitRepository,
)

__all__ = [
    "URGENCIES",
    "ClinicianRepository",
    "ClinicianRow",
    "DamagedRecord",
    "Database",
    "DatabaseBusy",
    "DatabaseCorrupt",
    "DatabaseMissing",
    "DatabaseTooNew",
    "DatabaseUnavailable",
    "DatabaseUnwritable",
    "DiskError",
    "DiskFull",
    "HomeCareData",
    "InvalidInput",
    "MeasurementData",
    "MigrationFailed",
    "NewVisit",
    "NotADatabase",
    "NotFound",
    "PatientData",
    "PatientRepository",
    "PatientRow",
    "Referral",
    "StoreError",
    "TreatmentTotals",
    "VisitListing",
    "VisitRepository",
    "VisitSigned",
    "WriteConflict",
    "default_db_path",
    "make_engine",
    "open_database",
    "resolve_url",
]
