"""The command line is a client of the library: it imports merit's public names (``merit.__all__``),
its own modules and the renderers, nothing else of merit."""

from __future__ import annotations

import ast
from pathlib import Path

import merit

CLI = Path(merit.__file__).parent
# The command line's own modules: the commands, the environment a command runs in (streams,
# exit codes), writing an output file as a shell's `>` would, the renderers it formats with, a
# class in plain words (what show and compare print), and the run of merit notice (which
# writes its files and lines through the Environment).
OWN = ("merit.commands", "merit.env", "merit.output", "merit.render", "merit.class_view", "merit.notice_run")


def own(module: str) -> bool:
    return any(module == o or module.startswith(o + ".") for o in OWN)


def cli_files() -> list[Path]:
    return [CLI / "app.py", *sorted((CLI / "commands").glob("*.py"))]


def imports_of(path: Path) -> list[tuple[int, str, str]]:
    """(line, module, name) of every import from merit in a file (name "" for `import merit.x`)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "merit":
            found.extend((node.lineno, node.module, alias.name) for alias in node.names)
        elif isinstance(node, ast.Import):
            found.extend((node.lineno, a.name, "") for a in node.names if a.name.split(".")[0] == "merit" and a.name != "merit")
    return found


def test_the_command_line_imports_only_merits_public_names_and_its_own_modules():
    wrong = []
    for path in cli_files():
        for line, module, name in imports_of(path):
            if module == "merit":
                if name not in merit.__all__ and name != "__version__" and not own(f"merit.{name}"):
                    wrong.append(f"{path.name}:{line}: from merit import {name} (not in merit.__all__)")
            elif not own(module):
                wrong.append(f"{path.name}:{line}: {module}.{name} (expected a public name of merit)")
    assert wrong == []


def test_the_check_sees_an_import_of_an_internal_module(tmp_path: Path):
    sample = tmp_path / "x.py"
    sample.write_text("from merit.specs import load_catalogue\nfrom merit import screen\nimport merit.yamlsafe\n")
    assert imports_of(sample) == [(1, "merit.specs", "load_catalogue"), (2, "merit", "screen"), (3, "merit.yamlsafe", "")]


def test_every_public_name_is_there_and_no_module_of_merit_shadows_it():
    """A public name spelt like a module of the package would become that module once it is imported."""
    import importlib.util

    for name in merit.__all__:
        assert importlib.util.find_spec(f"merit.{name}") is None, name
        assert getattr(merit, name) is not None, name


def test_no_command_imports_another_commands_helpers():
    """What two commands share lives in merit.commands.options (compare took parse_date from screen's module)."""
    wrong = [
        f"{path.name}:{line}: {module}"
        for path in sorted((CLI / "commands").glob("*_cli.py"))
        for line, module, _ in imports_of(path)
        if module.endswith("_cli") and module != f"merit.commands.{path.stem}"
    ]
    assert wrong == []


SHARED = ("--class", "--series", "--as-of", "--format", "--output", "--specs")


def shared_options() -> dict[str, dict[str, object]]:
    """For each shared option, each command's (short name, metavar, help up to its first full stop)."""
    import typer.main

    from merit.app import build_app

    group = typer.main.get_command(build_app())
    found: dict[str, dict[str, object]] = {name: {} for name in SHARED}
    for command_name, command in group.commands.items():
        for param in command.params:
            for name in SHARED:
                if name in param.opts:
                    short = [o for o in param.opts if len(o) == 2]
                    found[name][command_name] = (short, (param.help or "").split(". ")[0].rstrip("."), param.hidden)
    return found


def test_each_shared_option_has_one_spelling_and_one_help_everywhere():
    found = shared_options()
    assert set(found["--class"]) >= {"screen", "notice", "compare"}
    assert set(found["--as-of"]) >= {"screen", "notice", "compare"}
    for name in ("--class", "--series", "--as-of", "--specs"):
        assert len({repr(v) for v in found[name].values()}) == 1, (name, found[name])
    # formats and outputs differ by command in what they name, not in how they are spelt
    assert {repr(v[0]) for v in found["--format"].values()} == {"['-f']"}
    assert {repr(v[0]) for v in found["--output"].values()} == {"['-o']"}


def test_compare_keeps_classes_as_a_hidden_spelling_of_class():
    from typer.testing import CliRunner

    from merit.app import build_app

    runner = CliRunner()
    shown = runner.invoke(build_app(), ["compare", "--help"], env={"COLUMNS": "200"}).output
    assert "--class" in shown and "--classes" not in shown
    by_alias = runner.invoke(build_app(), ["compare", "--classes", "JI60,JI55", "-f", "json"])
    by_name = runner.invoke(build_app(), ["compare", "--class", "JI60,JI55", "-f", "json"])
    assert by_alias.exit_code == by_name.exit_code == 0
    assert by_alias.output == by_name.output
