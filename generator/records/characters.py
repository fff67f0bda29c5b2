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


def is_invisible(char: str) -> bool:
    """Whether `char` is a format character (Unicode category Cf): it shows as nothing."""
    return unicodedata.category(char) == "Cf"


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
    """`value` in quotes, with every character that does not print (format characters, spaces
    other than ASCII's, controls) written as a \\u escape: '市民政局\\u200b'."""
    return "'" + "".join(char if char.isprintable() else _escape(char) for char in value) + "'"


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
    # The known value holds the odd characters itself: either side may be the wrong one.
    return (f"it {also}differs from {shown(target)} only in invisible characters or character "
            "width; correct whichever is wrong")


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
