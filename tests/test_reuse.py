"""What a build may take as it is, decided from keys alone (generator/site/reuse.py)."""

from __future__ import annotations

import pytest

from generator.site.reuse import (
    ReuseError,
    editions_to_build,
    years_out_of_date,
    years_to_load,
)

YEAR_KEYS = {2023: "k23", 2024: "k24", 2025: "k25"}


def test_a_year_kept_under_its_current_key_is_not_loaded() -> None:
    assert years_to_load(YEAR_KEYS, {2023: "k23", 2024: "k24", 2025: "k25"}, set()) == set()


def test_a_year_whose_files_changed_or_that_was_never_kept_is_loaded() -> None:
    assert years_to_load(YEAR_KEYS, {2023: "k23", 2024: "old"}, set()) == {2024, 2025}


def test_a_year_asked_for_is_loaded_whatever_its_key() -> None:
    assert years_to_load(YEAR_KEYS, {2023: "k23", 2024: "k24", 2025: "k25"}, {2023}) == {2023}


def test_a_kept_edition_that_would_not_come_out_as_built_brings_its_year_back() -> None:
    would_be = {"2023": "a", "2023.1": "b", "2024": "c", "2024.1": "d", "2024.2": "e"}
    built = {"2023": "a", "2023.1": "b", "2024": "c", "2024.1": "d", "2024.2": "stale"}
    assert years_out_of_date(would_be, built) == {2024}
    assert years_out_of_date(would_be, {**built, "2023.1": None}) == {2023, 2024}
    assert years_out_of_date(would_be, would_be) == set()


KEYS = {"portal": "", "2024": "a", "2024.1": "b", "2024.2": "c", "2025": "d", "2025.1": "e"}


def test_the_portal_and_every_edition_whose_key_changed_are_built() -> None:
    built = {**KEYS, "2024.2": "old", "2025.1": None}
    assert editions_to_build(KEYS, built) == ["portal", "2024.2", "2025.1"]
    assert editions_to_build(KEYS, KEYS) == ["portal"]
    assert editions_to_build(KEYS, {}) == list(KEYS)


def test_a_year_asked_for_is_built_whole_with_the_portal() -> None:
    assert editions_to_build(KEYS, KEYS, year=2024) == ["portal", "2024", "2024.1", "2024.2"]
    assert editions_to_build(KEYS, {**KEYS, "2024.1": "old"}, year=2024) == [
        "portal", "2024", "2024.1", "2024.2"]


def test_a_year_asked_for_while_another_is_out_of_date_is_refused() -> None:
    with pytest.raises(ReuseError) as raised:
        editions_to_build(KEYS, {**KEYS, "2025.1": "old"}, year=2024)
    assert str(raised.value) == (
        "--year 2024: edition 2025.1 is out of date as well; build without --year to rebuild "
        "every edition that changed")
