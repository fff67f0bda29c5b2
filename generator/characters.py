"""Characters that clerks' tools slip into records, named so that a clerk can find them.

Word, WPS, full-width input modes and Notepad put characters into text that look like nothing
(a zero-width space, a soft hyphen, a byte order mark mid-text), like a space (a full-width or
no-break space) or like another character (full-width letters and digits: ２ for 2). Messages
name such a character by its Unicode code point.
"""

from __future__ import annotations

import unicodedata

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
