"""The catalogue cache: a built catalogue kept on disk as data, so that a script running merit once
per applicant does not parse and check every spec each time.

What makes it safe to read back:
- It is JSON, turned back only into plain values and the plain classes of ``merit.model`` (an
  allow-list: the classes there that declare ``__slots__``), made with ``cls.__new__`` and given
  their slots; nothing in a cache file can run code. Objects and lists shared in the catalogue (a
  ``ref`` names a node of the tree) are shared again.
- Its name is the BLAKE2b digest of every input byte (each spec file and duty vocabulary, with its path)
  and of merit's own code that builds a catalogue: any edit of either is a new entry.
- It lives in a directory of the user's own that no one else may write; files are opened without
  following links and checked on the open descriptor (owner, mode, regular file), and written to a
  temporary file that is renamed into place.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

FORMAT = 2  # the layout of a cache file; pickles were format 1
MAX_CACHE_BYTES = 64 * 1024 * 1024

# merit's code that runs to build a catalogue (a test keeps this list whole)
SOURCES = (
    "catalogue_cache.py",
    "model/plain.py",
    "model/applicants.py",
    "model/specs.py",
    "model/decisions.py",
    "requirements.py",
    "kinds/__init__.py",
    "kinds/format.py",
    "kinds/any_of.py",
    "kinds/all_of.py",
    "kinds/experience.py",
    "kinds/education.py",
    "kinds/coursework.py",
    "kinds/license.py",
    "kinds/answer.py",
    "answers.py",
    "kinds/judgment.py",
    "kinds/ref.py",
    "problems.py",
    "schema.py",
    "schema_types.py",
    "dates.py",
    "spec_format.py",
    "level_orders.py",
    "finish.py",
    "file_formats.py",
    "specs.py",
    "applicants.py",
    "applicant_format.py",
    "inputs.py",
    "yamlsafe.py",
    "engine/credit.py",
)

KEEP_DAYS = 30  # an entry not written again for this long is removed when another is written
# what the checks need: opening without following links, relative to an open directory (POSIX)
_SAFE_OPEN = hasattr(os, "O_NOFOLLOW") and hasattr(os, "geteuid") and os.open in os.supports_dir_fd


def cached(directory: Path, inputs: list[Path], build: Callable[[], Any], warnings: list[str]) -> Any:
    """build(), or what it gave for the same inputs and the same merit before.

    ``inputs`` are every file the build reads. Without a usable cache directory, or with an input
    that is not a regular file within the size cap, this is build() alone; a cache directory not
    used for want of safety is said in ``warnings``.
    """
    place = _open_directory(warnings)
    if place is None:
        return build()
    try:
        key = input_digest(inputs)
        if key is None:
            return build()
        name = f"catalogue-{_digest([os.fsencode(str(directory))])[:16]}-{key}.json"
        value = _read(place, name, key)
        if value is not None:
            return value
        value = build()
        # a file edited while it was being built: the catalogue may not be what this key says
        if input_digest(inputs) == key:
            _write(place, name, key, value)
        return value
    finally:
        os.close(place)


# --- the key ------------------------------------------------------------------------------------


def _hasher():
    # BLAKE2b: as strong as SHA-256 and three times as fast in software; merit hashes the specs and
    # its own code on every run. The built-in module, since hashlib loads OpenSSL, which costs more
    # start-up than the hashing does.
    try:
        from _blake2 import blake2b
    except ImportError:  # pragma: no cover - a Python built without it
        from hashlib import blake2b
    return blake2b(digest_size=32)


def _digest(parts: list[bytes]) -> str:
    h = _hasher()
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.hexdigest()


def input_digest(inputs: list[Path]) -> str | None:
    """BLAKE2b of merit's code and of each input's path and bytes; None if one cannot be read whole."""
    from merit.yamlsafe import MAX_BYTES

    parts = [f"merit catalogue {FORMAT}".encode()]
    here = Path(__file__).parent
    for source in SOURCES:
        data = _read_regular(here / source, 4 * MAX_BYTES)
        if data is None:
            return None
        parts += [source.encode(), data]
    for path in inputs:
        data = _read_regular(path, MAX_BYTES)
        if data is None:  # the build reports it; nothing is cached
            return None
        parts += [os.fsencode(str(path)), data]
    return _digest(parts)


def _read_regular(path: Path, cap: int) -> bytes | None:
    """The bytes of a regular file of at most ``cap`` bytes; never reads a larger file, never waits on a FIFO."""
    from merit.yamlsafe import read_capped

    try:
        with open(os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC), "rb") as f:
            info = os.fstat(f.fileno())
            if not stat.S_ISREG(info.st_mode) or info.st_size > cap:
                return None
            data = read_capped(f, cap, info.st_size)
    except OSError:
        return None
    return data if len(data) <= cap else None


# --- the directory --------------------------------------------------------------------------------


def cache_dir() -> Path | None:
    """$MERIT_CACHE_DIR, else $XDG_CACHE_HOME/merit, else ~/.cache/merit; None with $MERIT_NO_CACHE."""
    if os.environ.get("MERIT_NO_CACHE"):
        return None
    if os.environ.get("MERIT_CACHE_DIR"):
        return Path(os.environ["MERIT_CACHE_DIR"])
    if os.environ.get("XDG_CACHE_HOME"):
        return Path(os.environ["XDG_CACHE_HOME"]) / "merit"
    return Path(os.environ["HOME"]) / ".cache" / "merit" if os.environ.get("HOME") else None


def _open_directory(warnings: list[str]) -> int | None:
    """A descriptor of the cache directory if it is this user's own and no one else may write it."""
    where = cache_dir()
    if where is None or not _SAFE_OPEN:
        return None
    try:
        where.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(where, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC)
    except OSError as err:
        if os.path.islink(where):
            warnings.append(_not_caching(where, "it is a symbolic link"))
        elif not isinstance(err, PermissionError) and where.exists():
            warnings.append(_not_caching(where, "it is not a directory"))
        return None  # a read-only home: no cache is only slower
    info = os.fstat(fd)
    why = None
    if info.st_uid != os.geteuid():
        why = "it belongs to another user"
    elif info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        why = "others may write to it"
    if why is None:
        return fd
    os.close(fd)
    warnings.append(_not_caching(where, why))
    return None


