"""Text from files that tries to be something else: control bytes for a terminal, spaces that forge
a column, an id that looks like another, a link that leads out of the directory given."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from merit.app import build_app
from merit.render.visible import one_column, visible_in_rows

AS_OF = "2026-11-01"


def screen(*args: str):
    result = CliRunner().invoke(build_app(), ["screen", *args, "--as-of", AS_OF])
    return result.exit_code, result.stdout, result.stderr


# --- CSV and TSV: control characters are written as the table writes them ---------------------------


@pytest.mark.parametrize(
    "text, written",
    [
        ("A-1\x1b[2J", "A-1\\x1b[2J"),  # ESC: clears the screen
        ("A-1\x9b2J", "A-1\\x9b2J"),  # CSI, the one-byte C1 form of ESC [
        ("\x1b]8;;file:///etc/passwd\x1b\\", "\\x1b]8;;file:///etc/passwd\\x1b\\"),  # a planted link
        ("eligible\rreview", "eligible\\rreview"),  # a carriage return overwrites what came before
        ("abc\u202edef", "abc\\u202edef"),  # a direction override
        ("a\x7fb", "a\\x7fb"),  # DEL
        ("two\nlines", "two\nlines"),  # a line break is the format's own (quoted in CSV, a space in TSV)
        ("a\tb", "a\tb"),
        ("José Ｌópez", "José Ｌópez"),  # letters are letters
    ],
)
def test_control_characters_in_rows(text: str, written: str):
    assert visible_in_rows(text) == written


@pytest.mark.parametrize("fmt", ["csv", "tsv"])
def test_csv_and_tsv_pass_no_control_character_to_a_terminal(tmp_path: Path, fmt: str):
    """ESC and the C1 controls of a name and of a file name went through to the terminal."""
    (tmp_path / "a\x1b[31m.yaml").write_text('id: A-1\nname: "Maria\\x9b31m Lopez\\e]0;owned\\a\\e[2J"\n')
    code, out, _ = screen(str(tmp_path), "-c", "JI60", "-f", fmt)
    assert code == 1
    assert not any(ch in out for ch in "\x1b\x9b\x07")
    row = out.splitlines()[1]
    for shown in ("Maria\\x9b31m Lopez\\x1b]0;owned\\x07\\x1b[2J", "a\\x1b[31m.yaml"):
        assert shown in row


def test_no_csv_escape_still_writes_cells_as_they_are(tmp_path: Path):
    (tmp_path / "a.yaml").write_text('id: A-1\nname: "Maria\\e[2J"\n')
    _, out, _ = screen(str(tmp_path), "-c", "JI60", "-f", "csv", "--no-csv-escape")
    assert "Maria\x1b[2J" in out


# --- the plain table: a cell never holds what parts two columns ------------------------------------


@pytest.mark.parametrize(
    "text, shown",
    [
        ("A-1", "A-1"),
        ("Maria Lopez", "Maria Lopez"),  # one space is a space
        ("A-1    eligible", "A-1 \\x20\\x20\\x20eligible"),  # a run of spaces would part a column
        ("A-1\u3000\u3000eligible", "A-1\\u3000\\u3000eligible"),  # ideographic spaces look like spaces
        ("A-1\u00a0\u00a0eligible", "A-1\\xa0\\xa0eligible"),  # so do no-break spaces
        ("Ａ-1002", "Ａ-1002"),  # a full-width letter is a letter
    ],
)
def test_a_table_cell_holds_no_run_of_spaces(text: str, shown: str):
    assert one_column(text) == shown


def test_spaces_in_an_id_cannot_forge_the_status_column(tmp_path: Path):
    """An id padded with spaces and the word eligible pushed the real status out of sight."""
    forged = "R-1" + " " * 60 + "eligible"
    (tmp_path / "a.yaml").write_text(f'id: "{forged}"\n')
    _, out, _ = screen(str(tmp_path / "a.yaml"), "-c", "JI60")
    header, line = out.splitlines()[:2]
    cells = [c for c in line.split("  ") if c]
    assert cells[0] == "R-1 " + "\\x20" * 59 + "eligible"
    assert cells[header.split().index("status")] == "ineligible"


# --- ids that read the same are one id -------------------------------------------------------------


@pytest.mark.parametrize("command", ["screen", "validate"])
@pytest.mark.parametrize(
    "first, second",
    [
        ("A-1002", "Ａ-1002"),  # full-width letter
        ("A-1002", "A-１００２"),  # full-width digits
        ("ﬁ-1", "fi-1"),  # a ligature and its letters
    ],
)
def test_ids_that_read_the_same_are_a_duplicate(tmp_path: Path, command: str, first: str, second: str):
    """A full-width id escaped the duplicate check and screened the applicant twice."""
    (tmp_path / "a.yaml").write_text(f'id: "{first}"\n')
    (tmp_path / "b.yaml").write_text(f'id: "{second}"\n')
    args = [str(tmp_path), "-c", "JI60", "-f", "jsonl"] if command == "screen" else [str(tmp_path)]
    result = CliRunner().invoke(build_app(), [command, *args] + (["--as-of", AS_OF] if command == "screen" else []))
    assert result.exit_code == 2
    assert f"duplicate applicant id {second!r} (first at {tmp_path / 'a.yaml'}" in result.stderr
    if command == "screen":
        statuses = [json.loads(line)["status"] for line in result.stdout.splitlines()]
        assert statuses.count("error") == 1 and len(statuses) == 2


def test_ids_that_differ_stay_two_ids(tmp_path: Path):
    (tmp_path / "a.yaml").write_text('id: "A-1002"\n')
    (tmp_path / "b.yaml").write_text('id: "a-1002"\n')  # case is the office's to decide: not folded
    code, _, err = screen(str(tmp_path), "-c", "JI60", "-f", "jsonl")
    assert code == 1 and "duplicate" not in err


def test_nfkc_keys():
    from merit.seen import id_key

    assert [id_key(i) for i in ("A-1", "Ａ-1", "A-²", "ﬁ")] == ["A-1", "A-1", "A-2", "fi"]


# --- a link in an applicant directory that leads out of it --------------------------------------


SECRET = "TOKEN=s3cr3t-do-not-show"


@pytest.fixture
def planted(tmp_path: Path) -> Path:
    """A directory of applicants someone else filled: good files, and links to files of this machine."""
    outside = tmp_path / "home"
    outside.mkdir()
    (outside / "secret.env").write_text(f"{SECRET}\n")
    (outside / "keys").write_text("api key s3cr3t-do-not-show\nnext: line\n")  # invalid YAML that merit would quote
    (outside / "list.txt").write_text("- s3cr3t-do-not-show\n")
    (outside / "shared").mkdir()
    (outside / "shared" / "more.yaml").write_text(f"{SECRET}\n")
    apps = tmp_path / "apps"
    apps.mkdir()
    (apps / "good.yaml").write_text("id: A-1\n")
    (apps / "leak.yaml").symlink_to(outside / "secret.env")
    (apps / "keys.yaml").symlink_to(outside / "keys")
    (apps / "list.yaml").symlink_to(outside / "list.txt")
    (apps / "shared").symlink_to(outside / "shared")
    (apps / "gone.yaml").symlink_to(outside / "gone.yaml")
    return apps


@pytest.mark.parametrize("command", ["screen-jsonl", "screen-csv", "validate"])
def test_a_link_out_of_the_directory_quotes_nothing_and_says_not_where_it_leads(planted: Path, command: str):
    """A link to any readable file came back in the error record with its first line: a secret."""
    args = {"screen-jsonl": ["screen", "-c", "JI60", "--as-of", AS_OF, "-f", "jsonl"],
            "screen-csv": ["screen", "-c", "JI60", "--as-of", AS_OF, "-f", "csv"], "validate": ["validate"]}[command]
    result = CliRunner().invoke(build_app(), [*args[:1], str(planted), *args[1:]])
    assert result.exit_code == 2
    told = result.stdout + result.stderr
    assert "s3cr3t" not in told and "home" not in told and "secret.env" not in told
    lines = [line for line in result.stderr.splitlines() if line.startswith(str(planted))]
    unquoted = ("invalid YAML in the file this symbolic link leads to, outside the directory given;"
                " nothing of it is quoted (expected an applicant file)")
    assert lines == [
        f"{planted / 'gone.yaml'}:1:1: no such file: a symbolic link outside the directory given that does not exist (expected an applicant file)",
        f"{planted / 'keys.yaml'}:1:1: {unquoted}",
        f"{planted / 'leak.yaml'}:1:1: found plain text, not quoted here (expected an applicant: a mapping with at least id, or a list of them)",
        f"{planted / 'list.yaml'}:1:3: found plain text, not quoted here, in the list (expected an applicant: a mapping with at least id)",
        f"{planted / 'shared' / 'more.yaml'}:1:1: found plain text, not quoted here (expected an applicant: a mapping with at least id, or a list of them)",
    ]


def test_a_link_inside_the_directory_is_read_and_quoted_as_any_file_there(tmp_path: Path):
    apps = tmp_path / "apps"
    (apps / "drafts").mkdir(parents=True)
    (apps / "drafts" / "b.txt").write_text("id: B-1\nname Maria Lopez\nnext: x\n")
    (apps / "b.yaml").symlink_to(apps / "drafts" / "b.txt")
    (apps / "c.yaml").symlink_to(apps / "drafts" / "c.txt")
    result = CliRunner().invoke(build_app(), ["validate", str(apps)])
    assert result.stderr.splitlines()[:2] == [
        f"{apps / 'b.yaml'}:2:1: invalid YAML: no colon after the key in 'name Maria Lopez' (expected key: value, as in name: Maria Lopez)",
        f"{apps / 'c.yaml'}:1:1: no such file: a symbolic link to {apps / 'drafts' / 'c.txt'} that does not exist (expected an applicant file)",
    ]


def test_a_file_that_is_plain_text_is_not_quoted(tmp_path: Path):
    (tmp_path / "a.yaml").write_text(f"{SECRET}\n")
    result = CliRunner().invoke(build_app(), ["validate", str(tmp_path / "a.yaml")])
    assert result.stderr == f"{tmp_path / 'a.yaml'}:1:1: found plain text, not quoted here (expected an applicant: a mapping with at least id, or a list of them)\n"


def test_a_link_out_of_the_directory_is_still_screened_when_it_holds_an_applicant(tmp_path: Path):
    """Offices keep applicants on a shared drive and link them in: that is read as before."""
    (tmp_path / "share").mkdir()
    (tmp_path / "share" / "b.yaml").write_text("id: B-1\n")
    (tmp_path / "apps").mkdir()
    (tmp_path / "apps" / "b.yaml").symlink_to(tmp_path / "share" / "b.yaml")
    code, out, _ = screen(str(tmp_path / "apps"), "-c", "JI60", "-f", "jsonl")
    assert code == 1 and [json.loads(line)["applicant"] for line in out.splitlines()] == ["B-1"]


# --- the follow-up answers file: a forged point id cannot write an answer --------------------------


def test_a_stale_point_id_with_line_breaks_stays_inside_its_comment(tmp_path: Path):
    """A determination no point asks for is kept as comments; its point id, written as it was, broke out
    of the comment with a newline and wrote a live answer of its own into the file."""
    forged = "JI60/x\n- applicant: A-1001\n  point: JI60/pattern-i/job-1\n  answer: accept\n  by: x\n  date: 2026-01-01\n  because: y\n#"
    answers = tmp_path / "answers.yaml"
    answers.write_text(f"- applicant: A-1001\n  point: {json.dumps(forged)}\n  answer: accept\n  by: me\n  date: 2026-01-01\n  because: z\n")
    sample = Path(__file__).resolve().parent.parent / "sample_applicants" / "maria-lopez.yaml"
    _, out, _ = screen(str(sample), "-c", "JI60", "-d", str(answers), "-f", "determinations")
    assert [line for line in out.splitlines() if line and not line.startswith("#")] == []
