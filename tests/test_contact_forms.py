"""Property tests: a contact detail is caught however it is typed, and a rule that names it
removes it in every form.

Each example makes one detail of each kind (a mobile number, a landline number with its area
code, an ID card number with a right check digit, an e-mail address), writes each character in
ASCII, full width, another script's digits, or a mix, puts a separator of one kind between its
groups (spaces, dashes, dots of every kind, invisible characters, or nothing), sprinkles
invisible characters inside, and embeds it in Chinese text. All made up.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import Counter
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.records.contact_details import Redaction, detect
from generator.records.models import RedactionRule

SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# The zero of every script's decimal digits that Python knows (Arabic-Indic, Devanagari, Thai,
# full-width, mathematical bold …); the other nine follow it.
ZEROS = [chr(c) for c in range(0x110000) if unicodedata.decimal(chr(c), None) == 0]
FULL_WIDTH_ZERO = "\uff10"
SEPARATORS = {
    "space": " \u00a0\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
             "\u200a\u202f\u205f",
    "dash": "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d\u30fc",
    "dot": ".\uff0e\u00b7\u30fb\u2027",
    "invisible": "\u200b\u200c\u200d\u2060\u00ad\ufeff\u200e\u2066\u180e",
}
INVISIBLE = SEPARATORS["invisible"]
CHINESE = "联系电话王某某李某手机号码邮箱身份证：，。、（）；"


@dataclass(frozen=True)
class Detail:
    """A detail as typed (`text`) and what the check must say of it."""

    kind: str
    text: str
    masked: str
    plain: str  # the detail as a clerk would write it in a rule: ASCII, its separators folded


@st.composite
def digit_writer(draw: st.DrawFn) -> dict[str, str]:
    """How each ASCII digit is written: one script for all, full width, or each its own."""
    form = draw(st.sampled_from(["ascii", "full width", "other script", "mixed"]))
    if form == "mixed":
        return {d: chr(ord(draw(st.sampled_from(ZEROS))) + int(d)) for d in "0123456789"}
    zero = {"ascii": "0", "full width": FULL_WIDTH_ZERO}.get(form) or draw(st.sampled_from(ZEROS))
    return {d: chr(ord(zero) + int(d)) for d in "0123456789"}


def write(text: str, digits: dict[str, str], wide: bool) -> str:
    """`text` (ASCII) with its digits written as `digits` says, its other characters full width
    when `wide`."""
    return "".join(digits[c] if c in digits else chr(ord(c) + 0xFEE0) if wide and "!" <= c <= "~"
                   else c for c in text)


@st.composite
def separator(draw: st.DrawFn, kind: str) -> str:
    if kind == "none":
        return ""
    if kind == "mixed":
        return draw(st.sampled_from([" - ", "\u3000\uff0d\u3000", "\u200b-", " \u00b7 "]))
    return "".join(draw(st.lists(st.sampled_from(SEPARATORS[kind]), min_size=1, max_size=3)))


def plain_of(text: str) -> str:
    """What a separator of each kind folds to: a space, `-`, `.`, or nothing."""
    out = []
    for c in text:
        for kind, folded in (("space", " "), ("dash", "-"), ("dot", "."), ("invisible", "")):
            if c in SEPARATORS[kind]:
                out.append(folded)
                break
        else:
            out.append(c)
    return "".join(out)


@st.composite
def mobile(draw: st.DrawFn, digits: dict[str, str], gaps: list[str], wide: bool) -> Detail:
    number = draw(st.from_regex(r"1[3-9][0-9]{9}", fullmatch=True))
    prefix = draw(st.sampled_from(["", "+86", "(+86)", "86", "0086"]))
    groups = [number[:3], number[3:7], number[7:]]
    typed = (write(prefix, digits, wide) + (gaps[0] if prefix else "")
             + write(groups[0], digits, False) + gaps[1] + write(groups[1], digits, False)
             + gaps[2] + write(groups[2], digits, False))
    plain = (prefix + (gaps[0] if prefix else "") + groups[0] + gaps[1] + groups[1] + gaps[2]
             + groups[2])
    return Detail("mobile", typed, f"{number[:3]}****{number[-4:]}", plain_of(plain))


@st.composite
def landline(draw: st.DrawFn, digits: dict[str, str], gaps: list[str], wide: bool) -> Detail:
    area = draw(st.from_regex(r"0(?:10|2[0-9]|[3-9][0-9][0-9])", fullmatch=True))
    local = draw(st.from_regex(r"[2-9][0-9]{6,7}", fullmatch=True))
    split = len(local) - 4
    international = draw(st.booleans())
    # The area code must be set apart, by brackets or something visible.
    bracketed = draw(st.booleans()) or not plain_of(gaps[1])
    shown_area = area[1:] if international and draw(st.booleans()) else area
    head = f"({shown_area})" if bracketed else shown_area
    between = "" if bracketed else gaps[1]
    before = "+86" + gaps[0] if international else ""
    typed = (write(before + head, digits, wide) + between + write(local[:split], digits, False)
             + gaps[2] + write(local[split:], digits, False))
    plain = before + head + between + local[:split] + gaps[2] + local[split:]
    return Detail("landline", typed, f"{area}-****{local[-4:]}", plain_of(plain))


def check_character(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights, strict=True)) % 11]


@st.composite
def id_number(draw: st.DrawFn, digits: dict[str, str], gaps: list[str], wide: bool) -> Detail:
    region = draw(st.from_regex(r"[1-9][0-9]{5}", fullmatch=True))
    born = draw(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2020, 12, 31)))
    sequence = draw(st.from_regex(r"[0-9]{3}", fullmatch=True))
    first17 = region + born.strftime("%Y%m%d") + sequence
    check = check_character(first17)
    shown_check = draw(st.sampled_from(["X", "x"])) if check == "X" else check
    groups = [region, first17[6:14], first17[14:] + shown_check]
    typed = (write(groups[0], digits, False) + gaps[0] + write(groups[1], digits, False)
             + gaps[2] + write(groups[2], digits, wide))
    plain = groups[0] + gaps[0] + groups[1] + gaps[2] + groups[2]
    return Detail("id", typed, f"{region}********{first17[-3:]}{shown_check}", plain_of(plain))


@st.composite
def email(draw: st.DrawFn, digits: dict[str, str], kind: str, wide: bool) -> Detail:
    local = draw(st.from_regex(r"[a-z][a-z0-9_]{0,8}(?:\.[a-z0-9]{1,5})?", fullmatch=True))
    labels = draw(st.lists(st.from_regex(r"[a-z0-9]{1,8}", fullmatch=True), min_size=1,
                           max_size=3))
    top = draw(st.from_regex(r"[a-z]{2,4}", fullmatch=True))
    at = draw(st.sampled_from(["@", "\uff20", "\ufe6b"]))
    # Between an address's groups: a space beside the @, any kind of dot between the labels.
    space = draw(st.sampled_from(SEPARATORS["space"])) if kind in ("space", "mixed") else ""
    dot = draw(st.sampled_from(SEPARATORS["dot"])) if kind in ("dot", "mixed") else "."
    domain = dot.join([*labels, top])
    typed = (write(local, digits, wide).replace("\uff0e", dot) + space + at + space
             + write(domain, digits, wide).replace("\uff0e", dot))
    return Detail("email", typed, f"{local[0]}***@{'.'.join([*labels, top])}",
                  f"{local}{plain_of(space)}@{plain_of(space)}{'.'.join([*labels, top])}")


@st.composite
def details(draw: st.DrawFn) -> Detail:
    digits = draw(digit_writer())
    wide = draw(st.booleans())
    kind = draw(st.sampled_from(["none", *SEPARATORS, "mixed"]))
    gaps = [draw(separator(kind)) for _ in range(3)]
    maker = draw(st.sampled_from([mobile, landline, id_number]))
    detail = draw(st.one_of(maker(digits, gaps, wide), email(digits, kind, wide)))
    # Invisible characters anywhere inside: a paste from a web page or a word processor.
    inside = draw(st.lists(st.tuples(st.integers(1, len(detail.text) - 1),
                                     st.sampled_from(INVISIBLE)), max_size=3))
    text = detail.text
    for position, character in sorted(inside, reverse=True):
        text = text[:position] + character + text[position:]
    return Detail(detail.kind, text, detail.masked, detail.plain)


around = st.text(alphabet=CHINESE, max_size=6)


@SETTINGS
@given(details(), around, around)
def test_every_form_of_a_detail_is_caught_and_masked(detail: Detail, before: str,
                                                     after: str) -> None:
    text = f"{before}{detail.text}{after}"
    hits = list(detect(text))
    assert [(hit.kind, hit.masked) for hit in hits] == [(detail.kind, detail.masked)]
    assert text[hits[0].start:hits[0].end] == hits[0].text == detail.text


@SETTINGS
@given(details(), around, around)
def test_a_rule_naming_a_detail_in_ascii_replaces_every_form(detail: Detail, before: str,
                                                             after: str) -> None:
    redaction = Redaction([RedactionRule(text=detail.plain, replace="[已删除]", reason="测试")])
    text = f"{before}{detail.text}{after}"
    replaced = redaction.replace(text)
    assert replaced == f"{before}[已删除]{after}"
    assert list(detect(replaced)) == []
    used: Counter[int] = Counter()
    assert redaction.unallowed_hits(text, used) == [] and used == Counter({0: 1})
