"""merit summary and merit report on saved results; the report's HTML checked by parsing it."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit import __version__
from merit.app import build_app
from merit.render.html_report import COLOURS, CSS, SCRIPT

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"
SPECS = ROOT / "specs"


def merit(*args: str, input: str | None = None):
    result = CliRunner().invoke(build_app(), list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> Path:
    """Three samples and a bad file, screened into JSON Lines; one record gets a hostile name and another stamp."""
    folder = tmp_path_factory.mktemp("results")
    for name in ("maria-lopez.yaml", "james-chen.yaml", "david-brown.yaml"):
        (folder / name).write_text((SAMPLES / name).read_text())
    (folder / "bad.yaml").write_text("id: B-1\nhours: 3\n")
    out = folder / "results.jsonl"
    code, _, _ = merit("screen", str(folder), "-c", "JI60,6J27", "--as-of", "2026-11-01", "-f", "jsonl", "-o", str(out))
    assert code == 2  # the bad file
    records = [json.loads(line) for line in out.read_text().splitlines()]
    records[1].update(name="<script>alert(1)</script>", merit_version="9.9.9", spec_digest="ab12")
    out.write_text("".join(json.dumps(r) + "\n" for r in records))
    return out


class Page(HTMLParser):
    """Elements with their attributes and the text in them, as a flat list, and the text of style and script."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict, list[str]]] = []
        self.stack: list[tuple[str, dict, list[str]]] = []
        self.raw: dict[str, str] = {}
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        element = (tag, dict(attrs), [])
        self.elements.append(element)
        if tag not in ("meta", "br"):  # elements with no end tag hold no text
            self.stack.append(element)

    def handle_endtag(self, tag):
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _, _, text in self.stack:
            text.append(data)
        if self.stack and self.stack[-1][0] in ("style", "script"):
            self.raw[self.stack[-1][0]] = self.raw.get(self.stack[-1][0], "") + data

    def find(self, tag: str, **attrs) -> list[tuple[dict, str]]:
        return [
            (a, "".join(t))
            for name, a, t in self.elements
            if name == tag and all(a.get(k.rstrip("_").replace("_", "-")) == v for k, v in attrs.items())
        ]


@pytest.fixture(scope="module")
def page(results: Path) -> Page:
    code, out, err = merit("report", str(results))
    assert code == 0, err
    return Page(out)


def test_the_page_is_one_file_that_loads_nothing(page: Page):
    assert page.find("html")[0][0]["lang"] == "en"
    csp = page.find("meta", http_equiv="Content-Security-Policy")[0][0]["content"]
    assert "default-src 'none'" in csp
    for text, kind in ((CSS, "style"), (SCRIPT, "script")):
        digest = "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()
        assert f"{kind}-src '{digest}'" in csp
        assert page.raw[kind] == text  # what the browser hashes is what the policy allows
    for tag, a, _ in page.elements:
        assert tag not in ("link", "img", "iframe", "object")
        assert not any(str(v).startswith(("http:", "https:", "//")) for k, v in a.items() if k in ("src", "href"))
    assert len(page.find("script")) == 1  # a name that was a script is text


def test_every_table_has_headers_with_scope(page: Page):
    tables = page.find("table")
    assert len(tables) == 3  # summary, invalid inputs, results
    for _, a, _ in [e for e in page.elements if e[0] == "th"]:
        assert a.get("scope") in ("col", "row", "rowgroup")  # rowgroup: the heading of an applicant's rows
    assert len(page.find("caption")) == 3


def test_the_stamp_names_the_run(page: Page):
    stamp = dict(zip([t for _, t in page.find("dt")], [t for _, t in page.find("dd")]))
    assert stamp["Qualifications judged as of"] == "2026-11-01"
    # every stamp the results carry, each once: a report of results of two runs says so
    assert stamp["merit version of the results"] == f"{__version__}, 9.9.9"
    # each spec's title beside its digest and date, as the records give them (one record says ab12)
    digests = [hashlib.sha256((SPECS / f).read_bytes()).hexdigest() for f in ("ca-ftb-customer-service.yaml", "phl-6j27.yaml")]
    specs = [t for _, t in page.find("dd")][[t for _, t in page.find("dt")].index("Class spec") :][:3]
    assert specs == [
        "ca-ftb-customer-service, Customer Service Specialist/Supervisor, Franchise Tax Board Series: sha256 ab12, dated 2012-06-03 (1 result)",
        f"phl-6j27, City of Philadelphia Class 6J27: sha256 {digests[1]}, dated 2004-05 (6 results)",
        f"ca-ftb-customer-service, Customer Service Specialist/Supervisor, Franchise Tax Board Series: sha256 {digests[0]}, dated 2012-06-03 (2 results)",
    ]
    assert stamp["Report made by"].startswith("merit ")


def test_the_chart_has_one_bar_per_class_and_a_segment_per_status(page: Page):
    bars = page.find("g", class_="bar")
    assert [(a["data-class"], a["data-specialty"]) for a, _ in bars] == [
        ("JI60", ""),
        ("PHL-6J27", "call-center"),
        ("PHL-6J27", "revenue-collections"),
    ]
    segments = [a["class"] for a, _ in page.find("rect")]
    assert segments == ["segment eligible", "segment ineligible", "segment ineligible", "segment ineligible"]
    assert page.find("svg")[0][0]["role"] == "img"


