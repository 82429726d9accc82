"""The HTML report of a batch, an audit record: self-contained files (no network), for people and for print.

The report holds the run's stamp (each spec's title beside its digest and date, the determinations and
policy files used, the answers applied and those not applied), what the results files say of themselves
(duplicates, contradictions, unknown statuses), the summary with a chart (inline SVG, one bar per class
and specialty, a segment per status), the inputs that could not be read, the eligible applicants per
class, and the results under each applicant, whose reason cell opens to the full reasons with their
citations. Rows beyond ``PAGE_ROWS`` go to further pages (``report-2.html``, ...), written as they are
read, so that memory never holds the batch. A Content-Security-Policy lets a page load nothing from
anywhere; its one style sheet and one script are allowed by their digests.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from typing import IO

from merit.model.decisions import STATUSES, Status
from merit.render.summary import Tally
from merit.render.visible import visible

# Text and bars in these colours reach 4.5:1 against white (WCAG AA for text, and 3:1 for graphics),
# and white text on them does too; tests/test_report.py checks both.
COLOURS = {Status.ELIGIBLE: "#1a7f37", Status.CONDITIONAL: "#0b5cad", Status.REVIEW: "#8a5a00", Status.INELIGIBLE: "#c42b1c"}
ERROR_COLOUR = "#6e4b9e"

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
tr.who th { background: #f6f8fa; border-top: 2px solid #8c959f; font-weight: 600; }
.eligible h3 { font-size: 1rem; margin: 1rem 0 .25rem; }
.eligible ol { columns: 16rem; margin: 0; }
ul.said li, ul.stale li { overflow-wrap: anywhere; }
cite { display: block; font-style: normal; color: #57606a; font-size: .85em; }
a:focus, summary:focus { outline: 2px solid #0b5cad; outline-offset: 2px; }
@media print {
  :root { font-size: 10pt; }
  body { max-width: none; padding: 0; }
  h2 { break-after: avoid; }
  tr, figure { break-inside: avoid; }
  .eligible ol { columns: 2; }
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


PAGE_ROWS = 2000  # result rows a page holds: a page of 100,000 rows (about 300 MB) no browser opens


class Pages:
    """The result rows of a report, written as they are read: an applicant's rows together under their own
    heading (never split between pages), ``rows`` rows or so a page. Rows wait in an unnamed temporary file,
    so that memory holds one applicant's rows, never the batch; ``page(k, rows_html)`` writes a finished page
    other than the first (the first goes into the report itself)."""

    def __init__(self, rows: int, page) -> None:
        import tempfile

        self.limit = max(1, rows)
        self.write_page = page  # None: every row goes into the one page
        self.buffer: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self.first: IO[str] | None = None  # the first page's rows, once a second page begins
        self.count = 0  # pages finished and written
        self.rows = 0  # rows on the page being filled
        self.ranges: list[tuple[int, int]] = []  # (first row, last row) of each page
        self.total = 0
        self.who: tuple | None = None  # the applicant whose rows are held
        self.held: list[tuple[dict, str]] = []
        self.eligible = tempfile.TemporaryFile("w+", encoding="utf-8")  # class key, tab, list item: a line each

    def add(self, r: dict) -> None:
        if r.get("status") == "error":
            return
        who = (r.get("applicant"), r.get("file"))
        if who != self.who:
            self._flush()
            self.who = who
        self.held.append((r, _row(r)))
        if r.get("status") in (Status.ELIGIBLE, Status.CONDITIONAL):
            key = f"{visible(str(r.get('class')))}\x00{visible(str(r.get('specialty') or ''))}"
            name = f" {_e(r.get('name'))}" if r.get("name") else ""
            self.eligible.write(f"{key}\t<li><strong>{_e(r.get('applicant'))}</strong>{name}" + (" (conditional)" if r.get("status") == Status.CONDITIONAL else "") + "</li>\n")

    def _flush(self) -> None:
        if not self.held:
            return
        if self.write_page is not None and self.rows and self.rows + len(self.held) > self.limit:
            self._next_page()
        first, _ = self.held[0]
        counts: dict[str, int] = {}
        for r, _ in self.held:
            counts[str(r.get("status"))] = counts.get(str(r.get("status")), 0) + 1
        said = ", ".join(f"{n} {s}" for s, n in counts.items())
        name = f" {_e(first.get('name'))}" if first.get("name") else ""
        self.buffer.write(
            f'<tbody class="applicant"><tr class="who"><th colspan="7" scope="rowgroup">{_e(first.get("applicant"))}{name}'
            f' <span class="file">{_e(first.get("file"))}: {_e(said)}</span></th></tr>'
        )
        self.buffer.writelines(row for _, row in self.held)
        self.buffer.write("</tbody>")
        self.rows += len(self.held)
        self.total += len(self.held)
        self.held = []

    def _next_page(self) -> None:
        self.ranges.append((self.total - self.rows + 1, self.total))
        self.buffer.seek(0)
        if self.count == 0:
            self.first, self.buffer = self.buffer, _temporary()
        else:
            self.write_page(self.count + 1, self.buffer)
            self.buffer.seek(0)
            self.buffer.truncate()
        self.count += 1
        self.rows = 0

    def close(self) -> None:
        """Write the last page (when there are several): afterwards ``first`` holds the first page's rows."""
        self._flush()
        if self.count == 0:
            self.first = self.buffer
            self.ranges.append((1, self.total))
        elif self.rows:
            self._next_page()
        assert self.first is not None  # the one page, or the first of several (set at the first page break)
        self.first.seek(0)

    def eligible_lists(self, keys: list[tuple[str, str | None]]) -> list[tuple[tuple[str, str | None], list[str]]]:
        """The eligible (and conditional) applicants of each class, in the order they came; read once per class
        from the temporary file, so that memory holds one class's list while its section is written."""
        out = []
        for cls, specialty in keys:
            key = f"{visible(cls)}\x00{visible(specialty or '')}\t"
            self.eligible.seek(0)
            out.append(((cls, specialty), [line[len(key):] for line in self.eligible if line.startswith(key)]))
        return out


