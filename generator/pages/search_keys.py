"""What a record page gives the search page besides its text: exact keys and folded words.

Pagefind matches words, so an identifier (文号 丰住建复〔2024〕9号, 索引号, 编号, a unit's name)
also matches every record that shares its characters, often ranked first. The search page
therefore looks the query up as a whole in the hidden 标识 filters, whose values are written
here, and puts those records first. The page's script (theme/assets/javascripts/replysite-search.js,
`identifierKey`) folds the query by the same rules: change one, change both.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterable, Mapping

from generator.pages.publication import PublicRecord
from generator.records.characters import fold_number, number_keys
from generator.records.models import Unit

# A 文号 is written with 〔〕 by the rules for official documents (GB/T 9704), and typed with
# whatever brackets the keyboard gives: [], (), {}, <>, 【】, 〖〗, 〘〙, 《》, 〈〉, 「」, 『』
# (full-width ［］ （） ｛｝ ＜＞ and small ﹝﹞ become these by NFKC first).
_BRACKETS = str.maketrans("([{<【〖〘《〈「『)]}>】〗〙》〉」』", "〔" * 11 + "〕" * 11)
_SPACE = re.compile(r"\s+")
# A 文号 as GB/T 9704-2012 (7.2.4, 发文字号) writes it: the year in 〔〕 and the serial number
# without 第 or leading zeros (不编虚位, 1 not 01). Some replies are numbered 〔2024〕09号 or
# 〔2024〕第9号: such a 文号 is also kept in the standard form, and the search page looks a query
# up in it too (and, for a query typed without brackets, 丰住建复20249号, in the form with them;
# a 文号 written without brackets is kept as written, since its digits need not hold a year).
_DOC_NUMBER = re.compile(r"(.*?[^\d〔〕])〔((?:19|20)\d\d)〕第?0*(\d+)号")


def identifier_key(text: str) -> str:
    """`text` as the 标识 filters hold it: folded (NFKC, any decimal digit to ASCII, as
    `fold_number`), lowercase, without spaces, every bracket as 〔 or 〕, and a comma as
    the full-width ， (the record page writes filter values so, since Pagefind splits on ',')."""
    folded = _SPACE.sub("", fold_number(text).lower())
    return folded.translate(_BRACKETS).replace(",", "，")


def doc_number_keys(text: str) -> set[str]:
    """The keys of a 文号 or 索引号 as written: `identifier_key`, and for a 文号 with a 第 or a
    leading zero (丰住建复〔2024〕09号) the standard form too (丰住建复〔2024〕9号). The search
    page's `identifierKeys` gives the same for a query: change one, change both."""
    key = identifier_key(text)
    match = _DOC_NUMBER.fullmatch(key)
    return {key, f"{match[1]}〔{match[2]}〕{match[3]}号"} if match else {key}


def identifier_keys(record: PublicRecord) -> list[str]:
    """The 标识 filters' values of a record: its number as `number_keys` gives it, and the
    文号 and 索引号 of every published reply (lead, separate and co-handling), folded, with
    each 文号 also in its standard form (`doc_number_keys`)."""
    keys = set(number_keys(record.number))
    for reply in record.replies:
        for text in (reply.doc_number, reply.index_number):
            if text:
                keys |= doc_number_keys(text)
    return sorted(keys)


# Where the search page finds which years hold an identifier: `search/identifiers/<n>.json`.
IDENTIFIER_FOLDER = "search/identifiers/"
# Keys per file, about: a file is 2 to 4 KB, one request per identifier typed.
_KEYS_PER_SHARD = 128


def shard_count(keys: int) -> int:
    """How many files hold `keys` identifiers: the power of two giving each about
    _KEYS_PER_SHARD; 1 for none."""
    return 1 << max(0, math.ceil(math.log2(max(1, keys) / _KEYS_PER_SHARD)))


def shard_of(key: str, shards: int) -> int:
    """The file of `key` among `shards`: its 32-bit FNV-1a hash of UTF-8 (the offset basis and
    prime of Fowler, Noll and Vo's specification), modulo `shards`. The search page's script
    (`shardOf`) computes the same: change one, change both."""
    value = 0x811C9DC5
    for byte in key.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value % shards


# The hidden 标识 filter is IDENTIFIER_FILTERS filters, 标识0 to 标识15, each key in the one of
# its hash (`shard_of`): a search naming a filter fetches that filter's whole file from each index
# searched, and one 标识 file of 2,500 records is about 48 KB, while a query names one to three
# keys. A sixteenth is about 3 KB; each filter adds about 20 bytes to every index's metadata.
IDENTIFIER_FILTERS = 16


def identifier_filters(record: PublicRecord) -> list[tuple[str, str]]:
    """The hidden filters of a record's identifiers: (标识<n>, key) for each of
    `identifier_keys`, n being the key's `shard_of` among IDENTIFIER_FILTERS. The search page's
    `identifierFilter` names the same."""
    return [(f"标识{shard_of(key, IDENTIFIER_FILTERS)}", key) for key in identifier_keys(record)]


def identifier_files(years: Mapping[int, Iterable[str]], shards: int) -> dict[str, bytes]:
    """The files of the identifier map, by path from the site's root: each of `shards` files
    maps the identifiers (`identifier_keys`) whose `shard_of` it is to the years holding them,
    `{"丰住建复〔2024〕9号": ["2024"]}`. `years`: each year's identifiers. A file with no key
    is `{}`, so that every file the search page may ask for exists."""
    held: list[dict[str, list[str]]] = [{} for _ in range(shards)]
    for year in sorted(years, reverse=True):
        for key in years[year]:
            held[shard_of(key, shards)].setdefault(key, []).append(str(year))
    return {f"{IDENTIFIER_FOLDER}{index}.json":
            json.dumps(shard, ensure_ascii=False, sort_keys=True,
                       separators=(",", ":")).encode("utf-8")
            for index, shard in enumerate(held)}


def unit_names(units: Iterable[Unit]) -> str:
    """JSON for the search page: each unit's current and former names, folded as the query
    is, mapped to its current name, the value of the 主办单位 and 会办单位 filters."""
    names: dict[str, str] = {}
    for unit in units:
        for name in (unit.name, *unit.former_names):
            names[identifier_key(name)] = unit.name
    return json.dumps(names, ensure_ascii=False, sort_keys=True)


# Letters and digits that NFKC folds to ASCII (full-width ７１, ＡＢ), with any ASCII ones
# around them: 第７１号 holds the run ７１.
_WIDE_RUN = re.compile(r"[0-9A-Za-z\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")


def folded_words(texts: Iterable[str | None]) -> list[str]:
    """The runs of full-width letters and digits in `texts`, as ASCII (７１ -> 71), so that a
    query typed in ASCII finds a text written full-width. The search page folds the query by
    NFKC too, so full-width input finds ASCII text."""
    found = {fold_number(run) for text in texts if text for run in _WIDE_RUN.findall(text)
             if not run.isascii()}
    return sorted(found)


def record_folded_words(record: PublicRecord) -> list[str]:
    """`folded_words` of the texts a record page shows."""
    texts: list[str | None] = [record.title, record.number, record.body]
    for reply in record.replies:
        texts += [reply.doc_number, reply.index_number, reply.text, reply.summary,
                  reply.withheld_reason]
    texts += [entry.text for entry in record.progress]
    return folded_words(texts)
