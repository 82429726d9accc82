"""merit compare, merit classes and merit show: the catalogue of class series, read rather than screened."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from merit import Applicant, Catalogue, ClassSpec, InputError, Series, highest_level, specs_dir
from merit.commands.classes_cli import FORMATS as CLASSES_FORMATS
from merit.commands.compare_cli import FORMATS as COMPARE_FORMATS
from merit.commands.options import load_specs
from merit.commands.show_cli import FORMATS as SHOW_FORMATS
from merit.env import Environment, Exit, UsageError


def _format(value: str, allowed: tuple[str, ...]) -> str:
    fmt = value.lower()
    if fmt == "md":
        fmt = "markdown"
    if fmt not in allowed:
        raise UsageError(f"unknown format {value!r} (expected one of: {', '.join(allowed)})")
    return fmt


def _catalogue(specs: str | None, env: Environment) -> Catalogue | None:
    try:
        return load_specs(specs_dir(specs), env)
    except InputError as err:
        for p in err.problems:
            env.error(str(p))
        return None


def _series(catalogue: Catalogue, name: str) -> list[Series]:
    from merit import UnknownClass, series_named

    try:
        return series_named(catalogue, name)
    except UnknownClass as err:
        raise UsageError(str(err)) from None


def _classes(catalogue: Catalogue, items: list[str]) -> list[ClassSpec]:
    from merit import UnknownClass

    try:
        out = catalogue.classes_named(items)
    except UnknownClass as err:
        raise UsageError(str(err)) from None
    if not out:
        raise UsageError("--class needs at least one class id (for example --class JI60,MO-CS-G4)")
    return out


# --- compare --------------------------------------------------------------------------------------


@dataclass
class CompareOptions:
    series: str | None = None
    classes: list[str] | None = None
    applicant: str | None = None
    as_of: dt.date | None = None
    format: str = "table"
    specs: str | None = None


def _load_applicant(path: str, catalogue: Catalogue, env: Environment) -> Applicant | None:
    from merit import read_applicants

    if path != "-" and not Path(path).is_file():
        raise UsageError(f"cannot read applicant file {path!r} (expected a YAML file)")
    loaded = read_applicants(path, catalogue, None if path == "-" else str(Path(path)))
    for p in loaded.problems:
        env.error(str(p))
    if loaded.problems:
        return None
    if len(loaded.applicants) != 1:
        raise UsageError(f"{path} holds {len(loaded.applicants)} applicants (expected one for --applicant)")
    return loaded.applicants[0]


def _compare_markdown(applicant_line: str, grids_and_charts, charts, by_classes: bool, who_id: str, highest: dict) -> str:
    """compare as Markdown: the level tables, each series' competency chart, the highest levels met."""
    from merit.render import markdown as md

    overlay = bool(applicant_line)  # the applicant's results over the levels
    parts = []
    if applicant_line:
        parts.append(f"**{applicant_line}**\n")
    for title, intro, rows, s in grids_and_charts:
        parts.append(md.levels(title, rows, overlay, intro=intro))
        for ch in charts:
            if s is not None and ch.series is s:
                parts.append(md.chart(ch, who_id or None))
    if by_classes:
        parts.extend(md.chart(ch, who_id or None) for ch in charts)
    if highest:
        parts.append("\n".join(f"- Highest level met in {sid}: {best or 'none'}" for sid, best in highest.items()) + "\n")
    return "\n".join(parts)