def _temporary() -> IO[str]:
    import tempfile

    return tempfile.TemporaryFile("w+", encoding="utf-8")


def _head(title: str) -> list[str]:
    return page_head(title, CSS, SCRIPT)


def page_head(title: str, css: str, script: str, script_in_head: bool = True) -> list[str]:
    """A self-contained page's lines up to ``<body>``: its content-security policy allows only this style
    and this script (``title`` already escaped; the script goes at the end of the body where not in the head)."""
    csp = policy(css, script)
    return [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{title}</title>",
        f"<style>{css}</style>",
        *([f"<script>{script}</script>"] if script_in_head else []),
        "</head>",
        "<body>",
    ]


RESULTS_HEAD = (
    '<table class="results"><caption>{caption}</caption><thead><tr>'
    '<th scope="col">Applicant</th><th scope="col">Name</th><th scope="col">Class</th><th scope="col">Status</th>'
    '<th scope="col">Path</th><th scope="col">Eligible from</th><th scope="col">Reason</th></tr></thead>'
)


def write_page(out, title: str, main: str, number: int, rows, first: tuple[int, int]) -> None:
    """A page of rows after the first: the same style and policy, a link back to the report."""
    heading = f"{_e(title)}: results {first[0]:,} to {first[1]:,}"
    out.write("\n".join([*_head(heading), f"<header><h1>{heading}</h1>", f'<p><a href="{_e(main)}">Back to the report</a> (summary, lists and every page)</p></header>', "<main>", ""]))
    out.write('<section aria-labelledby="applicants"><h2 id="applicants">Applicants</h2>')
    out.write(RESULTS_HEAD.format(caption=f"Page {number}: one row per applicant and class (and specialty), under each applicant"))
    _copy(rows, out)
    out.write("</table></section>\n</main>\n</body>\n</html>\n")


def _copy(source, out) -> None:
    while piece := source.read(1 << 16):
        out.write(piece)


def write_report(out, audit, pages: Pages, title: str, version: str, page_names: list[str]) -> None:
    """The report itself: the stamp, what the results say, the summary, the lists, and the first page of rows."""
    as_of = ", ".join(audit.stamp["as_of"]) or "not stated"
    out.write("\n".join([*_head(f"{_e(title)}: as of {_e(as_of)}"), "<header>", f"<h1>{_e(title)}</h1>", _stamp(audit, as_of, version), "</header>", "<main>", ""]))
    for part in (_said(audit), _stale(audit), _summary(audit.tally), _errors(audit), _eligible(audit, pages), _page_list(pages, page_names)):
        if part:
            out.write(part + "\n")
    out.write(
        '<section aria-labelledby="applicants"><h2 id="applicants">Applicants</h2>'
        "<p>Each applicant's results under their name and file. Open a reason to see every requirement considered,"
        " with its arithmetic and the clause it comes from.</p>"
    )
    caption = "One row per applicant and class (and specialty), under each applicant"
    if len(pages.ranges) > 1:
        caption += f": results 1 to {pages.ranges[0][1]:,} of {pages.total:,}"
    out.write(RESULTS_HEAD.format(caption=_e(caption)))
    _copy(pages.first, out)
    out.write("</table></section>\n</main>\n</body>\n</html>\n")