def _not_caching(where: Path, why: str) -> str:
    return f"not caching the catalogue in {where}: {why} (expected a directory of your own that only you may write; see MERIT_CACHE_DIR)"


def _read(place: int, name: str, key: str) -> Any:
    from merit.yamlsafe import read_capped

    flags = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC
    try:
        fd = os.open(name, flags, dir_fd=place)
    except OSError:
        return None
    with open(fd, "rb") as f:
        info = os.fstat(fd)
        if (
            not stat.S_ISREG(info.st_mode)
            or info.st_uid != os.geteuid()
            or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
            or info.st_size > MAX_CACHE_BYTES
        ):
            return None
        data = read_capped(f, MAX_CACHE_BYTES, info.st_size)
    try:
        return decode(data, key)
    except (ValueError, TypeError, KeyError, AttributeError, RecursionError):
        return None  # damaged or from another merit: rebuilt and written again


def _write(place: int, name: str, key: str, value: Any) -> None:
    try:
        data = encode(value, key)
    except (TypeError, ValueError, RecursionError):
        return  # something the format does not know: no cache, never a wrong one
    temporary = f".{name}.{os.urandom(6).hex()}.tmp"
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
    try:
        fd = os.open(temporary, flags, 0o600, dir_fd=place)
    except OSError:
        return
    try:
        with open(fd, "wb") as f:
            f.write(data)
        os.replace(temporary, name, src_dir_fd=place, dst_dir_fd=place)
    except BaseException as err:
        try:
            os.unlink(temporary, dir_fd=place)
        except OSError:
            pass
        if not isinstance(err, OSError):
            raise
        return
    # the entries this directory had before are stale now, as are caches of older merits, and
    # entries of other directories not written for a month (a clone or a temporary directory gone)
    stale = name.rsplit("-", 1)[0] + "-"
    month_ago = time.time() - KEEP_DAYS * 86400
    for other in os.listdir(place):
        if other == name or not other.startswith("catalogue-"):
            continue
        try:
            if other.startswith(stale) or other.endswith(".pickle") or os.stat(other, dir_fd=place, follow_symlinks=False).st_mtime < month_ago:
                os.unlink(other, dir_fd=place)
        except OSError:
            pass


