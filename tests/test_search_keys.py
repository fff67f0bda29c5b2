"""The keys a record page gives the search page: identifiers folded as the page folds a query,
full-width letters and digits as ASCII, and the characters the converter of Traditional
characters changes."""

from __future__ import annotations

import json

import pytest

from generator.html.traditional import PACKAGE, converted_characters
from generator.pages.search_keys import (
    doc_number_keys,
    folded_words,
    identifier_files,
    identifier_key,
    shard_count,
    shard_of,
    unit_names,
)
from generator.records.models import Unit
from tests.conftest import ROOT


@pytest.mark.parametrize(("typed", "key"), [
    ("丰住建复〔2024〕9号", "丰住建复〔2024〕9号"),
    ("丰住建复[2024]9号", "丰住建复〔2024〕9号"),
    ("丰住建复（２０２４）９号", "丰住建复〔2024〕9号"),
    ("丰住建复【2024】 9号", "丰住建复〔2024〕9号"),
    ("丰住建复《2024》9号", "丰住建复〔2024〕9号"),
    ("丰住建复〘2024〙9号", "丰住建复〔2024〕9号"),
    ("丰住建复<2024>9号", "丰住建复〔2024〕9号"),
    ("丰住建复「2024」9号", "丰住建复〔2024〕9号"),
    ("丰住建复『2024』9号", "丰住建复〔2024〕9号"),
    ("丰住建复｛2024｝9号", "丰住建复〔2024〕9号"),
    ("丰住建复﹝2024﹞9号", "丰住建复〔2024〕9号"),
    ("11330100MB0F52371K/2023-00052", "11330100mb0f52371k/2023-00052"),
    ("市卫生健康委员会", "市卫生健康委员会"),
    ("A,B", "a，b"),
])
def test_an_identifier_is_folded_as_the_search_page_folds_a_query(typed: str, key: str) -> None:
    assert identifier_key(typed) == key


# GB/T 9704-2012 writes the year in 〔〕 and the serial number without 第 or leading zeros.
@pytest.mark.parametrize(("text", "keys"), [
    ("丰住建复〔2024〕9号", {"丰住建复〔2024〕9号"}),
    ("丰住建复（2024）9号", {"丰住建复〔2024〕9号"}),
    ("丰住建复20249号", {"丰住建复20249号"}),  # its digits need not hold a year
    ("〔2024〕09号", {"〔2024〕09号"}),
    ("丰住建复〔2024〕09号", {"丰住建复〔2024〕09号", "丰住建复〔2024〕9号"}),
    ("丰住建复〔2024〕第9号", {"丰住建复〔2024〕第9号", "丰住建复〔2024〕9号"}),
    ("丰住建复〔2024〕110号", {"丰住建复〔2024〕110号"}),
    ("第248号", {"第248号"}),
    ("11330100MB0F52371K/2023-00052", {"11330100mb0f52371k/2023-00052"}),
])
def test_a_doc_number_is_also_kept_in_its_standard_form(text: str, keys: set[str]) -> None:
    assert doc_number_keys(text) == keys


def test_full_width_letters_and_digits_are_given_in_ascii() -> None:
    texts = ["划定停放区域１２６处，第７１号文件", "ＡＢ类，已有37处", None, "plain 2024"]
    assert folded_words(texts) == ["126", "71", "AB"]


def test_unit_names_map_each_name_to_the_current_one() -> None:
    units = [Unit(slug="health", name="市卫生健康委员会", former_names=["市卫生和计划生育委员会"])]
    assert unit_names(units) == ('{"市卫生健康委员会": "市卫生健康委员会", '
                                 '"市卫生和计划生育委员会": "市卫生健康委员会"}')


def test_the_converted_characters_are_traditional_ones() -> None:
    characters = converted_characters(ROOT / PACKAGE)
    assert {"養", "裝", "電", "類", "龜"} <= characters
    assert not {"养", "装", "电", "类", "老"} & characters


# The test vectors of FNV-1a, 32 bits, in Fowler, Noll and Vo's specification
# (draft-eastlake-fnv): the search page's shardOf computes the same hash.
@pytest.mark.parametrize(("key", "value"), [("", 0x811C9DC5), ("a", 0xE40C292C),
                                            ("foobar", 0xBF9CF968)])
def test_an_identifier_s_file_is_its_fnv_1a_hash(key: str, value: int) -> None:
    assert shard_of(key, 2**32) == value


def test_the_identifier_map_gives_the_years_holding_each_key() -> None:
    years = {2023: ["丰住建会〔2023〕11号", "12"], 2024: ["12", "丰住建复〔2024〕9号"]}
    files = identifier_files(years, 4)
    assert sorted(files) == [f"search/identifiers/{n}.json" for n in range(4)]
    merged = {key: value for data in files.values() for key, value in json.loads(data).items()}
    assert merged == {"丰住建会〔2023〕11号": ["2023"], "12": ["2024", "2023"],
                      "丰住建复〔2024〕9号": ["2024"]}
    assert "12" in json.loads(files[f"search/identifiers/{shard_of('12', 4)}.json"])


@pytest.mark.parametrize(("keys", "files"), [(0, 1), (128, 1), (129, 2), (1000, 8),
                                             (400_000, 4096)])
def test_the_map_takes_a_file_per_128_keys_or_so(keys: int, files: int) -> None:
    assert shard_count(keys) == files
