"""The visit runner: a pure state machine over a region protocol's structures and passes."""

from artdesk.treatment.billing import billing_units, treated_minutes
from artdesk.treatment.clock import Clock, FakeClock, SystemClock
from artdesk.treatment.events import Event, EventKind
from artdesk.treatment.runner import CommandRejected, JournalCorrupt, Runner, Timers
from artdesk.treatment.state import (
    Finding,
    Note,
    PassRecord,
    Phase,
    PlanError,
    PlannedStructure,
    Status,
    StructureRecord,
    VisitState,
    plan_visit,
)

__all__ = [
    "Clock",
    "CommandRejected",
    "Event",
    "EventKind",
    "FakeClock",
    "Finding",
    "JournalCorrupt",
    "Note",
    "PassRecord",
    "Phase",
    "PlanError",
    "PlannedStructure",
    "Runner",
    "Status",
    "StructureRecord",
    "SystemClock",
    "Timers",
    "VisitState",
    "billing_units",
    "plan_visit",
    "treated_minutes",
]
