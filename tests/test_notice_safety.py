"""merit notice against hostile inputs: links planted in the notice directory, ids that read as options,
Markdown in what an applicant wrote, and templates that include themselves or allocate without bound."""

from __future__ import annotations

from pathlib import Path

import pytest
from markdown_it import MarkdownIt
from typer.testing import CliRunner

from merit.app import build_app

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_applicants"


def notice(*args: str, input_text: str | None = None):
    result = CliRunner().invoke(build_app(), ["notice", *args, "--as-of", "2026-11-01", "--date", "2026-11-15"], input=input_text)
    return result.exit_code, result.stdout, result.stderr


def test_a_link_planted_in_the_notice_directory_is_replaced_never_followed(tmp_path: Path):
    outside = tmp_path / "outside.txt"
    outside.write_text("keep me\n")
    folder = tmp_path / "notices"
    folder.mkdir()
    (folder / "A-1001-JI60.md").symlink_to(outside)
    (folder / "A-1001-JI60.html").symlink_to(tmp_path / "made-elsewhere.html")  # a dangling link, too
    code, _, err = notice(str(SAMPLES / "maria-lopez.yaml"), "-c", "JI60", "-o", str(folder))
    assert code == 0, err
    assert outside.read_text() == "keep me\n"
    assert not (tmp_path / "made-elsewhere.html").exists()
    for name in ("A-1001-JI60.md", "A-1001-JI60.html"):
        assert not (folder / name).is_symlink() and "Notice of results" in (folder / name).read_text()
    assert sorted(p.name for p in folder.iterdir()) == ["A-1001-JI60.html", "A-1001-JI60.md"]  # no temporary left


@pytest.mark.parametrize("applicant_id, name", [("-rf", "_rf-JI60.md"), ("--help", "_-help-JI60.md"), ("A-1", "A-1-JI60.md")])
def test_a_notice_file_name_never_begins_with_a_dash(tmp_path: Path, applicant_id: str, name: str):
    person = tmp_path / "p.yaml"
    person.write_text(f'id: "{applicant_id}"\n')
    folder = tmp_path / "out"
    code, _, err = notice(str(person), "-c", "JI60", "-o", str(folder), "-f", "markdown", "--allow-review")
    assert code == 0, err
    assert [p.name for p in folder.iterdir()] == [name]


def test_markdown_in_a_value_is_text_not_a_link_or_emphasis():
    """A name with Markdown made a live javascript: link in the letter (only < was escaped)."""
    hostile = "[click](javascript:alert(1)) **bold** <https://evil.example> `code` ![img](x.png)"
    code, out, err = notice("-", "-c", "1229", input_text=f'id: A-9\nname: "{hostile}"\n')
    assert code == 0, err
    html = MarkdownIt().render(out)
    assert "<a " not in html and "<strong>bold</strong>" not in html and "<code>" not in html and "<img" not in html
    assert "[click](javascript:alert(1)) **bold** &lt;https://evil.example&gt; `code` ![img](x.png)" in html


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("one\n{% include 'letter.md.j2' %}\n", 2, "a notice template cannot include another template"),
        ("{% extends 'letter.md.j2' %}\n", 1, "a notice template cannot extend another template"),
        ("one\ntwo\n{% import 'x.j2' as x %}\n", 3, "a notice template cannot import another template"),
        ("{% from 'x.j2' import y %}\n", 1, "a notice template cannot import another template"),
        # arithmetic that fails ended in `merit: internal error: ZeroDivisionError`, with no file or line
        ("one\n{{ 1 / 0 }}\n", 2, "division by zero (expected a divisor other than 0)"),
        ("{{ 1 // 0 }}\n", 1, "integer division or modulo by zero"),
        ('one\ntwo\n{{ "a" + 1 }}\n', 3, 'can only concatenate str (not "int") to str (expected values'),
        ("{{ 2.5 ** 100000 }}\n", 1, "a number too large to write"),
    ],
)
def test_a_template_that_fails_is_one_positioned_line(tmp_path: Path, text: str, line: int, message: str):
    """{% include %} of itself ended in `internal error: RecursionError`; {{ 1 / 0 }} in `internal error: ZeroDivisionError`."""
    template = tmp_path / "letter.md.j2"
    template.write_text(text)
    code, out, err = notice(str(SAMPLES / "david-brown.yaml"), "-c", "1229", "-t", str(template))
    assert code == 2 and out == ""
    assert err.startswith(f"{template}:{line}:1: {message}"), err
    assert len(err.splitlines()) == 1 and "RecursionError" not in err and "internal error" not in err


@pytest.mark.parametrize(
    "text, line",
    [
        ("{{ 'a' * 10**10 }}\n", 1),
        ("one\n{{ 10 ** (10 ** 10) }}\n", 2),
        ("{{ ['a'] * 10**10 }}\n", 1),
        ("{{ 'a' | center(10**10) }}\n", 1),
        ("{% for i in range(90000) %}{{ 'a' * 900 }}{% endfor %}\n", 1),
    ],
)
def test_a_template_cannot_render_without_bound(tmp_path: Path, text: str, line: int):
    template = tmp_path / "letter.md.j2"
    template.write_text(text)
    code, out, err = notice(str(SAMPLES / "david-brown.yaml"), "-c", "1229", "-t", str(template))
    assert code == 2 and out == ""
    assert err.startswith(f"{template}:{line}:1: ") and "the notice would be larger than" in err, err
    assert len(err.splitlines()) == 1


def test_a_large_but_bounded_template_still_renders(tmp_path: Path):
    template = tmp_path / "letter.md.j2"
    template.write_text("{{ '.' * 72 }}\n{% for i in range(1000) %}{{ i }} {% endfor %}\n")
    code, out, err = notice(str(SAMPLES / "david-brown.yaml"), "-c", "1229", "-t", str(template))
    assert code == 0, err
    assert out.startswith("." * 72 + "\n0 1 2")


@pytest.mark.parametrize("text, shown", [("{{ 2.5 ** 2 }}\n", "6.25"), ("{{ 2 ** 0.5 }}\n", "1.4142135623730951"), ("{{ 2 ** 10 }}\n", "1024")])
def test_a_power_of_a_decimal_number_renders(tmp_path: Path, text: str, shown: str):
    """The bound on powers measured the digits of an int and failed on a decimal: `internal error: AttributeError`."""
    template = tmp_path / "letter.md.j2"
    template.write_text(text)
    code, out, err = notice(str(SAMPLES / "david-brown.yaml"), "-c", "1229", "-t", str(template))
    assert code == 0, err
    assert out.strip() == shown

