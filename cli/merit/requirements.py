"""The requirement tree of a class: one type per kind of clause, named as the spec format's keys.

A class's minimum qualifications are a tree: alternatives (``any_of``), parts
that must all hold (``all_of``), and leaves that ask for experience,
education, coursework or a licence, or that leave the question to an analyst
(``judgment``). Each node carries how the source names it (``label``), a
plain-words ``summary`` and, once loaded, the citation of the clause.

Code that walks any node may read ``children``, ``including``, ``credit`` and
``substitution`` on every kind: kinds without them answer empty.
"""

from __future__ import annotations

from merit.model import Citation, CreditRule, Places


class Node:
    """What every clause has: its name in the source, a summary, the citation, and the source's exceptions."""

    __slots__ = ("id", "label", "summary", "citation", "short", "because", "lacking", "line")

    kind = ""
    children: list[Node] | tuple = ()
    including: list[Experience] | tuple = ()
    credit: list[CreditRule] | tuple = ()
    substitution: object = None

    def __init__(
        self,
        id: str | None = None,
        label: str | None = None,
        summary: str = "",
        citation: Citation | None = None,
        short: str | None = None,
        because: str = "",
        line: int = 0,
    ) -> None:
        self.id = id
        self.label = label  # "Pattern I", "General experience"
        self.summary = summary  # our plain-words summary of the clause
        self.citation = citation
        self.short = short  # when not met: "review" (with because)
        self.because = because  # why the source leaves it to judgment
        # may file if lacking at most so much experience: stated here, or (on experience) passed down
        self.lacking: Lacking | None = None
        self.line = line

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.label or self.id or ''!r})"


class AnyOf(Node):
    """Alternatives: any one meets ("Either I … Or II …"); some may combine on a proportional basis."""

    __slots__ = ("children", "proportional")
    kind = "any_of"

    def __init__(self, children: list[Node], proportional: tuple[str, ...] = (), **common) -> None:
        super().__init__(**common)
        self.children = children
        self.proportional = proportional  # ids of children combined on a proportional basis


class AllOf(Node):
    """Every part must be met ("education AND general experience AND specific experience")."""

    __slots__ = ("children", "distinct_periods")
    kind = "all_of"

    def __init__(self, children: list[Node], distinct_periods: bool = False, **common) -> None:
        super().__init__(**common)
        self.children = children
        self.distinct_periods = distinct_periods  # a period of experience counts toward one part only


class Lacking:
    """"Applicants who lack six months or less of the required experience may file …": admitted on a condition."""

    __slots__ = ("months", "condition", "citation")

    def __init__(self, months: float, condition: str, citation: Citation | None = None) -> None:
        self.months = months
        self.condition = condition  # "cannot be appointed until the full experience requirement is met"
        self.citation = citation  # where the source says so (a process note)


class CredentialMatch:
    """Which licences or certificates of a record a clause asks for, and in what state."""

    __slots__ = ("kinds", "issuer", "jurisdiction", "valid", "grades", "grade_at_least", "by_examination", "places")

    def __init__(
        self,
        kinds: tuple[str, ...],
        issuer: tuple[str, ...] = (),
        jurisdiction: tuple[str, ...] = (),
        valid: bool = True,
        grades: tuple[str, ...] = (),
        grade_at_least: str | None = None,
        by_examination: bool = False,
    ) -> None:
        self.kinds = kinds  # any of these, as records name them ("registered nurse", "RN")
        self.issuer = issuer  # words the issuer's name contains
        self.jurisdiction = jurisdiction
        self.valid = valid  # not expired on the as-of date
        self.grades = grades  # the order of grades, lowest first
        self.grade_at_least = grade_at_least
        self.by_examination = by_examination
        self.places: Places | None = None  # how records write places, set on loading


class After:
    """Only experience after a credential counts ("following the completion of a recognized apprenticeship")."""

    __slots__ = ("credential", "level", "fields", "what")

    def __init__(
        self,
        credential: CredentialMatch | None = None,
        level: str | None = None,
        fields: tuple[str, ...] = (),
        what: str = "",
    ) -> None:
        self.credential = credential  # a licence or certificate, dated by when it was issued
        self.level = level  # or an education level, dated by when it was conferred
        self.fields = fields  # in one of these fields of study, if given
        self.what = what  # how the source names it, for reasons


