"""Contact details that must never be published, and the site's rules that allow or replace text.

Built-in detectors find mainland mobile numbers, landline numbers with an area code, 18-digit ID
card numbers whose check digit is right (so that other long numbers do not trip it), and e-mail
addresses, however they are typed: the detectors read the text folded (generator/records/folding.py:
full-width or other scripts' digits and letters as ASCII, any space, dash, dot or bullet between
the groups as one of ` - .`, brackets as `( )`, what shows as nothing dropped), and each hit
names the original span. Numbers that are evidently something else (amounts, identifiers after
their label, serials with letters on both sides) are left alone.
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

# In folded text. Between the groups of a number there may be any run of separators (spaces,
# dashes, dots and bullets, slashes, underscores), with at most one line break among them (a
# number broken over lines in a block text), or none. The quantifiers are possessive: a
# separator is never a digit, so giving one back could never let a number match.
_SEPARATOR = r"[-./_ \t]"
_GAP = rf"{_SEPARATOR}*+(?:\n{_SEPARATOR}*+)?+"
_BREAK = rf"(?:{_SEPARATOR}++(?:\n{_SEPARATOR}*+)?+|\n{_SEPARATOR}*+)"
# Mainland area codes: 010, 02x, then 0 and three digits from 3 (GB/T 13400 numbering plan).
_AREA = r"(?:10|2\d|[3-9]\d\d)"
_INTERNATIONAL = r"(?:\+86|\(\+86\)|0086)"
# Brackets of any kind fold to ( ); ASCII's [ ] and { } fold to themselves.
_OPEN, _CLOSE = r"[(\[{] *", r" *[)\]}]"
# An ID card number (GB 11643): region, birth date, sequence and check character, its digits in
# any grouping.
_ID = (rf"(?P<id>[1-9](?:{_GAP}\d){{5}}{_GAP}(?:1{_GAP}[89]|2{_GAP}0)(?:{_GAP}\d){{2}}{_GAP}"
       rf"(?:0{_GAP}[1-9]|1{_GAP}[0-2]){_GAP}(?:0{_GAP}[1-9]|[12]{_GAP}\d|3{_GAP}[01])"
       rf"(?:{_GAP}\d){{3}}{_GAP}[\dXx])(?!\d)")
_PHONES = (
    rf"(?P<mobile>(?:(?:{_INTERNATIONAL}|86){_GAP})?1[3-9]\d{_GAP}\d{{4}}{_GAP}\d{{4}})(?!\d)"
    # An area code is set apart by brackets or a separator: 057186001234 is just a number.
    rf"|(?P<landline>(?:{_INTERNATIONAL}{_GAP}(?:{_OPEN}0?{_AREA}{_CLOSE}|0?{_AREA})"
    rf"|{_OPEN}0{_AREA}{_CLOSE}|0{_AREA}(?={_BREAK})){_GAP}[2-9]\d{{2,3}}{_GAP}\d{{4}})(?!\d)"
)
# A letter straight before a number does not hide it (Tel13812345678, No.13812345678); a number
# with letters on both sides is part of a code (ABC13812345678DEF), checked in _numbers.
_BEFORE = r"(?<![0-9])"
_DETECTOR = re.compile(rf"{_BEFORE}(?:{_ID}|{_PHONES})")
_NOT_ID = re.compile(rf"{_BEFORE}(?:{_PHONES})")
# Every number is longer than six characters, none of them inert (Chinese ideographs and
# punctuation, which fold to themselves); e-mail addresses are looked for apart (_emails).
_CANDIDATE_RUN = re.compile(rf"[^{INERT}]{{6,}}")
_AREA_CODE = re.compile(rf"(?:\(?(?:\+86|0086)\)?)?[^0-9]*0?({_AREA})")

# E-mail addresses, found around their @ in the folded text, since their letters may be of any
# script: Chinese (王某@example.cn, wang@丰禾.gov.cn) or look-alikes (a Cyrillic а in a domain).
# A run of ideographs is a part or label of its own, so that the Chinese around an address
# (邮箱wang@example.cn等) stays out of it; spaces and one line break may stand around @ and dots.
_IDEOGRAPHS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003ffff"
_AT_SIGNS = re.compile("[@\ufe6b\uff20]")
_SPACE = r"[ \t]*+(?:\n[ \t]*+)?+"
_WORD = rf"[^\W{_IDEOGRAPHS}]"  # a letter, digit or _ of any script but an ideograph
_LOCAL = rf"(?:[{_IDEOGRAPHS}]++|{_WORD}(?:{_WORD}|[.%+-])*+)"
_LABEL = rf"(?:[{_IDEOGRAPHS}]++|[^\W_{_IDEOGRAPHS}](?:[^\W_{_IDEOGRAPHS}]|-)*+)"
# The ideographic full stop stands for a dot only before a label in Latin letters or digits.
_DOT = rf"(?:{_SPACE}\.{_SPACE}|\u3002(?=[A-Za-z0-9]))"
_TOP_LEVEL = rf"(?:[{_IDEOGRAPHS}]{{2,}}|[^\W\d_{_IDEOGRAPHS}]{{2,}})(?![^\W_{_IDEOGRAPHS}]|-)"
_EMAIL = re.compile(rf"{_LOCAL}{_SPACE}@{_SPACE}{_LABEL}(?:{_DOT}{_LABEL})*{_DOT}{_TOP_LEVEL}")

# A number right after such a label is an identifier (项目编号：0571-2024-0001), and one right
# before a unit of money or measure (13500000000元, 13812345678.00元) or after a currency sign is
# an amount: neither is a telephone number.
_LABELS = re.compile(r"(?:编号|文号|索引号|合同号|项目号|批号|案号|档号|序号|流水号|订单号|工单号"
                     r"|登记号|备案号|许可证号)[为是]?[\s:：﹕]*\Z")
_CURRENCY = re.compile(r"(?:[¥￥$＄]|人民币)\s*\Z")
# Only units that no Chinese word or surname beside a telephone number starts with.
_UNITS = re.compile(r"\s*(?:[.．,，]\d+)*\s*(?:[万亿千百]?(?:元|美元|港元|欧元)|[万亿]|[%％‰]"
                    r"|个百分点|吨|千克|公斤|平方米|平方公里|立方米|千米|公里|亩|公顷|千瓦时|千瓦|人次)")
_LOOK_BACK = 12
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
        """The detail as a message shows it: 138****5678 (see `mask`)."""
        return mask(self.kind, self.folded)

    def forms(self) -> Iterator[str]:
        """What an allow rule may match, folded: the detail, and for an e-mail address whose
        local part is Chinese, each end of it (请发至王某@example.cn holds 王某@example.cn)."""
        yield self.folded
        if self.kind == "email" and re.match(f"[{_IDEOGRAPHS}]", self.folded):
            at = self.folded.index("@")
            yield from (self.folded[i:] for i in range(1, at))


def detect(text: str) -> Iterator[Hit]:
    """Every contact detail in `text`, in order. An e-mail address that holds a number is
    reported as the address."""
    numbers = _numbers(text)
    if not _AT_SIGNS.search(text):
        yield from numbers
        return
    emails = list(_emails(text))
    found = [hit for hit in numbers
             if not any(e.start < hit.end and hit.start < e.end for e in emails)]
    yield from sorted(found + emails, key=lambda hit: hit.start)


def _numbers(text: str) -> Iterator[Hit]:
    # Trying the detector at every character of a long Chinese text is most of the check's
    # time; it only needs trying inside runs of characters that are not inert. A run is folded
    # on its own: the inert character before and after it is no letter or digit either way.
    for run in _CANDIDATE_RUN.finditer(text):
        folded = fold(run.group())
        for match in _matches(folded.text):
            if _is_code(folded.text, *match.span()):
                continue
            start, end = folded.span(*match.span())
            start, end = run.start() + start, run.start() + end
            if match.lastgroup != "id" and _is_identifier(text, start):
                continue
            if _is_amount(text, start, end):
                continue
            yield Hit(match.lastgroup or "", start, end, text[start:end], match.group())


def _is_code(folded: str, start: int, end: int) -> bool:
    """Whether letters stand on both sides of a number: part of a serial, not a number."""
    return (start > 0 and folded[start - 1].isascii() and folded[start - 1].isalpha()
            and end < len(folded) and folded[end].isascii() and folded[end].isalpha())


def _is_identifier(text: str, start: int) -> bool:
    return _LABELS.search(text, max(0, start - _LOOK_BACK), start) is not None


def _is_amount(text: str, start: int, end: int) -> bool:
    return (_UNITS.match(text, end) is not None
            or _CURRENCY.search(text, max(0, start - _LOOK_BACK), start) is not None)


def _emails(text: str) -> Iterator[Hit]:
    folded = fold(text)
    for match in _EMAIL.finditer(folded.text):
        start, end = folded.span(*match.span())
        yield Hit("email", start, end, text[start:end], match.group())


def _matches(folded: str) -> Iterator[re.Match[str]]:
    position = 0
    while match := _DETECTOR.search(folded, position):
        if match.lastgroup == "id" and not valid_id_number(match.group()):
            # Not an ID card number; a telephone number that starts there still counts.
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
        local, _, domain = re.sub(r"\s", "", folded).replace("\u3002", ".").partition("@")
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
        """The rule as the build's report names it: its reason, then its pattern or text."""
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
        """`text` with every replace rule applied, in site.yml's order, each replacement put in
        literally (generator/records/folding.py's `substitute`)."""
        for rule in self.replacing:
            text, _ = substitute(rule.pattern, rule.rule.replace or "", text)
        return text

    def unallowed_hits(self, text: str, used: Counter[int], replaceable: bool = True) -> list[Hit]:
        """The hits in `text` that no rule allows or, if `replaceable` (publishing applies the
        replace rules to it), replaces; counts in `used` the rules that did."""
        folded = fold(text) if self.replacing and replaceable else None
        replaced = [(*folded.span(*m.span()), rule.index) for rule in self.replacing
                    for m in rule.pattern.finditer(folded.text)] if folded else []
        used.update(index for _, _, index in replaced)
        found = []
        for hit in detect(text):
            if any(start < hit.end and hit.start < end for start, end, _ in replaced):
                continue
            allowed_by = next((rule.index for rule in self.allowing
                               if any(rule.pattern.fullmatch(form) for form in hit.forms())),
                              None)
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
