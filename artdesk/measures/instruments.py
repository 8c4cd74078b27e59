"""The instruments ART Desk can record (DOMAIN.md §4), each described as data, each figure
with the source it was checked against (docs/measures.md has the table and the reasons).

Only instruments free to use are here. Copyrighted questionnaires (ODI, NDI, QuickDASH) are
never shipped: not their names as recordable instruments, and never their item texts. The
LEFS is not shipped either: its form is reprinted "with permission of the American Physical
Therapy Association" and no licence to reproduce it in software could be verified
(docs/measures.md, "LEFS").

Where no published threshold for the change that matters could be verified for the way the
clinic takes the measure, ``change`` is None: the change is shown, never judged.
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


FARRAR_2001 = (
    "Farrar JT, Young JP Jr, LaMoreaux L, Werth JL, Poole RM. Clinical importance of changes "
    "in chronic pain intensity measured on an 11-point numerical pain rating scale. "
    "Pain 2001;94(2):149–158"
)
OSTELO_2008 = (
    "Ostelo RW, Deyo RA, Stratford P, Waddell G, Croft P, Von Korff M, Bouter LM, de Vet HC. "
    "Interpreting change scores for pain and functional status in low back pain: towards "
    "international consensus regarding minimal important change. Spine 2008;33(1):90–94"
)
WILLIAMSON_2005 = (
    "Williamson A, Hoggart B. Pain: a review of three commonly used pain rating scales. "
    "J Clin Nurs 2005;14(7):798–804"
)
CHISHOLM_2012 = (
    "Chisholm MD, Birmingham TB, Brown J, MacDermid J, Chesworth BM. Reliability and validity "
    "of a weight-bearing measure of ankle dorsiflexion range of motion. Physiother Can "
    "2012;64(4):347–355"
)
STRATFORD_1995 = (
    "Stratford P, Gill C, Westaway M, Binkley J. Assessing disability and change on individual "
    "patients: a report of a patient specific measure. Physiother Can 1995;47:258–263"
)
JAESCHKE_1989 = (
    "Jaeschke R, Singer J, Guyatt GH. Measurement of health status. Ascertaining the minimal "
    "clinically important difference. Control Clin Trials 1989;10(4):407–415"
)
# Why the range-of-motion tests and the algometer have no threshold (docs/measures.md)
NO_THRESHOLD = "no published threshold verified for this test as the clinic takes it"

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
        source=(
            "11-point numeric rating, 0 = no pain, 10 = worst possible pain (Farrar et al. 2001)"
        ),
        # Farrar: "a reduction of approximately two points or ... approximately 30%"
        change=Change(
            ChangeKind.MCID, FARRAR_2001, points=2, percent=30, cite="Farrar et al. 2001"
        ),
        labels={0: "no pain", 10: "worst possible pain"},
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
        source="100 mm line, 0 = no pain, 100 = worst pain imaginable, read in mm",
        # the low back pain consensus: 15 on the 0–100 VAS, or a 30 % improvement
        change=Change(
            ChangeKind.MCID, OSTELO_2008, points=15, percent=30, cite="Ostelo et al. 2008"
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
        # Ravichandran 2017 used "a verbal rating score"; the scale is not in its abstract
        source=(
            "four-point verbal rating scale, each word scored in order from 0 "
            f"(no pain) to 3 (severe pain): the form most used clinically ({WILLIAMSON_2005}); "
            f"no threshold for the change that matters: {NO_THRESHOLD}"
        ),
        labels={0: "no pain", 1: "mild pain", 2: "moderate pain", 3: "severe pain"},
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
        # published MDCs are per site, device and population (neck, tibialis anterior, the
        # low back in kPa); none for a gluteus medius trigger point in chronic low back pain
        source=(
            "pressure algometer at one named site, the mean of up to 3 trials; "
            f"change not judged: {NO_THRESHOLD} (published MDCs are per site and population)"
        ),
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
        source=(
            "supine, hip at 90°: the knee's angle short of full extension, active; "
            f"change not judged: {NO_THRESHOLD}"
        ),
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
        source=(
            "supine, hip at 90°: the knee's angle short of full extension, moved passively "
            f"(the Ravichandran 2017 case report's range measure); change not judged: "
            f"{NO_THRESHOLD}"
        ),
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
        source=f"hip flexion at first resistance, knee straight; change not judged: {NO_THRESHOLD}",
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
        source=(
            "weight-bearing lunge, heel down: the toe's distance from the wall with the knee "
            "touching it (≈3.6° per cm; Chisholm et al. 2012)"
        ),
        # Chisholm 2012: MDC 1.0 cm for the affected leg (1.5 cm for the between-leg difference)
        change=Change(ChangeKind.MDC, CHISHOLM_2012, points=1.0, cite="Chisholm et al. 2012"),
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
        source=f"seated or prone, knee at 90°; change not judged: {NO_THRESHOLD}",
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
        licence=f"free to use; cite {STRATFORD_1995}",
        source=(
            "the patient names up to 5 activities and rates each 0–10; score = sum of the "
            "activity scores ÷ number of activities (Stratford et al. 1995)"
        ),
        scoring=Scoring.MEAN_OF_ITEMS,
        # the authors' form: "minimum detectable change (90%CI) for average score = 2 points,
        # for single activity score = 3 points" (a detectable change, not an MCID)
        change=Change(
            ChangeKind.MDC, STRATFORD_1995, points=2, item_points=3, cite="Stratford et al. 1995"
        ),
        max_entries=5,
        missing_rule="the mean of the activities rated (sum ÷ number of activities)",
        labels={
            0: "unable to perform the activity",
            10: "able to perform the activity at the same level as before",
        },
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
        # itself a rating of change, asked once at the end of a course
        source=f"15-point scale, −7 to +7 ({JAESCHKE_1989}); asked once, not before/after",
        labels={-7: "a very great deal worse", 0: "about the same", 7: "a very great deal better"},
        before_after=False,
        short="GROC",
    ),
)

INSTRUMENTS: dict[str, Instrument] = {i.code: i for i in _ALL}
PAIN = Code.NPRS  # the instrument whose before/after the history, charts and papers show
