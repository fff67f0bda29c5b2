"""The generated Markdown of the fixture corpus, compared file by file with tests/golden/.

After an intended change to the pages, regenerate the golden files with `make golden` and
review the diff like any other change.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from generator.site.build import generate_markdown
from tests.conftest import FIXTURE, TESTS

GOLDEN = TESTS / "golden"


def test_generated_markdown_matches_the_golden_files(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    generate_markdown(FIXTURE, tmp_path)
    produced = tmp_path / "docs"
    if os.environ.get("REGENERATE_GOLDEN"):
        shutil.rmtree(GOLDEN, ignore_errors=True)
        shutil.copytree(produced, GOLDEN)
    assert _files(produced) == _files(GOLDEN), "pages added or removed: run `make golden`"
    for name in _files(GOLDEN):
        assert (produced / name).read_bytes() == (GOLDEN / name).read_bytes(), (
            f"{name} differs from tests/golden/{name}: run `make golden` if intended")


def _files(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
