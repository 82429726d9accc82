"""Writers of a batch's records as they come (merit.batch): JSON Lines, CSV, TSV, one JSON
document, and a determinations file to fill in. Each takes the text a renderer made, or the
place a worker process wrote it (a file, an offset and a length), which the kernel copies."""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import sys

from merit.problems import Problem


class Text:
    """Writes rendered text: a string made here, or a piece of a file a worker wrote (path, offset, length)."""

    def __init__(self, out):
        self.out = out
        self.source: tuple[str, int] | None = None  # the worker's file being copied from, and its descriptor
        self.target = -1  # the output's descriptor while the kernel can copy into it; -1: read and write here
        # the worker's file is UTF-8; the kernel copies it only into a UTF-8 stream
        encoding = (getattr(out, "encoding", None) or "").lower().replace("-", "")
        if sys.platform.startswith("linux") and encoding == "utf8":
            with contextlib.suppress(AttributeError, OSError, ValueError):
                self.target = out.fileno()

    def put(self, rendered) -> None:
        if isinstance(rendered, str):
            self.out.write(rendered)
            return
        if isinstance(rendered, bytes):  # UTF-8 text kept in the results store (merit.store)
            self._put_bytes(rendered)
            return
        path, offset, length = rendered
        if self.source is None or self.source[0] != path:
            self._drop_source()
            self.source = (path, os.open(path, os.O_RDONLY))
        fd = self.source[1]
        if self.target >= 0:
            self.out.flush()  # what was written here comes first
            try:
                while length:
                    sent = os.sendfile(self.target, fd, offset, length)
                    if not sent:
                        raise OSError(errno.EIO, f"{path} ends before the results a worker wrote to it")
                    offset += sent
                    length -= sent
                return
            except OSError as err:
                if isinstance(err, BrokenPipeError) or err.errno not in (errno.EINVAL, errno.ENOSYS):
                    raise
                self.target = -1  # an output the kernel cannot copy into (a terminal): read and write here
        self.out.write(os.pread(fd, length, offset).decode())

    def _put_bytes(self, data: bytes) -> None:
        if self.target >= 0:
            self.out.flush()  # what was written here comes first
            view = memoryview(data)
            while view:
                view = view[os.write(self.target, view) :]
            return
        self.out.write(data.decode())

    def _drop_source(self) -> None:
        if self.source is not None:
            os.close(self.source[1])
            self.source = None

    def close(self) -> None:
        self._drop_source()
        self.out.flush()


class Lines(Text):
    """JSON Lines, CSV or TSV, written as each applicant is decided."""

    def __init__(self, out, kind: str, as_of: dt.date, header: bool = True, csv_escape: bool = True):
        super().__init__(out)
        self.as_of = as_of
        self.dialect = None
        if kind in ("csv", "tsv"):
            from merit.render.records import Dialect, csv_header

            self.dialect = Dialect(tsv=kind == "tsv", escape=csv_escape)
            if header:
                out.write(csv_header(self.dialect))

    def add(self, rendered) -> None:
        self.put(rendered)

    def error(self, problem: Problem, applicant: str | None = None) -> None:
        """An input that could not be screened is a record too, so the output accounts for every input."""
        from merit.render import records

        if self.dialect is None:
            self.out.write(records.error_json_line(problem, self.as_of, applicant) + "\n")
        else:
            self.out.write(records.error_row(problem, self.as_of, applicant, self.dialect))


class Json(Text):
    """One JSON document, written as the results come so memory stays flat: the run's parameters
    (``run``), then the results."""

    def __init__(self, out, as_of: dt.date, header: dict):
        super().__init__(out)
        self.first = True
        self.as_of = as_of
        from merit.render.records import _encode

        out.write(f'{{"run": {_encode(header)}, "results": [')

    def add(self, rendered) -> None:
        if rendered:  # an applicant file with no results renders nothing
            self.out.write("\n  " if self.first else ",\n  ")
            self.put(rendered)
            self.first = False

    def error(self, problem: Problem, applicant: str | None = None) -> None:
        from merit.render.records import error_json_line

        self.add(error_json_line(problem, self.as_of, applicant))

    def close(self) -> None:
        self.out.write("\n]}\n")
        super().close()


class Skeleton(Text):
    """--format determinations: a determinations file to fill in, an entry per open decision point, and
    every answer given (-d) kept: those of applicants not in this batch and those by pattern at the end."""

    def __init__(self, out, header: dict, answers: dict | None = None):
        super().__init__(out)
        from merit.render.determinations import preamble

        out.write(preamble(header))
        self.unseen = dict(answers or {})  # by applicant id (PATTERNED: by pattern), until the applicant is screened

    def add(self, rendered) -> None:
        self.put(rendered)

    def screened(self, applicant: str) -> None:
        self.unseen.pop(applicant, None)

    def close(self) -> None:
        from merit.pipeline import PATTERNED
        from merit.render.determinations import kept

        self.put(kept(self.unseen.pop(PATTERNED, ()), [d for given in self.unseen.values() for d in given]))
        super().close()

    def error(self, problem: Problem, applicant: str | None = None) -> None:
        self.out.write(f"\n# not screened: {str(problem).replace(chr(10), ' ')}\n")
