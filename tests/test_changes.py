"""`replysite changes --base REV`: what a change publishes, on commits of a real git repository."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from tests.conftest import TESTS, edit

# The exact reports expected, with {base} for the commit compared with.
FIXTURES = TESTS / "fixtures" / "changes"

GIT_ENV = {"GIT_AUTHOR_NAME": "测试", "GIT_AUTHOR_EMAIL": "test@example.invalid",
           "GIT_COMMITTER_NAME": "测试", "GIT_COMMITTER_EMAIL": "test@example.invalid",
           "GIT_AUTHOR_DATE": "2024-06-01T00:00:00Z", "GIT_COMMITTER_DATE": "2024-06-01T00:00:00Z",
           "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}


def git(*args: str) -> str:
    done = subprocess.run(["git", *args], capture_output=True, text=True, check=True,
                          env={**os.environ, **GIT_ENV})
    return done.stdout.strip()


@pytest.fixture
def repository(content: Path) -> str:
    """The fixture content committed on `main` of a new repository; returns the short commit."""
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "已发布的内容")
    return git("rev-parse", "--short", "HEAD")


def changes(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, ["changes", *args])
    return result.exit_code, result.stdout, result.stderr


def test_what_becomes_public_changes_and_is_withdrawn(content: Path, repository: str) -> None:
    record = content / "2024" / "rd-2024-0003.yml"
    edit(record, "    status: draft\n", "    status: approved\n    approved: 2024-06-01\n"
         "    attachments:\n"
         "      - {title: 驿站布点方案, file: attachments/2024/rd-2024-0003-1.pdf}\n")
    edit(record, "这是草稿，永不公开。", "已新建养老驿站 3 个，咨询电话 0571-86001234。")
    edit(content / "site.yml", "redaction: []",
         "redaction:\n  - {pattern: '0571-8600\\d{4}', allow: true, reason: 公开的咨询电话}")
    (content / "attachments" / "2024" / "rd-2024-0003-1.pdf").write_bytes(b"%PDF-1.4 plan\n")
    reply = content / "2024" / "rd-2024-0001.yml"
    edit(reply, "*42* 台", "*45* 台")
    edit(reply, "    role: co\n    status: approved", "    role: co\n    status: draft")
    expected = (FIXTURES / "publishes.md").read_text(encoding="utf-8")
    assert changes("--base", "main") == (0, expected.replace("{base}", repository), "")


def test_a_change_to_unpublished_fields_only_shows_nothing(content: Path,
                                                           repository: str) -> None:
    edit(content / "2024" / "rd-2024-0003.yml", "这是草稿，永不公开。", "草稿改了第二稿。")
    summary_only = content / "2024" / "zx-2024-0002.yml"
    edit(summary_only, "这段全文只供内部，永不公开。", "摘要公开的全文改了。")
    edit(summary_only, "这段不予公开的全文永不公开。", "不予公开的全文改了。")
    git("commit", "-q", "-a", "-m", "草稿")
    assert changes("--base", "HEAD~1") == (
        0, f"# What this change publishes\n\nCompared with `{repository}`.\n\n"
        "Nothing that is published changes.\n", "")


def test_a_record_withdrawn_a_renamed_unit_and_a_changed_attachment(content: Path,
                                                                   repository: str) -> None:
    edit(content / "2023" / "rd-2023-0001.yml", "status: approved", "status: draft")
    edit(content / "units.yml", "name: 市财政局", "name: 市财政局（国资委）")
    (content / "attachments" / "2024" / "rd-2024-0001-1.pdf").write_bytes(b"%PDF-1.4 new\n")
    code, out, _ = changes("--base", "main")
    assert code == 0
    assert out.split("## ")[3:] == [
        "Site settings and vocabularies that change (1)\n\n```diff\n"
        "--- site.yml, units.yml, topics.yml (before)\n"
        "+++ site.yml, units.yml, topics.yml (after)\n"
        "@@ -5,6 +5,6 @@\n"
        " site.yml: classification: C 因条件限制留作参考\n"
        " units.yml: housing: 市住房和城乡建设局 (formerly 市住房保障和房产管理局)\n"
        " units.yml: civil-affairs: 市民政局\n"
        "-units.yml: finance: 市财政局\n"
        "+units.yml: finance: 市财政局（国资委）\n"
        " topics.yml: elderly-care: 养老服务: 养老机构、居家和社区养老\n"
        " topics.yml: urban-renewal: 城市更新: 老旧小区改造、加装电梯\n"
        "```\n\n",
        "Withdrawn or no longer public (1)\n\n"
        "- 2023/rd-2023-0001: 关于改造老旧小区管网的建议: the record is no longer published\n\n",
        "New or changed attachments (1)\n\n"
        "- changed: `2024/attachments/2024/rd-2024-0001-1.pdf` (加装电梯补助办法, 13 bytes; "
        "2024/rd-2024-0001: 关于老旧小区加装电梯的建议)\n\n"]
    # The record that names the renamed unit shows it in its published text.
    assert "-replies[1].unit: 市财政局\n+replies[1].unit: 市财政局（国资委）\n" in out


def test_a_first_publication_lists_every_record(content: Path) -> None:
    git("init", "-q", "-b", "main")
    (content.parent / "README.md").write_text("新的仓库\n", encoding="utf-8")
    git("add", "README.md")
    git("commit", "-q", "-m", "仓库")
    code, out, _ = changes("--base", "main")
    assert code == 0
    assert [line for line in out.splitlines() if line.startswith("#")] == [
        "# What this change publishes", "## Records that become public (3)",
        "### 2023/rd-2023-0001: 关于改造老旧小区管网的建议",
        "### 2024/rd-2024-0001: 关于老旧小区加装电梯的建议",
        "### 2024/zx-2024-0002: 关于社区助餐点建设的提案",
        "## New or changed attachments (1)"]


def test_a_base_that_is_no_commit_or_a_folder_outside_git_is_refused(content: Path) -> None:
    assert changes("--base", "main") == (
        1, "", "Error: --content content: not in a git work tree, so there is no revision to "
        "compare with\n")
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "内容")
    assert changes("--base", "no-such-branch") == (
        1, "", f"Error: --base no-such-branch: no such commit in {content.parent}\n")


def test_a_base_whose_content_has_problems_is_refused(content: Path) -> None:
    edit(content / "2023" / "rd-2023-0001.yml", "kind: suggestion", "kind: advice")
    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "有问题的内容")
    edit(content / "2023" / "rd-2023-0001.yml", "kind: advice", "kind: suggestion")
    assert changes("--base", "main") == (
        1, "", "Error: --base main: the content there has 1 problem(s) and was never "
        "published; compare with a revision whose content passes the check\n")


def test_problems_of_the_content_are_printed_as_check_prints_them(content: Path,
                                                                 repository: str) -> None:
    edit(content / "2023" / "rd-2023-0001.yml", "kind: suggestion", "kind: advice")
    assert changes("--base", "main") == (
        1, "", "content/2023/rd-2023-0001.yml:2: kind: unknown value 'advice' (expected one "
        "of suggestion, proposal)\nError: 1 problem found; nothing was built\n")


def test_a_reply_under_embargo_is_shown_now_with_the_date_it_goes_public(
        content: Path, repository: str) -> None:
    record = content / "2024" / "rd-2024-0003.yml"
    edit(record, "    status: draft\n", "    status: approved\n    approved: 2024-06-01\n"
         "    published: 2024-09-01\n")
    git("commit", "-q", "-a", "-m", "定时公开")
    code, report, _ = changes("--base", "HEAD~1", "--date", "2024-06-15")
    assert code == 0
    assert "## Records that become public (1)" in report
    assert "这是草稿，永不公开。" in report  # the approver sees the text now
    assert ("## Held back until their publication date (1)\n\n- 2024/rd-2024-0003: "
            in report)
    assert report.count("goes public on 2024-09-01, with the first build on or after that "
                        "date\n") == 1
    code, later, _ = changes("--base", "HEAD~1", "--date", "2024-09-01")
    assert "Held back" not in later
