"""The applicant ids a batch has seen, each with the place it was first seen, in about 8 bytes of
memory an id.

merit screen reports an id that comes twice, so it remembers every id of the batch (and finds the
file of a first place again: ``InputPlaces``, ``FileNames``). A dict of the ids
held about 130 bytes an id (13 MiB for 100,000). Here memory holds a table of 64-bit words, each
some bits of an id's hash and where the id's record lies in a log: the record holds the id, its
place and its hash. The log is written to an unnamed temporary file once it passes 64 KiB
(where no such file can be had, it stays in memory).

Hash bits are no proof: two ids can share them. A match is confirmed by reading the id back from the
log, so that no applicant is ever taken for another.
"""

from __future__ import annotations

import os
import struct
from array import array
from collections.abc import Iterator
from typing import Any, BinaryIO

_digest = hash  # an id's hash: it differs from process to process, and is the same within one
HEADER = struct.Struct("<QqI")  # a record of the log: the id's hash, its place, the length of its UTF-8; then the UTF-8
OFFSET = (1 << 40) - 1  # a word of the table: the hash's top 24 bits, and 1 + the offset of the id's record
TAG = ((1 << 64) - 1) ^ OFFSET
FULL = 0.8  # the share of the table in use at which it doubles (probes for a new id: about 5 at most)
KEPT = 64 * 1024  # bytes of the log held in memory before they are written to the file
PIECE = 64 * 1024  # bytes of the log read at a time when the table doubles


def id_key(applicant_id: str) -> str:
    """An applicant id as ids are compared: in NFKC, so that ids that read the same are one id
    (full-width ``Ａ-1002`` and ``A-1002``, a ligature and its letters, a superscript digit and the digit)."""
    if applicant_id.isascii():
        return applicant_id
    import unicodedata

    return unicodedata.normalize("NFKC", applicant_id)


class Seen:
    """Applicant ids, each with its first place (a number the caller packs: file number and line)."""

    def __init__(self) -> None:
        self.table = array("Q", [0]) * 1024  # a power of two
        self.count = 0
        self.file: BinaryIO | None = None  # the log's head, once it is written out (an unnamed temporary file)
        self.written = 0  # bytes of the log in the file
        self.pending = bytearray()  # the rest of the log
        self.in_memory = False  # no file could be written: the rest of the log stays in memory

    def __len__(self) -> int:
        return self.count

    def first(self, applicant_id: str, place: int) -> int | None:
        """The place where this id was first seen; None the first time, when the place is kept. Ids
        are compared as ``id_key`` gives them: ``Ａ-1002`` (full-width) is ``A-1002``."""
        applicant_id = id_key(applicant_id)
        key = _digest(applicant_id) & 0xFFFF_FFFF_FFFF_FFFF
        data = applicant_id.encode("utf-8", "surrogatepass")
        table = self.table
        mask = len(table) - 1
        slot, step, tag = key & mask, key >> 32 | 1, key & TAG  # an odd step visits every slot
        while word := table[slot]:
            if word & TAG == tag:
                first = self._place(data, (word & OFFSET) - 1)
                if first is not None:
                    return first
            slot = (slot + step) & mask
        table[slot] = tag | (self._log(key, place, data) + 1)
        self.count += 1
        if self.count > FULL * len(table):
            self._grow()
        return None

    def close(self) -> None:
        if self.file is not None:
            self.file.close()
            self.file = None

    def _place(self, data: bytes, offset: int) -> int | None:
        """The place of the record at offset, if its id is this one."""
        record = self._read(offset, HEADER.size + len(data))
        _, place, length = HEADER.unpack_from(record)
        return place if length == len(data) and record[HEADER.size :] == data else None

    def _log(self, key: int, place: int, data: bytes) -> int:
        """Add a record to the log; its offset."""
        offset = self.written + len(self.pending)
        self.pending += HEADER.pack(key, place, len(data))
        self.pending += data
        if len(self.pending) >= KEPT and not self.in_memory:
            self._write()
        return offset

    def _write(self) -> None:
        try:
            if self.file is None:
                import tempfile

                self.file = tempfile.TemporaryFile(prefix="merit-ids-")
            self.file.write(self.pending)
            self.file.flush()
        except OSError:  # no temporary directory, or a full one: what is not written stays in memory
            self.in_memory = True
            return
        self.written += len(self.pending)
        self.pending = bytearray()

    def _read(self, offset: int, size: int) -> bytes:
        """Up to size bytes of the log from offset, not past the end of the file or of the memory it is in."""
        if offset < self.written:
            if self.file is None:  # written out, then closed
                raise ValueError("I/O operation on a closed log of ids")
            return os.pread(self.file.fileno(), min(size, self.written - offset), offset)
        start = offset - self.written
        return bytes(self.pending[start : start + size])

    def _grow(self) -> None:
        """Double the table, filled again from the log, so the old table is gone before the new one is made."""
        size = 2 * len(self.table)
        self.table = array("Q")
        table = array("Q", [0]) * size
        mask = size - 1
        end = self.written + len(self.pending)
        offset = 0
        while offset < end:
            piece = self._read(offset, PIECE)
            at = 0
            while at + HEADER.size <= len(piece):  # records end where the file does: only an id can run past a piece
                key, _, length = HEADER.unpack_from(piece, at)
                slot, step = key & mask, key >> 32 | 1
                while table[slot]:
                    slot = (slot + step) & mask
                table[slot] = (key & TAG) | (offset + at + 1)
                at += HEADER.size + length
            offset += at
        self.table = table


