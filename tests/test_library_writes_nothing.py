"""The library writes nothing to standard error (docs/python-api.md): what it skipped or did instead is a
value (``Catalogue.warnings``, ``InputError.warnings``, ``Part.warnings``) that the command line prints,
one ``merit: warning:`` line each. Only the command line (app.py, merit.commands) and the environment it
writes through (merit.env) print; the renderers draw with Rich on a console they are given."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import merit

PACKAGE = Path(merit.__file__).parent
COMMAND_LINE = ("app.py", "env.py", "commands/")  # where printing belongs
DRAWS = ("render/",)  # modules that may import Rich, to draw on a console given to them


def writes(source: str, module: str) -> list[str]:
    """What in a module's source writes to the terminal or reaches for the command line's tools."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "print":
            found.append(f"{module}:{node.lineno}: print()")
        elif isinstance(node, ast.Attribute) and node.attr in ("stderr", "__stderr__") and getattr(node.value, "id", "") == "sys":
            found.append(f"{module}:{node.lineno}: sys.{node.attr}")
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                if top in ("warnings", "logging", "typer", "click") or (top == "rich" and not module.startswith(DRAWS)):
                    found.append(f"{module}:{node.lineno}: import {name}")
    return found


def library_modules() -> list[tuple[str, str]]:
    out = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).as_posix()
        if not module.startswith(COMMAND_LINE):
            out.append((module, path.read_text(encoding="utf-8")))
    return out


def test_no_module_of_the_library_prints_warns_or_imports_the_command_lines_tools():
    assert [w for module, source in library_modules() for w in writes(source, module)] == []


def test_the_check_sees_each_way_of_writing():
    source = (
        "import sys\nimport warnings\nfrom rich.console import Console\nimport typer\n"
        "def f():\n    print('x')\n    sys.stderr.write('x')\n    console.print('drawn')  # a console's own method\n"
    )
    assert writes(source, "x.py") == [
        "x.py:2: import warnings",
        "x.py:3: import rich.console",
        "x.py:4: import typer",
        "x.py:6: print()",
        "x.py:7: sys.stderr",
    ]
    assert writes("from rich.table import Table\n", "render/x.py") == []


def test_loading_specs_with_odd_entries_and_a_shared_cache_writes_nothing(tmp_path: Path):
    """Run apart, with Python's warnings shown: a warning issued through them would reach standard error."""
    own = tmp_path / "specs"
    own.mkdir()
    shutil.copy(merit.bundled_specs_dir() / "la-customer-service-specialist.yaml", own)
    (own / "gone.yaml").symlink_to("nowhere.yaml")
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o777)
    script = "import merit, sys; print(merit.load_catalogue(sys.argv[1]).warnings)"
    done = subprocess.run(
        [sys.executable, "-W", "always", "-c", script, str(own)],
        capture_output=True, text=True, timeout=60, env={**os.environ, "MERIT_CACHE_DIR": str(shared), "MERIT_NO_CACHE": ""},
    )
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert f"skipped {own / 'gone.yaml'}: a broken link" in done.stdout and f"not caching the catalogue in {shared}" in done.stdout