def _stamp(audit, as_of: str, version: str) -> str:
    rows = [("Qualifications judged as of", as_of)]
    if audit.stamp["merit_version"]:
        rows.append(("merit version of the results", ", ".join(audit.stamp["merit_version"])))
    for (series, digest, date), n in audit.specs.items():
        title = audit.series_title(series)
        rows.append(("Class spec", f"{series}{', ' + title if title else ''}: sha256 {digest}{', dated ' + date if date else ''} ({n:,} result{'s' if n != 1 else ''})"))
    for line in audit.spec_changes():
        rows.append(("Spec changed since", line))
    named = []
    for run in audit.runs:
        used = run.get("determinations")
        if isinstance(used, dict):
            named.append(str(used.get("file")))
            rows.append(("Determinations file", f"{used.get('file')} (sha256 {used.get('sha256')})"))
        policy = run.get("policy")
        if isinstance(policy, dict):
            rows.append(("Policy file", f"{policy.get('file')} (sha256 {policy.get('sha256')})"))
        elif isinstance(policy, str):
            rows.append(("Policy file", policy))
    for file in audit.answer_files:
        if file not in named:
            named.append(file)
            rows.append(("Determinations file", f"{file} (named by its stale answers)"))
    if audit.answers and not named:
        rows.append(("Determinations file", "not recorded: JSON Lines results do not name it (merit screen -f json does, in its run header)"))
    if audit.answers:
        by = ", ".join(f"{name or 'not named'} ({n:,})" for name, n in audit.analysts.items())
        rows.append(("Answers applied", f"{audit.answers:,} decision point{'s' if audit.answers != 1 else ''} answered, by {by}"))
    rows.append(("Answers not applied (stale)", f"{audit.stale_count:,}"))
    rows.append(("Results read from", ", ".join(audit.sources)))
    rows.append(("Report made by", f"merit {version}"))
    items = "".join(f"<dt>{_e(k)}</dt><dd>{_e(v)}</dd>" for k, v in rows)
    return f'<dl class="stamp">{items}</dl>'


COUNTED = {  # the audit's counts in words: (one, several)
    "duplicates": ("duplicate record", "duplicate records"),
    "contradictions": ("contradicting record", "contradicting records"),
    "unknown_statuses": ("unknown status", "unknown statuses"),
    "unknown_classes": ("record of an unknown class", "records of unknown classes"),
}


def _said(audit) -> str:
    """Duplicate and contradicting records, unknown statuses and classes, other merit versions, answers dated later."""
    if not audit.listed:
        return ""
    counted = {k: n for k, n in audit.counts.items() if n}
    items = "".join(f"<li><strong>{_e(kind)}</strong>: {_e(line)}</li>" for kind, line in audit.listed)
    more = audit.said - len(audit.listed)
    tail = f"<p>{more:,} more not listed.</p>" if more > 0 else ""
    summary = "; ".join(f"{n:,} {COUNTED[k][n != 1]}" for k, n in counted.items())
    return (
        '<section aria-labelledby="said"><h2 id="said">What the results files say of themselves</h2>'
        f"<p>{_e(summary or 'notes on the records')}. Each is at its line in the results file.</p>"
        f'<ul class="said">{items}</ul>{tail}</section>'
    )