class EducationCredit:
    """Education substituted for experience: "a plumbing program … for each year of experience lacking"."""

    __slots__ = (
        "subjects",
        "accredited",
        "per_year",
        "per_course",
        "max_months",
        "summary",
        "year_units",
        "whole",
        "related_subjects",
    )

    def __init__(
        self,
        subjects: tuple[str, ...] = (),
        accredited: bool = False,
        per_year: float = 0.0,
        per_course: float = 0.0,
        max_months: float = 0.0,
        summary: str = "",
        year_units: float = 30.0,
        whole: bool = False,
        related_subjects: tuple[str, ...] = (),
    ) -> None:
        self.related_subjects = related_subjects  # education in these counts only if an analyst accepts it
        self.year_units = year_units  # semester units that make a "year" of the education (12 in some bulletins)
        self.whole = whole  # "for each year": only whole years count, a part of one does not
        self.subjects = subjects  # the education's field, coursework or course titles name one of these
        self.accredited = accredited
        self.per_year = per_year  # months of experience per year of such education (30 semester units)
        self.per_course = per_course  # or per course of it
        self.max_months = max_months
        self.summary = summary


class Experience(Node):
    """Months (or any amount) of experience, credited job by job by the first credit rule whose facts hold."""

    __slots__ = (
        "months",
        "some",
        "hours",
        "credit",
        "paid",
        "including",
        "judgment",
        "after",
        "education_substitution",
        "calendar",
        "typical",
    )
    kind = "experience"

    def __init__(
        self,
        months: float = 0.0,
        some: bool = False,
        credit: list[CreditRule] | None = None,
        paid: bool = False,
        including: list[Experience] | None = None,
        judgment: str | None = None,
        hours: float | None = None,
        after: After | None = None,
        education_substitution: EducationCredit | None = None,
        calendar: bool = False,
        typical: tuple[float, float] | None = None,
        **common,
    ) -> None:
        super().__init__(**common)
        self.typical = typical  # the source's typical range in years, low and high: "2-4 years"
        self.calendar = calendar  # part-time work counts as calendar time, not in proportion to its hours
        self.months = months
        self.some = some  # "experience in customer service", no length given
        self.hours = hours  # "4,160 cumulative work hours": months are set from the series' hours per month
        self.credit = [] if credit is None else credit
        self.paid = paid
        self.including = [] if including is None else including  # nested minimums
        self.judgment = judgment  # caps credit at "possible": "increasingly responsible"
        self.after = after
        self.education_substitution = education_substitution  # education for experience lacking


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


class BeforeGraduation:
    """Applicants close to a degree may file and are admitted on a condition ("within six months of graduation")."""

    __slots__ = ("months", "senior", "condition", "citation")

    def __init__(
        self, condition: str, months: float | None = None, senior: bool = False, citation: Citation | None = None
    ) -> None:
        self.condition = condition
        self.months = months  # expected within this many months of the as-of date; None: any time
        self.senior = senior  # only an applicant registered as a senior
        self.citation = citation  # where the source says so (a process note), if not the clause itself


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
    kind = "education"

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


class License(Node):
    """A licence or certificate the applicant must hold ("a valid Registered Nurse license issued by …")."""

    __slots__ = ("match", "before_appointment")
    kind = "license"

    def __init__(self, match: CredentialMatch, before_appointment: str | None = None, **common) -> None:
        super().__init__(**common)
        self.match = match
        self.before_appointment = before_appointment  # not held yet: admitted on this condition


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
    kind = "coursework"

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
        self.course_units = course_units  # each of at least this many semester units
        self.course_quarter_units = course_units * 4 / 3 if course_quarter_units is None else course_quarter_units
        self.beyond = beyond  # only units beyond the first so many count
        self.majors = majors  # a completed degree with one of these majors meets it outright
        self.accredited = accredited
        self.exclude = exclude  # courses that never count ("general education")
        self.judgment = judgment  # makes every credit an analyst's call


class Judgment(Node):
    """The source leaves it to an analyst ("any equivalent combination …"), optionally provided another clause holds."""

    __slots__ = ("children",)
    kind = "judgment"

    def __init__(self, provided: Node | None = None, **common) -> None:
        super().__init__(**common)
        self.children = [provided] if provided is not None else []


class Ref(Node):
    """Stands for another clause of the class (or of the series' shared clauses), by its id.

    Replaced by that clause when the spec is loaded; a label, summary or length
    given beside ``ref`` makes a copy of the clause with them.
    """

    __slots__ = ("ref", "months")
    kind = "ref"

    def __init__(self, ref: str, months: float | None = None, **common) -> None:
        super().__init__(**common)
        self.ref = ref
        self.months = months


def walk(node: Node):
    """The node and every clause under it (parts, alternatives, nested minimums, substitutions), depth first."""
    stack = [node]
    while stack:
        n = stack.pop()
        yield n
        sub = n.substitution
        if sub is not None:
            stack.append(sub.experience)
        stack.extend(reversed(n.including))
        stack.extend(reversed(n.children))
