"""The stages import one way: a later stage from earlier ones, never back (pyproject.toml's
import-linter contracts, checked by import-linter's own command)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_every_stage_imports_only_from_earlier_stages() -> None:
    result = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=ROOT, capture_output=True,
                            text=True, check=False)
    assert result.returncode == 0, result.stdout
    assert "Contracts: 2 kept, 0 broken." in result.stdout


def test_an_import_back_to_an_earlier_stage_is_caught(tmp_path: Path) -> None:
    """The contracts can fail: in a copy of the code, a records module importing the pages
    stage breaks them."""
    shutil.copytree(ROOT / "generator", tmp_path / "generator",
                    ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    (tmp_path / "generator" / "records" / "backwards.py").write_text(
        "from generator.pages import publication  # noqa: F401\n", encoding="utf-8")
    result = subprocess.run([str(LINT_IMPORTS), "--no-cache"], cwd=tmp_path,
                            capture_output=True, text=True, check=False)
    assert result.returncode == 1
    assert "generator.records.backwards -> generator.pages.publication" in result.stdout
