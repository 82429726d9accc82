"""The HTML report of a batch: one self-contained file (no network), for people and for print.

It holds the run's stamp, the summary with a chart (inline SVG, one bar per
class and specialty, a segment per status), the inputs that could not be read,
and a table of results whose reason cell opens to the full reasons with their
citations. A Content-Security-Policy lets the page load nothing from anywhere;
its one style sheet and one script are allowed by their digests.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterable
from html import escape

from merit.render.summary import STATUSES, Tally, tally_records
from merit.render.visible import visible

# Text and bars in these colours reach 4.5:1 against white (WCAG AA for text, and 3:1 for graphics),
# and white text on them does too; tests/test_report.py checks both.
COLOURS = {"eligible": "#1a7f37", "conditional": "#0b5cad", "review": "#8a5a00", "ineligible": "#c42b1c"}
ERROR_COLOUR = "#6e4b9e"
# The stamp keys a record may carry (merit version and the spec's digest and date).
STAMP_KEYS = ("merit_version", "spec_digest", "spec_date")

CSS = """
:root { color: #1f2328; background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem; }
h1 { font-size: 1.6rem; margin: 0 0 .5rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .5rem; border-bottom: 1px solid #d0d7de; padding-bottom: .25rem; }
.stamp { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; margin: 0; }
.stamp dt { font-weight: 600; }
.stamp dd { margin: 0; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
caption { text-align: left; font-weight: 600; padding: .25rem 0; }
th, td { border-bottom: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
thead th { background: #f6f8fa; border-bottom: 2px solid #8c959f; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot th, tfoot td { font-weight: 600; border-top: 2px solid #8c959f; }
.status { font-weight: 700; white-space: nowrap; }
.s-eligible { color: #1a7f37; } .s-conditional { color: #0b5cad; } .s-review { color: #8a5a00; }
.s-ineligible { color: #c42b1c; } .s-error { color: #6e4b9e; }
.specialty, .file { color: #57606a; font-size: .9em; }
.nowrap { white-space: nowrap; }
figure { margin: .5rem 0 1rem; }
svg.chart { width: 100%; height: auto; max-width: 60rem; }
svg.chart text { font: 13px system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; fill: #1f2328; }
svg.chart text.in { fill: #fff; font-weight: 700; }
.legend { display: flex; flex-wrap: wrap; gap: .25rem 1.25rem; margin: .25rem 0 0; padding: 0; list-style: none; }
.legend span { display: inline-block; width: .9em; height: .9em; margin-right: .35em; vertical-align: -.1em; }
.k-eligible { background: #1a7f37; } .k-conditional { background: #0b5cad; }
.k-review { background: #8a5a00; } .k-ineligible { background: #c42b1c; }
details > summary { cursor: pointer; }
details[open] > summary { margin-bottom: .25rem; }
ul.reasons { margin: .25rem 0 .25rem 0; padding-left: 1.1rem; }
ul.reasons ul.reasons { margin: 0; }
.o { font-weight: 700; font-size: .85em; text-transform: uppercase; }
.o-met, .o-conditional { color: #1a7f37; } .o-review { color: #8a5a00; } .o-not-met { color: #c42b1c; } .o-note { color: #57606a; }
cite { display: block; font-style: normal; color: #57606a; font-size: .85em; }
a:focus, summary:focus { outline: 2px solid #0b5cad; outline-offset: 2px; }
@media print {
  :root { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  thead { display: table-header-group; }
  details > summary { list-style: none; font-weight: 600; }
  details > summary::-webkit-details-marker { display: none; }
  details::details-content { content-visibility: visible; display: block; }
  svg.chart, .legend span { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
"""

# On paper every reason is shown: open every row before printing.
SCRIPT = "addEventListener('beforeprint',function(){document.querySelectorAll('details').forEach(function(d){d.open=true})});"


def _digest(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


def policy(css: str, script: str) -> str:
    """The Content-Security-Policy of merit's pages: nothing loads from anywhere; the page's one style sheet
    and one script run, allowed by their digests."""
    return (
        f"default-src 'none'; style-src '{_digest(css)}'; script-src '{_digest(script)}'; "
        "img-src data:; base-uri 'none'; form-action 'none'"
    )


def _e(value) -> str:
    """A value as HTML text: markup escaped, control characters shown (a browser drops them unseen,
    and a terminal that prints the file obeys them)."""
    return escape("" if value is None else visible(str(value)))


class Report:
    """What a report shows, gathered from result records (as merit screen writes them)."""

    def __init__(self, records: Iterable[dict], sources: list[str], version: str, changed: list[str] | None = None) -> None:
        self.sources = sources
        self.version = version
        self.changed = [] if changed is None else changed  # specs that changed since the results were screened
        self.results: list[dict] = []
        self.errors: list[dict] = []
        self.stamp: dict[str, list[str]] = {k: [] for k in ("as_of", *STAMP_KEYS)}
        records = list(records)
        for r in records:
            for key in self.stamp:
                value = r.get(key)
                if value is not None and str(value) not in self.stamp[key]:
                    self.stamp[key].append(str(value))
            (self.errors if r.get("status") == "error" else self.results).append(r)
        self.tally = tally_records(records)


def render(report: Report, title: str = "Screening report") -> str:
    """The whole page, as text."""
    as_of = ", ".join(report.stamp["as_of"]) or "not stated"
    csp = policy(CSS, SCRIPT)
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}: as of {_e(as_of)}</title>",
        f"<style>{CSS}</style>",
        f"<script>{SCRIPT}</script>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
        _stamp(report, as_of),
        "</header>",
        "<main>",
        _summary(report),
        _errors(report),
        _results(report),
        "</main>",
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(p for p in parts if p)


def _stamp(report: Report, as_of: str) -> str:
    rows = [("Qualifications judged as of", as_of)]
    labels = {
        "merit_version": "merit version of the results",
        "spec_digest": "Class spec digest (sha256)",
        "spec_date": "Class spec date",
    }
    for key in STAMP_KEYS:
        if report.stamp[key]:
            rows.append((labels[key], ", ".join(report.stamp[key])))
    for line in report.changed:
        rows.append(("Spec changed since", line))
    rows.append(("Results read from", ", ".join(report.sources)))
    rows.append(("Report made by", f"merit {report.version}"))
    items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    return f'<dl class="stamp">{items}</dl>'


def _summary(report: Report) -> str:
    tally = report.tally
    head = "".join(f'<th scope="col" class="n">{s}</th>' for s in STATUSES)
    body = []
    for row in tally.rows.values():
        label = _e(row.cls) + (f' <span class="specialty">({_e(row.specialty)})</span>' if row.specialty else "")
        counts = "".join(f'<td class="n">{row.counts[s]}</td>' for s in STATUSES)
        body.append(f'<tr><th scope="row">{label}</th><td>{_e(row.title)}</td>{counts}<td class="n">{row.total}</td></tr>')
    totals = tally.totals()
    foot = "".join(f'<td class="n">{totals[s]}</td>' for s in STATUSES)
    table = (
        '<table class="summary"><caption>Results per class and status</caption>'
        f'<thead><tr><th scope="col">Class</th><th scope="col">Title</th>{head}<th scope="col" class="n">total</th></tr></thead>'
        f"<tbody>{''.join(body)}</tbody>"
        f'<tfoot><tr><th scope="row">All classes</th><td></td>{foot}<td class="n">{tally.results}</td></tr></tfoot></table>'
    )
    return (
        '<section aria-labelledby="summary">'
        '<h2 id="summary">Summary</h2>'
        f"<p>{_e(tally.headline())}.</p>"
        f"{chart(tally)}{table}</section>"
    )


def chart(tally: Tally) -> str:
    """An SVG of stacked bars, one per class (and specialty), a segment per status with its count."""
    rows = list(tally.rows.values())
    if not rows:
        return ""
    label_width = max(90, 8 * max(len(r.label) for r in rows) + 16)
    bar_width, row_height, top = 520, 30, 8
    width = label_width + bar_width + 60
    height = top + row_height * len(rows) + 4
    most = max(r.total for r in rows) or 1
    desc = "; ".join(f"{r.label}: " + ", ".join(f"{r.counts[s]} {s}" for s in STATUSES) for r in rows)
    out = [
        f'<svg class="chart" role="img" aria-labelledby="chart-title chart-desc" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" xmlns="http://www.w3.org/2000/svg">',
        '<title id="chart-title">Results per class and status</title>',
        f'<desc id="chart-desc">{_e(desc)}</desc>',
    ]
    for k, row in enumerate(rows):
        y = top + k * row_height
        out.append(f'<g class="bar" data-class="{_e(row.cls)}" data-specialty="{_e(row.specialty or "")}">')
        out.append(f'<text x="{label_width - 8}" y="{y + 18}" text-anchor="end">{_e(row.label)}</text>')
        x = float(label_width)
        for status in STATUSES:
            n = row.counts[status]
            if not n:
                continue
            w = n * bar_width / most
            out.append(
                f'<rect class="segment {status}" x="{x:.1f}" y="{y + 3}" width="{w:.1f}" height="{row_height - 8}" '
                f'fill="{COLOURS[status]}"><title>{_e(row.label)}: {n} {status}</title></rect>'
            )
            if w >= 9 * len(str(n)) + 6:
                out.append(f'<text class="in" x="{x + w / 2:.1f}" y="{y + 18}" text-anchor="middle">{n}</text>')
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 18}">{row.total}</text>')
        out.append("</g>")
    out.append("</svg>")
    legend = "".join(f'<li><span class="k-{s}"></span>{s}</li>' for s in STATUSES)
    return f'<figure>{"".join(out)}<figcaption><ul class="legend">{legend}</ul></figcaption></figure>'


def _errors(report: Report) -> str:
    if not report.errors:
        return ""
    rows = "".join(
        f'<tr><th scope="row" class="file">{_e(r.get("file"))}</th><td class="n">{_e(r.get("line"))}</td>'
        f"<td>{_e(r.get('applicant') or '')}</td><td>{_e(r.get('message'))}</td></tr>"
        for r in report.errors
    )
    return (
        '<section aria-labelledby="invalid"><h2 id="invalid">Inputs that could not be screened</h2>'
        f"<p>{len(report.errors)} problem{'s' if len(report.errors) != 1 else ''} in "
        f"{len(report.tally.invalid)} file{'s' if len(report.tally.invalid) != 1 else ''}: "
        "these applicants are in no count above until their files are fixed.</p>"
        '<table class="errors"><caption>Invalid inputs</caption><thead><tr><th scope="col">File</th>'
        '<th scope="col" class="n">Line</th><th scope="col">Applicant</th><th scope="col">Problem</th></tr></thead>'
        f"<tbody>{rows}</tbody></table></section>"
    )


def _results(report: Report) -> str:
    rows = []
    for r in report.results:
        status = str(r.get("status"))
        cls = _e(r.get("class")) + (f'<br><span class="specialty">{_e(r["specialty"])}</span>' if r.get("specialty") else "")
        reason = r.get("reason")
        if reason is None:  # results written before records carried their one-line reason
            tree = r.get("reasons") or [{}]
            reason = (tree[0] or {}).get("detail", "") if isinstance(tree[0], dict) else ""
        rows.append(
            f'<tr><th scope="row" class="nowrap">{_e(r.get("applicant"))}</th><td>{_e(r.get("name") or "")}</td>'
            f'<td class="nowrap">{cls}</td><td><span class="status s-{_e(status)}">{_e(status)}</span></td>'
            f"<td>{_e(r.get('path') or '')}</td><td class=\"nowrap\">{_e(r.get('eligible_from') or '')}</td>"
            f"<td><details><summary>{_e(reason)}</summary>{_tree(r.get('reasons') or [])}"
            f'<p class="file">{_e(r.get("file"))}</p></details></td></tr>'
        )
    return (
        '<section aria-labelledby="applicants"><h2 id="applicants">Applicants</h2>'
        "<p>Open a reason to see every requirement considered, with its arithmetic and the clause it comes from.</p>"
        '<table class="results"><caption>One row per applicant and class (and specialty)</caption><thead><tr>'
        '<th scope="col">Applicant</th><th scope="col">Name</th><th scope="col">Class</th><th scope="col">Status</th>'
        '<th scope="col">Path</th><th scope="col">Eligible from</th><th scope="col">Reason</th></tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></section>"
    )


def _tree(reasons: list) -> str:
    if not reasons:
        return ""
    items = []
    for r in reasons:
        if not isinstance(r, dict):
            continue
        outcome = str(r.get("outcome", ""))
        detail = f": {_e(r['detail'])}" if r.get("detail") else ""
        cite = f"<cite>{_e(r['citation'])}</cite>" if r.get("citation") else ""
        items.append(
            f'<li><span class="o o-{_e(outcome.replace(" ", "-"))}">{_e(outcome)}</span> '
            f"<strong>{_e(r.get('requirement', ''))}</strong>{detail}{cite}{_tree(r.get('reasons') or [])}</li>"
        )
    return f'<ul class="reasons">{"".join(items)}</ul>'
