"""The build keeps what checking each file gave between builds: reused only while the file's
bytes, the vocabularies and the generator are the same, so a kept result never hides a problem,
and kept only after a clean check."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.records.check_cache import CheckCache, context_digest
from generator.records.problems import ContentError
from generator.site.build import check
from tests.conftest import edit

RECORD = "2024/rd-2024-0001.yml"


def reused(content: Path, cache_folder: Path) -> int:
    """Check with a cache; how many files' results were reused from it."""
    cache = CheckCache(cache_folder, context_digest(content))
    check(content, 1, cache)
    return cache.hits


def problems(content: Path, cache_folder: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        check(content, 1, CheckCache(cache_folder, context_digest(content)))
    return [str(problem) for problem in raised.value.problems]


def test_a_second_check_reuses_every_file(content: Path, tmp_path: Path) -> None:
    assert reused(content, tmp_path / "cache") == 0
    assert reused(content, tmp_path / "cache") == 4
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == ["2023.pickle",
                                                                      "2024.pickle"]


def test_a_changed_file_is_checked_again(content: Path, tmp_path: Path) -> None:
    reused(content, tmp_path / "cache")
    edit(content / RECORD, "result: A", "result: D")
    assert any("progress[0].result: unknown class 'D'" in p
               for p in problems(content, tmp_path / "cache"))


def test_a_failed_check_keeps_nothing(content: Path, tmp_path: Path) -> None:
    edit(content / RECORD, "result: A", "result: D")
    first = problems(content, tmp_path / "cache")
    assert not (tmp_path / "cache").exists()  # the work folder is left as it was
    assert problems(content, tmp_path / "cache") == first


def test_a_vocabulary_change_checks_every_file_again(content: Path, tmp_path: Path) -> None:
    reused(content, tmp_path / "cache")
    edit(content / "site.yml", "code: A", "code: X")
    assert any("replies[0].result: unknown class 'A'" in p
               for p in problems(content, tmp_path / "cache"))


def test_a_damaged_cache_is_ignored(content: Path, tmp_path: Path) -> None:
    reused(content, tmp_path / "cache")
    (tmp_path / "cache" / "2024.pickle").write_bytes(b"not a pickle")
    assert reused(content, tmp_path / "cache") == 1  # 2023's; 2024's were checked again
    assert reused(content, tmp_path / "cache") == 4