def test_every_result_is_a_row_that_opens_to_its_reasons(page: Page, results: Path):
    records = [json.loads(line) for line in results.read_text().splitlines()]
    screened = [r for r in records if r["status"] != "error"]
    details = page.find("details")
    assert len(details) == len(screened) == 9
    summaries = [t for _, t in page.find("summary")]
    assert summaries == [r["reason"] for r in screened]
    citations = [t for _, t in page.find("cite")]
    assert any(c.startswith("Customer Service Specialist/Supervisor, Franchise Tax Board Series") for c in citations)
    assert "<script>alert(1)</script>" in [t for _, t in page.find("td")]  # shown as text


def test_invalid_inputs_are_listed(page: Page):
    errors = page.find("table", class_="errors")
    assert errors and "unknown key 'hours'" in errors[0][1]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


@pytest.mark.parametrize("status", sorted(COLOURS))
def test_status_colours_are_readable_on_white_and_under_white(status: str):
    ratio = (1.05) / (_luminance(COLOURS[status]) + 0.05)
    assert ratio >= 4.5  # WCAG AA for text, both ways: coloured text on white, white counts on the bar
    assert f"color: {COLOURS[status]}" in CSS


def test_summary_of_saved_results_for_scripts(results: Path):
    code, out, _ = merit("summary", str(results), "-f", "json")
    assert code == 0
    summary = json.loads(out)
    assert (summary["applicants"], summary["results"]) == (3, 9)
    assert summary["classes"][0] == {
        "class": "JI60",
        "specialty": None,
        "title": "Customer Service Specialist, Franchise Tax Board",
        "eligible": 2,
        "conditional": 0,
        "review": 0,
        "ineligible": 1,
        "total": 3,
    }
    assert summary["invalid"]["files"] == 1
    code, out, _ = merit("summary", str(results), "-f", "csv")
    lines = out.splitlines()
    assert lines[0] == "class,specialty,title,eligible,conditional,review,ineligible,error,total"
    assert lines[-1] == ",,invalid input,0,0,0,0,1,1"


def test_summary_reads_json_documents_and_standard_input(results: Path):
    records = [json.loads(line) for line in results.read_text().splitlines()]
    document = '{"results": [\n  ' + ",\n  ".join(json.dumps(r) for r in records) + "\n]}\n"
    code, out, _ = merit("summary", "-", input=document)
    assert code == 0
    assert out.startswith("Summary: 3 applicants, 9 results; 1 invalid input file (1 problem)\n")


def test_a_line_that_is_not_a_result_is_a_positioned_problem(tmp_path: Path, results: Path):
    bad = tmp_path / "mixed.jsonl"
    lines = results.read_text().splitlines()
    bad.write_text("\n".join([lines[0], "{not json", '{"applicant": "x"}', lines[2]]) + "\n")
    code, out, err = merit("summary", str(bad))
    assert code == 2
    assert re.match(rf"{re.escape(str(bad))}:2:2: not JSON: .*\(expected a result record", err.splitlines()[0])
    assert err.splitlines()[1].startswith(f"{bad}:3:1: not a result record")
    assert out.startswith("Summary: 1 applicant, 1 result; 1 invalid input file")  # the good records still count
    code, _, err = merit("report", str(tmp_path / "missing.jsonl"))
    assert code == 2 and err.startswith(f"{tmp_path / 'missing.jsonl'}:1:1: no such file")


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_merits_csv_is_one_line_that_names_the_formats_to_use(tmp_path: Path, fmt: str):
    """summary printed one 'not JSON' line for every row of a CSV, and report wrote an empty page."""
    table = tmp_path / f"out.{fmt}"
    merit("screen", str(SAMPLES), "-c", "JI60", "--as-of", "2026-11-01", "-f", fmt, "-o", str(table))
    code, out, err = merit("summary", str(table))
    assert code == 2 and out == ""  # no table of zeros under the line that says why
    assert err.splitlines()[0] == (
        f"{table}:1:1: merit screen's {fmt.upper()} output, whose reasons are flattened to text"
        " (expected results written with merit screen -f jsonl or -f json)"
    )
    assert len([line for line in err.splitlines() if str(table) in line]) == 1
    counts = tmp_path / "counts.csv"
    assert merit("summary", str(table), "-f", "csv", "-o", str(counts))[0] == 2 and not counts.exists()
    page = tmp_path / "report.html"
    code, _, err = merit("report", str(table), "-o", str(page))
    assert code == 2 and "no results to report; nothing written" in err
    assert not page.exists()


def test_the_readme_summary_is_what_merit_prints(tmp_path: Path, monkeypatch):
    """The summary example of docs/reports.md reads results.jsonl, which its first command writes."""
    readme = (ROOT / "docs" / "reports.md").read_text()
    shown = readme.split("$ merit summary results.jsonl\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(ROOT)
    results = tmp_path / "results.jsonl"
    merit("screen", "sample_applicants", "-c", "JI60,1229,6J27", "--as-of", "2026-11-01", "-f", "jsonl", "-o", str(results))
    code, out, _ = merit("summary", str(results))
    assert (code, out) == (0, shown)
