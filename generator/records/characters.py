"""Characters that clerks' tools slip into records, named so that a clerk can find them.

Word, WPS, full-width input modes and Notepad put characters into text that look like nothing
(a zero-width space, a soft hyphen, a byte order mark mid-text), like a space (a full-width or
no-break space) or like another character (full-width letters and digits: ２ for 2). Messages
name such a character by its Unicode code point and show it escaped; vocabulary lookups say when
a value differs from a known one only by them; numbers are compared in their folded form.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

# Names clerks know these by; any other character is named by its Unicode name.
_NAMES = {
    "\u00a0": "no-break space",
    "\u00ad": "soft hyphen",
    "\u200b": "zero-width space",
    "\u200c": "zero-width non-joiner",
    "\u200d": "zero-width joiner",
    "\u202f": "narrow no-break space",
    "\u2060": "word joiner",
    "\u3000": "full-width space",
    "\ufeff": "byte order mark",
}
_NUMBER = re.compile(r"[0-9]+(?:-[0-9]+)*")
# A near miss names at most this many pairs of characters that differ only in width.
_PAIRS_SHOWN = 3


# Unicode's Default_Ignorable_Code_Point (DerivedCoreProperties.txt, the same ranges in Unicode
# 14.0, the version of Python 3.11's unicodedata, and 15.1; UAX #44), which unicodedata does not
# have: characters that show as nothing when a font has no glyph for them. The check names them
# (`is_invisible`) and the contact-detail detectors drop them (generator/records/folding.py).
# Category Cf alone misses the variation selectors (Mn), the Hangul fillers (Lo) and the Khmer
# inherent vowels (Mn), all of which office tools and input methods leave behind.
DEFAULT_IGNORABLE = (
    (0x00AD, 0x00AD),    # soft hyphen
    (0x034F, 0x034F),    # combining grapheme joiner
    (0x061C, 0x061C),    # Arabic letter mark
    (0x115F, 0x1160),    # Hangul choseong and jungseong fillers
    (0x17B4, 0x17B5),    # Khmer inherent vowels
    (0x180B, 0x180F),    # Mongolian free variation selectors, vowel separator
    (0x200B, 0x200F),    # zero-width space, joiners, direction marks
    (0x202A, 0x202E),    # direction embeddings and overrides
    (0x2060, 0x206F),    # word joiner, invisible operators, isolates
    (0x3164, 0x3164),    # Hangul filler
    (0xFE00, 0xFE0F),    # variation selectors 1 to 16
    (0xFEFF, 0xFEFF),    # byte order mark
    (0xFFA0, 0xFFA0),    # half-width Hangul filler
    (0xFFF0, 0xFFF8),    # reserved
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical beam and phrase controls
    (0xE0000, 0xE0FFF),  # tags, variation selectors 17 to 256, reserved
)


def is_invisible(char: str) -> bool:
    """Whether `char` shows as nothing: Unicode's Default_Ignorable_Code_Point (a zero-width
    space, a soft hyphen, a byte order mark, a variation selector, a Hangul filler …)."""
    code = ord(char)
    return any(first <= code <= last for first, last in DEFAULT_IGNORABLE)


def visible(text: str) -> str:
    """`text` without its invisible characters (`is_invisible`)."""
    return "".join(char for char in text if not is_invisible(char))


def describe(char: str, invisible: bool = False) -> str:
    """One character with its article and code point: 'a full-width space (U+3000)', or with
    `invisible`, 'an invisible zero-width space (U+200B)'."""
    name = _NAMES.get(char) or unicodedata.name(char, "character").lower()
    words = f"invisible {name}" if invisible else name
    article = "an" if words[0] in "aeio" else "a"
    return f"{article} {words} ({code_point(char)})"


def code_point(char: str) -> str:
    """'U+3000'."""
    return f"U+{ord(char):04X}"


def shown(value: str) -> str:
    """`value` in quotes, with every character that does not print (invisible characters,
    spaces other than ASCII's, controls) written as a \\u escape: '市民政局\\u200b'."""
    return "'" + "".join(char if char.isprintable() and not is_invisible(char) else _escape(char)
                         for char in value) + "'"


def _escape(char: str) -> str:
    return f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"


def _stray(value: str) -> list[int]:
    """Positions of the characters a clerk did not mean: format characters anywhere, and
    spaces of any kind before or after the text."""
    positions = {i for i, char in enumerate(value) if is_invisible(char)}
    kept = [i for i in range(len(value)) if i not in positions]
    for run in (kept, kept[::-1]):
        for i in run:
            if not value[i].isspace():
                break
            positions.add(i)
    return sorted(positions)


def _fold(value: str) -> str:
    stray = set(_stray(value))
    cleaned = "".join(char for i, char in enumerate(value) if i not in stray)
    return unicodedata.normalize("NFKC", cleaned)


def near_miss(value: str, known: Iterable[str]) -> str | None:
    """Why `value`, found nowhere in `known`, is still probably one of them, or None.

    That is when it differs from a known value only by invisible characters, spaces around it,
    or character width (NFKC: full-width letters and digits). The answer says which characters
    and where, such as "it holds an invisible zero-width space (U+200B) after '市民政局';
    remove it", or "it differs from '市民政局2' only in character width ('２' for '2');
    write '市民政局2'".
    """
    folded: dict[str, str] = {}
    for candidate in sorted(known):
        folded.setdefault(_fold(candidate), candidate)
    target = folded.get(_fold(value))
    return None if target is None or target == value else _difference(value, target)


def _difference(value: str, target: str) -> str:
    stray = _stray(value)
    cleaned = "".join(char for i, char in enumerate(value) if i not in stray)
    found = [_placed(value, i, stray) for i in stray]
    holds = f"holds {_listed(found)}" if found else ""
    if cleaned == target:
        return f"it {holds}; remove {'it' if len(found) == 1 else 'them'}"
    pairs = list(dict.fromkeys(
        f"{shown(char)} for {shown(unicodedata.normalize('NFKC', char))}"
        for char in cleaned if unicodedata.normalize("NFKC", char) != char))
    also = holds + " and " if holds else ""
    if pairs and unicodedata.normalize("NFKC", cleaned) == target:
        # A few pairs show what differs; a whole word of them would only say it again.
        which = f" ({', '.join(pairs)})" if len(pairs) <= _PAIRS_SHOWN else ""
        return (f"it {also}differs from {shown(target)} only in character width{which}; "
                f"write {shown(target)}")
    return _either_wrong(value, target, found)


def _either_wrong(value: str, target: str, found: list[str]) -> str:
    """The known value holds odd characters itself, so either side may be the wrong one: name
    every character that differs, on either side, and where."""
    stray = _stray(target)
    lacking = [_placed(target, i, stray) for i in stray]
    cleaned_target = "".join(char for i, char in enumerate(target) if i not in stray)
    cleaned = "".join(char for i, char in enumerate(value) if i not in _stray(value))
    pieces = _width_pieces(cleaned, cleaned_target)
    kinds = [kind for kind, present in (("invisible characters", found or lacking),
                                        ("character width", pieces)) if present]
    if pieces is None or not kinds:  # the two fold alike only as whole texts (NFKC composes)
        return (f"it {'holds ' + _listed(found) + ' and ' if found else ''}differs from "
                f"{shown(target)} only in invisible characters or character width; correct "
                "whichever is wrong")
    details = ([f"it holds {_listed(found)}"] if found else []) + (
        [f"that one holds {_listed(lacking)}"] if lacking else [])
    if len(pieces) > _PAIRS_SHOWN:
        details.append(f"{len(pieces)} characters differ in width")
    elif pieces:
        details.append(", ".join(f"{shown(mine)} for {shown(theirs)}{_where(cleaned, at, mine)}"
                                 for mine, theirs, at in pieces))
    return (f"it differs from {shown(target)} only in {' and '.join(kinds)}: "
            f"{'; '.join(details)}; correct whichever is wrong")


def _width_pieces(value: str, target: str) -> list[tuple[str, str, int]] | None:
    """The pieces in which `value` and `target` differ although each folds (NFKC) to the same
    text, as (value's piece, target's piece, where value's begins); None when the two fold
    alike only as a whole (a letter and a combining mark that NFKC composes)."""
    pieces = []
    i = j = 0
    while i < len(value) and j < len(target):
        start, other = i, j
        mine, theirs = unicodedata.normalize("NFKC", value[i]), unicodedata.normalize(
            "NFKC", target[j])
        i, j = i + 1, j + 1
        while mine != theirs:
            if theirs.startswith(mine) and i < len(value):
                mine, i = mine + unicodedata.normalize("NFKC", value[i]), i + 1
            elif mine.startswith(theirs) and j < len(target):
                theirs, j = theirs + unicodedata.normalize("NFKC", target[j]), j + 1
            else:
                return None
        if value[start:i] != target[other:j]:
            pieces.append((value[start:i], target[other:j], start))
    return pieces if i == len(value) and j == len(target) else None


def _where(text: str, index: int, piece: str) -> str:
    """' after '市'', ' before '(区)'', or nothing when `piece` is all of `text`."""
    before, after = text[:index], text[index + len(piece):]
    return f" after {shown(before)}" if before else f" before {shown(after)}" if after else ""


def _placed(value: str, index: int, stray: list[int]) -> str:
    """'an invisible zero-width space (U+200B) after '市民政局'', placed by the text around it."""
    char = value[index]
    before = "".join(c for i, c in enumerate(value[:index]) if i not in stray)
    after = "".join(c for i, c in enumerate(value) if i > index and i not in stray)
    where = f"after {shown(before)}" if before else f"before {shown(after)}"
    return f"{describe(char, invisible=is_invisible(char))} {where}"


def _listed(items: list[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def fold_number(text: str) -> str:
    """`text` as compared and searched: NFKC (full-width ３７ to 37, － to -), then every other
    decimal digit (Unicode category Nd: Arabic-Indic, Devanagari …) to its ASCII digit."""
    folded = unicodedata.normalize("NFKC", text)
    return "".join(str(unicodedata.decimal(char)) if unicodedata.category(char) == "Nd"
                   else char for char in folded)


def number_keys(number: str) -> list[str]:
    """The ways a citizen may type a record's number: 第0071号 -> 0071 and 71; 21-168 stays.

    They become an exact-match search filter, so that 第71号 finds No. 71 and not No. 712. The
    number is folded first (`fold_number`), as the search page folds the query: 第３７号, as a
    full-width input mode writes it, gives 37.
    """
    match = _NUMBER.search(fold_number(number))
    if match is None:
        return []
    token = match.group()
    stripped = "-".join(part.lstrip("0") or "0" for part in token.split("-"))
    return sorted({token, stripped})
