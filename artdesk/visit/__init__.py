"""The visit's life (open, resume, finish, wrap up and sign, amend) and its read model."""

from artdesk.visit.course_reads import Returning
from artdesk.visit.definitions import Outcome, outcome
from artdesk.visit.flow import (
    PainPoint,
    Resumption,
    Stage,
    Treatment,
    TreatmentSetup,
    VisitFlow,
    VisitRow,
    WrapUp,
)
from artdesk.visit.record import (
    AmendmentRecord,
    HomeCareRecord,
    MeasurementRecord,
    VisitRecord,
)

__all__ = [
    "AmendmentRecord",
    "HomeCareRecord",
    "MeasurementRecord",
    "Outcome",
    "PainPoint",
    "Resumption",
    "Returning",
    "Stage",
    "Treatment",
    "TreatmentSetup",
    "VisitFlow",
    "VisitRecord",
    "VisitRow",
    "WrapUp",
    "outcome",
]
