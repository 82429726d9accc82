"""merit review's page in a real browser (headless Chromium, as for the report): an analyst answers questions
one at a time and in bulk, exports the determinations file, and merit screen applies it; the page loads
nothing, keeps the work across a reload, shows hostile text as text, works from the keyboard, reflows at 200%
zoom, passes contrast checks and prints. The page for 10,000 applicants is measured (figures in docs/review.md).

`make test` installs Debian's chromium when it is missing and it may; where it cannot, the tests are skipped
with the reason, and in CI (CI=true) a missing browser fails them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from browser import Browser, chromium_for_tests, sample_review

pytestmark = pytest.mark.slow  # left out by pytest -m 'not slow'

ROOT = Path(__file__).resolve().parent.parent
MERIT = [sys.executable, "-m", "merit"]
CLASSES = ["-c", "JI60", "-c", "MO-CS-G4"]
AS_OF = "2026-11-01"
# the jobs the questions below are about, as decision point ids name them: by what they are
JOB = "job-office-technician-at-california-department-of-tax-and-fee-administration-from-2025-06-01"  # Grace Lee's
TAXPAYER = "job-taxpayer-assistance-specialist-at-montana-department-of-revenue-from-2024-03-01"  # A-1015's second


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([*MERIT, *args], cwd=cwd, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with Browser(chromium_for_tests()) as b:
        b.downloads = tmp_path_factory.mktemp("downloads")
        b.call("Browser.setDownloadBehavior", session=False, behavior="allow", downloadPath=str(b.downloads), eventsEnabled=True)
        # the clipboard, as a browser with a focused window allows it
        b.call("Browser.grantPermissions", session=False, permissions=["clipboardReadWrite", "clipboardSanitizedWrite"])
        b.call("Emulation.setFocusEmulationEnabled", enabled=True)
        yield b


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    """The review page of the sample applicants screened against JI60 and MO-CS-G4 (as docs/review.md makes it)."""
    return sample_review(tmp_path_factory.mktemp("review"))


def settle(b: Browser) -> None:
    """Wait until the page has drawn what the last action changed."""
    b.evaluate("new Promise(function (done) { requestAnimationFrame(function () { setTimeout(done); }); })")


def set_value(b: Browser, selector: str, value: str, event: str = "change") -> None:
    b.evaluate(
        f"(function (e) {{ e.value = {json.dumps(value)}; e.dispatchEvent(new Event({json.dumps(event)})); }})"
        f"(document.querySelector({json.dumps(selector)}))"
    )


def open_group(b: Browser, pattern: str) -> None:
    b.evaluate(f"document.querySelector('details[data-pattern=\"{pattern}\"]').open = true")
    settle(b)


def card(applicant: str, point: str) -> str:
    """A script expression for the card of one question."""
    return (
        "[...document.querySelectorAll('li.card')].find(c => c.querySelector('.who').textContent.startsWith("
        f"{json.dumps(applicant)}) && c.querySelector('.pid').textContent === {json.dumps(point)})"
    )


def answer_card(b: Browser, applicant: str, point: str, choice: str, by: str, because: str) -> None:
    b.evaluate(
        f"(function (c) {{ c.querySelector('input.by').value = {json.dumps(by)}; c.querySelector('input.date').value = '2026-12-01';"
        f" c.querySelector('textarea.because').value = {json.dumps(because)}; c.querySelector('button.{choice}').click(); }})"
        f"({card(applicant, point)})"
    )
    settle(b)


def download(b: Browser) -> str:
    for old in b.downloads.iterdir():
        old.unlink()
    b.evaluate("document.getElementById('download').click()")
    begun = b.wait_for("Browser.downloadWillBegin")["params"]
    assert begun["suggestedFilename"] == "answers.yaml"
    while True:
        progress = b.wait_for("Browser.downloadProgress")["params"]
        if progress["guid"] == begun["guid"] and progress["state"] != "inProgress":
            break
    assert progress["state"] == "completed"
    return (b.downloads / "answers.yaml").read_text(encoding="utf-8")


@pytest.fixture()
def fresh(browser: Browser, page: Path) -> Browser:
    """The page with nothing answered in it yet."""
    browser.open(page)
    browser.evaluate("localStorage.clear()")
    browser.open(page)
    browser.events.clear()
    return browser


def test_the_page_loads_without_errors_or_requests_and_says_where_the_work_is_kept(fresh: Browser, page: Path):
    assert fresh.problems() == []
    assert {url for url in fresh.requests()} <= {page.resolve().as_uri()}
    assert fresh.evaluate("document.title").startswith("Decision points to review")
    kept = fresh.evaluate("document.getElementById('kept').textContent")
    assert "kept in this browser" in kept and "closing the tab loses nothing" in kept
    classes = fresh.evaluate("[...document.querySelectorAll('section.class')].map(s => s.dataset.class)")
    assert classes == ["MO-CS-G4", "JI60"]  # in the order of the results: the first applicant is asked about MO-CS-G4


def test_an_unanswered_export_is_the_file_merit_screen_writes(fresh: Browser):
    written = run("screen", "sample_applicants", *CLASSES, "--as-of", AS_OF, "-f", "determinations").stdout
    assert download(fresh) == written
    assert fresh.problems() == []


def test_the_whole_loop_single_and_bulk_answers_exported_and_applied_by_merit_screen(fresh: Browser, tmp_path: Path):
    b = fresh
    # one at a time: accept one question of Grace Lee's JI60 review, reject her MO-CS-G4 catch-all
    open_group(b, "JI60/pattern-i/job-*")
    answer_card(
        b, "A-1013", f"JI60/pattern-i/{JOB}", "accept", "A. Analyst", "answering tax questions at the level of a Tax Technician"
    )
    open_group(b, "MO-CS-G4/otherwise")
    answer_card(b, "A-1013", "MO-CS-G4/otherwise", "reject", "A. Analyst", "no relevant experience")
    # a question answered without a reason is refused, and stays open
    open_group(b, "JI60/pattern-iv/job-*")
    b.evaluate(
        f"(function (c) {{ c.querySelector('input.by').value = 'A. Analyst'; c.querySelector('button.accept').click(); }})({card('A-1015', 'JI60/pattern-iv/' + TAXPAYER)})"
    )
    assert "because" in b.evaluate(f"{card('A-1015', 'JI60/pattern-iv/' + TAXPAYER)}.querySelector('.problem').textContent")
    # in bulk: every MO-CS-G4 question still open, accepted with one reason
    set_value(b, "#f-class", "MO-CS-G4")
    settle(b)
    b.evaluate("document.getElementById('select-shown').click()")
    bulk = b.evaluate("document.getElementById('selected').textContent")
    set_value(b, "#b-by", "C. Analyst")
    set_value(b, "#b-because", "two years of relevant experience, as the Missouri practice counts it")
    set_value(b, "#b-date", "2026-12-02")
    b.evaluate("document.getElementById('accept-selected').click()")
    settle(b)
    assert bulk == "6 questions selected."  # 7 MO-CS-G4 reviews, Grace Lee's answered already
    assert b.evaluate("document.getElementById('shown').textContent").startswith("0 questions shown")
    set_value(b, "#f-status", "accept")
    set_value(b, "#f-class", "")
    settle(b)
    assert b.evaluate("document.querySelectorAll('section.class:not([hidden])').length") == 2  # an accepted question in each
    assert b.problems() == []

    answers = tmp_path / "answers.yaml"
    answers.write_text(download(b), encoding="utf-8")
    done = run("screen", "sample_applicants", *CLASSES, "--as-of", AS_OF, "-f", "jsonl", "-d", str(answers))
    assert "not applied" not in done.stderr and done.returncode == 1, done.stderr  # answers all applied; some still review
    results = {(r["applicant"], r["class"]): r for r in map(json.loads, done.stdout.splitlines())}
    grace = results[("A-1013", "JI60")]
    assert grace["status"] == "eligible" and "accepted by A. Analyst on 2026-12-01" in grace["reason"]
    assert results[("A-1013", "MO-CS-G4")]["status"] == "ineligible"
    assert "rejected by A. Analyst" in json.dumps(results[("A-1013", "MO-CS-G4")]["reasons"])
    accepted = [r for (who, cls), r in results.items() if cls == "MO-CS-G4" and who != "A-1013" and r["decision_points"]]
    assert len(accepted) == 6 and all(r["status"] == "eligible" for r in accepted)
    assert all("accepted by C. Analyst on 2026-12-02" in json.dumps(r["reasons"]) for r in accepted)
    assert results[("A-1015", "JI60")]["status"] == "review"  # the question refused above stays open

    # the work survives closing the tab: the same page opened again shows the answers
    b_page = Path(b.evaluate("decodeURIComponent(location.pathname)"))
    b.call("Page.navigate", url="about:blank")  # the tab closed: its page unloads, and its storage is written
    b.wait_for("Page.loadEventFired")
    # and opened again later: the browser hands a closed page's storage writes on between its processes on
    # its own time, so a page reopened in the same instant, on a loaded machine, may not see them yet
    time.sleep(2)
    b.open(b_page)
    assert b_page.exists()
    set_value(b, "#f-status", "")
    settle(b)
    # the page reads its storage as it loads; wait (a few seconds at most) for it to say what it kept
    kept = b.evaluate(
        "new Promise(function (done) { var n = 0; (function look() {"
        " var text = document.getElementById('kept').textContent;"
        " if (/[1-9][0-9]* answers? made here/.test(text) || ++n > 100) done(text); else setTimeout(look, 50); })(); })"
    )
    assert "8 answers made here" in kept
    assert download(b) == answers.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "by, day, because, said",
    [
        ("", "2026-12-01", "seen", "Write who decided (by)."),
        ("A. Analyst", "", "seen", "Give the date as YYYY-MM-DD (a day that exists)."),
        ("A. Analyst", "2026-02-30", "seen", "Give the date as YYYY-MM-DD (a day that exists)."),
        ("A. Analyst", "2026-12-01", "  ", "Write why (because): the reasons quote it."),
    ],
    ids=["no by", "no date", "no such day", "no because"],
)
def test_an_answer_the_determinations_file_would_refuse_is_refused_in_the_page(fresh: Browser, by, day, because, said):
    open_group(fresh, "JI60/pattern-i/job-*")
    fresh.evaluate(
        f"(function (c) {{ c.querySelector('input.by').value = {json.dumps(by)}; c.querySelector('input.date').value = {json.dumps(day)};"
        f" c.querySelector('textarea.because').value = {json.dumps(because)}; c.querySelector('button.accept').click(); }})"
        f"({card('A-1013', 'JI60/pattern-i/' + JOB)})"
    )
    assert fresh.evaluate(f"{card('A-1013', 'JI60/pattern-i/' + JOB)}.querySelector('.problem').textContent") == said
    assert fresh.evaluate(f"{card('A-1013', 'JI60/pattern-i/' + JOB)}.querySelector('.state').textContent") == "open"


def test_copy_puts_the_same_file_on_the_clipboard_and_show_puts_it_on_the_page(fresh: Browser):
    open_group(fresh, "JI60/pattern-i/job-*")
    answer_card(fresh, "A-1013", f"JI60/pattern-i/{JOB}", "accept", "A. Analyst", "seen")
    downloaded = download(fresh)
    fresh.evaluate("document.getElementById('copy').click()")
    assert fresh.evaluate("navigator.clipboard.readText()") == downloaded
    assert fresh.evaluate("document.getElementById('export-said').textContent") == "Copied to the clipboard."
    fresh.evaluate("document.getElementById('show-file').click()")
    assert fresh.evaluate("document.getElementById('export-text').value") == downloaded
    assert "answer: accept" in downloaded


def test_answers_given_before_come_back_in_the_export(browser: Browser, tmp_path: Path):
    results = tmp_path / "results.jsonl"
    run("screen", "sample_applicants/grace-lee.yaml", "-c", "JI60", "--as-of", AS_OF, "-f", "jsonl", "-o", str(results))
    answers = tmp_path / "given.yaml"
    answers.write_text(
        f"- applicant: A-1013\n  point: JI60/pattern-ii/{JOB}\n  answer: reject\n  by: B. Analyst\n  date: 2026-11-20\n"
        "  because: not tax compliance work\n"
    )
    assert run("review", str(results), "-d", str(answers), "-o", str(tmp_path / "page.html")).returncode == 0
    browser.open(tmp_path / "page.html")
    exported = download(browser)
    assert f'point: "JI60/pattern-ii/{JOB}"' in exported
    assert '  answer: reject\n  by: "B. Analyst"\n  date: 2026-11-20\n  because: "not tax compliance work"' in exported
    again = run(
        "screen", "sample_applicants/grace-lee.yaml", "-c", "JI60", "--as-of", AS_OF, "-f", "determinations", "-d", str(answers)
    )
    assert exported == again.stdout  # the follow-up file merit screen writes, answer for answer


def test_a_script_in_a_job_title_shows_as_text(browser: Browser, tmp_path: Path):
    record = tmp_path / "hostile.yaml"
    title = "Clerk<script>document.title='owned'</script><img src=x onerror=alert(1)>"
    record.write_text(
        (ROOT / "sample_applicants/grace-lee.yaml").read_text().replace("title: Office Technician", f"title: {json.dumps(title)}")
    )
    run("screen", str(record), "-c", "JI60", "--as-of", AS_OF, "-f", "jsonl", "-o", str(tmp_path / "r.jsonl"))
    assert run("review", str(tmp_path / "r.jsonl"), "-o", str(tmp_path / "page.html")).returncode == 0
    browser.events.clear()
    browser.open(tmp_path / "page.html")
    open_group(browser, "JI60/pattern-i/job-*")
    assert browser.evaluate("document.title").startswith("Decision points to review")
    assert browser.evaluate("document.querySelectorAll('li.card script, li.card img').length") == 0
    assert title in browser.evaluate("document.querySelector('li.card dl.entry dd').textContent")
    assert title in browser.evaluate("document.querySelector('li.card p.question').textContent")
    assert browser.problems() == []


def test_a_question_is_answered_from_the_keyboard(fresh: Browser):
    b = fresh
    open_group(b, "JI60/pattern-i/job-*")
    b.evaluate(f"{card('A-1013', 'JI60/pattern-i/' + JOB)}.querySelector('input.by').focus()")
    b.call("Input.insertText", text="K. Board")
    for _ in range(8):  # on through the date's month, day, year and calendar button to because
        if b.evaluate("document.activeElement.className") == "because":
            break
        b.call("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
        b.call("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    assert b.evaluate("document.activeElement.className") == "because"
    b.call("Input.insertText", text="typed, not clicked")
    b.call("Input.dispatchKeyEvent", type="keyDown", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    b.call("Input.dispatchKeyEvent", type="keyUp", key="Tab", code="Tab", windowsVirtualKeyCode=9)
    assert b.evaluate("document.activeElement.textContent") == "Accept"
    b.call("Input.dispatchKeyEvent", type="keyDown", key="Enter", code="Enter", windowsVirtualKeyCode=13, text="\r")
    b.call("Input.dispatchKeyEvent", type="keyUp", key="Enter", code="Enter", windowsVirtualKeyCode=13)
    settle(b)
    # the answered question left the list of open ones, and its group with it: the keyboard goes on to the next group
    # (on a loaded machine the redraw may take more than a frame: wait for the focus to land, a few seconds at most)
    landed = b.evaluate(
        "new Promise(function (done) { var n = 0; (function look() {"
        " var d = document.activeElement && document.activeElement.closest('details');"
        " if (d || ++n > 100) done(d ? d.dataset.pattern : null); else setTimeout(look, 50); })(); })"
    )
    assert landed == "JI60/pattern-ii/job-*"
    set_value(b, "#f-status", "accept")
    settle(b)
    assert b.evaluate(f"{card('A-1013', 'JI60/pattern-i/' + JOB)}.querySelector('.state').textContent").startswith(
        "accepted by K. Board on "
    )


CONTRAST = """[...document.querySelectorAll('body *')].filter(e => e.checkVisibility() && !e.disabled &&
   [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())).map(function (e) {
  function rgb(s) { return s.match(/[\\d.]+/g).map(Number); }
  function lum(c) { return [0, 1, 2].map(i => c[i] / 255).map(v => v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4))
    .reduce((s, v, i) => s + v * [0.2126, 0.7152, 0.0722][i], 0); }
  var bg = e, c;
  while (bg && (c = rgb(getComputedStyle(bg).backgroundColor)).length === 4 && c[3] === 0) bg = bg.parentElement;
  var back = bg ? c : [255, 255, 255], fore = rgb(getComputedStyle(e).color);
  var a = lum(fore) + 0.05, b = lum(back) + 0.05;
  return [e.tagName + '.' + e.className, Math.round(100 * Math.max(a, b) / Math.min(a, b)) / 100];
}).filter(x => x[1] < 4.5)"""


@pytest.mark.parametrize("width", [1280, 640], ids=["100%", "200% zoom"])
def test_text_passes_contrast_checks_and_the_page_reflows_at_200_percent(fresh: Browser, page: Path, width: int):
    fresh.open(page, width=width)
    set_value(fresh, "#f-status", "")
    open_group(fresh, "JI60/pattern-i/job-*")
    answer_card(fresh, "A-1013", f"JI60/pattern-i/{JOB}", "accept", "A. Analyst", "seen")
    open_group(fresh, "MO-CS-G4/otherwise")
    answer_card(fresh, "A-1013", "MO-CS-G4/otherwise", "reject", "A. Analyst", "seen")
    assert fresh.evaluate(CONTRAST) == []
    # at 200% a 1280-pixel window is 640 CSS pixels wide: nothing scrolls sideways
    assert fresh.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_on_paper_the_questions_and_answers_print_without_the_controls(fresh: Browser):
    open_group(fresh, "JI60/pattern-i/job-*")
    visible = "[...document.querySelectorAll(%s)].some(e => e.checkVisibility())"
    fresh.call("Emulation.setEmulatedMedia", media="print")
    try:
        assert fresh.evaluate(visible % "'li.card p.question'") is True
        assert fresh.evaluate(visible % "'li.card .state'") is True
        assert fresh.evaluate(visible % "'.bulk, .controls, fieldset.answer, .export, button'") is False
    finally:
        fresh.call("Emulation.setEmulatedMedia", media="")


def test_the_page_for_10000_applicants_opens_and_filters_without_freezing(browser: Browser, tmp_path: Path):
    """Measured, not asserted against a time: the figures go in docs/review.md."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("bench_gen", ROOT / "bench" / "gen.py")
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)  # the benchmark's synthetic applicants, reproducible from its seed
    gen.write_applicants(tmp_path / "applicants", 10_000)
    results, page = tmp_path / "results.jsonl", tmp_path / "review.html"
    run(
        "screen",
        "applicants",
        "--series",
        "customer-service",
        "--as-of",
        AS_OF,
        "--reasons",
        "summary",
        "--jobs",
        "2",
        "-f",
        "jsonl",
        "-o",
        str(results),
        cwd=tmp_path,
    )
    start = time.monotonic()
    done = run("review", str(results), "-o", str(page), cwd=tmp_path)
    made = time.monotonic() - start
    assert done.returncode == 0, done.stderr
    browser.events.clear()
    browser.open(page)
    timing = browser.evaluate(
        "({paint: performance.getEntriesByName('first-contentful-paint')[0].startTime,"
        " drawn: performance.getEntriesByName('merit-review-drawn')[0].startTime})"
    )
    filtered = browser.evaluate(
        """new Promise(function (done) { var s = document.getElementById('f-class'), t = performance.now();
             s.value = 'JI60'; s.dispatchEvent(new Event('change'));
             requestAnimationFrame(function () { setTimeout(function () { done(performance.now() - t); }); }); })"""
    )
    searched = browser.evaluate(
        """new Promise(function (done) { var s = document.getElementById('f-applicant'), t = performance.now();
             s.value = 'A-000042'; s.dispatchEvent(new Event('input'));
             requestAnimationFrame(function () { setTimeout(function () { done(performance.now() - t); }); }); })"""
    )
    shown = browser.evaluate("document.getElementById('shown').textContent")
    assert shown.endswith("of 84,055 questions.") and not shown.startswith("0 ")
    assert browser.problems() == []
    print(
        f"\nreview page, 10,000 applicants x customer-service: {page.stat().st_size / 1e6:.1f} MB written in {made:.1f} s; "
        f"first paint {timing['paint']:.0f} ms, questions drawn {timing['drawn']:.0f} ms, "
        f"filter by class {filtered:.0f} ms, by applicant {searched:.0f} ms ({shown})"
    )
