"""Shared fixtures: copies of the small fixture corpus to break in each test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.site.build import BuildOptions, build_site

TESTS = Path(__file__).parent
ROOT = TESTS.parent
FIXTURE = TESTS / "fixtures" / "small"
SAMPLE = ROOT / "content"


@pytest.fixture
def content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private copy of the fixture corpus at ./content, the folder messages will name."""
    target = tmp_path / "content"
    shutil.copytree(FIXTURE, target)
    monkeypatch.chdir(tmp_path)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of `old` in a file: a clerk's mistake, made on purpose."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


# The sample site's years (about 20 records each) are cut into parts of 8, so that the browser
# tests search across several indexes per year, as a large site's search page does.
SAMPLE_PART_SIZE = 8


def build(content: Path, root: Path, part_size: int = 1000) -> Path:
    """A real build (MkDocs, Material, Pagefind) of `content` into `root`/site."""
    out = root / "site"
    build_site(BuildOptions(content, out, ROOT / "mkdocs.yml", root / "build",
                            part_size=part_size))
    return out


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample content, built once for every test that only reads the result."""
    return build(SAMPLE, tmp_path_factory.mktemp("sample"), SAMPLE_PART_SIZE)


@pytest.fixture(scope="session")
def sample_url(sample_site: Path) -> Iterator[str]:
    """The built sample site, served on 127.0.0.1."""
    from tests.browser import served

    with served(sample_site) as url:
        yield url