class InputPlaces:
    """file:line of a packed place (the file is the n-th the inputs expand to), found by walking the
    inputs again: the batch keeps no list of its file names. The walk goes on from where the last one
    stopped, so a batch that names a directory twice (every id a duplicate, each first seen in the
    order the files come) walks the inputs once, not once per duplicate."""

    def __init__(self, inputs: list[str]) -> None:
        self.inputs = inputs
        self.files: Iterator | None = None
        self.number = -1  # the number of the file last walked past
        self.label = ""

    def file_number(self, number: int, path: str) -> int:
        return number

    def __call__(self, packed: int) -> str:
        from merit.inputs import expand

        number, line = divmod(packed, 1 << 32)
        if self.files is None or number < self.number:
            self.files, self.number = expand(self.inputs), -1
        while self.number < number:
            self.label = next(self.files)[0]
            self.number += 1
        return f"{'<stdin>' if self.label == '-' else self.label}:{line}"


class FileNames:
    """file:line of a packed place among applicants given as values: the names of their files, kept
    (applicants from mappings share a few names)."""

    def __init__(self) -> None:
        self.numbers: dict[str, int] = {}
        self.names: list[str] = []

    def file_number(self, number: int, path: str) -> int:
        if path not in self.numbers:
            self.numbers[path] = len(self.names)
            self.names.append(path)
        return self.numbers[path]

    def __call__(self, packed: int) -> str:
        number, line = divmod(packed, 1 << 32)
        return f"{self.names[number]}:{line}"


def unique(parts: Iterator[Any], place_of) -> Iterator[Any]:
    """The parts with each id seen before in the batch turned into a problem in its place.

    Every id is kept with its first place packed into one int (file number, line): about 8 bytes
    of memory an id (merit.seen keeps the ids themselves in a temporary file), and the file's
    name is looked up again only for a duplicate."""
    from merit.problems import Problem

    seen = Seen()
    number = -1  # the number of the file, counted from 0 in the order the inputs expand to
    try:
        for done in parts:
            if done.part == 0:
                number += 1
            results: list[Any] = []
            for r in done.results:
                path, line = r.where.rsplit(":", 1)
                first = seen.first(r.applicant, place_of.file_number(number, path) << 32 | int(line))
                if first is None:
                    results.append(r)
                    continue
                message = f"duplicate applicant id {r.applicant!r} (first at {place_of(first)}); skipped"
                results.append(Problem(path, int(line), 1, message, r.applicant))
            done.results = results
            yield done
    finally:
        seen.close()
        parts.close()  # type: ignore[attr-defined]