# --- the format -------------------------------------------------------------------------------------
#
# A cache file is the JSON array ["merit catalogue", FORMAT, key, layouts, value]: layouts names the
# slots of each class of merit.model, in order. In the value, plain values are themselves (str, int,
# float, bool, None) and a list is an array; everything else is a JSON object with one shape per
# kind: {"t": [...]} a tuple, {"fs": [...]} a frozenset, {"date": "YYYY-MM-DD"} a date,
# {"d": [key, value, key, value, ...]} a dict, and {"@": "Requirement", "#": n, "s": [...]} a model
# object with its slots in order. An object, or a list or dict held in more than one place, has a
# number n where it first appears ({"#": n, "l": [...]}, {"#": n, "d": [...]}) and is {"^": n, "k":
# kind} wherever it appears again, so that what the catalogue shares is shared again.


def model_classes() -> dict[str, type]:
    """The classes a cache file may name: the own classes with ``__slots__`` of merit.model (series,
    classes, credit rules), merit.requirements (what every clause has) and each kind's module of
    merit.kinds (the requirement tree's nodes), by module and name."""
    from merit import requirements
    from merit.kinds import REGISTRY
    from merit.model import applicants, decisions, specs

    return {
        f"{module.__name__.rsplit('.', 1)[1]}.{name}": cls
        for module in (applicants, specs, decisions, requirements, *REGISTRY.values())
        for name, cls in vars(module).items()
        if isinstance(cls, type)
        and cls.__module__ == module.__name__
        and "__slots__" in vars(cls)
        and not name.startswith("_")
    }


def _slots(cls: type) -> tuple[str, ...]:
    names: list[str] = []
    for klass in reversed(cls.__mro__):
        declared = vars(klass).get("__slots__", ())
        names.extend((declared,) if isinstance(declared, str) else declared)
    return tuple(names)


def _layouts(classes: dict[str, type]) -> list[list[Any]]:
    return [[name, list(_slots(cls))] for name, cls in sorted(classes.items())]


def encode(value: Any, key: str) -> bytes:
    """A cache file's bytes; TypeError for a value the format does not know."""
    classes = model_classes()
    slots = {cls: _slots(cls) for cls in classes.values()}
    names = {cls: name for name, cls in classes.items()}
    held: dict[int, int] = {}  # id of a list or dict -> how many places hold it (objects: seen)
    numbers: dict[int, int] = {}  # id of what is shared -> its number
    keep: list[Any] = []  # what is counted stays alive, so that no id is reused meanwhile

    def count(v: Any) -> None:
        t = type(v)
        if t is list or t is dict:
            held[id(v)] = held.get(id(v), 0) + 1
            if held[id(v)] > 1:
                return
            keep.append(v)
        elif t in slots:
            if id(v) in held:
                return
            held[id(v)] = 1
            keep.append(v)
            for name in slots[t]:
                count(getattr(v, name))
            return
        if t is dict:
            for k, x in v.items():
                count(k)
                count(x)
        elif t is list or t is tuple or t is frozenset:
            for x in v:
                count(x)

    def enc(v: Any) -> Any:
        t = type(v)
        if v is None or t is str or t is int or t is float or t is bool:
            return v
        if t is tuple:
            return {"t": [enc(x) for x in v]}
        if t is frozenset:
            return {"fs": [enc(x) for x in v]}
        if t is dt.date:
            return {"date": v.isoformat()}
        if t is not list and t is not dict and t not in slots:
            raise TypeError(f"cannot cache a {t.__module__}.{t.__qualname__}")
        shared = t in slots or held[id(v)] > 1
        kind = "l" if t is list else "d" if t is dict else names[t]
        if shared and id(v) in numbers:
            return {"^": numbers[id(v)], "k": kind}
        if shared:
            numbers[id(v)] = len(numbers)
        if t is list:
            items = [enc(x) for x in v]
            return {"#": numbers[id(v)], "l": items} if shared else items
        if t is dict:
            pairs = [enc(x) for item in v.items() for x in item]
            return {"#": numbers[id(v)], "d": pairs} if shared else {"d": pairs}
        return {"@": kind, "#": numbers[id(v)], "s": [enc(getattr(v, name)) for name in slots[t]]}

    count(value)
    body = enc(value)
    document = ["merit catalogue", FORMAT, key, _layouts(classes), body]
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode()


