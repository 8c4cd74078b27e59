"""Each instrument scored and judged against a worked example from the source it cites
(artdesk/measures/instruments.py; docs/measures.md has the table)."""

from __future__ import annotations

import pytest

from artdesk.measures import INSTRUMENTS, ChangeKind, Code, ScoringError, Verdict, instrument


def test_nprs_farrar_two_points_or_thirty_percent() -> None:
    """Farrar et al., Pain 2001;94:149–158: "a reduction of approximately two points or ...
    approximately 30% in the PI-NRS represented a clinically important difference"."""
    nprs = instrument(Code.NPRS)
    assert nprs.score([6]).value == 6 and nprs.score([6]).rule == "single value"
    assert nprs.assess(6, 4).verdict is Verdict.IMPROVED  # 2 points (and 33 %)
    assert nprs.assess(3, 2).verdict is Verdict.IMPROVED  # 1 point but 33 %: the percent counts
    assert nprs.assess(8, 7).verdict is Verdict.NO_CHANGE_THAT_MATTERS  # 1 point, 12.5 %
    assert nprs.assess(4, 6).verdict is Verdict.WORSE
    assert nprs.change is not None and nprs.change.kind is ChangeKind.MCID
    assert "Pain 2001;94(2):149–158" in nprs.change.source
    assert nprs.check(5.5) is not None  # an 11-point scale: whole numbers


def test_vas_ostelo_fifteen_mm_or_thirty_percent() -> None:
    """Ostelo et al., Spine 2008;33(1):90–94 (low back pain): minimal important change 15 on
    the 0–100 VAS; a 30 % improvement from baseline is also a useful threshold."""
    vas = instrument(Code.VAS)
    assert vas.unit == "mm" and (vas.low, vas.high) == (0, 100)
    assert vas.score([62.5]).value == 62.5  # read to the half millimetre
    assert vas.assess(60, 45).verdict is Verdict.IMPROVED  # 15 mm exactly
    assert vas.assess(40, 28).verdict is Verdict.IMPROVED  # 12 mm, but 30 %
    assert vas.assess(60, 50).verdict is Verdict.NO_CHANGE_THAT_MATTERS  # 10 mm, 16.7 %
    assert vas.assess(62, 24).delta == -38
    assert vas.change is not None and "Spine 2008;33(1):90–94" in vas.change.source


def test_vrs_four_words_scored_in_order() -> None:
    """Williamson & Hoggart, J Clin Nurs 2005;14:798–804: the four-point VRS is the one most
    used clinically; the least intense word scores 0, the next 1, and so on."""
    vrs = instrument(Code.VRS)
    assert vrs.labels == {0: "no pain", 1: "mild pain", 2: "moderate pain", 3: "severe pain"}
    assert vrs.score([2]).value == 2  # "moderate pain"
    assert vrs.check(4) is not None and vrs.check(1.5) is not None
    # no published change that matters for a 4-word scale: shown, never judged
    assert vrs.change is None and vrs.assess(3, 1).verdict is Verdict.NOT_JUDGED
    assert vrs.assess(3, 1).better is True


def test_ppt_mean_of_up_to_three_trials_at_a_site() -> None:
    """Algometry, kg/cm²: the mean of the trials taken at one site (three trials per site, as
    in Balaguier et al., PLoS One 2016;11(8):e0160866); higher = less tender."""
    ppt = instrument(Code.PPT)
    three = ppt.score([2.8, 3.0, 3.2])
    assert (three.value, three.used, three.missing, three.rule) == (3.0, 3, 0, "mean of 3 trials")
    two = ppt.score([4.1, None, 4.4])  # a trial the patient stopped: the mean of the others
    assert (two.value, two.used, two.missing, two.rule) == (4.25, 2, 1, "mean of 2 trials")
    assert ppt.score([5.0]).rule == "one trial"
    assert ppt.site and ppt.sided and not ppt.higher_is_worse
    # MDCs are published per site, device and population; none for this use: not judged
    assert ppt.change is None and ppt.assess(3.0, 4.6).verdict is Verdict.NOT_JUDGED
    assert ppt.assess(3.0, 4.6).better is True


def test_ake_deficit_smaller_is_better() -> None:
    """DOMAIN.md §4: the knee's angle short of full extension with the hip at 90°, active."""
    ake = instrument(Code.AKE)
    assert ake.score([32]).value == 32 and ake.unit == "°"
    assessment = ake.assess(32, 20)
    assert assessment.better is True and assessment.verdict is Verdict.NOT_JUDGED


def test_pke_deficit_as_the_hamstring_case_report_measured() -> None:
    """Ravichandran et al. 2017 measured passive knee extension range; a deficit of 0° is
    full extension, so a falling deficit is recovery."""
    pke = instrument(Code.PKE)
    assert pke.sided and pke.higher_is_worse
    assert pke.assess(32, 5).better is True and pke.assess(5, 32).better is False
    assert pke.assess(32, 5).verdict is Verdict.NOT_JUDGED


