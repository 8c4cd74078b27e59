"""Course templates: the two studies as shipped courses, a clinic's own saved and read back,
set-up of an episode from a template, and the ``courses`` command."""

from __future__ import annotations

import io
import json
import tomllib
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select, update

from artdesk.cli import main
from artdesk.course import CarePlan, CourseMeasure, Goal, Term
from artdesk.course import templates as course_templates
from artdesk.course.templates import (
    TREATED,
    CourseGoal,
    CourseTemplate,
    TemplateError,
    check,
    episode_data,
    from_dict,
    goals_from,
    load_folder,
    parse,
    shipped,
    to_dict,
)
from artdesk.protocols import Library
from artdesk.resources import resource_dir
from artdesk.store import AuditTrail, ClinicianRepository, DamagedRecord, Database, InvalidInput
from artdesk.store.course_templates import CourseTemplateRepository
from artdesk.store.models import CourseTemplate as CourseTemplateRow

ROOT = Path(__file__).resolve().parents[2]
START = date(2025, 3, 3)  # a Monday
NOW = datetime(2025, 3, 3, 9, tzinfo=UTC)


def by_id() -> dict[str, CourseTemplate]:
    return {t.id: t for t in shipped()}


def evidence(library: Library, protocol_id: str) -> tuple[str, ...]:
    return library.get(protocol_id).evidence


def own_template(**change: object) -> CourseTemplate:
    template = CourseTemplate(
        id="clinic-achilles-6-weeks",
        name="Achilles tendinopathy, 6 weeks",
        summary="Our own: calf and Achilles work twice a week, heel drops at home.",
        source="",
        plan=CarePlan(visits_per_week=2, weeks=6),
        protocols=(("calf-achilles", TREATED, ()),),
        measures=(CourseMeasure("NPRS"), CourseMeasure("KTW", sides=("left", "right"))),
        milestones=((3, "Running 20 minutes without pain the next morning"),),
        goals=(
            CourseGoal(
                Goal("Knee-to-wall 10 cm or more", Term.SHORT, None, "KTW", TREATED, 10.0), 6
            ),
        ),
    )
    return replace(template, **change)  # type: ignore[arg-type]


def test_both_studies_ship_and_pass_the_check(library: Library) -> None:
    assert set(by_id()) == {"tak-2014-gluteus-medius", "ravichandran-2017-hamstring"}
    for template in shipped():
        assert template.shipped and template.summary and template.source
        assert check(template, library) == []


def test_the_tak_course_is_gluteus_medius_only_twice_a_week_for_three_weeks(
    library: Library,
) -> None:
    tak = by_id()["tak-2014-gluteus-medius"]
    assert tak.protocols == (("lateral-hip", TREATED, ("gluteus-medius",)),)
    assert {s.key for s in library.get("lateral-hip").structures} > {
        "gluteus-medius"
    }  # TFL left out
    assert (tak.plan.visits_per_week, tak.plan.weeks, tak.plan.planned) == (2, 3, 6)
    vas, ppt = tak.measures
    assert (vas.instrument, vas.before, vas.after, vas.sides) == ("VAS", True, True, ("none",))
    assert (ppt.instrument, ppt.before, ppt.after, ppt.sides) == ("PPT", True, True, (TREATED,))
    assert ppt.site == "gluteus medius trigger point"
    # cited exactly as the protocol cites the study
    assert tak.source in evidence(library, "lateral-hip")
    # no target the study did not set: the goals name the measure and leave the target open
    assert [(g.goal.instrument, g.goal.target, g.target_week) for g in tak.goals] == [
        ("VAS", None, 3),
        ("PPT", None, 3),
    ]


def test_the_ravichandran_course_follows_the_case_report(library: Library) -> None:
    rav = by_id()["ravichandran-2017-hamstring"]
    assert rav.protocols == (("posterior-thigh", TREATED, ("hamstrings",)),)
    # the case report does not say how often: 4 weeks, visits a week left open
    assert (rav.plan.weeks, rav.plan.visits_per_week, rav.plan.visits) == (4, None, None)
    assert "does not state" in rav.summary
    assert [(m.instrument, m.before, m.after) for m in rav.measures] == [
        ("PKE", True, True),
        ("VRS", True, True),
    ]
    assert rav.measures[0].sides == (TREATED,)
    assert [w for w, _ in rav.milestones] == [2, 3, 4]
    assert "drills" in rav.milestones[1][1] and "Fit to play" in rav.milestones[2][1]
    assert rav.source in evidence(library, "posterior-thigh")
    assert all(g.goal.target is None for g in rav.goals)


