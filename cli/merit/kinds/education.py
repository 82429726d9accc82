"""``education``: a level of education, in a field, with coursework, from an accredited school; experience
for education (``substitution``); some may file before graduating (``before_graduation``, ``senior``).

The judging's arithmetic (levels, majors, accreditation, dates, experience for education) lives in
merit.engine.education, which this unit imports.
"""

from __future__ import annotations

from merit.applicant_format import LEVEL_SYNONYMS
from merit.engine.education import education
from merit.engine.wording import fmt
from merit.kinds.experience import Experience
from merit.kinds.format import BEFORE_GRADUATION, CREDIT_RULE, Words, clause
from merit.kinds.words import before_note, before_words
from merit.model.applicants import EDUCATION_LEVELS
from merit.requirements import BeforeGraduation, Node
from merit.schema import Field, Record
from merit.schema_types import Boolean, Choice, ListOf, Number, Text

KEY = "education"
LABEL = "Education"  # how an outline names the clause when the source gives no label
EDUCATION_WORDS = {
    "twelfth-grade": "high school (twelfth grade)",
    "some-college": "post-secondary coursework",
    "associate": "associate degree",
    "bachelor": "college graduation (bachelor's degree)",
    "master": "master's degree",
    "doctorate": "doctorate",
}


class Substitution:
    """Experience substituted for required education, e.g. year-for-year up to two years."""

    __slots__ = ("experience", "years_per_year", "max_years", "required_years", "with_college")

    def __init__(
        self,
        experience: Experience,
        years_per_year: float = 1.0,
        max_years: float = 2.0,
        required_years: float = 4.0,
        with_college: bool = True,
    ) -> None:
        self.experience = experience
        self.years_per_year = years_per_year
        self.max_years = max_years
        self.required_years = required_years  # years of education the requirement stands for
        self.with_college = with_college  # False: the experience replaces the whole of it, or nothing


class Education(Node):
    """A level of education, in a field, with coursework, from an accredited school; some may file before graduating."""

    __slots__ = (
        "level",
        "fields_certain",
        "fields_possible",
        "fields_except",
        "gpa_at_least",
        "concentrations",
        "coursework_certain",
        "coursework_possible",
        "subjects_all",
        "accredited",
        "before",
        "substitution",
    )
    kind = KEY

    def __init__(
        self,
        level: str = "twelfth-grade",
        fields_certain: tuple[str, ...] = (),
        fields_possible: tuple[str, ...] = (),
        fields_except: tuple[str, ...] = (),
        gpa_at_least: float | None = None,
        concentrations: tuple[str, ...] = (),
        coursework_certain: tuple[str, ...] = (),
        coursework_possible: tuple[str, ...] = (),
        subjects_all: tuple[str, ...] = (),
        accredited: bool = False,
        before: BeforeGraduation | None = None,
        substitution: Substitution | None = None,
        **common,
    ) -> None:
        super().__init__(**common)
        self.level = level
        self.fields_certain = fields_certain  # the major is one of these
        self.fields_possible = fields_possible  # a major an analyst may accept as related
        self.fields_except = fields_except  # majors that hold the words of fields but are not it
        self.gpa_at_least = gpa_at_least  # "superior academic achievement": a grade-point average
        self.concentrations = concentrations  # a concentration or minor in these counts as the field too
        self.coursework_certain = coursework_certain  # coursework in these: major, minor, subjects or courses
        self.coursework_possible = coursework_possible
        self.subjects_all = subjects_all
        self.accredited = accredited
        self.before = before  # registration as a senior, or graduation within months, admits on a condition
        self.substitution = substitution

    @property
    def senior(self) -> str | None:
        """The condition on which a senior is admitted, if one is."""
        return self.before.condition if self.before is not None else None


