"""The instruments ART Desk can record (DOMAIN.md §4), each described as data.

Only instruments free to use are here. Copyrighted questionnaires (ODI, NDI, QuickDASH) are
never shipped: not their names as recordable instruments, and never their item texts.
"""

from __future__ import annotations

from enum import StrEnum

from artdesk.measures.model import Change, ChangeKind, Instrument, Scoring


class Code(StrEnum):
    """Instrument codes, as stored with each measurement (never printed alone)."""

    NPRS = "NPRS"  # numeric pain rating 0–10: "pain before/after" everywhere
    VAS = "VAS"
    VRS = "VRS"
    PPT = "PPT"
    AKE = "AKE"
    PKE = "PKE"
    SLR = "SLR"
    KTW = "KTW"
    HIPIR = "HIPIR"
    PSFS = "PSFS"
    GROC = "GROC"


FARRAR_2001 = "Farrar JT et al., Pain 2001;94(2):149–158"

_ALL = (
    Instrument(
        Code.NPRS,
        "Numeric pain rating scale",
        "",
        0,
        10,
        whole_numbers=True,
        higher_is_worse=True,
        sided=False,
        licence="free to use",
        source="numeric rating scale, 0 = no pain, 10 = worst pain imaginable",
        change=Change(ChangeKind.MCID, FARRAR_2001, points=2, percent=30),
        labels={0: "no pain", 10: "worst pain imaginable"},
        short="NPRS",
    ),
    Instrument(
        Code.VAS,
        "Visual analogue scale for pain",
        "mm",
        0,
        100,
        whole_numbers=False,
        higher_is_worse=True,
        sided=False,
        licence="free to use",
        source="100 mm line, 0 = no pain, 100 = worst pain imaginable",
        change=Change(
            ChangeKind.MCID,
            "Ostelo RW et al., Spine 2008;33(1):90–94 (low back pain)",
            points=15,
            percent=30,
        ),
        labels={0: "no pain", 100: "worst pain imaginable"},
        short="VAS",
    ),
    Instrument(
        Code.VRS,
        "Verbal pain rating",
        "",
        0,
        3,
        whole_numbers=True,
        higher_is_worse=True,
        sided=False,
        licence="free to use",
        source="four-point verbal rating scale (none, mild, moderate, severe)",
        labels={0: "none", 1: "mild", 2: "moderate", 3: "severe"},
        short="VRS",
    ),
    Instrument(
        Code.PPT,
        "Pressure pain threshold",
        "kg/cm²",
        0,
        20,
        whole_numbers=False,
        higher_is_worse=False,
        sided=True,
        licence="free method (algometer)",
        source="pressure algometer, the mean of up to 3 trials at one site",
        scoring=Scoring.MEAN_OF_TRIALS,
        max_entries=3,
        missing_rule="the mean of the trials taken (1–3)",
        site=True,
        short="PPT",
    ),
    Instrument(
        Code.AKE,
        "Active knee extension deficit",
        "°",
        0,
        90,
        whole_numbers=False,
        higher_is_worse=True,
        sided=True,
        licence="free method",
        source="supine, hip at 90°: the knee's angle short of full extension, active",
        short="AKE",
    ),
    Instrument(
        Code.PKE,
        "Passive knee extension deficit",
        "°",
        0,
        90,
        whole_numbers=False,
        higher_is_worse=True,
        sided=True,
        licence="free method",
        source="supine, hip at 90°: the knee's angle short of full extension, moved passively",
        short="PKE",
    ),
    Instrument(
        Code.SLR,
        "Straight leg raise",
        "°",
        0,
        130,
        whole_numbers=False,
        higher_is_worse=False,
        sided=True,
        licence="free method",
        source="hip flexion at first resistance, knee straight",
        short="SLR",
    ),
    Instrument(
        Code.KTW,
        "Knee-to-wall",
        "cm",
        -5,
        25,
        whole_numbers=False,
        higher_is_worse=False,
        sided=True,
        licence="free method",
        source="lunge, heel down: the toe's distance from the wall (≈3.6° per cm)",
        change=Change(ChangeKind.MDC, "Chisholm MD et al., 2012", points=1.0),
        short="KTW",
    ),
    Instrument(
        Code.HIPIR,
        "Hip internal rotation",
        "°",
        0,
        90,
        whole_numbers=False,
        higher_is_worse=False,
        sided=True,
        licence="free method",
        source="seated or prone, knee at 90°",
        short="hip IR",
    ),
    Instrument(
        Code.PSFS,
        "Patient-specific functional scale",
        "",
        0,
        10,
        whole_numbers=False,
        higher_is_worse=False,
        sided=False,
        licence="free to use; cite Stratford P et al., Physiotherapy Canada 1995;47:258–263",
        source="Stratford P et al., Physiotherapy Canada 1995;47:258–263",
        scoring=Scoring.MEAN_OF_ITEMS,
        change=Change(
            ChangeKind.MCID,
            "Stratford 1995: 2 points for the mean, 3 for a single activity",
            points=2,
        ),
        max_entries=5,
        missing_rule="the mean of the activities rated (3–5 named by the patient)",
        labels={0: "unable to perform the activity", 10: "able to perform it as before"},
        short="PSFS",
    ),
    Instrument(
        Code.GROC,
        "Global rating of change",
        "",
        -7,
        7,
        whole_numbers=True,
        higher_is_worse=False,
        sided=False,
        licence="free to use",
        source="Jaeschke R et al., Controlled Clinical Trials 1989;10(4):407–415 (15 points)",
        labels={-7: "a very great deal worse", 0: "about the same", 7: "a very great deal better"},
        before_after=False,
        short="GROC",
    ),
)

INSTRUMENTS: dict[str, Instrument] = {i.code: i for i in _ALL}
PAIN = Code.NPRS  # the instrument whose before/after the history, charts and papers show
