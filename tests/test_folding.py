"""Folding: what each character becomes, and the way back from the folded text to the original."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.records.folding import INERT, fold, fold_character, substitute


def test_what_folds_and_to_what() -> None:
    typed = ("电话：（０５７１）８６００\u3000１２３４，"
             "ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ；١٣٩—1\u200b234·5678")
    assert fold(typed).text == "电话：(0571)8600 1234，wang@example.cn；139-1234.5678"


@pytest.mark.parametrize("character", [
    "①", "¹", "₂", "㎡", "⑴", "⒈",  # compatibility forms that hold digits
    "，", "：", "；", "％", "～", "〜", "…", "。", "、", "“", "„", "〝", "王",
])
def test_what_does_not_fold(character: str) -> None:
    assert fold_character(character) == character


@pytest.mark.parametrize(("characters", "folded"), [
    ("（【〔［｛〖〘〚《〈「『﹙⦅", "(" * 14),
    ("）】〕］｝〗〙〛》〉」』﹚⦆", ")" * 14),
])
def test_brackets_of_any_kind_fold_to_ascii_ones(characters: str, folded: str) -> None:
    assert fold(characters).text == folded


@pytest.mark.parametrize("character", [
    "\u115f", "\u1160", "\u3164", "\uffa0",  # Hangul fillers
    "\u2800",  # braille pattern blank
    "\u17b4", "\u17b5",  # Khmer inherent vowels
    "\ufe00", "\ufe0f", "\U000e0100", "\U000e01ef",  # variation selectors
    "\U000e0001", "\U000e0020", "\U000e007f",  # tag characters
    "\u034f", "\u180e", "\u200b", "\u2060", "\u2064", "\u00ad", "\ufeff", "\u061c",
    "\u0332", "\u20dd",  # combining marks: the digit under them still shows
])
def test_what_shows_as_nothing_or_a_blank_is_dropped(character: str) -> None:
    assert fold_character(character) == ""


@pytest.mark.parametrize("character", ["•", "∙", "‧", "◦", "‣", "⁃", "●"])
def test_bullets_fold_to_a_dot(character: str) -> None:
    assert fold_character(character) == "."


def test_ascii_folds_to_itself() -> None:
    ascii_text = "".join(map(chr, range(128)))
    assert fold(ascii_text).text == ascii_text and fold(ascii_text).changes == ()


def test_inert_characters_fold_to_themselves_and_are_no_part_of_a_detail() -> None:
    inert = [chr(c) for c in range(0x110000) if re.fullmatch(f"[{INERT}]", chr(c))]
    assert len(inert) > 27_000  # the ideographs are in it
    assert [c for c in inert if fold_character(c) != c or c.isascii()] == []


def test_each_folded_span_maps_back_to_the_original_characters() -> None:
    typed = "电话\u200b１\u00ad３９ ﬀ…"
    folded = fold(typed)
    assert folded.text == "电话139 ff…"
    assert folded.span(2, 5) == (3, 7)  # 139, without the zero-width space before it
    assert folded.span(6, 7) == (8, 9)  # one f of ﬀ is the whole ﬀ
    assert folded.span(6, 8) == (8, 9)
    assert folded.span(8, 9) == (9, 10)
    assert folded.span(3, 3) == (5, 5)


def test_substitute_replaces_the_original_span() -> None:
    pattern = re.compile(r"1[3-9]\d{9}")
    assert substitute(pattern, "[删]", "手机１３９\u200b１２３４５６７８。") == ("手机[删]。", 1)
    assert substitute(pattern, "[删]", "a 13912345678 b") == pattern.subn("[删]", "a 13912345678 b")
    assert substitute(re.compile("x*"), "-", "ａｂ") == ("-ａ-ｂ-", 3)


ALPHABET = "电话王，。 ０１２３４５６７８９0123456789-－—·．@＠ａｂAｚ\u200b\u00ad\ufeff①ﬀ…\u3000"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30))
def test_every_folded_character_comes_from_the_original_one_it_maps_to(typed: str) -> None:
    folded = fold(typed)
    assert folded.text == "".join(map(fold_character, typed))
    origins = [folded.original(j) for j in range(len(folded.text) + 1)]
    assert origins == sorted(origins) and origins[-1] == len(typed)
    for j, character in enumerate(folded.text):
        assert character in fold_character(typed[origins[j]])