SUBSTITUTION = Record(
    ref="experience-for-education",
    name="education substitution (experience for education)",
    description="Experience substituted for required education.",
    fields={
        "years_per_year": Field(Number(0, 100), default=1.0, description="years of education one year of experience stands for"),
        "max_years": Field(Number(0, 100), required=True, description="at most this many years of education"),
        "required_years": Field(Number(0, 100), default=4.0, description="years of education the requirement stands for"),
        "with_college": Field(
            Boolean(),
            default=True,
            description="false: the experience replaces the whole education or none of it (not added to years of college)",
        ),
        "paid": Field(Boolean(), description="only paid experience may be substituted"),
        "summary": Field(Text()),
        "credit": Field(ListOf(CREDIT_RULE), required=True, description="which experience may be substituted"),
    },
    make=lambda line, years_per_year, max_years, required_years, with_college, paid, summary, credit: Substitution(
        experience=Experience(label="Substitution", summary=summary or "", credit=credit, paid=bool(paid)),
        years_per_year=years_per_year,
        max_years=max_years,
        required_years=required_years,
        with_college=with_college,
    ),
)

EDUCATION_BODY = Record(
    ref="education",
    name="education",
    fields={
        "level": Field(Choice(EDUCATION_LEVELS, synonyms=LEVEL_SYNONYMS), required=True, description="the lowest level that meets"),
        "fields": Field(Words(), description="the major must be one of these fields of study"),
        "related_fields": Field(Words(), description="majors that count if an analyst accepts them as related"),
        "gpa_at_least": Field(Number(0, 5), description="a grade-point average of at least this (superior academic achievement)"),
        "except_fields": Field(
            Words(), description="majors that hold the words of fields but are not it (engineering technology); related_fields may take them"
        ),
        "concentrations": Field(Words(), description="a concentration or minor in one of these counts as the field too"),
        "coursework": Field(Words(), description="coursework in one of these: the major, minor, subjects or course titles"),
        "related_coursework": Field(Words(), description="coursework that counts if an analyst accepts it as related"),
        "subjects_all": Field(Words(), description="subjects the coursework must include"),
        "accredited": Field(Boolean(), default=False, description="only a degree from an accredited school"),
        "senior": Field(Text(), description="registration as a senior admits on this condition"),
        "before_graduation": Field(BEFORE_GRADUATION),
        "substitution": Field(SUBSTITUTION),
    },
)


def build(values, common) -> Education:
    body = values["education"]
    before = body.get("before_graduation")
    if before is None and body.get("senior"):
        before = BeforeGraduation(body["senior"], None, True)
    return Education(
        level=body["level"],
        fields_certain=tuple(body.get("fields") or ()),
        fields_possible=tuple(body.get("related_fields") or ()),
        fields_except=tuple(body.get("except_fields") or ()),
        gpa_at_least=body.get("gpa_at_least"),
        concentrations=tuple(body.get("concentrations") or ()),
        coursework_certain=tuple(body.get("coursework") or ()),
        coursework_possible=tuple(body.get("related_coursework") or ()),
        subjects_all=tuple(body.get("subjects_all") or ()),
        accredited=bool(body.get("accredited")),
        before=before,
        substitution=body.get("substitution"),
        **common,
    )


judge = education  # the three-valued judging, in merit.engine.education

RECORD = clause("education requirement", {"education": Field(EDUCATION_BODY, required=True)}, build)


def words(node, plain=None) -> str:
    """An education clause as encoded: "college graduation (bachelor's degree) with a major in accounting"."""
    text = EDUCATION_WORDS.get(node.level or "", node.level or "education")
    if node.accredited and node.level == "twelfth-grade":  # accreditation is asked of colleges only
        text += ", or college from an accredited school"
    elif node.accredited:
        text += " from an accredited school"
    if node.fields_certain:
        text += f" with a major in {' or '.join(node.fields_certain)}"
        if node.fields_possible:
            text += " (or a related field)"
    if node.coursework_certain:
        text += f" in {' or '.join(node.coursework_certain)}"
        if node.coursework_possible:
            text += " (or a related field)"
    if node.subjects_all:
        text += f", including {', '.join(node.subjects_all)}"
    if node.before is not None:
        text += f"; {before_words(node.before)} is admitted on condition"
    if node.substitution:
        sub = node.substitution
        text += f"; up to {fmt(sub.max_years)} years of experience may replace education year for year"
    return text


def notes(node) -> list[str]:
    if node.before is not None:
        return [before_note(node.before)]
    return []
