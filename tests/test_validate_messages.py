"""The exact words a clerk sees for each kind of mistake, with file, line and field."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from generator.records.problems import ContentError
from generator.records.schema import schema_documents
from generator.site.build import check, check_only
from tests.conftest import edit

R1 = "2024/rd-2024-0001.yml"
Z2 = "2024/zx-2024-0002.yml"
# The last line of rd-2024-0001's lead reply, after which fields of the reply are added.
ATTACHED = "      - {title: 加装电梯补助办法, file: attachments/2024/rd-2024-0001-1.pdf}\n"
RECORD_FIELDS = ("id, kind, year, session, number, title, proposers, submitted, assigned, due, "
                 "extended, topics, units, key_item, body, replies, feedback, progress")

# (file, text to replace, replacement, the messages expected, one a line)
CASES = [
    (R1, "result: B", "result: D",
     f"content/{R1}:28: replies[0].result: unknown class 'D' (expected one of A, B, C)"),
    (R1, "title: 关于老旧小区加装电梯的建议\n", "",
     f"content/{R1}:1: title: required field is missing"),
    (R1, "title: 关于", "titel: 关于",
     f"content/{R1}:1: title: required field is missing\n"
     f"content/{R1}:6: titel: unknown field (did you mean 'title'? expected one of "
     f"{RECORD_FIELDS})"),
    (R1, "assigned: 2024-02-20", "assigned: 2024-13-01",
     f"content/{R1}:11: assigned: not a date: '2024-13-01' (expected YYYY-MM-DD)"),
    (R1, "assigned: 2024-02-20", "assigned: 9999-12-01",
     f"content/{R1}:11: assigned: 9999-12-01 leaves no room for its due date 6 months later, "
     "past the year 9999; give the due date"),
    (R1, "submitted: 2024-01-15", "submitted: 15.01.2024",
     f"content/{R1}:10: submitted: not a date: '15.01.2024' (expected YYYY-MM-DD)"),
    (R1, "kind: suggestion", "kind: advice",
     f"content/{R1}:2: kind: unknown value 'advice' (expected one of suggestion, proposal)"),
    (R1, "year: 2024", "year: 二〇二四",
     f"content/{R1}:3: year: expected a whole number, found '二〇二四'"),
    (R1, "  lead: [housing]", "  lead: [housin]",
     f"content/{R1}:14: units.lead[0]: unknown unit 'housin' (expected a slug or name from "
     f"units.yml)\ncontent/{R1}:20: replies[0].unit: unit 'housing' replies as lead but is not "
     "listed in units.lead"),
    (R1, "topics: [urban-renewal, elderly-care]", "topics: [urban-renewal, elderly]",
     f"content/{R1}:12: topics[1]: unknown topic 'elderly' (expected a slug from topics.yml)"),
    (R1, "id: rd-2024-0001", "id: rd-2024-0010",
     f"content/{R1}:1: id: 'rd-2024-0010' does not match the file name (expected "
     "'rd-2024-0001')"),
    (R1, "id: rd-2024-0001", "id: RD_2024_0001",
     f"content/{R1}:1: id: 'RD_2024_0001' is not a valid identifier (expected lowercase "
     "letters, digits and single hyphens)"),
    (R1, "    approved: 2024-05-08\n", "",
     f"content/{R1}:20: replies[0].approved: required when status is approved"),
    (Z2, "    withheld_reason: 涉及尚未公开的规划方案\n", "",
     f"content/{Z2}:26: replies[1].withheld_reason: required when disclosure is withheld"),
    (Z2, "    summary: |\n      已在全市建成社区助餐点 15 个。\n", "",
     f"content/{Z2}:14: replies[0].summary: required when disclosure is summary"),
    (R1, "feedback: {contacted: true, met: false, satisfaction: 基本满意}",
     "feedback: {contacted: true, met: false, satisfaction: 很满意}",
     f"content/{R1}:57: feedback.satisfaction: unknown value '很满意' (expected one of 满意, "
     "基本满意, 不满意)"),
    (R1, "  - unit: finance", "  - unit: civil-affairs",
     f"content/{R1}:49: replies[1].unit: unit 'civil-affairs' replies as co but is not listed "
     "in units.co"),
    (R1, "    result: A", "    result: E",
     f"content/{R1}:61: progress[0].result: unknown class 'E' (expected one of A, B, C)"),
    (R1, "  - {name: 王某某, role: 代表}\n  - {name: 李某}\n", "  王某某\n",
     f"content/{R1}:7: proposers: expected a list, found '王某某'"),
    (R1, "proposers:\n  - {name: 王某某, role: 代表}\n  - {name: 李某}\n", "proposers: []\n",
     f"content/{R1}:7: proposers: must list at least one item"),
    (R1, "file: attachments/2024/rd-2024-0001-1.pdf", "file: ../../etc/passwd",
     f"content/{R1}:48: replies[0].attachments[0].file: '../../etc/passwd' must be a path "
     "inside attachments/ (like attachments/2024/name.pdf)"),
    (R1, "file: attachments/2024/rd-2024-0001-1.pdf", "file: attachments/2024/missing.pdf",
     f"content/{R1}:48: replies[0].attachments[0].file: file 'attachments/2024/missing.pdf' "
     "not found in the content folder"),
    (R1, "    published: 2024-05-10", "    published: 2024-05-01",
     f"content/{R1}:27: replies[0].published: 2024-05-01 is before the approval date "
     "2024-05-08"),
    (R1, "met: false", "met: maybe",
     f"content/{R1}:57: feedback.met: expected true or false, found 'maybe'"),
    (R1, "  co: [finance]", "  co: [finance, housing]",
     f"content/{R1}:15: units.co[1]: unit 'housing' is already a lead unit"),
    (Z2, "    disclosure: summary", "    disclosure: full",
     f"content/{Z2}:22: replies[0].summary: only allowed when disclosure is summary"),
    (Z2, "    disclosure: withheld", "    disclosure: full",
     f"content/{Z2}:34: replies[1].withheld_reason: only allowed when disclosure is withheld"),
    ("2023/rd-2023-0001.yml", "    text: |\n      周某代表：\n",
     "    summary: |\n      周某代表：\n",
     "content/2023/rd-2023-0001.yml:16: replies[0].text: required when disclosure is full\n"
     "content/2023/rd-2023-0001.yml:23: replies[0].summary: only allowed when disclosure is "
     "summary"),
    ("site.yml", "  - {code: C, label: 因条件限制留作参考}", "  - {code: A, label: 重复}",
     "content/site.yml:6: classification[2].code: class 'A' is defined twice"),
    ("site.yml", "list_pending: false", "list_pending: sometimes",
     "content/site.yml:8: list_pending: expected true or false, found 'sometimes'"),
    ("units.yml", "- slug: finance", "- slug: Finance Bureau",
     "content/units.yml:6: [2].slug: 'Finance Bureau' is not a valid identifier (expected "
     "lowercase letters, digits and single hyphens)"),
    # A vocabulary value with an invisible character, a stray space or full-width characters
    # (typed in a full-width input mode): each lookup says which characters and where.
    (Z2, "  lead: [civil-affairs, housing]", "  lead: [市民政局\u200b, housing]",
     f"content/{Z2}:12: units.lead[0]: unknown unit '市民政局\\u200b': it holds an invisible "
     "zero-width space (U+200B) after '市民政局'; remove it\n"
     f"content/{Z2}:14: replies[0].unit: unit 'civil-affairs' replies as lead but is not listed "
     "in units.lead"),
    (R1, "  co: [finance]", "  co: [市财\u00ad政局]",
     f"content/{R1}:15: units.co[0]: unknown unit '市财\\u00ad政局': it holds an invisible soft "
     "hyphen (U+00AD) after '市财'; remove it\n"
     f"content/{R1}:49: replies[1].unit: unit 'finance' replies as co but is not listed in "
     "units.co"),
    (R1, "  - unit: finance", "  - unit: \ufefffinance\u00a0",
     f"content/{R1}:49: replies[1].unit: unknown unit '\\ufefffinance\\u00a0': it holds an "
     "invisible byte order mark (U+FEFF) before 'finance' and a no-break space (U+00A0) after "
     "'finance'; remove them"),
    (R1, "  - unit: finance", "  - unit: ｆｉｎａｎｃｅ",
     f"content/{R1}:49: replies[1].unit: unknown unit 'ｆｉｎａｎｃｅ': it differs from 'finance' "
     "only in character width; write 'finance'"),
    (R1, "topics: [urban-renewal, elderly-care]", "topics: [urban-renewal, elderly－care]",
     f"content/{R1}:12: topics[1]: unknown topic 'elderly－care': it differs from "
     "'elderly-care' only in character width ('－' for '-'); write 'elderly-care'"),
    (R1, "topics: [urban-renewal, elderly-care]", "topics: [urban-renewal, elderly-care\u200c]",
     f"content/{R1}:12: topics[1]: unknown topic 'elderly-care\\u200c': it holds an invisible "
     "zero-width non-joiner (U+200C) after 'elderly-care'; remove it"),
    (R1, "result: B", "result: Ｂ",
     f"content/{R1}:28: replies[0].result: unknown class 'Ｂ': it differs from 'B' only in "
     "character width ('Ｂ' for 'B'); write 'B'"),
    (R1, "    result: A", "    result: Ａ\u2060",
     f"content/{R1}:61: progress[0].result: unknown class 'Ａ\\u2060': it holds an invisible "
     "word joiner (U+2060) after 'Ａ' and differs from 'A' only in character width ('Ａ' for "
     "'A'); write 'A'"),
    (R1, "kind: suggestion", "kind: suggestion\u200d",
     f"content/{R1}:2: kind: unknown value 'suggestion\\u200d': it holds an invisible "
     "zero-width joiner (U+200D) after 'suggestion'; remove it"),
    (R1, "    role: lead", "    role: leaｄ",
     f"content/{R1}:21: replies[0].role: unknown value 'leaｄ': it differs from 'lead' only "
     "in character width ('ｄ' for 'd'); write 'lead'"),
    (R1, "    status: approved\n    approved: 2024-05-08",
     "    status: approved\u3000\n    approved: 2024-05-08",
     f"content/{R1}:22: replies[0].status: unknown value 'approved\\u3000': it holds a "
     "full-width space (U+3000) after 'approved'; remove it"),
    (Z2, "    disclosure: summary", "    disclosure: \u200bsummary",
     f"content/{Z2}:21: replies[0].disclosure: unknown value '\\u200bsummary': it holds an "
     "invisible zero-width space (U+200B) before 'summary'; remove it"),
    (R1, "satisfaction: 基本满意}", "satisfaction: 基本\u200b满意}",
     f"content/{R1}:57: feedback.satisfaction: unknown value '基本\\u200b满意': it holds an "
     "invisible zero-width space (U+200B) after '基本'; remove it"),
    # Every kind of invisible character, not only format characters (Cf): variation selectors,
    # Hangul fillers, Khmer inherent vowels (Unicode's Default_Ignorable_Code_Point).
    (R1, "    status: approved\n    approved: 2024-05-08",
     "    status: approved\ufe0f\n    approved: 2024-05-08",
     f"content/{R1}:22: replies[0].status: unknown value 'approved\\ufe0f': it holds an "
     "invisible variation selector-16 (U+FE0F) after 'approved'; remove it"),
    (R1, "  lead: [housing]", "  lead: [housing\U000e0100]",
     f"content/{R1}:14: units.lead[0]: unknown unit 'housing\\U000e0100': it holds an "
     "invisible variation selector-17 (U+E0100) after 'housing'; remove it\n"
     f"content/{R1}:20: replies[0].unit: unit 'housing' replies as lead but is not listed in "
     "units.lead"),
    (R1, "  lead: [housing]", "  lead: [housing\u3164]",
     f"content/{R1}:14: units.lead[0]: unknown unit 'housing\\u3164': it holds an invisible "
     "hangul filler (U+3164) after 'housing'; remove it\n"
     f"content/{R1}:20: replies[0].unit: unit 'housing' replies as lead but is not listed in "
     "units.lead"),
    (R1, "  co: [finance]", "  co: [市财\uffa0政局]",
     f"content/{R1}:15: units.co[0]: unknown unit '市财\\uffa0政局': it holds an invisible "
     "halfwidth hangul filler (U+FFA0) after '市财'; remove it\n"
     f"content/{R1}:49: replies[1].unit: unit 'finance' replies as co but is not listed in "
     "units.co"),
    (R1, "topics: [urban-renewal, elderly-care]", "topics: [urban-renewal, \u17b4elderly-care]",
     f"content/{R1}:12: topics[1]: unknown topic '\\u17b4elderly-care': it holds an invisible "
     "khmer vowel inherent aq (U+17B4) before 'elderly-care'; remove it"),
    (R1, "result: B", "result: B\u034f",
     f"content/{R1}:28: replies[0].result: unknown class 'B\\u034f': it holds an invisible "
     "combining grapheme joiner (U+034F) after 'B'; remove it"),
    (R1, "met: false", "met: false\ufe0e",
     f"content/{R1}:57: feedback.met: expected true or false, found 'false\\ufe0e': it holds "
     "an invisible variation selector-15 (U+FE0E) after 'false'; remove it"),
    (R1, "assigned: 2024-02-20", "assigned: 2024-02-20\ufe0f",
     f"content/{R1}:11: assigned: not a date: '2024-02-20\\ufe0f': it holds an invisible "
     "variation selector-16 (U+FE0F) after '2024-02-20'; remove it"),
    (R1, "year: 2024", "year: 20\u206024",
     f"content/{R1}:3: year: expected a whole number, found '20\\u206024': it holds an "
     "invisible word joiner (U+2060) after '20'; remove it"),
    (R1, "assigned: 2024-02-20", "assigned: ２０２４-０２-２０",
     f"content/{R1}:11: assigned: not a date: '２０２４-０２-２０': it differs from '2024-02-20' "
     "only in character width ('２' for '2', '０' for '0', '４' for '4'); write '2024-02-20'"),
    (R1, "year: 2024", "year: ２０２４",
     f"content/{R1}:3: year: expected a whole number, found '２０２４': it differs from '2024' "
     "only in character width ('２' for '2', '０' for '0', '４' for '4'); write '2024'"),
    # Only true and false are booleans: a yes, no, on, off, 1 or 0 is named, not taken.
    (R1, "met: false", "met: yes",
     f"content/{R1}:57: feedback.met: expected true or false, found 'yes'"),
    (R1, "met: false", "met: 1", f"content/{R1}:57: feedback.met: expected true or false, found 1"),
    (R1, "met: false", "met: 0", f"content/{R1}:57: feedback.met: expected true or false, found 0"),
    (R1, "contacted: true", "contacted: True",
     f"content/{R1}:57: feedback.contacted: expected true or false, found 'True'"),
    (R1, "contacted: true", "contacted: on",
     f"content/{R1}:57: feedback.contacted: expected true or false, found 'on'"),
    (R1, "met: false", "met: ｆａｌｓｅ",
     f"content/{R1}:57: feedback.met: expected true or false, found 'ｆａｌｓｅ': it differs "
     "from 'false' only in character width; write 'false'"),
    ("site.yml", "list_pending: false", "list_pending: no",
     "content/site.yml:8: list_pending: expected true or false, found 'no'"),
    ("site.yml", "list_pending: false", "list_pending: FALSE",
     "content/site.yml:8: list_pending: expected true or false, found 'FALSE'"),
    ("site.yml", "show_withheld_reason: true", "show_withheld_reason: y",
     "content/site.yml:9: show_withheld_reason: expected true or false, found 'y'"),
    ("site.yml", "redaction: []", "redaction:\n  - {text: 某某, allow: n, reason: 测试}",
     "content/site.yml:11: redaction[0].allow: expected true or false, found 'n'"),
    ("site.yml", "redaction: []", "redaction:\n  - {text: 某某, allow: off, reason: 测试}",
     "content/site.yml:11: redaction[0].allow: expected true or false, found 'off'"),
    # The life of a published reply: withdrawal (撤回) and corrections (更正).
    ("2024/rd-2024-0003.yml", "    status: draft\n",
     "    status: draft\n    withdrawn: {date: 2024-06-01, reason: 内容有误}\n",
     "content/2024/rd-2024-0003.yml:19: replies[0].withdrawn: only an approved reply can be "
     "withdrawn: a draft was never published"),
    (R1, ATTACHED, ATTACHED + "    withdrawn: {date: 2024-05-09, reason: 内容有误}\n",
     f"content/{R1}:49: replies[0].withdrawn.date: 2024-05-09 is before the publication date "
     "2024-05-10"),
    (R1, ATTACHED, ATTACHED + "    withdrawn: {date: 2024-06-01}\n",
     f"content/{R1}:49: replies[0].withdrawn.reason: required field is missing"),
    (R1, ATTACHED, ATTACHED + "    withdrawn: {date: 2024-06-01, reason: '  '}\n",
     f"content/{R1}:49: replies[0].withdrawn.reason: must not be empty"),
    (R1, ATTACHED, ATTACHED + "    corrections:\n      - {date: 2024-06-01, previous_text: 旧文}\n",
     f"content/{R1}:50: replies[0].corrections[0].reason: required field is missing"),
    (R1, ATTACHED, ATTACHED + "    corrections:\n"
     "      - {date: 2024-05-09, reason: 数字有误, previous_text: 旧文}\n",
     f"content/{R1}:50: replies[0].corrections[0].date: 2024-05-09 is before the publication "
     "date 2024-05-10"),
    (R1, ATTACHED, ATTACHED + "    corrections:\n"
     "      - {date: 2024-07-01, reason: 数字有误, previous_text: 旧文}\n"
     "      - {date: 2024-06-01, reason: 错字, previous_text: 次文}\n",
     f"content/{R1}:51: replies[0].corrections[1].date: 2024-06-01 is before the date of the "
     "correction above it, 2024-07-01 (list corrections oldest first)"),
    (R1, ATTACHED, ATTACHED + "    corrections:\n"
     "      - {date: 2024-06-01, reason: 数字有误, previous_summary: 旧摘要}\n",
     f"content/{R1}:50: replies[0].corrections[0].previous_summary: only allowed when "
     "disclosure is summary"),
    (R1, ATTACHED, ATTACHED + "    corrections:\n"
     "      - {date: 2024-10-01, reason: 数字有误, previous_text: 旧文}\n"
     "    withdrawn: {date: 2024-09-01, reason: 内容有误}\n",
     f"content/{R1}:50: replies[0].corrections[0].date: 2024-10-01 is after the withdrawal "
     "date 2024-09-01: a withdrawn reply is no longer published and cannot be corrected"),
    (R1, ATTACHED, ATTACHED + "    withdrawn:\n",
     f"content/{R1}:49: replies[0].withdrawn: expected a date and a reason, found nothing "
     "(leave the field out unless the reply is withdrawn)"),
    (R1, "    published: 2024-05-10\n", "    published:\n",
     f"content/{R1}:27: replies[0].published: expected a date, found nothing (leave the field "
     "out to publish the reply on its approval date)"),
    ("2024/rd-2024-0003.yml", "    status: draft\n",
     "    status: draft\n    corrections: [{date: 2024-06-01, reason: 错字}]\n",
     "content/2024/rd-2024-0003.yml:19: replies[0].corrections: only an approved reply can be "
     "corrected: a draft was never published; change its text"),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), CASES,
                         ids=[case[3].split(": ", 1)[0].split("/")[-1] + " " +
                              case[3].split(": ")[1] for case in CASES])
def test_each_mistake_gets_its_exact_message(content: Path, file: str, old: str, new: str,
                                             expected: str) -> None:
    edit(content / file, old, new)
    assert problems_of(content) == expected.split("\n")


def test_year_folder_and_duplicate_id_across_years(content: Path) -> None:
    shutil.copy(content / R1, content / "2023" / "rd-2024-0001.yml")
    assert problems_of(content) == [
        "content/2023/rd-2024-0001.yml:3: year: 2024 does not match the folder (expected 2023)",
        f"content/{R1}:1: id: duplicate id 'rd-2024-0001' (also in "
        "content/2023/rd-2024-0001.yml)",
    ]


def test_every_problem_is_reported_at_once_in_file_and_line_order(content: Path) -> None:
    edit(content / "2024" / "rd-2024-0003.yml", "kind: suggestion", "kind: motion")
    edit(content / Z2, "result: C", "result: D")
    edit(content / R1, "submitted: 2024-01-15", "submitted: 2024-01-32")
    edit(content / "2023" / "rd-2023-0001.yml", "topics: [urban-renewal]", "topics: [urban")
    messages = problems_of(content)
    assert [m.split(": ", 1)[0] for m in messages] == [
        "content/2023/rd-2023-0001.yml:13", f"content/{R1}:10", "content/2024/rd-2024-0003.yml:2",
        f"content/{Z2}:32",
    ]


def test_a_broken_vocabulary_is_reported_without_a_cascade(content: Path) -> None:
    edit(content / "topics.yml", "- slug: urban-renewal", "- slug: elderly-care")
    assert problems_of(content) == ["content/topics.yml:4: [1].slug: slug 'elderly-care' is "
                                    "defined twice"]


def test_an_attachment_linked_out_of_the_content_folder_is_refused(content: Path,
                                                                   tmp_path: Path) -> None:
    secret = tmp_path / "secret.pdf"
    secret.write_bytes(b"%PDF-1.4 not for the public")
    link = content / "attachments" / "2024" / "rd-2024-0001-1.pdf"
    link.unlink()
    link.symlink_to(secret)
    assert problems_of(content) == [
        f"content/{R1}:48: replies[0].attachments[0].file: 'attachments/2024/rd-2024-0001-1.pdf' "
        "links to a file outside attachments/",
        f"content/{Z2}:38: replies[1].attachments[0].file: 'attachments/2024/rd-2024-0001-1.pdf' "
        "links to a file outside attachments/"]


def test_an_absolute_attachment_path_is_refused(content: Path) -> None:
    edit(content / R1, "file: attachments/2024/rd-2024-0001-1.pdf", "file: /etc/passwd")
    assert problems_of(content) == [
        f"content/{R1}:48: replies[0].attachments[0].file: '/etc/passwd' must be a path inside "
        "attachments/ (like attachments/2024/name.pdf)"]


def test_a_former_unit_name_resolves_to_the_unit(content: Path) -> None:
    corpus = check(content)
    record = next(r for r in corpus.records if r.id == "rd-2023-0001")
    assert corpus.unit_for(record.units.lead[0]).slug == "housing"


def problems_of(content: Path, jobs: int | None = None, counts_only: bool = False) -> list[str]:
    with pytest.raises(ContentError) as caught:
        (check_only if counts_only else check)(content, jobs)
    return [str(problem) for problem in caught.value.problems]


def test_a_large_corpus_checked_in_processes_gives_the_same_answer(content: Path) -> None:
    """Past 2,000 records the files are read and checked in forked processes."""
    original = (content / R1).read_text(encoding="utf-8")
    for n in range(2, 2202):
        record_id = f"rd-2024-{n + 1000:04d}"
        (content / "2024" / f"{record_id}.yml").write_text(
            original.replace("id: rd-2024-0001", f"id: {record_id}"), encoding="utf-8")
    assert len(check(content, jobs=2).records) == len(check(content, jobs=1).records) == 2204
    # `replysite check` has its workers send back counts, not records: the same answer.
    summary = check_only(content, jobs=2)
    assert (summary.records, summary.years) == (2204, len(check(content, jobs=1).years()))
    edit(content / "2024" / "rd-2024-2100.yml", "kind: suggestion", "kind: advice")
    shutil.copy(content / R1, content / "2024" / "rd-2024-3300.yml")
    in_processes, in_one = problems_of(content, jobs=2), problems_of(content, jobs=1)
    assert problems_of(content, jobs=2, counts_only=True) == in_processes
    assert in_processes == in_one == [
        "content/2024/rd-2024-2100.yml:2: kind: unknown value 'advice' (expected one of "
        "suggestion, proposal)",
        "content/2024/rd-2024-3300.yml:1: id: 'rd-2024-0001' does not match the file name "
        "(expected 'rd-2024-3300')",
        "content/2024/rd-2024-3300.yml:1: id: duplicate id 'rd-2024-0001' (also in "
        f"content/{R1})",
    ]


def test_an_id_that_names_a_folder_of_the_year_is_refused(content: Path) -> None:
    original = (content / R1).read_text(encoding="utf-8")
    (content / R1).unlink()
    (content / "2024" / "proposals.yml").write_text(
        original.replace("id: rd-2024-0001", "id: proposals"), encoding="utf-8")
    assert problems_of(content) == [
        "content/2024/proposals.yml:1: id: 'proposals' is the name of a folder the year's pages "
        "use; choose another id and rename the file to <id>.yml"]


# (file name, id written in it, the messages, and the file name and id its advice leads to)
FILE_NAMES = [
    ("关于加装电梯的建议.yml", "rd-2024-0001",
     ["content/2024/关于加装电梯的建议.yml:1: id: file name '关于加装电梯的建议.yml' is not an "
      "id: rename the file to rd-2024-0001.yml, after its id"],
     "rd-2024-0001.yml", "rd-2024-0001"),
    ("关于加装电梯的建议.yml", "关于加装电梯的建议",
     ["content/2024/关于加装电梯的建议.yml:1: id: '关于加装电梯的建议' is not a valid identifier "
      "(expected lowercase letters, digits and single hyphens)",
      "content/2024/关于加装电梯的建议.yml:1: id: file name '关于加装电梯的建议.yml' is not an "
      "id: an id holds only lowercase letters a-z, digits and single hyphens, such as "
      "rd-<year>-<number> for a suggestion or zx-<year>-<number> for a proposal; choose an id "
      "no other record has, write it as id and rename the file to <id>.yml"],
     "rd-2024-0012.yml", "rd-2024-0012"),
    ("RD 2024 0001.yml", "RD 2024 0001",
     ["content/2024/RD 2024 0001.yml:1: id: 'RD 2024 0001' is not a valid identifier "
      "(expected lowercase letters, digits and single hyphens)",
      "content/2024/RD 2024 0001.yml:1: id: file name 'RD 2024 0001.yml' is not an id: rename "
      "the file to rd-2024-0001.yml and write id: rd-2024-0001"],
     "rd-2024-0001.yml", "rd-2024-0001"),
    ("RD-2024-0001.yml", "rd-2024-0001",
     ["content/2024/RD-2024-0001.yml:1: id: file name 'RD-2024-0001.yml' is not an id: rename "
      "the file to rd-2024-0001.yml, after its id"],
     "rd-2024-0001.yml", "rd-2024-0001"),
    ("ｒｄ－２０２４－０００１.yml", "ｒｄ－２０２４－０００１",
     ["content/2024/ｒｄ－２０２４－０００１.yml:1: id: 'ｒｄ－２０２４－０００１' is not a valid "
      "identifier (expected lowercase letters, digits and single hyphens)",
      "content/2024/ｒｄ－２０２４－０００１.yml:1: id: file name 'ｒｄ－２０２４－０００１.yml' "
      "is not an id: rename the file to rd-2024-0001.yml and write id: rd-2024-0001"],
     "rd-2024-0001.yml", "rd-2024-0001"),
    ("rd_2024_0001 (2).yml", "rd-2024-0001",
     ["content/2024/rd_2024_0001 (2).yml:1: id: file name 'rd_2024_0001 (2).yml' is not an "
      "id: rename the file to rd-2024-0001.yml, after its id"],
     "rd-2024-0001.yml", "rd-2024-0001"),
    ("units.yml", "rd-2024-0001",
     ["content/2024/units.yml:1: id: file name 'units.yml' names a folder the year's pages "
      "use: rename the file to rd-2024-0001.yml, after its id"],
     "rd-2024-0001.yml", "rd-2024-0001"),
]


@pytest.mark.parametrize(("name", "written", "expected", "renamed", "fixed"), FILE_NAMES,
                         ids=[f"{case[0]} {case[1]}" for case in FILE_NAMES])
def test_a_file_name_that_is_no_id_gets_advice_that_works(
        content: Path, name: str, written: str, expected: list[str], renamed: str,
        fixed: str) -> None:
    """The advice, followed once, leaves the content clean: the file name it gives is a
    valid id, and so is the id it asks for."""
    original = (content / R1).read_text(encoding="utf-8")
    (content / R1).unlink()
    (content / "2024" / name).write_text(original.replace("id: rd-2024-0001", f"id: {written}"),
                                         encoding="utf-8")
    assert problems_of(content) == expected
    (content / "2024" / name).unlink()
    (content / "2024" / renamed).write_text(original.replace("id: rd-2024-0001", f"id: {fixed}"),
                                            encoding="utf-8")
    check(content)


# A file name or id that reads as an id another record has: the advice names that record, and
# never the id.
TAKEN = [
    ("RD 2024 0003.yml", "id: rd-2024-0001\n", "",
     ["content/2024/RD 2024 0003.yml:1: id: file name 'RD 2024 0003.yml' is not an id: it reads "
      "as rd-2024-0003, which is taken by content/2024/rd-2024-0003.yml; choose an id no other "
      "record has, write it as id and rename the file to <id>.yml",
      "content/2024/RD 2024 0003.yml:1: id: required field is missing"]),
    ("rd_2023_0001.yml", "id: rd-2024-0001\n", "",
     ["content/2024/rd_2023_0001.yml:1: id: file name 'rd_2023_0001.yml' is not an id: it reads "
      "as rd-2023-0001, which is taken by content/2023/rd-2023-0001.yml; choose an id no other "
      "record has, write it as id and rename the file to <id>.yml",
      "content/2024/rd_2023_0001.yml:1: id: required field is missing"]),
    ("关于加装电梯的建议.yml", "id: rd-2024-0001", "id: rd-2024-0003",
     ["content/2024/关于加装电梯的建议.yml:1: id: duplicate id 'rd-2024-0003' (also in "
      "content/2024/rd-2024-0003.yml)",
      "content/2024/关于加装电梯的建议.yml:1: id: file name '关于加装电梯的建议.yml' is not an "
      "id: its id rd-2024-0003 is taken by content/2024/rd-2024-0003.yml; choose an id no other "
      "record has, write it as id and rename the file to <id>.yml"]),
    # A record whose id names another file: that file is the one it would collide with.
    ("关于加装电梯的建议.yml", "id: rd-2024-0001", "id: rd-2024-0009",
     ["content/2024/关于加装电梯的建议.yml:1: id: file name '关于加装电梯的建议.yml' is not an "
      "id: rename the file to rd-2024-0009.yml, after its id"]),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), TAKEN,
                         ids=[f"{case[0]} {case[2]}" for case in TAKEN])
def test_file_name_advice_never_names_an_id_another_record_has(
        content: Path, name: str, old: str, new: str, expected: list[str]) -> None:
    original = (content / R1).read_text(encoding="utf-8")
    (content / R1).unlink()
    (content / "2024" / name).write_text(original.replace(old, new), encoding="utf-8")
    assert problems_of(content) == expected


def test_a_file_named_as_another_records_id_is_taken_too(content: Path) -> None:
    """A file whose id is not its name still takes its name: renaming to it would clash."""
    (content / R1).rename(content / "2024" / "rd-2024-0007.yml")
    (content / "2024" / "RD 2024 0007.yml").write_text(
        (content / Z2).read_text(encoding="utf-8").replace("id: zx-2024-0002\n", ""),
        encoding="utf-8")
    (content / Z2).unlink()
    assert problems_of(content) == [
        "content/2024/RD 2024 0007.yml:1: id: file name 'RD 2024 0007.yml' is not an id: it reads "
        "as rd-2024-0007, which is taken by content/2024/rd-2024-0007.yml; choose an id no other "
        "record has, write it as id and rename the file to <id>.yml",
        "content/2024/RD 2024 0007.yml:1: id: required field is missing",
        "content/2024/rd-2024-0007.yml:1: id: 'rd-2024-0001' does not match the file name "
        "(expected 'rd-2024-0007')"]


def test_a_vocabulary_name_holding_an_invisible_character_is_named_as_the_near_miss(
        content: Path) -> None:
    """When units.yml holds the stray character, the record's value is the right one: the
    message shows both, escaped, and leaves the choice to the clerk."""
    edit(content / "units.yml", "  name: 市财政局", "  name: 市财政局\u200b")
    edit(content / R1, "  co: [finance]", "  co: [市财政局]")
    assert problems_of(content) == [
        f"content/{R1}:15: units.co[0]: unknown unit '市财政局': it differs from "
        "'市财政局\\u200b' only in invisible characters: that one holds an invisible zero-width "
        "space (U+200B) after '市财政局'; correct whichever is wrong",
        f"content/{R1}:49: replies[1].unit: unit 'finance' replies as co but is not listed in "
        "units.co"]


@pytest.mark.parametrize(("name", "written", "expected"), [
    ("市（区）教育局", "市(区)教育局",
     "unknown unit '市(区)教育局': it differs from '市（区）教育局' only in character width: "
     "'(' for '（' after '市', ')' for '）' after '市(区'; correct whichever is wrong"),
    ("市教育局\ufe0f", "市教育局",
     "unknown unit '市教育局': it differs from '市教育局\\ufe0f' only in invisible characters: "
     "that one holds an invisible variation selector-16 (U+FE0F) after '市教育局'; correct "
     "whichever is wrong"),
    ("市（区）教育局", "市(区)\u3164教育局",
     "unknown unit '市(区)\\u3164教育局': it differs from '市（区）教育局' only in invisible "
     "characters and character width: it holds an invisible hangul filler (U+3164) after "
     "'市(区)'; '(' for '（' after '市', ')' for '）' after '市(区'; correct whichever is wrong"),
    ("ＥＤＵ教育局", "EDU教育局",
     "unknown unit 'EDU教育局': it differs from 'ＥＤＵ教育局' only in character width: "
     "'E' for 'Ｅ' before 'DU教育局', 'D' for 'Ｄ' after 'E', 'U' for 'Ｕ' after 'ED'; correct "
     "whichever is wrong"),
    ("ＥＤＵＣ教育局", "EDUC教育局",
     "unknown unit 'EDUC教育局': it differs from 'ＥＤＵＣ教育局' only in character width: 4 "
     "characters differ in width; correct whichever is wrong"),
])
def test_a_vocabulary_name_that_differs_in_width_names_each_character_and_where(
        content: Path, name: str, written: str, expected: str) -> None:
    """When units.yml holds the wider or the invisible character, either side may be wrong:
    the message names each character that differs, on either side, and where it is."""
    (content / "units.yml").write_text(
        (content / "units.yml").read_text(encoding="utf-8")
        + f"- slug: education\n  name: {name}\n", encoding="utf-8")
    edit(content / R1, "  co: [finance]", f"  co: [finance, {written}]")
    assert problems_of(content) == [f"content/{R1}:15: units.co[1]: {expected}"]


def test_the_published_schema_refuses_an_empty_withdrawn_or_published_too() -> None:
    """The check refuses null there; the schema says the same, while an empty text field may
    still be null in both."""
    reply = json.loads(schema_documents()["record.schema.json"])["$defs"]["Reply"]["properties"]
    assert reply["withdrawn"] == {"$ref": "#/$defs/Withdrawal", "default": None}
    assert reply["published"] == {"default": None, "format": "date", "title": "Published",
                                  "type": "string"}
    assert {"type": "null"} in reply["doc_number"]["anyOf"]
