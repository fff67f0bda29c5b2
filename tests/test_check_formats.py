"""`replysite check --format github|gitlab`: problems as CI platforms show them on a change."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from generator.records.annotations import github_commands, gitlab_report
from generator.records.problems import Problem
from tests.conftest import edit

# A value with a percent sign, and a file whose name holds a comma and a colon: the characters
# GitHub's workflow commands escape in the message and in a property.
BROKEN_KIND = "content/2023/rd-2023-0001.yml"
ODD_NAME = "content/2024/rd-2024-0009,a:b.yml"


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def break_content(content: Path) -> None:
    edit(content / "2023" / "rd-2023-0001.yml", "kind: suggestion", "kind: ad%vice")
    shutil.copy(content / "2024" / "rd-2024-0001.yml", content / "2024" / "rd-2024-0009,a:b.yml")


TEXT_LINES = (
    f"{BROKEN_KIND}:2: kind: unknown value 'ad%vice' (expected one of suggestion, proposal)\n"
    f"{ODD_NAME}:1: id: duplicate id 'rd-2024-0001' (also in content/2024/rd-2024-0001.yml)\n"
    f"{ODD_NAME}:1: id: file name 'rd-2024-0009,a:b.yml' is not an id: its id rd-2024-0001 is "
    "taken by content/2024/rd-2024-0001.yml; choose an id no other record has, write it as id "
    "and rename the file to <id>.yml\n")

GITLAB_ISSUES = [
    {"description": "kind: unknown value 'ad%vice' (expected one of suggestion, proposal)",
     "check_name": "kind",
     "fingerprint": "f0fef8673a97c252824ee6a403c8a763e3fbae2066c8eeb47a56684ae1fbfa6b",
     "severity": "blocker",
     "location": {"path": BROKEN_KIND, "lines": {"begin": 2}}},
    {"description": "id: duplicate id 'rd-2024-0001' (also in content/2024/rd-2024-0001.yml)",
     "check_name": "id",
     "fingerprint": "aefe6bb530d39adaf1a5b80eb578c030edadf929c4b12dac73871b6bb6d16167",
     "severity": "blocker",
     "location": {"path": ODD_NAME, "lines": {"begin": 1}}},
    {"description": "id: file name 'rd-2024-0009,a:b.yml' is not an id: its id rd-2024-0001 is "
     "taken by content/2024/rd-2024-0001.yml; choose an id no other record has, write it as id "
     "and rename the file to <id>.yml",
     "check_name": "id",
     "fingerprint": "43efb433b7fe98617cae245afa20a81c482e4bd6f946e948ee90531b46c2497f",
     "severity": "blocker",
     "location": {"path": ODD_NAME, "lines": {"begin": 1}}},
]


def test_text_is_the_default_and_unchanged(content: Path) -> None:
    break_content(content)
    assert run("check") == run("check", "--format", "text") == (
        1, "", TEXT_LINES + "Error: 3 problems found; nothing was built\n")


def test_github_prints_a_workflow_command_per_problem_escaped(content: Path) -> None:
    break_content(content)
    assert run("check", "--format", "github") == (
        1,
        f"::error file={BROKEN_KIND},line=2,title=kind::unknown value 'ad%25vice' (expected "
        "one of suggestion, proposal)\n"
        "::error file=content/2024/rd-2024-0009%2Ca%3Ab.yml,line=1,title=id::duplicate id "
        "'rd-2024-0001' (also in content/2024/rd-2024-0001.yml)\n"
        "::error file=content/2024/rd-2024-0009%2Ca%3Ab.yml,line=1,title=id::file name "
        "'rd-2024-0009,a:b.yml' is not an id: its id rd-2024-0001 is taken by "
        "content/2024/rd-2024-0001.yml; choose an id no other record has, write it as id and "
        "rename the file to <id>.yml\n",
        "Error: 3 problems found; nothing was built\n")


def test_github_escapes_line_breaks_and_leaves_out_the_line_of_a_whole_file() -> None:
    problems = [Problem("content/units.yml", 0, "", "50%\r\nof it: a, b"),
                Problem("content/a.yml", 3, "replies[0].text", "x:\ny")]
    assert github_commands(problems) == (
        "::error file=content/units.yml,title=replysite check::50%25%0D%0Aof it: a, b\n"
        "::error file=content/a.yml,line=3,title=replies[0].text::x:%0Ay\n")


def test_gitlab_writes_a_code_quality_report_on_stdout(content: Path) -> None:
    break_content(content)
    code, out, err = run("check", "--format", "gitlab")
    assert (code, err) == (1, "Error: 3 problems found; nothing was built\n")
    assert out == json.dumps(GITLAB_ISSUES, ensure_ascii=False, indent=2) + "\n"


def test_gitlab_writes_the_report_to_output_and_the_problems_as_text(content: Path) -> None:
    break_content(content)
    code, out, err = run("check", "--format", "gitlab", "--output", "gl-code-quality.json")
    assert (code, out) == (1, "")
    assert err == TEXT_LINES + "Error: 3 problems found; nothing was built\n"
    report = (content.parent / "gl-code-quality.json").read_text(encoding="utf-8")
    assert json.loads(report) == GITLAB_ISSUES


def test_a_fingerprint_stays_when_lines_move(content: Path) -> None:
    break_content(content)
    (content / "2023" / "rd-2023-0001.yml").write_text(
        "# 备注\n" + (content / "2023" / "rd-2023-0001.yml").read_text(encoding="utf-8"),
        encoding="utf-8")
    kind = json.loads(run("check", "--format", "gitlab")[1])[0]
    assert kind["location"]["lines"]["begin"] == 3
    assert kind["fingerprint"] == GITLAB_ISSUES[0]["fingerprint"]


def test_the_same_problem_twice_in_a_file_has_two_fingerprints() -> None:
    same = [Problem("content/units.yml", line, "[0].name", "mobile number") for line in (3, 9)]
    first, second = json.loads(gitlab_report(same))
    assert (first["check_name"], first["location"]) == (
        "[].name", {"path": "content/units.yml", "lines": {"begin": 3}})
    assert first["fingerprint"] != second["fingerprint"]


def test_clean_content_gives_an_empty_report(content: Path) -> None:
    clean = "4 records in 2 years: no problems.\n"
    assert run("check", "--format", "github") == (0, clean, "")
    assert run("check", "--format", "gitlab") == (0, "[]\n", clean)
    assert run("check", "--format", "gitlab", "--output", "cq.json") == (0, clean, "")
    assert (content.parent / "cq.json").read_text(encoding="utf-8") == "[]\n"


def test_output_is_only_for_the_gitlab_report(content: Path) -> None:
    code, _, err = run("check", "--output", "cq.json")
    assert code == 2 and err.endswith("Error: --output is for --format gitlab\n")
