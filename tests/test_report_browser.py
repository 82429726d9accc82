"""The HTML report in a real browser (headless Chromium): it loads with no errors and no requests, the chart
has one bar per class (and specialty) with a width, and on paper every reason is shown.

`make test` installs Debian's chromium when it is missing and it may (as root). Where it cannot, the test
is skipped with the reason; in CI (CI=true) a missing browser fails the test instead.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from browser import Browser, chromium_for_tests, png_size, sample_report

pytestmark = pytest.mark.slow  # left out by pytest -m 'not slow'


@pytest.fixture(scope="module")
def browser():
    with Browser(chromium_for_tests()) as b:
        yield b


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    return sample_report(tmp_path_factory.mktemp("report"))


@pytest.fixture(scope="module")
def opened(browser: Browser, page: Path) -> Browser:
    browser.open(page)
    return browser


def test_the_report_loads_without_errors_or_requests(opened: Browser, page: Path):
    assert opened.problems() == []
    assert opened.evaluate("document.title").startswith("Screening report")
    # the page itself, and nothing from anywhere else
    assert {url for url in opened.requests()} <= {page.resolve().as_uri()}


def test_the_chart_has_one_drawn_bar_per_class(opened: Browser, page: Path):
    results = [json.loads(line) for line in (page.parent / "results.jsonl").read_text().splitlines()]
    classes = {(r["class"], r["specialty"]) for r in results if r["status"] != "error"}
    bars = opened.evaluate(
        """[...document.querySelectorAll('svg.chart g.bar')].map(g => ({
             cls: g.dataset.class, specialty: g.dataset.specialty,
             width: [...g.querySelectorAll('rect')].reduce((w, r) => w + r.getBoundingClientRect().width, 0)}))"""
    )
    assert len(bars) == len(classes) == 22
    assert {(b["cls"], b["specialty"] or None) for b in bars} == classes
    assert all(b["width"] > 100 for b in bars)  # every class has 16 results: every bar is drawn full length
    assert opened.evaluate("document.querySelectorAll('table.summary tbody tr').length") == len(classes)


def test_a_reason_opens_and_on_paper_all_are_open(opened: Browser):
    shown = "document.querySelector('table.results details ul.reasons li').checkVisibility()"
    assert opened.evaluate(shown) is False  # closed on screen
    opened.call("Emulation.setEmulatedMedia", media="print")
    try:
        assert opened.evaluate(shown) is True
    finally:
        opened.call("Emulation.setEmulatedMedia", media="")
    opened.evaluate("document.querySelector('table.results details').open = true")
    assert opened.evaluate(shown) is True


def test_the_report_renders_to_a_png(opened: Browser):
    shot = opened.screenshot(clip_height=900)
    assert png_size(shot) == (1280, 900)
    assert len(shot) > 20_000  # a picture with content, not an empty page
