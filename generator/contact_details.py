"""Contact details that must never be published, and the site's rules that allow or replace text.

Built-in detectors find mainland mobile numbers, landline numbers with an area code, 18-digit ID
card numbers whose check digit is right (so that other long numbers do not trip it), and e-mail
addresses. The rules of site.yml (`redaction:`) either allow a pattern or literal text, such as
an office's published landline, or replace it everywhere before anything is published. Checking
(validate) reports every hit that no rule covers; publishing (publication) applies the
replacements, so that every output gets the same text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from generator.models import RedactionRule

_BEFORE = r"(?<![0-9A-Za-z])"
_DETECTOR = re.compile(
    _BEFORE + r"(?:"
    r"(?P<id>[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])"
    r"(?![0-9A-Za-z])"
    r"|(?P<mobile>(?:\+?86[- ]?)?1[3-9]\d(?:[- ]?\d{4}){2})(?!\d)"
    r"|(?P<landline>(?:0\d{2,3}-|\(0\d{2,3}\)\s?|（0\d{2,3}）)[2-9]\d{6,7})(?![\d-])"
    r"|(?P<email>[A-Za-z0-9][A-Za-z0-9._%+-]*@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,})"
    r")"
)
# Every detail is at least six characters in a row of ASCII, spaces, full-width brackets or
# digits (which `\d` accepts): a@b.cn.
_CANDIDATE_RUN = re.compile(r"[\x00-\x7f\s（）０-９]{6,}")
KIND_NAMES = {"mobile": "mobile number", "landline": "landline number",
              "id": "ID card number", "email": "e-mail address"}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Hit:
    kind: str
    start: int
    end: int
    text: str

    @property
    def masked(self) -> str:
        return mask(self.kind, self.text)


def detect(text: str) -> Iterator[Hit]:
    """Every contact detail in `text`."""
    # Trying the detector at every character of a long Chinese text is most of the check's
    # time; it only needs trying inside runs of ASCII. Its lookbehind still sees the character
    # before a run, since `finditer` with a start position keeps the whole string.
    for run in _CANDIDATE_RUN.finditer(text):
        for match in _DETECTOR.finditer(text, run.start(), run.end()):
            kind = match.lastgroup or ""
            if kind == "id" and not valid_id_number(match.group()):
                continue
            yield Hit(kind, match.start(), match.end(), match.group())


def valid_id_number(number: str) -> bool:
    """GB 11643: the 18th character is a check over the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS,
                                                             strict=True))
    return _ID_CHECK[total % 11] == number[17].upper()


def mask(kind: str, text: str) -> str:
    """Enough to recognise the detail in a message, not enough to use it: 138****5678."""
    if kind == "email":
        local, _, domain = text.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == "id":
        return f"{text[:6]}********{text[-4:]}"
    digits = re.sub(r"\D", "", text)
    if kind == "mobile":
        digits = digits[-11:]
        return f"{digits[:3]}****{digits[-4:]}"
    area = re.match(r"\D*(0\d{2,3})", text)
    prefix = area.group(1) if area else ""
    return f"{prefix}-****{digits[-4:]}"


@dataclass(frozen=True)
class _Rule:
    index: int
    rule: RedactionRule
    pattern: re.Pattern[str]

    def describe(self) -> str:
        what = f"pattern {self.rule.pattern}" if self.rule.pattern else f"text {self.rule.text}"
        return f"{self.rule.reason} ({what})"


class Redaction:
    """site.yml's rules, compiled once: what they allow, what they replace, and how often."""

    def __init__(self, rules: list[RedactionRule]) -> None:
        compiled = [_Rule(i, rule, re.compile(rule.pattern if rule.pattern is not None
                                              else re.escape(rule.text or "")))
                    for i, rule in enumerate(rules)]
        self.allowing = [r for r in compiled if r.rule.allow]
        self.replacing = [r for r in compiled if r.rule.replace is not None]

    def replace(self, text: str) -> str:
        for rule in self.replacing:
            text = rule.pattern.sub(rule.rule.replace or "", text)
        return text

    def unallowed_hits(self, text: str, used: Counter[int]) -> list[Hit]:
        """The hits in `text` that no rule allows or replaces; counts in `used` the rules that
        did."""
        replaced = [(m.start(), m.end(), rule.index) for rule in self.replacing
                    for m in rule.pattern.finditer(text)]
        used.update(index for _, _, index in replaced)
        found = []
        for hit in detect(text):
            if any(start < hit.end and hit.start < end for start, end, _ in replaced):
                continue
            allowed_by = next((rule.index for rule in self.allowing
                               if rule.pattern.fullmatch(hit.text)), None)
            if allowed_by is None:
                found.append(hit)
            else:
                used[allowed_by] += 1
        return found

    def applied(self, used: Counter[int]) -> list[str]:
        """One line per rule that was used, for the build's report."""
        lines = []
        for rule in (*self.allowing, *self.replacing):
            if used[rule.index]:
                verb = "allowed" if rule.rule.allow else "replaced"
                lines.append(f"{rule.describe()}: {verb} {used[rule.index]} "
                             f"time{'s' if used[rule.index] != 1 else ''}")
        return lines
