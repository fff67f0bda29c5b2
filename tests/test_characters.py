"""Look-alike characters: values shown escaped, and near misses of known values."""

from __future__ import annotations

from generator.characters import near_miss, shown


def test_values_are_shown_with_what_does_not_print_escaped() -> None:
    assert shown("市民政局\u200b") == "'市民政局\\u200b'"
    assert shown("\u00a0甲\u3000乙\U000e0001") == "'\\u00a0甲\\u3000乙\\U000e0001'"
    assert shown("ｆｉｎａｎｃｅ") == "'ｆｉｎａｎｃｅ'"


def test_a_value_unlike_every_known_one_is_no_near_miss() -> None:
    assert near_miss("市民政", ["市民政局"]) is None
    assert near_miss("Finance", ["finance"]) is None
    assert near_miss("finance", ["finance"]) is None