def run_compare(opts: CompareOptions, env: Environment) -> int:
    from merit import class_view as cv

    fmt = _format(opts.format, COMPARE_FORMATS)
    if bool(opts.series) == bool(opts.classes):
        raise UsageError("give one of --series ID or --class ID,ID,... (for example --series customer-service)")
    catalogue = _catalogue(opts.specs, env)
    if catalogue is None:
        return Exit.ERROR
    if opts.series:
        series_list = _series(catalogue, opts.series)
        groups = [(s, [(c, s) for c in s.classes]) for s in series_list]
    else:
        chosen = _classes(catalogue, opts.classes or [])
        targets = [(c, catalogue.series_of(c)) for c in chosen]
        series_list = list({s.id: s for _, s in targets}.values())
        groups = [(None, targets)]
    applicant = _load_applicant(opts.applicant, catalogue, env) if opts.applicant else None
    if opts.applicant and applicant is None:
        return Exit.ERROR
    as_of = opts.as_of or dt.date.today()

    all_targets = [t for _, targets in groups for t in targets]
    decisions = {}
    if applicant is not None:
        from merit import screen

        for d in screen(applicant, catalogue, [c for c, _ in all_targets], as_of, "jobs"):
            decisions[(d.cls, d.specialty)] = d
    level_groups = []
    for s, targets in groups:
        rows = cv.level_rows(targets)
        for r in rows:
            for v in r.variants:
                v.status = decisions.get((r.cls.id, v.specialty))
        level_groups.append((s, rows))
    assessed = applicant.competencies if applicant else None
    charts = []
    for s in series_list:
        picked = [c for c, s2 in all_targets if s2 is s]
        ch = cv.chart(s, picked, assessed)
        if ch is not None:
            charts.append(ch)
    highest = {s.id: highest_level(list(decisions.values()), s) for s in series_list} if applicant else {}

    rows_flat = [r for _, rows in level_groups for r in rows]
    from merit.render import compare as rc

    if fmt == "json":
        env.stdout.write(rc.compare_json(series_list, rows_flat, charts, applicant, as_of, highest))
        return Exit.OK
    if fmt == "csv":
        env.stdout.write(rc.compare_csv(rows_flat, charts, applicant))
        return Exit.OK
    overlay = applicant is not None
    grids_and_charts = []
    for s, rows in level_groups:
        if s is not None:
            title = f"{s.title} ({s.id}): levels"
            intro = _series_line(s)
        else:
            title = "Selected classes: levels"
            intro = ""
        grids_and_charts.append((title, intro, rows, s))
    applicant_line = ""
    who_id = ""  # the applicant's id as it may be shown
    if applicant is not None:
        from merit.render.visible import visible

        who_id = visible(applicant.id)
        who = who_id + (f" ({visible(applicant.name)})" if applicant.name else "")
        applicant_line = f"Applicant {who}, as of {as_of.isoformat()}"
    if fmt == "markdown":
        env.stdout.write(_compare_markdown(applicant_line, grids_and_charts, charts, bool(opts.classes), who_id, highest))
        return Exit.OK

    grids = []
    for title, intro, rows, s in grids_and_charts:
        g = rc.levels_grid(title, rows, overlay, with_series=s is None, compact=bool(env.stdout_isatty))
        if intro:
            g.title += "\n" + intro
        grids.append(g)
        if s is not None:
            grids.extend(rc.chart_grid(ch, who_id or None) for ch in charts if ch.series is s)
    if opts.classes:
        grids.extend(rc.chart_grid(ch, who_id or None) for ch in charts)
    tail = [f"{who_id}: highest level met in {sid}: {best or 'none'}" for sid, best in highest.items()] if applicant else []
    if env.stdout_isatty:
        from rich.text import Text

        console = env.console()
        if applicant_line:
            console.print(Text(applicant_line, style="bold"))
        for g in grids:
            rc.rich(g, console)
            console.print()
        for line in tail:
            console.print(Text(line))
        return Exit.OK
    out = [applicant_line + "\n"] if applicant_line else []
    out.extend(rc.plain(g) for g in grids)
    env.stdout.write("\n".join(out))
    if tail:
        env.stdout.write("\n" + "\n".join(tail) + "\n")
    return Exit.OK


def _series_line(s: Series) -> str:
    dates = ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in s.dates.items())
    text = f"{s.jurisdiction}: {s.organization}. Source: {s.source.get('document', '')}"
    return text + (f" ({dates})" if dates else "") + "."


# --- classes ----------------------------------------------------------------------------------------


