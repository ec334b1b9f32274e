"""`report` and `team` through the CLI: formats, -o/--force, --since, hostile input, errors."""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import Invoke
from tests.output.test_formats import assert_safe_page

STEP_TABLE = """\
| Step | Done | Progress | % |
| :--- | ---: | :--- | ---: |
| 1. Basics | 2/3 | `[#############.......]` | 66.7% |
| 2. Practice | 0/2 | `[###.................]` | 16.7% |
| **Overall** | **2/5** | `[#########...........]` | **46.7%** |
"""


def at(monkeypatch: pytest.MonkeyPatch, moment: str) -> None:
    monkeypatch.setenv("TPMPATH_NOW", moment)


def ok(cli: Invoke, *args: str) -> str:
    result = cli(*args)
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture
def week(cli: Invoke, tiny: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A week of progress recorded through the CLI; the clock then stays at 6 March."""
    at(monkeypatch, "2026-03-02T09:00:00+01:00")
    ok(cli, "done", "a", "--note", "Read the RFC", "--link", "https://example.com/rfc")
    at(monkeypatch, "2026-03-03T10:00:00+01:00")
    ok(cli, "start", "b")
    at(monkeypatch, "2026-03-04T11:00:00+01:00")
    ok(cli, "log", "talk", "Met the SRE lead", "--no-prompt")
    at(monkeypatch, "2026-03-05T12:00:00+01:00")
    ok(cli, "skip", "c")
    at(monkeypatch, "2026-03-06T09:00:00+01:00")
    return Path(ok(cli, "where").strip())


def test_markdown_to_stdout(cli: Invoke, week: Path) -> None:
    result = cli("report")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith("# Progress report: Tiny path\n\nProfile: default · ")
    assert STEP_TABLE in result.stdout
    assert "| 2026-03-02 | Topic A (`a`) | Basics | done |" in result.stdout
    assert "| Talk to people (`talk`) | Practice | 1/3 logged | 2026-03-04 |" in result.stdout
    assert "- 2026-03-02, Topic A (`a`): Read the RFC · [link](https://example.com/rfc)" in (
        result.stdout
    )


def test_json_has_status_topics_history(cli: Invoke, week: Path) -> None:
    report = json.loads(ok(cli, "report", "--format", "json"))
    status = json.loads(ok(cli, "status", "--json"))
    assert {key: report[key] for key in status} == status
    assert [t["id"] for t in report["topics"]] == ["a", "b", "c", "talk", "d"]
    assert [(t["status"], t["completed_at"]) for t in report["topics"][:2]] == [
        ("done", "2026-03-02T09:00:00+01:00"),
        ("in_progress", None),
    ]
    assert report["topics"][3]["count"] == 1 and report["topics"][3]["target"] == 3
    assert [e["action"] for e in report["history"]] == ["skip", "log", "start", "done"]
    assert (report["generated_at"], report["profile"], report["since"]) == (
        "2026-03-06T09:00:00+01:00",
        "default",
        None,
    )


def test_csv_to_stdout(cli: Invoke, week: Path) -> None:
    rows = list(csv.reader(io.StringIO(ok(cli, "report", "-f", "csv"), newline="")))
    headers = (
        "step id title status started completed note count target notes kind age_days skills "
        "first_rating latest_rating"
    )
    assert rows[0] == headers.split()
    assert rows[1] == ["basics", "a", "Topic A", "done", "", "2026-03-02", "Read the RFC", "", "",
                       "1", "topic", "", "", "", ""]  # fmt: skip
    assert rows[4] == ["practice", "talk", "Talk to people", "in_progress", "2026-03-04", "",
                       "Met the SRE lead", "1", "3", "1", "topic", "", "", "", ""]  # fmt: skip


@pytest.mark.parametrize(
    ("since", "completed"),
    [("2026-03-05", ["c"]), ("1d", ["c"]), ("0d", []), ("1w", ["c", "a"]), ("1m", ["c", "a"])],
)
def test_since(cli: Invoke, week: Path, since: str, completed: list[str]) -> None:
    text = ok(cli, "report", "--since", since)
    section = text.split("## Completed")[1].split("## In progress")[0]
    assert [t for t in ("c", "a") if f"(`{t}`)" in section] == completed
    assert STEP_TABLE in text  # totals stay overall
    assert "; progress totals are overall." in text


@pytest.mark.parametrize("since", ["last week", "2026-02-30", "7y", "2026-03-07", "-1d"])
def test_bad_since_is_a_clear_error(cli: Invoke, week: Path, since: str) -> None:
    result = cli("report", "--since", since)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.startswith("Error: --since ")
    assert "Traceback" not in result.stderr


def test_unknown_format_is_a_usage_error(cli: Invoke, tiny: Path) -> None:
    assert cli("report", "--format", "pdf").exit_code == 2


@pytest.mark.parametrize(
    ("name", "start"),
    [("r.html", "<!DOCTYPE html>"), ("r.csv", "step,id,"), ("r.json", "{"), ("r.md", "# Prog")],
)
def test_output_file_and_its_format(
    cli: Invoke, week: Path, tmp_path: Path, name: str, start: str
) -> None:
    target = tmp_path / name
    result = cli("report", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == ("", f"Wrote {target}\n")
    assert target.read_text(encoding="utf-8").startswith(start)


def test_output_refuses_to_overwrite_without_force(cli: Invoke, week: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    target.write_text("keep me", encoding="utf-8")
    result = cli("report", "--format", "html", "-o", str(target))
    assert result.exit_code == 1
    assert "already exists" in result.stderr and "--force" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"
    assert cli("report", "--format", "html", "-o", str(target), "--force").exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".report")] == []


@pytest.mark.parametrize("suffix", ["", ".bak"])
def test_output_never_over_the_progress_store(cli: Invoke, week: Path, suffix: str) -> None:
    target = week.with_name(week.name + suffix)
    before = target.read_bytes() if target.exists() else None
    result = cli("report", "-f", "json", "-o", str(target), "--force")
    assert result.exit_code == 1
    assert "Refusing to write over" in result.stderr
    assert (target.read_bytes() if target.exists() else None) == before


def files_under(folder: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.parametrize("command", [["report"], ["report", "-f", "json"], ["export"]])
@pytest.mark.parametrize(
    "where",
    ["v0 backup", "another profile", "new file in data", "cache", "curriculum", "shipped"],
)
def test_output_never_inside_the_data_or_cache_folder_nor_over_the_curriculum(
    cli: Invoke,
    week: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: list[str],
    where: str,
) -> None:
    ok(cli, "--profile", "bob", "done", "a")
    backup = week.with_name(week.name + ".v0.bak")
    backup.write_text("the file as it was before an upgrade")
    shipped = tmp_path / "shipped" / "curriculum.yaml"
    shipped.parent.mkdir()
    shipped.write_bytes(Path(os.environ["TPMPATH_CURRICULUM"]).read_bytes())
    if where == "shipped":
        import tpmpath.curriculum.loader

        monkeypatch.delenv("TPMPATH_CURRICULUM")
        monkeypatch.setattr(tpmpath.curriculum.loader, "default_curriculum_path", lambda: shipped)
        ok(cli, "status")  # its cache entry is made now, not by the command under test
    target = {
        "v0 backup": backup,
        "another profile": Path(ok(cli, "--profile", "bob", "where").strip()),
        "new file in data": week.parent / "report.md",
        "cache": next(p for p in (tmp_path / "cache").rglob("*") if p.is_file()),
        "curriculum": tmp_path / "tiny.yaml",
        "shipped": shipped,
    }[where]
    before = files_under(tmp_path)
    result = cli(*command, "-o", str(target), "--force")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith("Error: Refusing to write "), result.stderr
    assert "Traceback" not in result.stderr
    assert files_under(tmp_path) == before


HOSTILE_YAML = """\
id: tiny
title: "<script>alert('title')</script> | `t`"
version: "1"
steps:
  - id: s1
    title: "\\"><img src=x onerror=alert(1)>\\nsecond line"
    topics:
      - id: a
        title: "=HYPERLINK(\\"http://evil\\") | <b>bold</b>"
        resources:
          - {title: "<i>JS</i>", url: "javascript:alert(1)"}
      - id: b
        title: "[click](javascript:alert(2))"
        resources:
          - {title: "Good `one`", url: "https://example.com/ok"}
          - {title: "data", url: "data:text/html,<script>alert(3)</script>"}
"""
NOTE = '<script>alert(4)</script>\n"><img src=x onerror=alert(5)> | `x` [y](javascript:alert(6))'


@pytest.fixture
def hostile(cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "hostile.yaml"
    path.write_text(HOSTILE_YAML, encoding="utf-8")
    monkeypatch.setenv("TPMPATH_CURRICULUM", str(path))
    at(monkeypatch, "2026-03-02T09:00:00+01:00")
    ok(cli, "done", "a", "--note", NOTE, "--link", "javascript:alert(1)")


def test_reports_mark_paid_resources(
    cli: Invoke, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "paid.yaml"
    path.write_text(
        'id: paid\ntitle: P\nversion: "1"\nsteps:\n  - id: s\n    title: S\n    topics:\n'
        "      - id: a\n        title: A\n        resources:\n"
        '          - {title: Free, url: "https://example.com/f"}\n'
        '          - {title: Paid, url: "https://example.com/p", free: false}\n',
        encoding="utf-8",
    )
    monkeypatch.setenv("TPMPATH_CURRICULUM", str(path))
    markdown = ok(cli, "report")
    assert "   - [Free](https://example.com/f)\n   - [Paid](https://example.com/p) (paid)\n" in (
        markdown
    )
    page = ok(cli, "report", "-f", "html")
    assert '<li><a href="https://example.com/p" rel="noopener noreferrer">Paid</a> (paid)</li>' in (
        page
    )
    assert page.count(" (paid)") == 1


def test_hostile_markdown(cli: Invoke, hostile: None) -> None:
    text = ok(cli, "report")
    assert "<" not in text and "javascript:alert(1))" not in text
    escaped = '&lt;script&gt;alert(4)&lt;/script&gt; "&gt;&lt;img src=x onerror=alert(5)&gt; \\| '
    assert escaped in text
    assert "[Good \\`one\\`](https://example.com/ok)" in text
    assert "\\[click\\](javascript:alert(2))" in text
    assert "link: javascript:alert(1)" in text


def test_hostile_html(cli: Invoke, hostile: None) -> None:
    page = ok(cli, "report", "-f", "html")
    parsed = assert_safe_page(page)
    text = " ".join(" ".join(parsed.text).split())
    assert "<script>alert(4)</script>" in text
    assert '=HYPERLINK("http://evil") | <b>bold</b>' in text
    assert "javascript:alert(1)" in text
    assert [a["href"] for t, a in parsed.tags if t == "a"] == ["https://example.com/ok"]


def test_hostile_csv(cli: Invoke, hostile: None) -> None:
    rows = list(csv.reader(io.StringIO(ok(cli, "report", "-f", "csv"), newline="")))
    assert rows[1][2] == '\'=HYPERLINK("http://evil") | <b>bold</b>'
    assert rows[1][6] == NOTE
    assert rows[2][2] == "[click](javascript:alert(2))"


ESCAPES = "\x1b]52;c;ZXZpbA==\x07\x1b[31m\x9b\u202e"


def test_csv_written_to_a_file_is_as_clean_as_on_stdout(
    cli: Invoke, tiny: Path, tmp_path: Path
) -> None:
    ok(cli, "done", "a", "--note", f"=1+1 {ESCAPES}red")
    on_stdout = cli("report", "-f", "csv").stdout_bytes
    ok(cli, "report", "-f", "csv", "-o", str(tmp_path / "r.csv"))
    assert (tmp_path / "r.csv").read_bytes() == on_stdout
    written = on_stdout.decode("utf-8")
    assert list(csv.reader(io.StringIO(written, newline="")))[1][6] == "'=1+1 ]52;c;ZXZpbA==[31mred"


def test_team_csv_written_to_a_file_has_no_escapes(
    cli: Invoke, mentees: list[Path], tmp_path: Path
) -> None:
    evil = mentees[0].rename(mentees[0].with_name(f"{ESCAPES}alice.json"))
    ok(cli, "team", str(evil), "-f", "csv", "-o", str(tmp_path / "team.csv"))
    rows = list(csv.reader((tmp_path / "team.csv").open(encoding="utf-8", newline="")))
    assert rows[1][:2] == [
        "alice",  # the profile the export names, not its file name
        str(evil.with_name("]52;c;ZXZpbA==[31malice.json")),
    ]


SPOOF = "https://evil.example\\@docs.google.com/doc"
"""A browser goes to evil.example (`\\` is `/` to it); Python's urlsplit reads docs.google.com."""


def test_a_spoofed_link_is_shown_as_text_not_labelled_with_the_wrong_host(
    cli: Invoke, tiny: Path
) -> None:
    ok(cli, "done", "a", "--link", SPOOF)
    ok(cli, "note", "a", "ok", "--link", "https://docs.google.com/doc")
    page = ok(cli, "report", "-f", "html")
    assert [a["href"] for t, a in assert_safe_page(page).tags if t == "a"] == [
        "https://docs.google.com/doc"
    ]
    assert f'<span class="nolink">Link: <code>{SPOOF}</code></span>' in page
    assert ">docs.google.com</a>" in page
    markdown = ok(cli, "report")
    assert "link: https://evil.example\\\\@docs.google.com/doc" in markdown
    assert "[link](https://docs.google.com/doc)" in markdown
    assert "evil.example%5C" not in markdown


def test_hostile_json_keeps_text_exactly(cli: Invoke, hostile: None) -> None:
    report = json.loads(ok(cli, "report", "-f", "json"))
    first = report["topics"][0]["id"]
    notes = [e for e in report["history"] if e["topic"] == first and e["action"] == "done"]
    assert (notes[0]["text"], notes[0]["link"]) == (NOTE, "javascript:alert(1)")


def export(cli: Invoke, profile: str, folder: Path, *changes: tuple[str, ...]) -> Path:
    for change in changes:
        ok(cli, "--profile", profile, *change)
    target = folder / f"{profile}.json"
    ok(cli, "--profile", profile, "export", "-o", str(target))
    return target


@pytest.fixture
def mentees(cli: Invoke, tiny: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    at(monkeypatch, "2026-03-02T09:00:00+01:00")
    folder = tmp_path / "exports"
    folder.mkdir()
    return [
        export(cli, "alice", folder, ("done", "a", "b"), ("skip", "c")),
        export(
            cli,
            "bob",
            folder,
            ("log", "talk", "--no-prompt"),
        ),
        export(cli, "carol", folder),
    ]


TEAM_TABLE = """\
NAME   STEP 1  STEP 2  OVERALL  DONE  LAST ACTIVITY
alice  100.0%    0.0%    60.0%   3/5  2026-03-02
bob      0.0%   16.7%     6.7%   0/5  2026-03-02
carol    0.0%    0.0%     0.0%   0/5  -

Step 1: Basics
Step 2: Practice
"""


def test_team_table(cli: Invoke, mentees: list[Path]) -> None:
    result = cli("team", *map(str, mentees))
    assert result.exit_code == 0, result.output
    assert (result.stdout, result.stderr) == (TEAM_TABLE, "")


def test_team_jobs_must_be_a_count(
    cli: Invoke, mentees: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TPMPATH_JOBS", "many")
    result = cli("team", *map(str, mentees))
    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == (
        "Error: TPMPATH_JOBS is 'many': give a whole number from 1 to 8.\n"
        "1 reads with this process only; unset it to use every CPU.\n"
    )
    monkeypatch.setenv("TPMPATH_JOBS", "1")
    assert cli("team", *map(str, mentees)).stdout == TEAM_TABLE


def test_team_reads_progress_files_and_skips_repeats(cli: Invoke, mentees: list[Path]) -> None:
    alice_store = Path(ok(cli, "--profile", "alice", "where").strip())
    text = ok(cli, "team", str(alice_store), str(mentees[1]), str(mentees[1]), "-f", "markdown")
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    assert rows[2:] == [
        "| alice | 100.0% | 0.0% | 60.0% | 3/5 | 2026-03-02 |",
        "| bob | 0.0% | 16.7% | 6.7% | 0/5 | 2026-03-02 |",
    ]


def test_team_formats_to_files(cli: Invoke, mentees: list[Path], tmp_path: Path) -> None:
    for name in ("team.html", "team.csv", "team.json", "team.md"):
        result = cli("team", *map(str, mentees), "-o", str(tmp_path / name))
        assert result.exit_code == 0, result.output
        assert result.stderr == f"Wrote {tmp_path / name}\n"
    assert json.loads((tmp_path / "team.json").read_text())["members"][1]["name"] == "bob"
    assert_safe_page((tmp_path / "team.html").read_text())
    assert (tmp_path / "team.csv").read_text().startswith("name,file,basics,practice,overall")


def test_team_never_writes_over_an_input(cli: Invoke, mentees: list[Path]) -> None:
    before = mentees[0].read_bytes()
    result = cli("team", *map(str, mentees), "-f", "json", "-o", str(mentees[0]), "--force")
    assert result.exit_code == 1
    assert "Refusing to write over" in result.stderr
    assert mentees[0].read_bytes() == before


def test_team_refuses_another_curriculum(
    cli: Invoke, mentees: list[Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("TPMPATH_CURRICULUM")
    stranger = export(cli, "dave", tmp_path, ("done", "api-basics"))
    monkeypatch.setenv("TPMPATH_CURRICULUM", str(tmp_path / "tiny.yaml"))
    out = tmp_path / "team.md"
    result = cli("team", *map(str, mentees), str(stranger), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(
        f"Error: {stranger} holds progress for curriculum 'tpm-path', not the active curriculum "
        "'tiny'."
    )
    assert not out.exists()


def test_team_refuses_a_damaged_file(cli: Invoke, mentees: list[Path], tmp_path: Path) -> None:
    mentees[1].write_text('{"schema_version": 1, "curriculum_id": "tiny", "events": [', "utf-8")
    out = tmp_path / "team.md"
    result = cli("team", *map(str, mentees), "-o", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {mentees[1]} is damaged: it is not valid JSON")
    assert "Traceback" not in result.stderr
    assert not out.exists()


def test_team_of_a_folder_of_exports_is_team_of_its_files(cli: Invoke, mentees: list[Path]) -> None:
    folder = mentees[0].parent
    by_files = ok(cli, "team", *map(str, sorted(folder.glob("*.json"))), "-f", "markdown")
    assert ok(cli, "team", str(folder), "-f", "markdown") == by_files


def test_team_missing_file(cli: Invoke, tiny: Path, tmp_path: Path) -> None:
    result = cli("team", str(tmp_path / "nobody.json"))
    expected = f"Error: {tmp_path / 'nobody.json'}: no such file.\n"
    assert (result.exit_code, result.stderr) == (1, expected)


def test_team_needs_a_file(cli: Invoke, tiny: Path) -> None:
    assert cli("team").exit_code == 2


def test_command_module_imports_stay_light() -> None:
    code = (
        "import sys, tpmpath.cli.app; before = set(sys.modules); import tpmpath.cli.report; "
        "print(' '.join(sorted(set(sys.modules) - before)))"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    # cli.options is the shared option types: typer and pathlib only, both loaded already.
    assert set(loaded) <= {"tpmpath.cli.report", "tpmpath.cli.clock", "tpmpath.cli.options"}, loaded


def test_team_table_on_a_terminal_uses_rich(
    cli: Invoke, mentees: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("tpmpath.output.render.fancy", lambda stream=None: True)
    result = cli("team", *map(str, mentees))
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "NAME" in lines[0] and "┃" in lines[0] and "LAST ACTIVITY" in lines[0]
    assert any("alice" in line and "100.0%" in line and "3/5" in line for line in lines)
    assert result.stdout.endswith("Step 1: Basics\nStep 2: Practice\n")


@pytest.mark.skipif(not hasattr(fcntl, "F_GETPIPE_SZ"), reason="pipe sizes are Linux only")
def test_a_big_json_report_widens_a_pipe_and_leaves_files_alone(tmp_path: Path) -> None:
    from tpmpath.store.atomic import widen_pipe

    read_end, write_end = os.pipe()
    with os.fdopen(read_end, "rb"), os.fdopen(write_end, "w") as pipe:
        widen_pipe(pipe)
        assert fcntl.fcntl(pipe.fileno(), fcntl.F_GETPIPE_SZ) == 1 << 20
    with open(tmp_path / "report.json", "w") as file:
        widen_pipe(file)  # not a pipe: nothing happens, nothing is raised
    widen_pipe(io.StringIO())  # no file descriptor at all (CliRunner's stdout)
