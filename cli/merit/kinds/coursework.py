"""``coursework``: units or courses in a subject ("24 semester or 36 quarter units in accounting"), over
every education entry; some may file while still completing it (``before_graduation``).

The judging's arithmetic (units, courses, subjects) lives in merit.engine.coursework, which this unit imports.
"""

from __future__ import annotations

from merit.engine.coursework import coursework
from merit.engine.wording import fmt
from merit.kinds.format import BEFORE_GRADUATION, MAX_COUNT, MAX_UNITS, Words, clause
from merit.kinds.words import before_note
from merit.requirements import BeforeGraduation, Node
from merit.schema import Field, Record
from merit.schema_types import Boolean, MapOf, Number, Text

KEY = "coursework"
LABEL = "coursework"  # how an outline names the clause when the source gives no label


class Coursework(Node):
    """Units or courses in a subject ("24 semester or 36 quarter units in accounting"), over every education entry."""

    __slots__ = (
        "units",
        "quarter_units",
        "subjects",
        "related_subjects",
        "up_to",
        "courses_all",
        "courses_any",
        "courses_any_count",
        "courses",
        "high_school",
        "course_units",
        "course_quarter_units",
        "beyond",
        "majors",
        "accredited",
        "exclude",
        "judgment",
        "before",
        "graduate",
    )
    kind = KEY

    def __init__(
        self,
        units: float = 0.0,
        quarter_units: float | None = None,
        subjects: tuple[str, ...] = (),
        related_subjects: tuple[str, ...] = (),
        up_to: dict[str, float] | None = None,
        courses_all: tuple[str, ...] = (),
        courses_any: tuple[str, ...] = (),
        courses_any_count: int = 0,
        courses: int = 0,
        high_school: bool = False,
        course_units: float = 0.0,
        course_quarter_units: float | None = None,
        beyond: float = 0.0,
        majors: tuple[str, ...] = (),
        accredited: bool = False,
        exclude: tuple[str, ...] = (),
        judgment: str | None = None,
        before: BeforeGraduation | None = None,
        graduate: bool = False,
        **common,
    ) -> None:
        super().__init__(**common)
        self.graduate = graduate  # only units of graduate study (an entry at master's level or above)
        self.before = before  # still completing the coursework, expected soon: admitted on a condition
        self.units = units  # semester units
        self.quarter_units = units * 1.5 if quarter_units is None else quarter_units
        self.subjects = subjects  # units in courses or subjects whose name holds one of these; none: any
        self.related_subjects = related_subjects  # count only if an analyst accepts them
        self.up_to = {} if up_to is None else up_to  # other subjects that count, at most so many units each
        self.courses_all = courses_all  # each of these courses must be among them
        self.courses_any = courses_any
        self.courses_any_count = courses_any_count  # and this many of these
        self.courses = courses  # at least this many courses
        self.high_school = high_school  # high-school courses count too ("one course in geometry")
        self.course_units = course_units  # each of at least this many semester units
        self.course_quarter_units = course_units * 4 / 3 if course_quarter_units is None else course_quarter_units
        self.beyond = beyond  # only units beyond the first so many count
        self.majors = majors  # a completed degree with one of these majors meets it outright
        self.accredited = accredited
        self.exclude = exclude  # courses that never count ("general education")
        self.judgment = judgment  # makes every credit an analyst's call


COURSES_ANY = Record(
    name="courses_any",
    fields={
        "count": Field(Number(1, MAX_COUNT, integer=True), required=True, description="this many of them"),
        "of": Field(Words(), required=True, description="course titles"),
    },
)

