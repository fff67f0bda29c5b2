"""The command line as a clerk meets it: exit codes, messages, and never a traceback."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import ROOT, edit


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_check_reports_a_clean_corpus(content: Path) -> None:
    assert run("check") == (0, "4 records in 2 years: no problems.\n", "")


def test_check_prints_every_problem_then_fails_once(content: Path) -> None:
    edit(content / "2024" / "rd-2024-0001.yml", "result: B", "result: D")
    edit(content / "2023" / "rd-2023-0001.yml", "kind: suggestion", "kind: advice")
    code, out, err = run("check", "--content", "content")
    assert code == 1 and out == ""
    assert err == (
        "content/2023/rd-2023-0001.yml:2: kind: unknown value 'advice' (expected one of "
        "suggestion, proposal)\n"
        "content/2024/rd-2024-0001.yml:28: replies[0].result: unknown class 'D' (expected one "
        "of A, B, C)\n"
        "Error: 2 problems found; nothing was built\n")


def test_a_missing_content_folder_is_an_error_not_a_traceback(tmp_path: Path) -> None:
    code, _, err = run("check", "--content", str(tmp_path / "nowhere"))
    assert code == 1 and "content folder not found" in err and "Traceback" not in err


def test_build_writes_the_site_and_says_where(content: Path, tmp_path: Path) -> None:
    code, out, _ = run("build", "--config", str(ROOT / "mkdocs.yml"), "--out", "public")
    assert code == 0, out
    assert out.startswith("Built 3 of 4 records into public/ (")
    assert (tmp_path / "public" / "2024" / "rd-2024-0001" / "index.html").is_file()
    assert (tmp_path / "build" / "docs" / "portal" / "index.md").is_file()


def test_build_refuses_bad_content_without_touching_anything(content: Path,
                                                             tmp_path: Path) -> None:
    edit(content / "site.yml", "name: 测试市", "nam: 测试市")
    code, _, err = run("build", "--config", str(ROOT / "mkdocs.yml"))
    assert code == 1 and err.endswith("Error: 2 problems found; nothing was built\n")
    assert not (tmp_path / "site").exists() and not (tmp_path / "build").exists()


def test_demo_writes_a_corpus_that_checks_clean(tmp_path: Path) -> None:
    code, out, _ = run("demo", "--records", "40", "--years", "2", "--seed", "7",
                       "--out", str(tmp_path / "demo"))
    assert code == 0 and out == f"Wrote 40 records over 2 years into {tmp_path / 'demo'}/\n"
    assert run("check", "--content", str(tmp_path / "demo"))[0] == 0
