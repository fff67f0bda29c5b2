"""Editions: reused when nothing that goes into them changed, rebuilt when anything did.

The fixture's years are cut into parts of two records, so that 2024 (rd-2024-0001, the draft
rd-2024-0003, zx-2024-0002) has two parts and approving the draft changes only the first.
An incremental build must give the very bytes a cold build of the same content gives.
"""

from __future__ import annotations

import gc
import hashlib
import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from generator.records.problems import ContentError
from generator.site.build import BuildError, BuildOptions, BuildReport, build_site
from generator.site.progress import Progress, Stopwatch
from tests.conftest import ROOT, edit

DRAFT = "status: draft\n    result: B\n"
APPROVED = ("status: approved\n    approved: 2024-06-01\n    date: 2024-05-30\n"
            "    published: 2024-06-02\n    doc_number: 测民复〔2024〕3号\n    result: B\n"
            "    disclosure: full\n")


ALL = ["portal", "2023", "2023.1", "2024", "2024.1", "2024.2"]


def run(content: Path, root: Path, year: int | None = None, jobs: int | None = 1,
        progress: Progress | None = None) -> BuildReport:
    options = BuildOptions(content, root / "site", ROOT / "mkdocs.yml", root / "build", year,
                           jobs, part_size=2)
    return build_site(options, progress)


def digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def approve_the_draft(content: Path) -> None:
    edit(content / "2024" / "rd-2024-0003.yml", DRAFT, APPROVED)


def test_a_second_build_reuses_every_edition(content: Path, tmp_path: Path) -> None:
    first = run(content, tmp_path)
    before = digest(tmp_path / "site")
    second = run(content, tmp_path)
    assert first.rebuilt == ALL and first.reused == []
    assert second.rebuilt == ["portal"] and second.reused == ALL[1:]
    assert digest(tmp_path / "site") == before


def test_content_in_another_folder_reuses_every_edition(content: Path, tmp_path: Path) -> None:
    # CI checks out the content wherever it likes; the keys must not depend on where.
    run(content, tmp_path)
    elsewhere = tmp_path / "checkout" / "content"
    shutil.copytree(content, elsewhere)
    report = run(elsewhere, tmp_path)
    assert report.rebuilt == ["portal"] and report.reused == ALL[1:]


def test_approving_a_reply_rebuilds_its_part_and_matches_a_cold_build(content: Path,
                                                                       tmp_path: Path) -> None:
    run(content, tmp_path / "warm")
    approve_the_draft(content)
    report = run(content, tmp_path / "warm")
    assert report.rebuilt == ["portal", "2024", "2024.1"]
    assert report.reused == ["2023", "2023.1", "2024.2"]
    run(content, tmp_path / "cold")
    warm, cold = digest(tmp_path / "warm" / "site"), digest(tmp_path / "cold" / "site")
    assert "2024/rd-2024-0003/index.html" in warm
    assert warm == cold


def test_successive_rebuilds_match_cold_builds(content: Path, tmp_path: Path) -> None:
    # From the third build on, the site before the last is brought up to date and reused.
    warm = tmp_path / "warm"
    run(content, warm)
    drafted = digest(warm / "site")
    run(content, warm)
    approve_the_draft(content)
    run(content, warm)
    run(content, tmp_path / "cold")
    assert digest(warm / "site") == digest(tmp_path / "cold" / "site")
    edit(content / "2024" / "rd-2024-0003.yml", APPROVED, DRAFT)
    run(content, warm)
    assert digest(warm / "site") == drafted
    assert "2024/rd-2024-0003/index.html" not in drafted  # a draft's page is gone again


def test_a_build_loads_only_the_years_whose_files_changed(content: Path,
                                                          tmp_path: Path) -> None:
    assert run(content, tmp_path).loaded_years == [2023, 2024]
    assert run(content, tmp_path).loaded_years == []
    approve_the_draft(content)
    warm = run(content, tmp_path)
    assert warm.loaded_years == [2024] and warm.rebuilt == ["portal", "2024", "2024.1"]
    cold = run(content, tmp_path / "cold")
    assert cold.loaded_years == [2023, 2024]
    assert (warm.records, warm.published, warm.pages, warm.redactions, warm.build_date) == (
        cold.records, cold.published, cold.pages, cold.redactions, cold.build_date)
    assert digest(tmp_path / "site") == digest(tmp_path / "cold" / "site")


def test_a_new_year_loads_every_year_whose_navigation_lists_it(content: Path,
                                                                tmp_path: Path) -> None:
    run(content, tmp_path)
    (content / "2025").mkdir()
    text = (content / "2023" / "rd-2023-0001.yml").read_text(encoding="utf-8")
    (content / "2025" / "rd-2025-0001.yml").write_text(
        text.replace("2023", "2025"), encoding="utf-8")
    warm = run(content, tmp_path)
    assert warm.loaded_years == [2023, 2024, 2025] and warm.reused == []
    run(content, tmp_path / "cold")
    assert digest(tmp_path / "site") == digest(tmp_path / "cold" / "site")