def test_goals_are_dated_from_the_start() -> None:
    tak = by_id()["tak-2014-gluteus-medius"]
    goals = goals_from(tak, START, "right")
    assert [g.target_date for g in goals] == [date(2025, 3, 24), date(2025, 3, 24)]
    assert [g.side for g in goals] == ["none", "right"]
    rav = goals_from(by_id()["ravichandran-2017-hamstring"], START)
    assert [g.target_date for g in rav] == [date(2025, 3, 17), date(2025, 3, 24), date(2025, 3, 31)]
    assert rav[0].side == "none" and [g.term for g in rav] == [Term.SHORT, Term.SHORT, Term.LONG]
    undated = replace(tak, goals=(CourseGoal(Goal("Sleep through"), None),))
    assert goals_from(undated, START)[0].target_date is None


def test_an_episode_set_up_from_a_template(library: Library) -> None:
    tak = by_id()["tak-2014-gluteus-medius"]
    data = episode_data(tak, "Low back pain for 8 months", START, side="left")
    assert data.complaint == "Low back pain for 8 months" and data.course == tak.id
    assert data.plan == tak.plan and data.plan.planned == 6
    assert data.protocols == (("lateral-hip", "left", ("gluteus-medius",)),)
    assert [(m.instrument, m.sides, m.site) for m in data.measures] == [
        ("VAS", ("none",), ""),
        ("PPT", ("left",), "gluteus medius trigger point"),
    ]
    assert [g.target_date for g in data.goals] == [date(2025, 3, 24)] * 2
    # no side chosen yet: a treated-side measure is offered on both, the visit picks the side
    open_side = episode_data(tak, "LBP", START)
    assert open_side.measures[1].sides == ("left", "right")
    assert open_side.protocols[0][1] == ""
    with pytest.raises(ValueError, match="left or right"):
        episode_data(tak, "LBP", START, side="both")


def test_an_episode_from_a_template_is_stored_as_set_up(database: Database) -> None:
    from artdesk.store import PatientData, PatientRepository
    from artdesk.store.episodes import EpisodeRepository

    clinician = ClinicianRepository(database).add("Dr Lee", "DC")
    patient = PatientRepository(database).add(PatientData("Ana Ortiz", date(1988, 5, 1)))
    data = episode_data(by_id()["tak-2014-gluteus-medius"], "Low back pain", START, "right")
    repo = EpisodeRepository(database, now=lambda: NOW)
    stored = repo.get(repo.open(patient, clinician, data))
    assert stored.course == "tak-2014-gluteus-medius" and stored.planned == 6
    assert stored.protocols == data.protocols and stored.measures == data.measures


def test_the_check_names_what_is_wrong(library: Library) -> None:
    bad = own_template(
        plan=CarePlan(visits_per_week=9, weeks=200),
        protocols=(("lateral-hip", TREATED, ("gluteus-medius", "tfl")), ("no-such", "left", ())),
        measures=(
            CourseMeasure("XYZ"),
            CourseMeasure("PPT"),  # a sided measure with no side
            CourseMeasure("VAS", sides=("left",), site="lumbar"),
            CourseMeasure("GROC"),  # asked once, not before and after
            CourseMeasure("NPRS", before=False, after=False),
        ),
        milestones=((300, "Marathon"),),
        goals=(
            CourseGoal(Goal("PSFS up", instrument="PSFS"), 2),
            CourseGoal(Goal("VAS under 200", instrument="VAS", target=200.0), 2),
            CourseGoal(Goal("Some target", target=3.0), None),
        ),
    )
    problems = "\n".join(check(bad, library))
    for expected in [
        "the plan's visits per week must be 1–7, not 9",
        "the plan's weeks must be 1–104, not 200",
        "protocol 'lateral-hip' has no structure 'tfl'",
        "no protocol 'no-such' in the library",
        "unknown measure 'XYZ'",
        "Pressure pain threshold is taken on a side",
        "Visual analogue scale for pain is not taken per side",
        "Visual analogue scale for pain is not taken at a site",
        "Global rating of change is asked once",
        "Numeric pain rating scale is taken neither before nor after",
        "names Patient-specific functional scale, which the course does not take",
        "must be 0–100",
        "has a target but no measure",
        "milestone 'Marathon' is at week 300, after the plan's 200 weeks",
    ]:
        assert expected in problems
    assert check(own_template(), library) == []
    assert "neither weeks nor a number of visits" in "; ".join(
        check(own_template(plan=CarePlan(visits_per_week=2)), None)
    )
    # without a library the protocols are not looked at
    assert not any("protocol" in p for p in check(bad, None))


