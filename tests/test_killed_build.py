"""A build killed at any moment (SIGKILL: no cleanup runs) leaves a whole site: the last good one
byte for byte, or, if the kill came after the swap, the whole new one; never a mixture."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import FIXTURE, ROOT, edit


def digest(site: Path) -> dict[str, str]:
    return {str(p.relative_to(site)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(site.rglob("*")) if p.is_file()}


def start_build(content: Path, root: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--content", str(content),
         "--out", str(root / "site"), "--work", str(root / "build"), "--quiet",
         "--config", str(ROOT / "mkdocs.yml")],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def kill(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


def survivors(out: Path) -> list[str]:
    """The processes still running for the build into `out`: its forked workers have the
    same command line."""
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            command = cmdline.read_bytes().split(b"\0")
        except OSError:
            continue
        if str(out).encode() in command and b"generator" in command:
            found.append(cmdline.parent.name)
    return found


def assert_workers_gone(out: Path) -> None:
    deadline = time.monotonic() + 5
    while survivors(out) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert survivors(out) == []


Built = tuple[Path, dict[str, str], dict[str, str]]


@pytest.fixture
def built(tmp_path: Path) -> Built:
    """A corpus built once and then changed; the site's bytes before and after the change."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    assert start_build(content, tmp_path).wait() == 0
    edit(content / "2024" / "rd-2024-0001.yml", "全市已完成加装电梯 *42* 台。",
         "全市已完成加装电梯 *43* 台。")
    reference = tmp_path / "reference"
    assert start_build(content, reference).wait() == 0  # builds are deterministic
    return content, digest(tmp_path / "site"), digest(reference / "site")


@pytest.mark.parametrize("seconds", [0.3, 0.6, 0.9, 1.2, 1.5, 2.0])
def test_a_build_killed_at_any_moment_leaves_a_whole_site(built: Built, tmp_path: Path,
                                                          seconds: float) -> None:
    content, before, after = built
    process = start_build(content, tmp_path)
    time.sleep(seconds)
    kill(process)
    assert_workers_gone(tmp_path / "site")
    site = digest(tmp_path / "site")
    assert site == before or (site == after and process.returncode in (0, -signal.SIGKILL))
    if seconds <= 0.3:
        assert process.returncode == -signal.SIGKILL and site == before


def test_a_build_killed_while_assembling_leaves_a_whole_site(built: Built,
                                                              tmp_path: Path) -> None:
    content, before, after = built
    staging = tmp_path / ".site.new"
    process = start_build(content, tmp_path)
    while process.poll() is None and not staging.exists():
        time.sleep(0.002)
    kill(process)
    assert digest(tmp_path / "site") in (before, after)


def test_a_build_killed_while_reusing_the_previous_site_leaves_a_whole_one(
        built: Built, tmp_path: Path) -> None:
    content, before, after = built
    assert start_build(content, tmp_path).wait() == 0  # the first site is kept beside it
    assert (tmp_path / ".site.previous").is_dir()
    edit(content / "2024" / "rd-2024-0001.yml", "*43* 台", "*42* 台")
    staging = tmp_path / ".site.new"
    process = start_build(content, tmp_path)
    while process.poll() is None and not staging.exists():
        time.sleep(0.002)
    time.sleep(0.01)
    kill(process)
    assert digest(tmp_path / "site") in (before, after)
    assert start_build(content, tmp_path).wait() == 0
    assert digest(tmp_path / "site") == before


def test_the_next_build_after_a_kill_completes_and_changes_the_site(built: Built,
                                                                     tmp_path: Path) -> None:
    content, before, after = built
    process = start_build(content, tmp_path)
    time.sleep(1.0)
    kill(process)
    assert start_build(content, tmp_path).wait() == 0
    assert digest(tmp_path / "site") == after != before
    page = (tmp_path / "site" / "2024" / "rd-2024-0001" / "index.html").read_text("utf-8")
    assert "<em>43</em>" in page


def start_archive(content: Path, out: Path) -> subprocess.Popen[bytes]:
    # A killed run leaves its temporary folder: keep it among the test's own files.
    temporary = out.parent / "tmp"
    temporary.mkdir(exist_ok=True)
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "archive", "2024", "--content", str(content),
         "--out", str(out), "--config", str(ROOT / "mkdocs.yml")],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        env={**os.environ, "TMPDIR": str(temporary)})


@pytest.mark.parametrize("seconds", [0.5, 1.0, 1.5, 2.0, 3.0])
def test_an_archive_killed_at_any_moment_leaves_no_archive_that_looks_complete(
        tmp_path: Path, seconds: float) -> None:
    from generator.archive.verify import verify

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    out = tmp_path / "archives"
    process = start_archive(content, out)
    time.sleep(seconds)
    kill(process)
    archive = out / "2024.tar.gz"
    if archive.exists():
        assert process.returncode in (0, -signal.SIGKILL) and verify(archive).valid
    # Whatever else is there is hidden and named as unfinished.
    others = [path.name for path in out.iterdir()] if out.exists() else []
    assert all(name.startswith(".2024.tar.gz.") and name.endswith(".part")
               for name in others if name != "2024.tar.gz")
    # The next run completes, and gives the archive an uninterrupted run gives.
    assert start_archive(content, out).wait() == 0
    assert verify(archive).valid


def test_an_archive_killed_while_packing_leaves_only_a_part_file(tmp_path: Path) -> None:
    from generator.archive.verify import verify

    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    out = tmp_path / "archives"
    process = start_archive(content, out)
    while process.poll() is None and not any(out.glob(".2024.tar.gz.*.part")):
        time.sleep(0.002)
    kill(process)
    assert process.returncode == -signal.SIGKILL, "the run ended before it could be killed"
    archive = out / "2024.tar.gz"
    assert not archive.exists() or verify(archive).valid
