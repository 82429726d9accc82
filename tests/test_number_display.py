"""A figure reads the same wherever it is shown: months, years and units in the plain words of merit show and
merit compare are displayed as the reasons display them (merit.engine.wording.fmt): whole numbers as such,
else at most two decimals, cut, never rounded up (11.999 months is 11.99, not 1 year)."""

from __future__ import annotations

import pytest
import yaml

from merit.class_view import plain_words
from merit.engine.wording import fmt
from merit.kinds import REQUIREMENT
from merit.kinds.words import duration
from merit.schema import Ctx

# months, as a length reads
DURATIONS = [
    (12, "1 year"),
    (6, "6 months"),
    (18, "1 year 6 months"),
    (24.5, "2 years 0.5 months"),
    (1.5, "1.5 months"),
    (0, "none"),
    (13.200000000000001, "1 year 1.2 months"),  # years: 1.1, as floats multiply
    (11.999, "11.99 months"),  # was '1 year': rounded up past what the reasons say (11.99 of ...)
    (23.9999999, "2 years"),  # a float's last digit is not a figure
    (35.999, "2 years 11.99 months"),
]


@pytest.mark.parametrize(("months", "words"), DURATIONS, ids=[w for _, w in DURATIONS])
def test_a_length_reads_as_its_figures_read_in_the_reasons(months, words):
    assert duration(months) == words


FIGURES = [  # (months, in words, as a figure)
    (18, "1 year 6 months", "18"),
    (1.5, "1.5 months", "1.5"),
    (12.0002, "1 year", "12"),  # 2,080 hours at 173.33 hours a month
    (11.999, "11.99 months", "11.99"),  # cut, as the arithmetic is: never rounded up to a year
    (1234567, "102880 years 7 months", "1234567"),
]


@pytest.mark.parametrize("months, words, figure", FIGURES, ids=[str(m) for m, _, _ in FIGURES])
def test_a_figure_reads_alike_in_a_specs_words_and_in_the_arithmetic_cut_never_rounded_up(months, words, figure):
    assert duration(months) == words
    assert fmt(months) == figure


# (clause, what show and compare say of it, the figure the reasons give for the same spec value)
CLAUSES = [
    ("experience: {months: 11.999, credit: [{certain: {}}]}", "11.99 months of experience", fmt(11.999)),
    ("coursework: {units: 24.125, subjects: [accounting]}", "24.12 semester or 36.18 quarter units in accounting", fmt(24.125)),
]


@pytest.mark.parametrize(("text", "words", "figure"), CLAUSES, ids=[c[1] for c in CLAUSES])
def test_show_says_a_spec_figure_as_the_reasons_say_it(text, words, figure):
    ctx = Ctx("clause.yaml")
    node = REQUIREMENT.build(yaml.compose(text), ctx)
    assert not ctx.problems, ctx.problems
    assert plain_words(node) == words
    assert figure in words
