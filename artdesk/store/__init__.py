"""Storage: SQLAlchemy 2 models, engine factory, safe migrations, repositories, backup.

Every error that leaves this package is a :class:`StoreError` with a one-line message.
"""

from artdesk.store.audit import Action, AuditEntry, AuditTrail
from artdesk.store.clinicians import ClinicianRepository, ClinicianRow
from artdesk.store.credentials import CredentialRepository, SecretKind, SignInRow, WrongSecret
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
from artdesk.store.lease import Holder, VisitElsewhere
from artdesk.store.measurements import MeasurementData
from artdesk.store.open import open_database
from artdesk.store.patients import PatientData, PatientRepository, PatientRow
from artdesk.store.records import URGENCIES, Referral, VoidRecord
from artdesk.store.sealing import VisitCheck
from artdesk.store.visit_reads import VisitListing
from artdesk.store.visits import (
    HomeCareData,
    NewVisit,
    TreatmentTotals,
    VisitRepository,
)

__all__ = [
    "URGENCIES",
    "Action",
    "AuditEntry",
    "AuditTrail",
    "ClinicianRepository",
    "ClinicianRow",
    "CredentialRepository",
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
    "Holder",
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
    "SecretKind",
    "SignInRow",
    "StoreError",
    "TreatmentTotals",
    "VisitCheck",
    "VisitElsewhere",
    "VisitListing",
    "VisitRepository",
    "VisitSigned",
    "VoidRecord",
    "WriteConflict",
    "WrongSecret",
    "default_db_path",
    "make_engine",
    "open_database",
    "resolve_url",
]
