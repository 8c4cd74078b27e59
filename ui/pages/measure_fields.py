"""What a measure row is made of, without the row: how an instrument is entered (one number,
trials, the patient's activities, a labelled anchor), reading a typed number the instrument's
way, and the fields themselves."""

from __future__ import annotations

import math
from enum import Enum

from PySide6.QtWidgets import QComboBox, QLineEdit

from artdesk.measures import INSTRUMENTS, PAIN, Instrument, MeasureSide, Scoring

SIDES = (MeasureSide.LEFT, MeasureSide.RIGHT, MeasureSide.NONE)
CHOICE_SPAN = 15  # a whole-number scale with labelled anchors this short is picked, not typed


class Kind(Enum):
    SINGLE = "single"  # one number
    TRIALS = "trials"  # up to N trials of one test: their mean
    ITEMS = "items"  # the patient's own activities, each rated
    CHOICE = "choice"  # a short labelled scale, picked from its anchors


def kind_of(spec: Instrument) -> Kind:
    if spec.scoring is Scoring.MEAN_OF_TRIALS:
        return Kind.TRIALS
    if spec.scoring is Scoring.MEAN_OF_ITEMS:
        return Kind.ITEMS
    if spec.labels and spec.whole_numbers and spec.high - spec.low <= CHOICE_SPAN:
        return Kind.CHOICE
    return Kind.SINGLE


def offered(before_after_only: bool) -> list[Instrument]:
    """The instruments a row offers: every one but pain 0–10 (the pain picker's) and any with
    fixed questionnaire items (none ships); ``before_after_only``: leave out those asked once
    (a global rating of change is asked after, never before)."""
    return [
        spec
        for code, spec in INSTRUMENTS.items()
        if code != PAIN
        and spec.scoring is not Scoring.SUM_OF_ITEMS
        and (spec.before_after or not before_after_only)
    ]


def parse(spec: Instrument, text: str) -> tuple[float | None, str | None]:
    """(value, problem) of one typed field; (None, None) when it is empty. A decimal comma and
    a typographic minus are read as a person means them; anything else not a number gets the
    instrument's own "must be a number"."""
    cleaned = text.strip().replace(",", ".").replace("−", "-")
    if not cleaned:
        return None, None
    try:
        value = float(cleaned)
    except ValueError:
        return None, spec.check(math.nan)
    problem = spec.check(value)
    return (None, problem) if problem else (value, None)


def value_text(value: float) -> str:
    return f"{value:g}"


def narrow(combo: QComboBox, characters: int) -> QComboBox:
    """A combo as wide as its column allows, not as its longest item (a long instrument name
    would push the row off a 1024-pixel screen); the open list still shows whole names."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(characters)
    return combo


class Field(QLineEdit):
    """A value field: Enter moves on like Tab (the hands stay on the keys)."""

    def __init__(self, placeholder: str = "", width: int = 0) -> None:
        super().__init__()
        self.setPlaceholderText(placeholder)
        if width:
            self.setMaximumWidth(width)
