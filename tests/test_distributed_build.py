"""A build spread over runners: `build --year Y --edition-only` in separate processes and work
folders, then `assemble`, gives the site a single machine builds, to the byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from generator.cli import main
from tests.conftest import ROOT, SAMPLE, SAMPLE_PART_SIZE

COMMON = ("--content", str(SAMPLE), "--config", str(ROOT / "mkdocs.yml"),
          "--part-size", str(SAMPLE_PART_SIZE))


def replysite(*args: str) -> subprocess.CompletedProcess[str]:
    """A replysite command in a process of its own, as on a runner of its own."""
    done = subprocess.run([sys.executable, "-m", "generator", *args, *COMMON], cwd=ROOT,
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    return done


def files(root: Path) -> dict[str, bytes]:
    """Every file under `root` by its path there, with its bytes."""
    return {path.relative_to(root).as_posix(): path.read_bytes()
            for path in sorted(root.rglob("*")) if path.is_file()}


def test_runners_and_an_assembly_build_the_site_of_one_machine(tmp_path: Path) -> None:
    replysite("build", "--out", str(tmp_path / "one"), "--work", str(tmp_path / "one-work"),
              "--quiet")
    # Runner a builds 2023; runner b builds 2024, then 2025 in the same work folder.
    done = replysite("build", "--year", "2023", "--edition-only", "--work",
                     str(tmp_path / "a"), "--out", str(tmp_path / "unused"), "--quiet")
    assert done.stdout == (f"Built the editions of 2023 into {tmp_path / 'a'}/ (rebuilt 2023, "
                           "2023.1, 2023.2, 2023.3; reused none); no site: replysite assemble "
                           "places them in one.\n")
    for year in ("2024", "2025"):
        replysite("build", "--year", year, "--edition-only", "--work", str(tmp_path / "b"),
                  "--out", str(tmp_path / "unused"), "--quiet")
    # No site, and no folder for one.
    assert not (tmp_path / "unused").exists()
    assert sorted(p.name for p in (tmp_path / "b" / "html").iterdir() if p.is_dir()) == [
        "2024", "2024.1", "2024.2", "2024.3", "2025", "2025.1", "2025.2", "2025.3"]
    done = replysite("assemble", "--from", str(tmp_path / "a"), "--from", str(tmp_path / "b"),
                     "--out", str(tmp_path / "site"), "--work", str(tmp_path / "work"))
    assert done.stdout.startswith("Took 12 editions from 2 work folders.\nBuilt 61 of 65 "
                                  f"records into {tmp_path / 'site'}/ (")
    # Only the portal was built: every edition came from a runner.
    assert ("Building 1 edition: portal; reusing 2023, 2023.1, 2023.2, 2023.3, 2024, 2024.1, "
            "2024.2, 2024.3, 2025, 2025.1, 2025.2, 2025.3\n") in done.stderr
    one, assembled = files(tmp_path / "one"), files(tmp_path / "site")
    assert sorted(one) == sorted(assembled)
    assert [name for name in one if one[name] != assembled[name]] == []


def test_a_year_no_runner_built_is_built_by_the_assembly(tmp_path: Path) -> None:
    replysite("build", "--out", str(tmp_path / "one"), "--work", str(tmp_path / "one-work"),
              "--quiet")
    replysite("build", "--year", "2024", "--edition-only", "--work", str(tmp_path / "a"),
              "--out", str(tmp_path / "unused"), "--quiet")
    done = replysite("assemble", "--from", str(tmp_path / "a"), "--out",
                     str(tmp_path / "site"), "--work", str(tmp_path / "work"))
    assert ("Building 9 editions: portal, 2023, 2023.1, 2023.2, 2023.3, 2025, 2025.1, 2025.2, "
            "2025.3; reusing 2024, 2024.1, 2024.2, 2024.3\n") in done.stderr
    assert files(tmp_path / "one") == files(tmp_path / "site")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_edition_only_needs_a_year(content: Path) -> None:
    assert run("build", "--edition-only", "--config", str(ROOT / "mkdocs.yml")) == (
        1, "", "Error: --edition-only builds the editions of one --year: give it\n")


def test_assemble_takes_only_work_folders_of_replysite(content: Path, tmp_path: Path) -> None:
    (tmp_path / "runner").mkdir()
    assert run("assemble", "--from", "runner", "--config", str(ROOT / "mkdocs.yml")) == (
        1, "", "Error: --from runner: not a work folder of replysite build (it has no "
        ".replysite-work)\n")
    assert not (tmp_path / "build").exists()