def run_classes(series: str | None, fmt_value: str, specs: str | None, env: Environment, grep: str | None = None) -> int:
    from merit.render import compare as rc

    fmt = _format(fmt_value, CLASSES_FORMATS)
    if grep is not None and not grep.strip():
        raise UsageError("--grep needs words (for example --grep 'customer service')")
    catalogue = _catalogue(specs, env)
    if catalogue is None:
        return Exit.ERROR
    series_list = _series(catalogue, series) if series else catalogue.series
    entries = [(c, s) for s in series_list for c in s.classes]
    if grep is not None:  # in catalogue order, as merit classes lists them
        found = {c.id for c in catalogue.search(grep)}
        entries = [(c, s) for c, s in entries if c.id in found]
        series_list = [s for s in series_list if any(s2 is s for _, s2 in entries)]
        if not entries:
            env.error(f"merit classes: no class matches {grep!r} (see merit classes)")
            return Exit.NOT_ALL_ELIGIBLE
    if fmt == "json":
        env.stdout.write(rc.classes_json(series_list, entries))
    elif fmt == "csv":
        env.stdout.write(rc.classes_csv(entries))
    else:
        heading = f"Classes ({len(entries)} in {len(series_list)} series)" + (f" matching {grep!r}" if grep else "")
        if fmt == "markdown":
            from merit.render import markdown as md

            grid = rc.classes_grid(entries)
            grid.title = heading
            env.stdout.write(md.grid(grid))
        elif env.stdout_isatty:
            from rich.text import Text

            console = env.console()
            console.print(Text(heading, style="bold"))
            for grid in rc.classes_grids(series_list, entries):
                rc.rich(grid, console)
        else:
            grids = rc.classes_grids(series_list, entries)
            env.stdout.write(heading + "\n\n" + "\n".join(rc.plain(g) for g in grids))
    return Exit.OK


# --- show ---------------------------------------------------------------------------------------------


def run_show(name: str | None, duties: bool, fmt_value: str, specs: str | None, env: Environment) -> int:
    import json

    from merit.render import compare as rc

    fmt = _format(fmt_value, SHOW_FORMATS)
    if not name and not duties:
        raise UsageError("give a class id (for example merit show JI60) or --duties")
    if name and duties:
        raise UsageError(f"give a class id or --duties, not both (merit show {name} shows the class; merit show --duties the duty vocabulary)")
    if duties:  # the vocabulary alone: a directory of only a duties.yaml will do
        from merit import load_terms

        problems: list = []
        terms = load_terms(specs_dir(specs), problems)
        for p in problems:
            env.error(str(p))
        return Exit.ERROR if problems else _show_duties(terms, fmt, env)
    catalogue = _catalogue(specs, env)
    if catalogue is None:
        return Exit.ERROR
    assert name is not None
    cls = catalogue.find_class(name)
    if cls is None:
        raise UsageError(catalogue.unknown_class(name))
    series = catalogue.series_of(cls)
    from merit import class_view as cv

    if fmt == "json":
        env.stdout.write(json.dumps(cv.document_dict(cls, series), ensure_ascii=False, indent=2) + "\n")
        return Exit.OK
    sections = cv.class_document(cls, series)
    from merit.render.visible import visible

    title = visible(f"{cls.id}: {cls.title}")
    if fmt == "markdown":
        from merit.render import markdown as md

        env.stdout.write(md.show(sections, title))
    elif env.stdout_isatty:
        from rich.text import Text

        console = env.console()
        console.print(Text(title, style="bold"))
        console.print()
        rc.show_rich(sections, console)
    else:
        env.stdout.write(f"{title}\n{'=' * len(title)}\n\n" + rc.show_plain(sections))
    return Exit.OK


def _show_duties(vocabulary: dict[str, str], fmt: str, env: Environment) -> int:
    import json

    from merit.render import compare as rc

    terms = sorted(vocabulary.items())
    if fmt == "json":
        env.stdout.write(json.dumps({"duties": dict(terms)}, ensure_ascii=False, indent=2) + "\n")
        return Exit.OK
    grid = rc.Grid(
        "Duty vocabulary: the terms applicant files use under duties:",
        ["Term", "Definition"],
        [[t, d] for t, d in terms],
        narrow={0},
    )
    if fmt == "markdown":
        from merit.render import markdown as md

        env.stdout.write(md.grid(grid))
    elif env.stdout_isatty:
        rc.rich(grid, env.console())
    else:
        env.stdout.write(rc.plain(grid))
    return Exit.OK
