"""Text folded to the characters contact details are written with, mapped back to the original.

A clerk may type a telephone number with full-width digits (１３９), other scripts' digits (١٣٩),
a full-width or typographic dash (－ — ‐), an ideographic or no-break space, a middle dot, or
paste it with invisible characters inside (zero-width space, soft hyphen, byte-order mark). The
reader sees the same number, so the checks must too. Folding rewrites, one character at a time:

- characters that show as nothing or as a blank: format characters (Unicode category Cf:
  zero-width space and joiners, word joiner, soft hyphen, byte-order mark, bidirectional marks,
  tag characters …), every other Default_Ignorable_Code_Point (Hangul fillers, variation
  selectors, the combining grapheme joiner, Khmer inherent vowels …), the braille blank, and
  combining marks (categories Mn and Me), which sit on the character before and hide no digit:
  dropped;
- decimal digits of any script (`str.isdecimal`): the ASCII digit of the same value;
- white space of any kind: a space (newlines and tabs stay as they are);
- dashes (category Pd but the wave dashes 〜 〰, which mark ranges as ～ does; the minus sign;
  the prolonged sound mark ー, which a Japanese input method types for a dash): `-`;
- dots and bullets between groups (· ・ ‧ ․ ． • ∙ ◦ ‣ ⁃ …, not the ideographic full stop 。 nor
  the ellipsis …): `.`;
- brackets of any kind (Unicode categories Ps and Pe, but quotation marks): `(` and `)`, so that
  an area code in 【】, 〔〕 or ［］ reads as one in ();
- any other character whose compatibility form (NFKC) is made of ASCII letters and `@ + ( ) _`,
  such as full-width letters, ＠, （, ）, ＋: that form.

ASCII folds to itself, so text typed in ASCII is seen exactly as it was (`[` and `{` too: the
detectors read them as brackets themselves). Nothing else folds: not ①, ¹ or ㎡, whose
compatibility forms hold digits that would run into a number beside them, and not Chinese
punctuation such as ，：％, which are no part of any contact detail.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from generator.records.characters import DEFAULT_IGNORABLE

# Not default-ignorable, but drawn as an empty cell: typed for a space by whoever wants a blank
# that no tool trims.
_BLANKS = "\u2800"
_DROPPED = re.compile("[" + "".join(f"{chr(first)}-{chr(last)}"
                                   for first, last in DEFAULT_IGNORABLE) + _BLANKS + "]")
_MARKS = frozenset(("Cf", "Mn", "Me"))
_DASHES = frozenset("\u2212\u30fc\uff70")
_NOT_DASHES = frozenset("\u301c\u3030")
_DOTS = frozenset("\u00b7\u0387\u2024\u2027\u2219\u22c5\u2e31\u30fb\uff0e\uff65\ufe52"
                  "\u2022\u2023\u2043\u25aa\u25cf\u25e6\u2981")
_BRACKETS = {"Ps": "(", "Pe": ")"}
_COMPATIBLE = re.compile(r"[A-Za-z@+()_]+")

# Characters that fold to themselves and can be no part of a contact detail: Chinese ideographs
# and the punctuation around them. Only runs of other characters need folding or checking, which
# keeps both fast on Chinese text; tests/test_folding.py proves every one of them inert.
INERT = ("\u2018-\u201f\u2025\u2026\u3001-\u3003\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff07"
         "\uff0a\uff0c\uff1a-\uff1f\uff3c\uff3e\uff40\uff5c\uff5e\u00b0\u00d7\u00f7\u2103")
_FOLDABLE = re.compile(rf"[^\x00-\x7f{INERT}]")


def fold_character(character: str) -> str:
    """The folded form of one character: itself, another short string, or nothing."""
    if character.isascii():
        return character
    if unicodedata.category(character) in _MARKS or _DROPPED.match(character):
        return ""
    if character.isdecimal():
        return str(unicodedata.decimal(character))
    if character.isspace():
        return " "
    if character in _DASHES or (unicodedata.category(character) == "Pd"
                                and character not in _NOT_DASHES):
        return "-"
    if character in _DOTS:
        return "."
    bracket = _BRACKETS.get(unicodedata.category(character))
    if bracket and "QUOTATION" not in unicodedata.name(character, ""):
        return bracket
    compatible = unicodedata.normalize("NFKC", character)
    return compatible if _COMPATIBLE.fullmatch(compatible) else character


_CACHE: dict[str, str] = {}


def _cached_fold(character: str) -> str:
    folded = _CACHE.get(character)
    if folded is None:
        folded = _CACHE[character] = fold_character(character)
    return folded


@dataclass(frozen=True)
class Folded:
    """`text` folded, with the way back from each of its positions to the original's.

    `changes` lists, in order, each original character that folded to other than one character:
    (its position in `text`, its position in the original, how many characters it became).
    Between them positions correspond one to one.
    """

    text: str
    changes: tuple[tuple[int, int, int], ...] = ()
    _starts: tuple[int, ...] = ()

    def original(self, position: int) -> int:
        """The original position of `text[position]` (or of the end, for `len(text)`)."""
        index = bisect.bisect_right(self._starts, position) - 1
        if index < 0:
            return position
        start, origin, length = self.changes[index]
        if position < start + length:
            return origin
        return origin + 1 + position - start - length

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that `text[start:end]` was folded from.

        It begins at the first character's origin and ends after the last one's, so characters
        dropped inside belong to it and those dropped at its edges do not. An empty span maps
        to an empty span.
        """
        begin = self.original(start)
        return (begin, begin) if end <= start else (begin, self.original(end - 1) + 1)


def fold(text: str) -> Folded:
    """`text` folded as the module's docstring says."""
    if text.isascii():
        return Folded(text)
    changes: list[tuple[int, int, int]] = []
    growth = 0

    def one(match: re.Match[str]) -> str:
        nonlocal growth
        folded = _cached_fold(match.group())
        if len(folded) != 1:
            changes.append((match.start() + growth, match.start(), len(folded)))
            growth += len(folded) - 1
        return folded

    folded = _FOLDABLE.sub(one, text)
    return Folded(folded, tuple(changes), tuple(start for start, _, _ in changes))


def substitute(pattern: re.Pattern[str], replacement: str, text: str) -> tuple[str, int]:
    """`text` with each match of `pattern` in its folded form replaced by `replacement`, taken
    literally (no `\\1` or `\\g<name>`: `C:\\path\\new` stays as written), over the original
    characters the match was folded from; and how many matches there were. Text in ASCII is
    matched and replaced as `re` would."""
    if text.isascii():
        return pattern.subn(lambda _: replacement, text)
    folded = fold(text)
    pieces, done, count = [], 0, 0
    for match in pattern.finditer(folded.text):
        start, end = folded.span(*match.span())
        start = max(start, done)  # two matches inside one character that folded to several
        pieces += [text[done:start], replacement]
        done, count = max(end, start), count + 1
    pieces.append(text[done:])
    return "".join(pieces), count
