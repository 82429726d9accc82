"""Symbolic links in a directory of applicants: a directory may come from someone else, and a link in
it may lead to any file the user can read. A file reached from outside the directory given is read as
any other, but no problem quotes anything of its text; a link to nothing says where it leads only when
that is inside the directory."""

from __future__ import annotations

import os

from merit.problems import Problem

OUTSIDE_INVALID = (
    "invalid YAML in the file this symbolic link leads to, outside the directory given;"
    " nothing of it is quoted (expected an applicant file)"
)


def unquote(problems: list[Problem]) -> list[Problem]:
    """The problems of a file a link leads to from outside the directory given, which may be any file
    the user can read: its YAML mistakes are told by their place only, since merit's words for them
    quote the line, and a text in a list is not quoted."""
    for p in problems:
        if p.message.startswith("invalid YAML"):
            p.message = OUTSIDE_INVALID
        elif p.message.startswith("found text ") and " in the list (expected" in p.message:
            p.message = "found plain text, not quoted here, in the list (expected an applicant: a mapping with at least id)"
    return problems


class Outside(str):
    """The path of an applicant file that a symbolic link in an input directory leads to from
    outside that directory. It is read as any other, but no problem quotes anything of its text:
    it may be any file the user can read (see stream_file). A str, so that it goes wherever a path
    of the batch goes, to --jobs workers too."""

    __slots__ = ()

    def __str__(self) -> str:
        return self

    def __reduce__(self):
        return (Outside, (str.__str__(self),))


class Tree:
    """The directory given, as links are judged against it: where it really is, and how it was named."""

    __slots__ = ("given", "real")

    def __init__(self, given: str) -> None:
        self.given = given
        self.real = os.path.realpath(given)

    def holds(self, path: str) -> bool:
        """Whether a path, links followed, is inside the directory given."""
        real = os.path.realpath(path)
        return real == self.real or real.startswith(self.real.rstrip(os.sep) + os.sep)

    def shown(self, path: str) -> str:
        """A path inside the directory, as the directory was given (apps/b.yaml)."""
        return os.path.join(self.given, os.path.relpath(os.path.realpath(path), self.real))
