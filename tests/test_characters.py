"""Look-alike characters: values shown escaped, near misses, numbers folded for searching."""

from __future__ import annotations

import pytest

from generator.records.characters import (
    fold_number,
    is_invisible,
    near_miss,
    number_keys,
    shown,
)


def test_values_are_shown_with_what_does_not_print_escaped() -> None:
    assert shown("市民政局\u200b") == "'市民政局\\u200b'"
    assert shown("\u00a0甲\u3000乙\U000e0001") == "'\\u00a0甲\\u3000乙\\U000e0001'"
    assert shown("ｆｉｎａｎｃｅ") == "'ｆｉｎａｎｃｅ'"
    # Invisible although printable to Python: variation selectors, the Hangul filler.
    assert shown("approved\ufe0f\u3164\U000e0100") == "'approved\\ufe0f\\u3164\\U000e0100'"


@pytest.mark.parametrize("char", [
    "\u00ad", "\u034f", "\u061c", "\u115f", "\u1160", "\u17b4", "\u17b5", "\u180b", "\u180e",
    "\u200b", "\u200f", "\u202a", "\u2060", "\u2065", "\u206f", "\u3164", "\ufe00", "\ufe0f",
    "\ufeff", "\uffa0", "\ufff0", "\U0001bca0", "\U0001d173", "\U000e0001", "\U000e0100",
    "\U000e0fff"])
def test_every_default_ignorable_code_point_is_invisible(char: str) -> None:
    assert is_invisible(char)


@pytest.mark.parametrize("char", [
    " ", "\u3000", "\u00a0", "\u2800", "a", "市", "\u0600", "\ufff9", "\u1161", "\U000e1000",
    "\u0301"])
def test_visible_characters_and_spaces_are_not_invisible(char: str) -> None:
    """Spaces show as space, the Braille blank as a cell, U+0600 (Cf) as a sign."""
    assert not is_invisible(char)


def test_a_value_unlike_every_known_one_is_no_near_miss() -> None:
    assert near_miss("市民政", ["市民政局"]) is None
    assert near_miss("Finance", ["finance"]) is None
    assert near_miss("finance", ["finance"]) is None


@pytest.mark.parametrize(("number", "keys"), [
    ("第37号", ["37"]),
    ("第３７号", ["37"]),                        # full-width, as a full-width input mode types it
    ("第００７１号", ["0071", "71"]),
    ("第２１－１６８号", ["21-168"]),              # a full-width hyphen too
    ("第٣٧号", ["37"]),                          # Arabic-Indic digits
    ("第०३७号", ["037", "37"]),                  # Devanagari digits
    ("第02403号（医疗卫生类１７３号）", ["02403", "2403"]),
])
def test_number_keys_are_the_folded_number(number: str, keys: list[str]) -> None:
    assert number_keys(number) == keys


def test_a_folded_number_keeps_everything_but_digits_and_width() -> None:
    assert fold_number("第３７号（城建类１号）") == "第37号(城建类1号)"
