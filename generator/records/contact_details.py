"""Contact details that must never be published, and the site's rules that allow or replace text.

Built-in detectors find mainland mobile numbers, landline numbers with an area code, 18-digit ID
card numbers whose check digit is right (so that other long numbers do not trip it), and e-mail
addresses, however they are typed: the detectors read the text folded (generator/records/folding.py:
full-width or other scripts' digits and letters as ASCII, any space, dash or dot between the
groups as one of ` - .`, invisible characters dropped), and each hit names the original span.
The rules of site.yml (`redaction:`) read the same folded text: they either allow a pattern or
literal text, such as an office's published landline, or replace it everywhere before anything
is published. Checking (validate) reports every hit that no rule covers; publishing
(publication) applies the replacements, so that every output gets the same text.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

from generator.records.folding import INERT, fold, substitute
from generator.records.models import RedactionRule

# In folded text. Between the groups of a number a person or an editor may put up to three
# separators (`138 - 1234 - 5678`, a line break in a block text), or none.
_GAP = r"[-. \t\n]{0,3}"
_BREAK = r"[-. \t\n]{1,3}"
# Mainland area codes: 010, 02x, then 0 and three digits from 3 (GB/T 13400 numbering plan).
_AREA = r"(?:10|2\d|[3-9]\d\d)"
_INTERNATIONAL = r"(?:\+86|\(\+86\)|0086)"
_BEFORE = r"(?<![0-9A-Za-z])"
_ID = (rf"(?P<id>[1-9]\d{{5}}{_GAP}(?:18|19|20)\d\d{_GAP}(?:0[1-9]|1[0-2])"
       rf"(?:0[1-9]|[12]\d|3[01]){_GAP}\d{{3}}[\dXx])(?![0-9A-Za-z])")
_OTHERS = (
    rf"(?P<mobile>(?:(?:{_INTERNATIONAL}|86){_GAP})?1[3-9]\d{_GAP}\d{{4}}{_GAP}\d{{4}})(?!\d)"
    # An area code is set apart by brackets or a separator: 057186001234 is just a number.
    rf"|(?P<landline>(?:{_INTERNATIONAL}{_GAP}(?:\(0?{_AREA}\)|0?{_AREA})"
    rf"|\(0{_AREA}\)|0{_AREA}(?={_BREAK})){_GAP}[2-9]\d{{2,3}}{_GAP}\d{{4}})(?!\d)"
    r"|(?P<email>[A-Za-z0-9][A-Za-z0-9._%+-]*[ ]?@[ ]?[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*"
    r"\.[A-Za-z]{2,})"
)
_DETECTOR = re.compile(rf"{_BEFORE}(?:{_ID}|{_OTHERS})")
_NOT_ID = re.compile(rf"{_BEFORE}(?:{_OTHERS})")
# Every detail is at least six characters (a@b.cn), none of them inert (Chinese ideographs and
# punctuation, which fold to themselves).
_CANDIDATE_RUN = re.compile(rf"[^{INERT}]{{6,}}")
_AREA_CODE = re.compile(rf"(?:\(?(?:\+86|0086)\)?)?[^0-9]*0?({_AREA})")
KIND_NAMES = {"mobile": "mobile number", "landline": "landline number",
              "id": "ID card number", "email": "e-mail address"}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


@dataclass(frozen=True)
class Hit:
    """A contact detail: its kind (a key of KIND_NAMES), its span and `text` in the original
    text, and its `folded` form, which rules are matched against and masks are made from."""

    kind: str
    start: int
    end: int
    text: str
    folded: str

    @property
    def masked(self) -> str:
        return mask(self.kind, self.folded)


def detect(text: str) -> Iterator[Hit]:
    """Every contact detail in `text`, in order."""
    # Trying the detector at every character of a long Chinese text is most of the check's
    # time; it only needs trying inside runs of characters that are not inert. A run is folded
    # on its own: the inert character before and after it is no letter or digit either way.
    for run in _CANDIDATE_RUN.finditer(text):
        folded = fold(run.group())
        for match in _matches(folded.text):
            start, end = folded.span(*match.span())
            start, end = run.start() + start, run.start() + end
            yield Hit(match.lastgroup or "", start, end, text[start:end], match.group())


def _matches(folded: str) -> Iterator[re.Match[str]]:
    position = 0
    while match := _DETECTOR.search(folded, position):
        if match.lastgroup == "id" and not valid_id_number(match.group()):
            # Not an ID card number; whatever else starts there still counts (an e-mail
            # address of 18 digits, say).
            other = _NOT_ID.match(folded, match.start())
            if other is None:
                position = match.start() + 1
                continue
            match = other
        yield match
        position = match.end()


def valid_id_number(number: str) -> bool:
    """GB 11643: the 18th character is a check over the first 17 digits. `number` may be
    written in any form the detectors read (full-width, with separators)."""
    compact = re.sub(r"[^0-9Xx]", "", fold(number).text)
    if not re.fullmatch(r"\d{17}[\dXx]", compact):
        return False
    total = sum(int(digit) * weight for digit, weight in zip(compact[:17], _ID_WEIGHTS,
                                                             strict=True))
    return _ID_CHECK[total % 11] == compact[17].upper()


def mask(kind: str, text: str) -> str:
    """Enough to recognise the detail in a message, not enough to use it: 138****5678.

    `text` is the detail in any form the detectors read; the mask is made of its folded form.
    """
    folded = fold(text).text
    if kind == "email":
        local, _, domain = folded.replace(" ", "").partition("@")
        return f"{local[:1]}***@{domain}"
    if kind == "id":
        compact = re.sub(r"[^0-9Xx]", "", folded)
        return f"{compact[:6]}********{compact[-4:]}"
    digits = re.sub(r"\D", "", folded)
    if kind == "mobile":
        digits = digits[-11:]
        return f"{digits[:3]}****{digits[-4:]}"
    area = _AREA_CODE.match(folded)
    prefix = f"0{area.group(1)}" if area else ""
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
    """site.yml's rules, compiled once: what they allow, what they replace, and how often.

    Rules are matched against the folded text (generator/records/folding.py), a `text` rule folded
    too, so that `0571-8\\d{7}` also matches ０５７１－８６００１２３４, and 某某小区3栋 also
    matches 某某小区３栋; a replacement takes the place of the original characters that the
    match was folded from.
    """

    def __init__(self, rules: list[RedactionRule]) -> None:
        compiled = [_Rule(i, rule, re.compile(rule.pattern if rule.pattern is not None
                                              else re.escape(fold(rule.text or "").text)))
                    for i, rule in enumerate(rules)]
        self.allowing = [r for r in compiled if r.rule.allow]
        self.replacing = [r for r in compiled if r.rule.replace is not None]

    def replace(self, text: str) -> str:
        for rule in self.replacing:
            text, _ = substitute(rule.pattern, rule.rule.replace or "", text)
        return text

    def unallowed_hits(self, text: str, used: Counter[int]) -> list[Hit]:
        """The hits in `text` that no rule allows or replaces; counts in `used` the rules that
        did."""
        folded = fold(text) if self.replacing else None
        replaced = [(*folded.span(*m.span()), rule.index) for rule in self.replacing
                    for m in rule.pattern.finditer(folded.text)] if folded else []
        used.update(index for _, _, index in replaced)
        found = []
        for hit in detect(text):
            if any(start < hit.end and hit.start < end for start, end, _ in replaced):
                continue
            allowed_by = next((rule.index for rule in self.allowing
                               if rule.pattern.fullmatch(hit.folded)), None)
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