def _stale(audit) -> str:
    if not audit.stale_count:
        return ""
    items = "".join(
        f"<li>{_e(s.get('applicant'))} × {_e(s.get('class'))}: {_e(s.get('point'))}, {_e(s.get('answer'))} by {_e(s.get('by'))}"
        f" on {_e(s.get('date'))} <span class=\"file\">({_e(s.get('file'))}:{_e(s.get('line'))}; record at {_e(s.get('where'))})</span></li>"
        for s in audit.stale
    )
    more = audit.stale_count - len(audit.stale)
    return (
        '<section aria-labelledby="stale"><h2 id="stale">Answers not applied</h2>'
        f"<p>{audit.stale_count:,} answer{'s' if audit.stale_count != 1 else ''} of a determinations file matched no decision point"
        " when these results were screened (the spec or the record changed since it was made): decide them again.</p>"
        f'<ul class="stale">{items}</ul>' + (f"<p>{more:,} more not listed.</p>" if more > 0 else "") + "</section>"
    )


def _eligible(audit, pages: Pages) -> str:
    keys = [(r.cls, r.specialty) for r in audit.tally.rows.values()]
    parts = []
    for (cls, specialty), items in pages.eligible_lists(keys):
        label = _e(cls) + (f" ({_e(specialty)})" if specialty else "")
        row = audit.tally.rows[(cls, specialty)]
        body = f"<ol>{''.join(items)}</ol>" if items else "<p>None.</p>"
        parts.append(f"<h3>{label}: {_e(row.title)} ({len(items):,})</h3>{body}")
    return (
        '<section aria-labelledby="eligible"><h2 id="eligible">Eligible per class</h2>'
        "<p>The applicants who meet the minimum qualifications of each class (conditional admissions marked), in the order of the results.</p>"
        f'<div class="eligible">{"".join(parts)}</div></section>'
    )


def _page_list(pages: Pages, names: list[str]) -> str:
    if len(pages.ranges) < 2:
        return ""
    items = "".join(
        f"<li>results {a:,} to {b:,}: " + ("below" if k == 0 else f'<a href="{_e(names[k])}">{_e(names[k])}</a>') + "</li>"
        for k, (a, b) in enumerate(pages.ranges)
    )
    return (
        '<nav aria-labelledby="pages"><h2 id="pages">Pages of results</h2>'
        f"<p>{pages.total:,} results on {len(pages.ranges)} pages, each applicant's on one page.</p><ul>{items}</ul></nav>"
    )


def _summary(tally: Tally) -> str:
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


def _errors(audit) -> str:
    if not audit.errors:
        return ""
    rows = "".join(
        f'<tr><th scope="row" class="file">{_e(r.get("file"))}</th><td class="n">{_e(r.get("line"))}</td>'
        f"<td>{_e(r.get('applicant') or '')}</td><td>{_e(r.get('message'))}</td></tr>"
        for r in audit.errors
    )
    n, files = audit.tally.errors, len(audit.tally.invalid)
    more = n - len(audit.errors)
    return (
        '<section aria-labelledby="invalid"><h2 id="invalid">Inputs that could not be screened</h2>'
        f"<p>{n:,} problem{'s' if n != 1 else ''} in {files:,} file{'s' if files != 1 else ''}: "
        "these applicants are in no count above until their files are fixed.</p>"
        '<table class="errors"><caption>Invalid inputs</caption><thead><tr><th scope="col">File</th>'
        '<th scope="col" class="n">Line</th><th scope="col">Applicant</th><th scope="col">Problem</th></tr></thead>'
        f"<tbody>{rows}</tbody></table>" + (f"<p>{more:,} more not listed.</p>" if more > 0 else "") + "</section>"
    )


def _row(r: dict) -> str:
    """One result as a row of the results table; its reason opens to every requirement considered."""
    status = str(r.get("status"))
    cls = _e(r.get("class")) + (f'<br><span class="specialty">{_e(r["specialty"])}</span>' if r.get("specialty") else "")
    reason = r.get("reason")
    if reason is None:  # results written before records carried their one-line reason
        tree = r.get("reasons") or [{}]
        reason = (tree[0] or {}).get("detail", "") if isinstance(tree[0], dict) else ""
    return (
        f'<tr><th scope="row" class="nowrap">{_e(r.get("applicant"))}</th><td>{_e(r.get("name") or "")}</td>'
        f'<td class="nowrap">{cls}</td><td><span class="status s-{_e(status)}">{_e(status)}</span></td>'
        f"<td>{_e(r.get('path') or '')}</td><td class=\"nowrap\">{_e(r.get('eligible_from') or '')}</td>"
        f"<td><details><summary>{_e(reason)}</summary>{_tree(r.get('reasons') or [])}"
        f'<p class="file">{_e(r.get("file"))}</p></details></td></tr>'
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
