"""The inputs of a batch: arguments expanded into applicant files in order (files as given, the
applicant files below a directory sorted by path, ``-`` for standard input), with the places
that cannot be read (``Unread``) reported where they stand. A large directory is listed as runs
of packed names, a few bytes a name."""

from __future__ import annotations

import os
from collections.abc import Iterator

from merit.links import Outside, Tree
from merit.problems import Problem


def is_applicant_name(name: str) -> bool:
    """A file that a directory given as input holds applicants in: *.yaml or *.yml in any case, not hidden."""
    return not name.startswith(".") and name.lower().endswith((".yaml", ".yml"))


class Unread:
    """A place in an input directory that cannot be read: a directory that cannot be listed, a link
    that leads in a loop, or a FIFO with an applicant file's name. It is reported in its place and
    the batch goes on."""

    __slots__ = ("problem",)

    def __init__(self, problem: Problem) -> None:
        self.problem = problem


def expand(arguments: list[str]) -> Iterator[tuple[str, str | Unread | None]]:
    """Files to read, in order: files as given, the applicant files below directories, and '-' for stdin."""
    for arg in arguments:
        if arg == "-":
            yield "-", None
        elif os.path.isdir(arg):
            yield from _yaml_files(arg, (), Tree(arg))
        else:
            yield arg, arg


def _yaml_files(
    directory: str, above: tuple[tuple[int, int], ...], tree: Tree, outside: bool = False
) -> Iterator[tuple[str, str | Unread]]:
    """Every applicant file below a directory (sub-directories too, links followed), sorted by path.

    Hidden files and directories are left out. Only names are held, so a huge batch stays small.
    A file that a link leads to outside the directory given (or a file below a directory a link
    leads to out there) is given as ``Outside``; a link to nothing says where it leads only when
    that is inside.
    """
    try:
        here = os.stat(directory)
        if (here.st_dev, here.st_ino) in above:
            problem = "a symbolic link loop: it leads back to a directory above it (expected a directory of applicant files)"
            yield directory, Unread(Problem(directory, 1, 1, problem))
            return
        children = _listing(directory)
    except OSError as err:
        problem = f"cannot read this directory: {err.strerror or err} (expected a directory merit may list)"
        yield directory, Unread(Problem(directory, 1, 1, problem))
        return
    above = (*above, (here.st_dev, here.st_ino))
    for name, kind in children:
        path = os.path.join(directory, name.rstrip(os.sep))
        if kind == "directory":
            yield from _yaml_files(path, above, tree, outside or (os.path.islink(path) and not tree.holds(path)))
        elif kind == "link":
            yield path, Outside(path) if outside or not tree.holds(path) else path
        elif kind == "broken":
            where = f"a symbolic link to {tree.shown(path)}" if not outside and tree.holds(path) else "a symbolic link outside the directory given"
            yield path, Unread(Problem(path, 1, 1, f"no such file: {where} that does not exist (expected an applicant file)"))
        elif outside:
            yield path, Outside(path)
        elif kind == "loop":
            problem = "a symbolic link loop (expected a file or directory of applicants)"
            yield path, Unread(Problem(path, 1, 1, problem))
        elif kind == "special":
            problem = "not a regular file (a FIFO, socket or device), not read (expected an applicant file)"
            yield path, Unread(Problem(path, 1, 1, problem))
        else:
            yield path, path  # a str: a Path interns its parts, and the names of a batch would stay


def _listing(directory: str) -> Iterator[tuple[str, str]]:
    """The entries of a directory merit reads, sorted as full paths would sort (a directory's name
    with a separator after it): applicant files, directories, links that lead in a loop, and
    applicant names that are not files (a FIFO), which are reported.

    The directory is read at once. A large one is held as runs of sorted entries packed a few bytes
    an entry, merged as they are taken: 90,000 names as a list of str took 11 MiB.
    """
    import errno

    runs: list[bytes] = []
    children: list[tuple[str, str]] = []
    with os.scandir(directory) as entries:
        for entry in entries:
            if entry.name.startswith("."):
                continue
            try:
                if entry.is_dir():
                    children.append((entry.name + os.sep, "directory"))
                elif is_applicant_name(entry.name):
                    # a link to a file is judged by where it leads; a FIFO, socket or device (or a
                    # link to one) is never waited on, and never passed over in silence
                    if entry.is_symlink():
                        kind = "broken" if not os.path.exists(entry.path) else "link" if entry.is_file() else "special"
                    else:
                        kind = "file" if entry.is_file() else "special"
                    children.append((entry.name, kind))
                elif entry.is_symlink():
                    os.stat(entry.path)
            except OSError as err:  # a link to nothing that is not an applicant file is none of merit's
                if err.errno == errno.ELOOP:
                    children.append((entry.name, "loop"))
            if len(children) == RUN:
                runs.append(_packed(children))
                children = []
    children.sort()
    if not runs:
        return iter(children)
    import heapq

    runs.append(_packed(children))
    return heapq.merge(*map(_unpacked, runs))


RUN = 1024  # entries of a directory sorted at a time
KINDS = ("directory", "file", "loop", "special", "link", "broken")
ENDING = b".yaml"  # the end of most names: left out of a packed name, and told by a bit of its kind's byte


def _packed(children: list[tuple[str, str]]) -> bytes:
    """Entries sorted and front-coded: each is how many bytes of its name it shares with the name
    before it, its kind, the rest of its name, and a NUL (which no name holds)."""
    children.sort()
    packed = bytearray()
    before = b""
    for name, kind in children:
        raw = os.fsencode(name)
        ends = raw.endswith(ENDING)
        if ends:
            raw = raw[: -len(ENDING)]
        shared, most = 0, min(len(raw), len(before), 255)
        while shared < most and raw[shared] == before[shared]:
            shared += 1
        packed += bytes((shared, KINDS.index(kind) | ends << 3))
        packed += raw[shared:]
        packed += b"\0"
        before = raw
    return bytes(packed)


def _unpacked(packed: bytes) -> Iterator[tuple[str, str]]:
    name = b""
    at = 0
    while at < len(packed):
        end = packed.index(0, at + 2)
        name = name[: packed[at]] + packed[at + 2 : end]
        kind = packed[at + 1]
        yield os.fsdecode(name + ENDING if kind & 8 else name), KINDS[kind & 7]
        at = end + 1