def decode(data: bytes, key: str) -> Any:
    """The value of a cache file written for this key; ValueError (or TypeError) for anything else."""
    classes = model_classes()
    slots = {name: _slots(cls) for name, cls in classes.items()}
    made: dict[int, tuple[str, Any]] = {}
    defined: set[int] = set()

    def placeholder(n: Any, kind: Any) -> Any:
        if type(n) is not int:
            raise ValueError("a number that is not a number")
        if n in made:
            if made[n][0] != kind:
                raise ValueError(f"#{n} is a {made[n][0]}, not a {kind}")
            return made[n][1]
        if kind == "l":
            obj: Any = []
        elif kind == "d":
            obj = {}
        elif type(kind) is str and kind in classes:
            obj = object.__new__(classes[kind])  # a node without its __init__: its slots are set below
        else:
            raise ValueError(f"not a class of merit's model: {kind!r}")
        made[n] = (kind, obj)
        return obj

    def define(n: Any, kind: Any) -> Any:
        obj = placeholder(n, kind)
        if n in defined:
            raise ValueError(f"#{n} is defined twice")
        defined.add(n)
        return obj

    def pairs(flat: Any):
        if type(flat) is not list or len(flat) % 2:
            raise ValueError("a dict that is not key, value, ...")
        return zip(flat[::2], flat[1::2])

    def hook(d: dict[str, Any]) -> Any:
        size = len(d)
        if size == 1:
            if type(d.get("t")) is list:
                return tuple(d["t"])
            if "d" in d:
                return dict(pairs(d["d"]))
            if type(d.get("fs")) is list:
                return frozenset(d["fs"])
            if type(d.get("date")) is str:
                return dt.date.fromisoformat(d["date"])
        elif size == 3 and "@" in d and type(d.get("s")) is list:
            kind, values = d["@"], d["s"]
            obj = define(d.get("#"), kind)
            names = slots[kind]
            if len(values) != len(names):
                raise ValueError(f"{kind} has {len(names)} slots, not {len(values)}")
            for name, v in zip(names, values):
                setattr(obj, name, v)
            return obj
        elif size == 2:
            if "^" in d and "k" in d:
                return placeholder(d["^"], d["k"])
            if "l" in d and "#" in d and type(d["l"]) is list:
                obj = define(d["#"], "l")
                obj.extend(d["l"])
                return obj
            if "d" in d and "#" in d:
                obj = define(d["#"], "d")
                obj.update(pairs(d["d"]))
                return obj
        raise ValueError(f"unknown shape {sorted(d)}")

    document = json.loads(data, object_hook=hook)
    if (
        type(document) is not list
        or len(document) != 5
        or document[:3] != ["merit catalogue", FORMAT, key]
        or document[3] != _layouts(classes)
        or len(defined) != len(made)
    ):
        raise ValueError("not a catalogue cache of this merit for these inputs")
    return document[4]