COURSEWORK_BODY = Record(
    ref="coursework",
    name="coursework",
    fields={
        "units": Field(Number(0, MAX_UNITS), description="semester units required"),
        "quarter_units": Field(Number(0, MAX_UNITS), description="quarter units that meet it instead (default: units × 1.5)"),
        "subjects": Field(Words(), description="units in courses or subjects named so count (default: any)"),
        "related_subjects": Field(Words(), description="count only if an analyst accepts them as related"),
        "up_to": Field(MapOf(Text(), Number(0, MAX_UNITS)), description="other subjects that count, at most so many units each"),
        "courses_all": Field(Words(), description="each of these courses must be among them"),
        "courses_any": Field(COURSES_ANY, description="and so many of these"),
        "courses": Field(Number(1, MAX_COUNT, integer=True), description="at least this many courses"),
        "course_units": Field(
            Number(0, 100), description="each course of at least this many semester units (none: a course counts whatever its units)"
        ),
        "high_school": Field(
            Boolean(), default=False, description='courses taken in high school count too ("one course in geometry")'
        ),
        "course_quarter_units": Field(Number(0, 100), description="or quarter units (default: course_units × 4/3)"),
        "beyond": Field(Number(0, MAX_UNITS), description="only units beyond the first so many count"),
        "majors": Field(Words(), description="a completed degree with one of these majors meets it outright"),
        "accredited": Field(Boolean(), default=False, description="only coursework from an accredited school"),
        "exclude": Field(Words(), description="courses that never count (general education)"),
        "judgment": Field(Text(), description="words that make every credit an analyst's call"),
        "before_graduation": Field(
            BEFORE_GRADUATION, description="an applicant still completing the coursework, expected so soon, is admitted on the condition"
        ),
        "graduate": Field(Boolean(), default=False, description="only units of graduate study (entries at master's level or above)"),
    },
)


def build(values, common) -> Coursework:
    body = values["coursework"]
    anyof = body.get("courses_any") or {}
    return Coursework(
        units=body.get("units") or 0.0,
        quarter_units=body.get("quarter_units"),
        subjects=tuple(body.get("subjects") or ()),
        related_subjects=tuple(body.get("related_subjects") or ()),
        up_to=body.get("up_to") or {},
        courses_all=tuple(body.get("courses_all") or ()),
        courses_any=tuple(anyof.get("of") or ()),
        courses_any_count=int(anyof.get("count") or 0),
        courses=int(body.get("courses") or 0),
        high_school=bool(body.get("high_school")),
        course_units=body.get("course_units") or 0.0,
        course_quarter_units=body.get("course_quarter_units"),
        beyond=body.get("beyond") or 0.0,
        majors=tuple(body.get("majors") or ()),
        accredited=bool(body.get("accredited")),
        exclude=tuple(body.get("exclude") or ()),
        judgment=body.get("judgment"),
        before=body.get("before_graduation"),
        graduate=bool(body.get("graduate")),
        **common,
    )


judge = coursework  # the three-valued judging, in merit.engine.coursework

RECORD = clause("coursework requirement", {"coursework": Field(COURSEWORK_BODY, required=True)}, build)


def words(node, plain=None) -> str:
    """A coursework clause as encoded: "60 semester or 90 quarter units beyond the first 60, from an accredited school"."""
    parts = []
    if node.units:
        parts.append(f"{fmt(node.units)} semester or {fmt(node.quarter_units)} quarter units")
    if node.courses:
        each = f" of at least {fmt(node.course_units)} semester units each" if node.course_units else ""
        high = " (high school or college)" if node.high_school else ""
        parts.append(f"{node.courses} course{'' if node.courses == 1 else 's'}{each}{high}")
    if node.courses_all:
        parts.append("the courses " + ", ".join(node.courses_all))
    if node.courses_any_count:
        parts.append(f"{node.courses_any_count} of {', '.join(node.courses_any)}")
    text = " and ".join(parts) or (node.label or "coursework")
    if getattr(node, "graduate", False):
        text += " of graduate study"
    if node.subjects:
        text += f" in {' or '.join(node.subjects)}"
    if node.beyond:
        text += f", beyond the first {fmt(node.beyond)}"
    if node.majors:
        text += f" (a degree with a major in {' or '.join(node.majors)} meets it)"
    if node.accredited:
        text += ", from an accredited school"
    return text


def notes(node) -> list[str]:
    if node.before is not None:
        return [before_note(node.before)]
    if node.judgment:
        return [f"an analyst decides {node.judgment}"]
    return []
