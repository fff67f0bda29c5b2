"""Closed years: site.yml's `closed_years`, the records frozen against the year's archive, and
the year's pages served as archived, whatever the theme does afterwards. Real archives and
real builds."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.archive.bag import ArchiveOptions, make_archive
from generator.archive.pack import pack, unpack
from generator.cli import main
from tests.conftest import FIXTURE, ROOT, edit

RECORD = "content/2023/rd-2023-0001.yml"
ARCHIVE = "content/archives/2023.tar.gz"
CHANGED = (f"changed after year 2023 was closed: its archive {ARCHIVE} publishes the record as "
           "it was, and a closed year's records change only by a correction")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def archive_2023(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("closed")
    shutil.copytree(FIXTURE, root / "content")
    return make_archive(ArchiveOptions(2023, root / "content", root / "archives",
                                       ROOT / "mkdocs.yml")).path


@pytest.fixture
def closed(content: Path, archive_2023: Path) -> Path:
    """The fixture at ./content with 2023 archived in content/archives and closed."""
    (content / "archives").mkdir()
    shutil.copy(archive_2023, content / "archives" / "2023.tar.gz")
    edit(content / "site.yml", "redaction: []", "redaction: []\nclosed_years: [2023]")
    return content


def test_a_closed_year_as_archived_checks_clean(closed: Path) -> None:
    assert run("check") == (0, "4 records in 2 years: no problems.\n", "")


def test_each_changed_field_of_a_closed_year_is_refused_on_its_line(closed: Path) -> None:
    record = closed / "2023" / "rd-2023-0001.yml"
    edit(record, "关于改造老旧小区管网的建议", "关于改造老旧小区供水管网的建议")
    edit(record, "result: C", "result: B")
    edit(record, "留作今后工作参考", "留作参考")
    edit(record, "satisfaction: 不满意", "satisfaction: 满意")
    record.write_text(record.read_text(encoding="utf-8")
                      + "progress:\n  - {date: 2024-03-01, text: 已列入计划。}\n",
                      encoding="utf-8")
    code, out, err = run("check")
    assert (code, out) == (1, "")
    assert err == (f"{RECORD}:6: title: {CHANGED}\n"
                   f"{RECORD}:22: replies[0].result: {CHANGED}\n"
                   f"{RECORD}:23: replies[0].text: {CHANGED}\n"
                   f"{RECORD}:27: feedback.satisfaction: {CHANGED}\n"
                   f"{RECORD}:28: progress: {CHANGED}\n"
                   "Error: 5 problems found; nothing was built\n")


def test_a_closed_year_takes_no_new_record_and_loses_none(closed: Path) -> None:
    record = closed / "2023" / "rd-2023-0001.yml"
    added = closed / "2023" / "rd-2023-0009.yml"
    added.write_text(record.read_text(encoding="utf-8").replace("rd-2023-0001", "rd-2023-0009")
                     .replace("'2023001'", "'2023009'"), encoding="utf-8")
    assert run("check")[2] == (
        f"content/2023/rd-2023-0009.yml:1: id: year 2023 is closed: its archive {ARCHIVE} "
        "does not publish rd-2023-0009, so it cannot be published now\n"
        "Error: 1 problem found; nothing was built\n")
    added.unlink()
    edit(record, "    status: approved", "    status: draft")
    assert run("check")[2] == (
        f"{RECORD}:15: replies: year 2023 is closed: its archive {ARCHIVE} publishes "
        "rd-2023-0001, which would no longer be published\n"
        "Error: 1 problem found; nothing was built\n")
    record.unlink()
    assert run("check")[2] == (
        f"{RECORD}: missing: year 2023 is closed and its archive {ARCHIVE} publishes this "
        "record\nError: 1 problem found; nothing was built\n")


def test_what_the_archive_does_not_publish_may_still_change(closed: Path) -> None:
    # A new draft reply, and a unit renamed after a reform: the archive shows neither.
    record = closed / "2023" / "rd-2023-0001.yml"
    edit(record, "feedback:", "  - unit: housing\n    role: lead\n    status: draft\n"
         "    text: 补充答复的草稿。\nfeedback:")
    edit(closed / "units.yml", "name: 市住房和城乡建设局", "name: 市住房和城乡建设委员会")
    assert run("check")[0] == 0


def test_a_closed_year_needs_its_archive_as_it_was_made(closed: Path) -> None:
    archive = closed / "archives" / "2023.tar.gz"
    bag = unpack(archive, closed.parent / "unpacked")
    (bag / "data" / "2023" / "data" / "records.json").write_text("[]\n", encoding="utf-8")
    pack(bag, archive, 0)
    assert run("check")[2] == (
        f"content/site.yml:11: closed_years[0]: year 2023 is closed, but its archive {ARCHIVE} "
        "was altered (data/2023/data/records.json is not as its manifest lists it: replysite "
        f"verify {ARCHIVE} names what changed)\n"
        "Error: 1 problem found; nothing was built\n")
    archive.unlink()
    assert run("check")[2] == (
        f"content/site.yml:11: closed_years[0]: year 2023 is closed, but its archive {ARCHIVE} "
        "is missing (write it with replysite archive 2023 before closing the year)\n"
        "Error: 1 problem found; nothing was built\n")


def test_a_year_closed_twice_is_refused(closed: Path) -> None:
    edit(closed / "site.yml", "closed_years: [2023]", "closed_years: [2023, 2023]")
    assert run("check")[2] == ("content/site.yml:11: closed_years[1]: year 2023 is named twice\n"
                               "Error: 1 problem found; nothing was built\n")


def digests(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def themed_config(root: Path) -> Path:
    """A copy of mkdocs.yml and theme/ whose footer says something else."""
    root.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    shutil.copytree(ROOT / "theme", root / "theme")
    (root / "generator" / "html").mkdir(parents=True)
    shutil.copy(ROOT / "generator" / "html" / "theme_hooks.py", root / "generator" / "html")
    (root / "node_modules").symlink_to(ROOT / "node_modules")
    edit(root / "theme" / "main.html", "本站只公开经审核同意公开的答复",
         "本站只公开审定同意公开的答复")
    return root / "mkdocs.yml"


def test_a_closed_year_is_served_as_archived_even_after_the_theme_changes(
        closed: Path, tmp_path: Path) -> None:
    archived = digests(unpack(closed / "archives" / "2023.tar.gz", tmp_path / "bag")
                       / "data" / "2023")
    config = str(ROOT / "mkdocs.yml")
    assert run("build", "--config", config, "--quiet")[0] == 0
    assert digests(tmp_path / "site" / "2023") == archived
    open_year = digests(tmp_path / "site" / "2024")
    # The same year's edition as the site built before closing it, byte for byte.
    edit(closed / "site.yml", "closed_years: [2023]", "closed_years: []")
    assert run("build", "--config", config, "--quiet", "--out", "before")[0] == 0
    assert digests(tmp_path / "before" / "2024") == open_year
    assert digests(tmp_path / "before" / "2023") != archived  # its links name folders
    edit(closed / "site.yml", "closed_years: []", "closed_years: [2023]")
    # A new theme: the open year is rebuilt with it, the closed one stays as archived.
    themed = themed_config(tmp_path / "themed")
    code, out, _ = run("build", "--config", str(themed))
    assert code == 0 and "editions portal, 2024, 2024.1;" in out
    assert digests(tmp_path / "site" / "2023") == archived
    page = (tmp_path / "site" / "2024" / "rd-2024-0001" / "index.html").read_text("utf-8")
    assert "本站只公开审定同意公开的答复" in page
    page = (tmp_path / "site" / "2023" / "rd-2023-0001" / "index.html").read_text("utf-8")
    assert "本站只公开经审核同意公开的答复" in page and "本站只公开审定同意公开的答复" not in page
    # The portal links to the closed year, whose pages link back to the portal's.
    assert (tmp_path / "site" / "units" / "housing" / "index.html").is_file()
    assert 'href="../../units/housing/index.html"' in page


def test_a_closed_year_is_never_built_and_a_change_to_it_leaves_the_site(
        closed: Path, tmp_path: Path) -> None:
    config = str(ROOT / "mkdocs.yml")
    assert run("build", "--config", config, "--quiet")[0] == 0
    assert run("build", "--config", config, "--year", "2023", "--quiet") == (
        1, "", "Error: --year 2023: the year is closed; its pages are served from its archive "
        "and never built\n")
    before = digests(tmp_path / "site")
    edit(closed / "2023" / "rd-2023-0001.yml", "关于改造老旧小区管网的建议", "关于改造管网的建议")
    code, _, err = run("build", "--config", config, "--quiet")
    assert code == 1 and err.startswith(f"{RECORD}:6: title: {CHANGED}\n")
    assert digests(tmp_path / "site") == before


def test_an_archive_of_other_parts_than_the_build_is_refused(closed: Path,
                                                             tmp_path: Path) -> None:
    make_archive(ArchiveOptions(2024, closed, closed / "archives", ROOT / "mkdocs.yml"))
    edit(closed / "site.yml", "closed_years: [2023]", "closed_years: [2023, 2024]")
    code, _, err = run("build", "--config", str(ROOT / "mkdocs.yml"), "--part-size", "1",
                       "--quiet")
    assert (code, err) == (1, "Error: the archive of closed year 2024 has no search index "
                           "2024/pagefind/3/, which this build's parts (--part-size) need: "
                           "build with the --part-size the archive was made with\n")


def test_a_rebuild_does_not_load_a_closed_year_again(closed: Path, tmp_path: Path) -> None:
    from generator.archive.served import build
    from generator.site.build import BuildOptions

    options = BuildOptions(closed, tmp_path / "site", ROOT / "mkdocs.yml", tmp_path / "build")
    assert build(options).loaded_years == [2023, 2024]
    edit(closed / "2024" / "rd-2024-0001.yml", "全市已完成加装电梯 *42* 台。",
         "全市已完成加装电梯 *43* 台。")
    assert build(options).loaded_years == [2024]


CORRECTION = ("    corrections:\n      - date: 2024-02-01\n        reason: 答复遗漏了研究计划\n"
              "        previous_text: |\n          周某代表：\n\n"
              "          您的建议收悉。受资金条件限制，留作今后工作参考。\nfeedback:")


def correct(record: Path, previous: str = CORRECTION) -> None:
    """Correct the 2023 reply's text, as README's Corrections says: the new text, and an entry
    keeping the text it replaced."""
    edit(record, "留作今后工作参考。", "留作今后工作参考，2025年列入研究计划。")
    edit(record, "feedback:", previous)


def test_a_correction_of_a_closed_year_is_accepted_and_asks_for_the_archive_again(
        closed: Path, tmp_path: Path) -> None:
    correct(closed / "2023" / "rd-2023-0001.yml")
    assert run("check") == (0, "4 records in 2 years: no problems.\nClosed year 2023: corrected "
                            "since its archive was made (rd-2023-0001); write it again with "
                            "'replysite archive 2023' before the next build.\n", "")
    config = str(ROOT / "mkdocs.yml")
    assert run("build", "--config", config, "--quiet") == (
        1, "", f"Error: closed year 2023 has corrections that its archive {ARCHIVE} lacks "
        "(rd-2023-0001): write the archive again (replysite archive 2023) and keep it with the "
        "content, so that the year is served corrected\n")
    assert run("archive", "2023", "--config", config)[0] == 0
    assert run("check") == (0, "4 records in 2 years: no problems.\n", "")
    assert run("build", "--config", config, "--quiet")[0] == 0
    page = (tmp_path / "site" / "2023" / "rd-2023-0001" / "index.html").read_text("utf-8")
    assert "更正说明" in page and "2025年列入研究计划" in page


def test_a_correction_changes_only_what_a_correction_may(closed: Path) -> None:
    record = closed / "2023" / "rd-2023-0001.yml"
    correct(record, CORRECTION.replace("留作今后工作参考。", "留作参考。"))
    edit(record, "result: C", "result: B")
    edit(record, "关于改造老旧小区管网的建议", "关于改造管网的建议")
    assert run("check")[2] == (
        f"{RECORD}:6: title: {CHANGED}\n"
        f"{RECORD}:22: replies[0].result: {CHANGED}\n"
        f"{RECORD}:30: replies[0].corrections[0].previous_text: is not the text that year 2023 "
        "was closed with: a correction of a closed year replaces the text as its archive "
        f"{ARCHIVE} publishes it\n"
        "Error: 3 problems found; nothing was built\n")


def test_a_changed_text_without_a_correction_is_refused(closed: Path) -> None:
    record = closed / "2023" / "rd-2023-0001.yml"
    edit(record, "留作今后工作参考。", "留作今后工作参考，2025年列入研究计划。")
    assert run("check")[2] == (f"{RECORD}:23: replies[0].text: {CHANGED}\n"
                               "Error: 1 problem found; nothing was built\n")