def test_a_side_the_structure_is_not_treated_on_is_a_problem(library: Library) -> None:
    midline = own_template(protocols=(("lateral-hip", "midline", ("gluteus-medius",)),))
    assert check(midline, library) == ["Gluteus medius is not treated on side 'midline'"]


def test_a_template_round_trips_through_its_dict_and_json() -> None:
    for template in (*shipped(), own_template()):
        body = json.loads(json.dumps(to_dict(template)))
        assert from_dict(body, shipped=template.shipped) == template


def test_a_broken_template_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"^bad\.toml: line 2: invalid TOML"):
        parse('id = "x"\nname = "unclosed\n', "bad.toml")
    text = (resource_dir("courses") / "tak-2014-gluteus-medius.toml").read_text(encoding="utf-8")
    broken = text.replace("visits_per_week = 2", 'visits_per_week = "two"').replace(
        'instrument = "VAS"\nbefore = true', 'instrument = "VAS"\nbefore = "yes"', 1
    )
    (tmp_path / "tak.toml").write_text(broken, encoding="utf-8")
    with pytest.raises(TemplateError) as caught:
        load_folder(tmp_path)
    message = str(caught.value)
    assert "tak.toml: plan: visits_per_week must be a whole number, not text" in message
    assert "tak.toml: measures[1].before: must be true or false, not text" in message


def test_two_files_with_one_id_and_a_non_utf8_file_are_refused(tmp_path: Path) -> None:
    source = resource_dir("courses") / "tak-2014-gluteus-medius.toml"
    (tmp_path / "a.toml").write_bytes(source.read_bytes())
    (tmp_path / "b.toml").write_bytes(source.read_bytes())
    (tmp_path / "c.toml").write_bytes(b"\xff\xfeid = 1")
    with pytest.raises(TemplateError) as caught:
        load_folder(tmp_path)
    message = str(caught.value)
    assert "b.toml: id: 'tak-2014-gluteus-medius' is also the id in a.toml" in message
    assert "c.toml: (file): not UTF-8" in message


def test_a_broken_shipped_template_stops_with_its_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "courses").mkdir()
    (tmp_path / "courses" / "x.toml").write_text('id = "x"\n', encoding="utf-8")
    monkeypatch.setattr(course_templates, "resource_dir", lambda *p: tmp_path.joinpath(*p))
    course_templates.shipped.cache_clear()
    try:
        with pytest.raises(TemplateError, match=r"x\.toml: name: missing required field"):
            shipped()
        out, err = io.StringIO(), io.StringIO()
        assert main(["courses"], out, err) == 1
        assert "the shipped course templates cannot be read: x.toml" in err.getvalue()
    finally:
        course_templates.shipped.cache_clear()


def test_a_clinic_template_is_saved_audited_and_read_back(database: Database) -> None:
    clinician = ClinicianRepository(database).add("Dr Lee", "DC")
    repo = CourseTemplateRepository(database, now=lambda: NOW, room="Room 2")
    assert repo.all() == []
    template = own_template()
    assert repo.save(template, clinician) == template.id
    assert repo.all() == [template]
    assert not repo.all()[0].shipped
    # saved again under the same id: replaced, not doubled
    longer = replace(template, plan=CarePlan(visits_per_week=2, weeks=8))
    repo.save(longer, clinician)
    assert repo.all() == [longer]
    entries = [e for e in AuditTrail(database).entries() if e.action == "save-course"]
    assert [e.detail for e in entries] == [
        "course template clinic-achilles-6-weeks saved: Achilles tendinopathy, 6 weeks",
        "course template clinic-achilles-6-weeks replaced: Achilles tendinopathy, 6 weeks",
    ]
    assert {(e.clinician, e.room) for e in entries} == {("Dr Lee", "Room 2")}


