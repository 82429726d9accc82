"""Screen a JSON Lines file of applicants with Dask, in partitions, as merit screen --format jsonl would.

Each line of the input is one applicant mapping, with the keys of the applicant
file. Dask cuts the file into partitions of whole lines; each partition loads
the catalogue once and screens its lines through merit's Python API. The
output files, read in order, hold the same bytes as ``merit screen --format
jsonl`` writes for the same applicants in a YAML file named ``--file``:

    pip install "merit-screen[dask]"
    python examples/dask_screen.py applicants.jsonl --as-of 2026-11-01 \\
        --series customer-service --file applicants.yaml --output results
    cat results/*.jsonl

A line that is not JSON, or not a good applicant, becomes an ``error`` record
in its place, as a bad file does in ``merit screen``, and the batch goes on.
Only Dask's local schedulers are used; ``--scheduler`` picks one.
docs/python-api.md explains the example, and how Spark runs the same function.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from collections.abc import Iterable

import merit


def screen_partition(
    lines: Iterable[str],
    *,
    as_of: dt.date,
    file: str,
    classes: tuple[str, ...] = (),
    series: str | None = None,
    specs: str | None = None,
) -> list[str]:
    """The JSON Lines records of one partition of applicant lines, each line without its newline.

    The catalogue is loaded here, once per partition, in the process that runs it
    (from merit's on-disk cache, about a millisecond): nothing large is shipped
    to the workers, only these arguments. The records come back as a list, which
    a process scheduler can send back (a generator cannot be pickled).
    """
    catalogue = merit.load_catalogue(specs)
    merit.classes(catalogue, classes, series)  # an unknown class or series fails the job at once
    records: list[str] = []
    for line in lines:
        if not line.strip():
            continue
        try:
            applicant = applicant_of_line(line, catalogue, file)
        except merit.InputError as err:
            records.extend(merit.error_line(problem, as_of) for problem in err.problems)
            continue
        records.extend(merit.screen_lines([applicant], catalogue, classes, series, as_of))
    return records


def applicant_of_line(line: str, catalogue: merit.Catalogue, file: str) -> merit.Applicant:
    """The applicant of one line of JSON; ``InputError`` names every problem of a bad one."""
    try:
        data = json.loads(line)
    except json.JSONDecodeError as err:
        problem = merit.Problem(file, 1, 1, f"invalid JSON: {err.msg} (expected one applicant mapping per line)")
        raise merit.InputError([problem]) from None
    return merit.applicant_from_mapping(data, catalogue, name=file)


def screen_bag(
    path: str,
    *,
    as_of: dt.date,
    file: str | None = None,
    classes: tuple[str, ...] = (),
    series: str | None = None,
    specs: str | None = None,
    blocksize: str | int = "256KiB",
):
    """A Dask bag of the records of a JSON Lines file of applicants, partitioned by ``blocksize`` of input."""
    import dask.bag as db

    lines = db.read_text(path, blocksize=blocksize, encoding="utf-8")
    return lines.map_partitions(
        screen_partition, as_of=as_of, file=file or path, classes=tuple(classes), series=series, specs=specs
    )


def write(bag, directory: str, scheduler: str = "processes") -> list[str]:
    """Write each partition's records to ``directory/part-NNNNN.jsonl``; read in name order they are the output."""
    return bag.to_textfiles(
        f"{directory}/*.jsonl",
        name_function=lambda i: f"part-{i:05d}",
        last_endline=True,
        encoding="utf-8",
        compute=True,
        scheduler=scheduler,
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("applicants", help="a JSON Lines file: one applicant mapping per line")
    parser.add_argument("--as-of", required=True, type=dt.date.fromisoformat, help="the date MQs are judged on")
    parser.add_argument("--class", dest="classes", action="append", default=[], help="a class to screen (repeatable)")
    parser.add_argument("--series", help="screen every level of a series and name the highest met")
    parser.add_argument("--specs", help="a directory of class specs (default: the bundled specs)")
    parser.add_argument("--file", help="the name records give in 'file' (default: the applicants file as given)")
    parser.add_argument("--output", required=True, help="a directory for the part files")
    parser.add_argument("--blocksize", default="256KiB", help="input bytes per partition (default: 256KiB)")
    parser.add_argument("--scheduler", default="processes", choices=("processes", "threads", "synchronous"))
    args = parser.parse_args(argv)
    bag = screen_bag(
        args.applicants,
        as_of=args.as_of,
        file=args.file,
        classes=tuple(args.classes),
        series=args.series,
        specs=args.specs,
        blocksize=args.blocksize,
    )
    for name in write(bag, args.output, args.scheduler):
        print(name)


if __name__ == "__main__":
    main()