def test_slr_more_hip_flexion_is_better() -> None:
    slr = instrument(Code.SLR)
    assert slr.score([70]).value == 70 and slr.check(140) is not None
    assert slr.assess(55, 70).better is True and slr.assess(55, 70).verdict is Verdict.NOT_JUDGED


def test_ktw_chisholm_mdc_one_centimetre() -> None:
    """Chisholm et al., Physiother Can 2012;64(4):347–355: MDC = 1.0 cm for the affected leg
    (1.5 cm for the difference between the legs)."""
    ktw = instrument(Code.KTW)
    assert ktw.change is not None and ktw.change.kind is ChangeKind.MDC
    assert ktw.change.points == 1.0 and ktw.change.percent is None
    assert ktw.assess(8.0, 9.0).verdict is Verdict.IMPROVED  # exactly 1.0 cm
    assert ktw.assess(8.0, 8.9).verdict is Verdict.NO_CHANGE_THAT_MATTERS
    assert ktw.assess(9.0, 7.5).verdict is Verdict.WORSE


def test_hip_internal_rotation_more_is_better() -> None:
    hip = instrument(Code.HIPIR)
    assert hip.score([35]).value == 35 and hip.sided
    assert hip.assess(25, 35).better is True and hip.assess(25, 35).verdict is Verdict.NOT_JUDGED


def test_psfs_stratford_mean_of_activities_mdc_two_and_three() -> None:
    """Stratford et al., Physiother Can 1995;47:258–263, as the authors' form states it:
    "Total score = sum of the activity scores/number of activities"; minimum detectable change
    (90 % CI) 2 points for the average score, 3 points for a single activity."""
    psfs = instrument(Code.PSFS)
    scored = psfs.score([3, 5, 4])
    assert (scored.value, scored.used, scored.rule) == (4.0, 3, "mean of 3 activities")
    assert psfs.score([2, 6, 7, 9, 1]).value == 5.0  # five activities
    assert psfs.score([2, None, 6]).value == 4.0  # an activity not rated this time
    assert psfs.change is not None and psfs.change.kind is ChangeKind.MDC
    assert psfs.assess(4.0, 6.0).verdict is Verdict.IMPROVED  # the average: 2 points
    assert psfs.assess(4.0, 5.5).verdict is Verdict.NO_CHANGE_THAT_MATTERS
    # one activity on its own needs 3 points
    assert psfs.assess(3, 5, item=True).verdict is Verdict.NO_CHANGE_THAT_MATTERS
    assert psfs.assess(3, 6, item=True).verdict is Verdict.IMPROVED
    with pytest.raises(ScoringError, match="at most 5"):
        psfs.score([5, 5, 5, 5, 5, 5])


def test_groc_jaeschke_fifteen_points_asked_once() -> None:
    """Jaeschke et al., Control Clin Trials 1989;10(4):407–415: a 15-point global rating of
    change, −7 (a very great deal worse) to +7 (a very great deal better)."""
    groc = instrument(Code.GROC)
    assert (groc.low, groc.high, groc.whole_numbers) == (-7, 7, True)
    assert groc.labels[-7] == "a very great deal worse" and groc.labels[7].endswith("better")
    assert groc.score([-3]).value == -3 and groc.check(8) is not None
    assert groc.before_after is False and groc.change is None


def test_only_the_item_threshold_is_used_for_one_item() -> None:
    # an instrument without a single-item threshold is not judged item by item
    assert instrument(Code.NPRS).assess(8, 2, item=True).verdict is Verdict.NOT_JUDGED


def test_change_text_names_its_source_in_short() -> None:
    nprs = INSTRUMENTS[Code.NPRS]
    assert nprs.change is not None
    assert nprs.change.text() == "MCID 2 points or 30 % (Farrar et al. 2001)"
    ktw = INSTRUMENTS[Code.KTW]
    assert ktw.change is not None and ktw.change.text("cm") == "MDC 1 cm (Chisholm et al. 2012)"


WORKED_EXAMPLES = {
    Code.NPRS: test_nprs_farrar_two_points_or_thirty_percent,
    Code.VAS: test_vas_ostelo_fifteen_mm_or_thirty_percent,
    Code.VRS: test_vrs_four_words_scored_in_order,
    Code.PPT: test_ppt_mean_of_up_to_three_trials_at_a_site,
    Code.AKE: test_ake_deficit_smaller_is_better,
    Code.PKE: test_pke_deficit_as_the_hamstring_case_report_measured,
    Code.SLR: test_slr_more_hip_flexion_is_better,
    Code.KTW: test_ktw_chisholm_mdc_one_centimetre,
    Code.HIPIR: test_hip_internal_rotation_more_is_better,
    Code.PSFS: test_psfs_stratford_mean_of_activities_mdc_two_and_three,
    Code.GROC: test_groc_jaeschke_fifteen_points_asked_once,
}


def test_every_instrument_has_a_worked_example() -> None:
    assert set(WORKED_EXAMPLES) == set(INSTRUMENTS)