def test_a_clinic_template_cannot_take_a_shipped_id(database: Database) -> None:
    clinician = ClinicianRepository(database).add("Dr Lee")
    repo = CourseTemplateRepository(database, now=lambda: NOW)
    with pytest.raises(InvalidInput, match="ships with ART Desk"):
        repo.save(own_template(id="tak-2014-gluteus-medius"), clinician)
    assert repo.all() == []
    assert not [e for e in AuditTrail(database).entries() if e.action == "save-course"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"id": "Not An Id"}, "lower-case letters"),
        ({"name": "  "}, "name is required"),
        ({"measures": (CourseMeasure("XYZ"),), "goals": ()}, "unknown measure 'XYZ'"),
        ({"plan": CarePlan(visits_per_week=20, weeks=2)}, "visits per week must be 1–7"),
        ({"summary": ""}, "summary"),
    ],
)
def test_a_clinic_template_that_is_wrong_is_refused(
    database: Database, change: dict[str, object], message: str
) -> None:
    repo = CourseTemplateRepository(database, now=lambda: NOW)
    with pytest.raises(InvalidInput, match=message):
        repo.save(own_template(**change), None)
    assert repo.all() == []


def test_a_stored_body_that_no_longer_reads_is_a_damaged_record(database: Database) -> None:
    repo = CourseTemplateRepository(database, now=lambda: NOW)
    repo.save(own_template(), None)
    with database.write() as session:
        session.execute(update(CourseTemplateRow).values(body={"id": "x"}))
    with pytest.raises(DamagedRecord, match=r"clinic-achilles-6-weeks.*cannot be read"):
        repo.all()
    with database.read() as session:
        assert session.scalar(select(CourseTemplateRow.id)) == "clinic-achilles-6-weeks"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def test_the_courses_command_lists_the_shipped_templates() -> None:
    code, out, err = run("courses")
    rows = {line.split("\t")[0]: line.split("\t") for line in out.splitlines()}
    assert code == 0 and err == "" and set(rows) == set(by_id())
    tak = rows["tak-2014-gluteus-medius"]
    assert tak[1] == "Tak et al. — gluteus medius for chronic low back pain"
    assert tak[2] == "2× a week for 3 weeks (6 visits)"
    assert tak[3] == (
        "Visual analogue scale for pain before and after; Pressure pain threshold before and "
        "after, treated side, at the gluteus medius trigger point"
    )
    assert tak[4].startswith("Tak S, Lee Y, Choi W, Lee G.") and tak[5] == "shipped"
    rav = rows["ravichandran-2017-hamstring"]
    assert rav[2] == "4 weeks (visits a week not set)" and "Arch Med Health Sci 2017" in rav[4]
    assert "PKE" not in out and "VRS" not in out  # names, never codes


def test_the_courses_command_adds_the_clinics_own(database: Database, db_path: Path) -> None:
    CourseTemplateRepository(database, now=lambda: NOW).save(own_template(), None)
    code, out, _ = run("courses", "--db", str(db_path))
    lines = [line.split("\t") for line in out.splitlines()]
    assert code == 0 and len(lines) == 3
    assert lines[-1][0] == "clinic-achilles-6-weeks" and lines[-1][-1] == "clinic"
    assert lines[-1][2] == "2× a week for 6 weeks (12 visits)"
    assert lines[-1][3] == (
        "Numeric pain rating scale before and after; Knee-to-wall before and after, left and "
        "right sides"
    )


def test_the_course_files_are_package_data() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["resources"]
    packaged = {p.resolve() for pattern in patterns for p in (ROOT / "resources").glob(pattern)}
    files = {p.resolve() for p in (ROOT / "resources" / "courses").glob("*.toml")}
    assert len(files) == 2 and files <= packaged
