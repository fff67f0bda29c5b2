"""The command line as a clerk meets it: exit codes, messages, and never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
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


CONFIG = str(ROOT / "mkdocs.yml")
PRIVATE = "the work folder holds drafts and withheld texts, which must never be published"


@pytest.mark.parametrize(("args", "message"), [
    (["--config", "/nonexistent.yml"], "--config /nonexistent.yml: no such file"),
    (["--config", "nowhere/mkdocs.yml"], "--config nowhere/mkdocs.yml: no such file"),
    (["--config", "content"], "--config content: not a file"),
    (["--content", "content/site.yml"], "--content content/site.yml: not a folder"),
    (["--out", "content/site.yml"], "--out content/site.yml is inside --content content: the "
     "site's files would be read as content; put it elsewhere"),
    (["--work", "content/site.yml"], "--work content/site.yml: not a folder"),
    (["--out", "build"], f"--out and --work are the same folder (build): {PRIVATE}; give "
     "each a folder of its own"),
    (["--out", "w", "--work", "w/"], f"--out and --work are the same folder (w): {PRIVATE}; "
     "give each a folder of its own"),
    (["--work", "site/work"], f"--work site/work is inside --out site: {PRIVATE}; put it "
     "elsewhere"),
    (["--out", "build/site"], "--out build/site is inside --work build: the work folder is "
     "the build's own, and holds drafts and withheld texts; put it elsewhere"),
    (["--out", "."], f"--work build is inside --out .: {PRIVATE}; put it elsewhere"),
    (["--out", "content"], "--content and --out are the same folder (content): each build "
     "replaces that folder with the site; give each a folder of its own"),
    (["--out", "content/site"], "--out content/site is inside --content content: the site's "
     "files would be read as content; put it elsewhere"),
    (["--out", "public", "--content", "public/content"], "--content public/content is inside "
     "--out public: each build replaces that folder with the site; put it elsewhere"),
    (["--work", "content"], "--work content holds files that replysite did not make: the "
     "build writes and deletes files there; give it a new or empty folder, or the work folder "
     "of an earlier build"),
])
def test_build_and_serve_refuse_files_and_folders_they_must_not_use(
        content: Path, tmp_path: Path, args: list[str], message: str) -> None:
    """Each is refused before anything is read or written, naming the option."""
    for command in ("build", "serve"):
        assert run(command, "--config", CONFIG, *args) == (
            1, "", f"Error: {message}\n")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["content"]


def test_a_site_may_go_into_a_folder_not_made_yet(content: Path, tmp_path: Path) -> None:
    """The new site is made beside --out: the folder that holds it is made too."""
    assert run("build", "--config", CONFIG, "--out", "public/2024/site", "--quiet")[0] == 0
    assert (tmp_path / "public" / "2024" / "site" / "build-info.json").is_file()


def test_check_refuses_a_content_folder_that_is_a_file(content: Path) -> None:
    assert run("check", "--content", "content/site.yml") == (
        1, "", "Error: --content content/site.yml: not a folder\n")


def test_a_work_folder_of_other_files_is_refused_and_left_alone(content: Path,
                                                                tmp_path: Path) -> None:
    (tmp_path / "papers").mkdir()
    (tmp_path / "papers" / "notes.txt").write_text("草稿", encoding="utf-8")
    assert run("build", "--config", CONFIG, "--work", "papers") == (
        1, "", "Error: --work papers holds files that replysite did not make: the build writes "
        "and deletes files there; give it a new or empty folder, or the work folder of an "
        "earlier build\n")
    assert [path.name for path in (tmp_path / "papers").iterdir()] == ["notes.txt"]


def test_an_out_folder_that_is_no_site_is_refused(content: Path, tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "报告.docx").write_bytes(b"PK")
    assert run("build", "--config", CONFIG, "--out", "docs") == (
        1, "", "Error: --out docs holds files but no site that replysite built: each build "
        "replaces that folder with the site; give it a new or empty folder, or the site of an "
        "earlier build\n")
    assert [path.name for path in (tmp_path / "docs").iterdir()] == ["报告.docx"]


def test_a_site_folder_is_never_a_work_folder(content: Path, tmp_path: Path) -> None:
    """A build into `public`, then one told to work in it: refused, and no checked record
    (drafts and withheld texts among them) is written into the site."""
    assert run("build", "--config", CONFIG, "--out", "public", "--quiet")[0] == 0
    before = sorted(str(path) for path in (tmp_path / "public").rglob("*"))
    code, _, err = run("build", "--config", CONFIG, "--work", "public", "--out", "site2")
    assert (code, err) == (1, "Error: --work public holds files that replysite did not make: "
                              "the build writes and deletes files there; give it a new or empty "
                              "folder, or the work folder of an earlier build\n")
    assert sorted(str(path) for path in (tmp_path / "public").rglob("*")) == before
    assert not list((tmp_path / "public").rglob("*.pickle"))


def test_the_work_folder_is_marked_and_one_made_before_the_mark_is_taken(
        content: Path, tmp_path: Path) -> None:
    assert run("build", "--config", CONFIG, "--quiet")[0] == 0
    marker = tmp_path / "build" / ".replysite-work"
    assert marker.is_file()
    marker.unlink()  # as a work folder made by an earlier version
    assert run("build", "--config", CONFIG, "--quiet")[0] == 0
    assert marker.is_file()


def test_a_pagefind_binary_path_to_nothing_is_named(content: Path, tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "pagefind"))
    assert run("build", "--config", CONFIG, "--quiet") == (
        1, "", f"Error: PAGEFIND_BINARY_PATH {tmp_path / 'pagefind'}: no such file\n")