def test_an_id_taken_in_a_year_not_loaded_is_refused_naming_both_files(
        content: Path, tmp_path: Path) -> None:
    run(content, tmp_path)
    text = (content / "2023" / "rd-2023-0001.yml").read_text(encoding="utf-8")
    (content / "2024" / "rd-2023-0001.yml").write_text(
        text.replace("year: 2023", "year: 2024"), encoding="utf-8")
    with pytest.raises(ContentError) as refused:
        run(content, tmp_path)
    assert [str(problem) for problem in refused.value.problems] == [
        "content/2024/rd-2023-0001.yml:1: id: duplicate id 'rd-2023-0001' "
        "(also in content/2023/rd-2023-0001.yml)"]


def test_the_cycle_collector_runs_again_after_a_build_failed_or_not(
        content: Path, tmp_path: Path) -> None:
    # A build pauses it while it checks and plans; whoever called the build gets it back.
    run(content, tmp_path)
    assert gc.isenabled()
    edit(content / "2024" / "rd-2024-0003.yml", DRAFT, "status: approved\n    result: B\n")
    with pytest.raises(ContentError):
        run(content, tmp_path)
    assert gc.isenabled()


def test_damaged_kept_years_are_loaded_again(content: Path, tmp_path: Path) -> None:
    run(content, tmp_path)
    before = digest(tmp_path / "site")
    (tmp_path / "build" / "years" / "2023.pickle").write_bytes(b"\x80\x05not a pickle")
    (tmp_path / "build" / "years" / "2024.pickle").write_bytes(b"")
    assert run(content, tmp_path).loaded_years == [2023, 2024]
    assert digest(tmp_path / "site") == before


def test_a_vocabulary_change_rebuilds_every_edition(content: Path, tmp_path: Path) -> None:
    run(content, tmp_path)
    edit(content / "topics.yml", "name: 养老服务", "name: 养老与托育服务")
    report = run(content, tmp_path)
    assert report.rebuilt == ALL and report.loaded_years == [2023, 2024]


def test_a_theme_or_settings_change_rebuilds_every_edition(content: Path,
                                                           tmp_path: Path) -> None:
    run(content, tmp_path)
    edit(content / "site.yml", "name: ", "name: 新")
    assert run(content, tmp_path).rebuilt == ALL


def test_a_killed_edition_build_is_never_reused(content: Path, tmp_path: Path) -> None:
    run(content, tmp_path)
    marker = tmp_path / "build" / "html" / "2023.1.edition.key"
    marker.unlink()  # what a build cut short between forgetting and remembering leaves
    assert run(content, tmp_path).rebuilt == ["portal", "2023.1"]


def test_year_option_rebuilds_the_editions_of_one_year(content: Path, tmp_path: Path) -> None:
    run(content, tmp_path)
    report = run(content, tmp_path, year=2023)
    assert report.rebuilt == ["portal", "2023", "2023.1"]
    assert report.reused == ["2024", "2024.1", "2024.2"]


def test_year_option_refuses_when_another_year_is_out_of_date(content: Path,
                                                              tmp_path: Path) -> None:
    run(content, tmp_path)
    approve_the_draft(content)
    with pytest.raises(BuildError, match="edition 2024 is out of date as well"):
        run(content, tmp_path, year=2023)
    assert run(content, tmp_path, year=2024).rebuilt == ["portal", "2024", "2024.1", "2024.2"]


def test_year_option_names_the_years_there_are(content: Path, tmp_path: Path) -> None:
    with pytest.raises(BuildError, match=r"--year 2031: no published record in that year "
                                         r"\(years: 2023, 2024\)"):
        run(content, tmp_path, year=2031)


def test_parallel_processes_build_the_same_bytes(content: Path, tmp_path: Path) -> None:
    run(content, tmp_path / "one", jobs=1)
    report = run(content, tmp_path / "two", jobs=2)
    assert report.jobs == 2
    assert digest(tmp_path / "one" / "site") == digest(tmp_path / "two" / "site")


def test_progress_is_plain_lines_in_a_log_and_ends_with_a_summary(content: Path,
                                                                   tmp_path: Path) -> None:
    log = io.StringIO()
    progress = Progress(stream=log)
    run(content, tmp_path, progress=progress)
    lines = log.getvalue().splitlines()
    assert "\r" not in log.getvalue()  # no bar redrawn in place outside a terminal
    assert lines[2] == f"Building 6 editions: {', '.join(ALL)}"
    assert any(line.startswith("[2024.2] mkdocs: 1 record in ") and line.endswith("records/s")
               for line in lines)
    assert any(line.startswith("[2024.1] index: 1 record in ") for line in lines)
    summary = progress.summary()
    assert summary[:2] == [f"Rebuilt: {', '.join(ALL)}.", "Reused: nothing."]
    assert summary[2].startswith("Time per stage (summed over editions): check ")
    assert summary[3].startswith("CPU per stage (summed over processes): check ")
    assert " index " in summary[3]


def test_a_stage_s_cpu_counts_the_processes_it_waited_for() -> None:
    """Pagefind runs as a child process: its CPU belongs to the index stage."""
    busy = "import time\nwhile time.process_time() < 0.3: pass"
    clock = Stopwatch()
    subprocess.run([sys.executable, "-c", busy], check=True)
    assert clock.cpu_seconds() >= 0.3


def test_a_terminal_gets_a_bar_redrawn_in_place(content: Path, tmp_path: Path) -> None:
    log = io.StringIO()
    run(content, tmp_path, progress=Progress(stream=log, live=True))
    assert "\r[########################] 6/6 editions" in log.getvalue()
