"""The Rich table never splits an id, a status or a date, at 80 columns or wider."""

import io

import pytest
from rich.console import Console

from helpers import decide, job, person
from merit.render.screen_text import rich_table


@pytest.mark.parametrize("width", [80, 100, 140])
def test_ids_statuses_and_dates_stay_whole(width):
    part_time = job("2025-05-01", None, sector="city", jurisdiction="Los Angeles", hours_per_week=20, duties=["call-center"])
    applicant = person(part_time, id="A-1006")
    decisions = [decide("LA-1229", applicant, as_of="2026-11-01")]
    decisions += [decide("PHL-6J27", applicant, as_of="2026-11-01", specialty=s) for s in ("call-center", "revenue-collections")]
    out = io.StringIO()
    rich_table(decisions, Console(file=out, width=width, no_color=True, force_terminal=False))
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= width
    for whole in ("A-1006", "LA-1229", "PHL-6J27", "revenue-collections", "ineligible", "2027-04-30"):
        assert whole in text, whole
