"""Contact details are caught in every published field, and site.yml's rules allow or replace.

Each message names the file, the line of the detail itself and the field, and masks the detail,
however the detail is typed: full-width, in other scripts' digits, with any separator between its
groups, with invisible characters inside. tests/test_contact_forms.py generates those forms.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.demo import write_demo_corpus
from generator.records.contact_details import Redaction, detect, mask, valid_id_number
from generator.records.models import RedactionRule
from generator.records.problems import ContentError
from generator.site.build import check
from tests.conftest import build, edit

R1 = "content/2024/rd-2024-0001.yml"
ID_NUMBER = "330106198503124715"  # made up, with a correct check digit
ADVICE = "must not be published (remove it, or add a redaction rule in site.yml)"


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check(content)
    return [str(problem) for problem in caught.value.problems]


def put_in_reply(content: Path, addition: str) -> None:
    edit(content / "2024" / "rd-2024-0001.yml", "全市已完成加装电梯 *42* 台。",
         f"全市已完成加装电梯 *42* 台。{addition}")


def test_a_mobile_number_deep_in_a_reply_is_found_on_its_own_line(content: Path) -> None:
    put_in_reply(content, "联系人王某某，手机13812345678。")
    assert problems_of(content) == [f"{R1}:38: replies[0].text: mobile number 138****5678 {ADVICE}"]


def test_a_landline_with_area_code_in_a_title(content: Path) -> None:
    edit(content / "2024" / "rd-2024-0001.yml", "title: 关于老旧小区加装电梯的建议",
         "title: 关于老旧小区加装电梯的建议（咨询0571-86001234）")
    assert problems_of(content) == [f"{R1}:6: title: landline number 0571-****1234 {ADVICE}"]


def test_an_id_card_number_with_a_valid_check_digit(content: Path) -> None:
    put_in_reply(content, f"身份证号{ID_NUMBER}。")
    assert problems_of(content) == [
        f"{R1}:38: replies[0].text: ID card number 330106********4715 {ADVICE}"]


def test_an_email_address_in_a_progress_entry(content: Path) -> None:
    edit(content / "2024" / "rd-2024-0001.yml", "text: 年内又完成加装电梯 20 台。",
         "text: 年内又完成加装电梯 20 台，意见请发 wangmoumou@example.cn。")
    assert problems_of(content) == [f"{R1}:60: progress[0].text: e-mail address "
                                    f"w***@example.cn {ADVICE}"]


def test_every_detail_is_reported_at_once(content: Path) -> None:
    put_in_reply(content, "电话 138 1234 5678，或 +86 139-8765-4321。")
    assert problems_of(content) == [
        f"{R1}:38: replies[0].text: mobile number 138****5678 {ADVICE}",
        f"{R1}:38: replies[0].text: mobile number 139****4321 {ADVICE}",
    ]


@pytest.mark.parametrize("typed", ["１３９１２３４５６７８", "139－1234－5678"])
def test_a_mobile_number_typed_full_width_is_found(content: Path, typed: str) -> None:
    put_in_reply(content, f"联系人王某某，手机{typed}。")
    assert problems_of(content) == [f"{R1}:38: replies[0].text: mobile number 139****5678 {ADVICE}"]


def test_a_build_of_a_full_width_number_fails_and_publishes_nothing(
        content: Path, tmp_path: Path) -> None:
    put_in_reply(content, "联系人王某某，手机１３９１２３４５６７８。")
    with pytest.raises(ContentError) as caught:
        build(content, tmp_path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{R1}:38: replies[0].text: mobile number 139****5678 {ADVICE}"]
    assert not (tmp_path / "site").exists()


def test_a_detail_split_over_lines_is_reported_where_it_starts(content: Path) -> None:
    edit(content / "2024" / "rd-2024-0001.yml", "全市已完成加装电梯 *42* 台。",
         "全市已完成加装电梯 *42* 台。联系电话139\n      1234\n      5678。")
    assert problems_of(content) == [f"{R1}:38: replies[0].text: mobile number 139****5678 {ADVICE}"]


@pytest.mark.parametrize(("typed", "kind", "masked"), [
    ("１３９１２３４５６７８", "mobile", "139****5678"),
    ("139－1234－5678", "mobile", "139****5678"),
    ("١٣٩١٢٣٤٥٦٧٨", "mobile", "139****5678"),
    ("१३९ १२३४ ५६७८", "mobile", "139****5678"),
    ("𝟏𝟑𝟗𝟏𝟐𝟑𝟒𝟓𝟔𝟕𝟖", "mobile", "139****5678"),
    ("1\u200b39\u00a01234\u00ad5678", "mobile", "139****5678"),
    ("138 — 1234 — 5678", "mobile", "138****5678"),
    ("138·1234·5678", "mobile", "138****5678"),
    ("＋８６　１３８ １２３４ ５６７８", "mobile", "138****5678"),
    ("（０５７１）８６００　１２３４", "landline", "0571-****1234"),
    ("０５７１－８６００１２３４", "landline", "0571-****1234"),
    ("0571 8600 1234", "landline", "0571-****1234"),
    ("+86 10 6234 5678", "landline", "010-****5678"),
    ("３３０１０６１９８５０３１２４７１５", "id", "330106********4715"),
    ("330106 19850312 4715", "id", "330106********4715"),
    ("ｗａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ", "email", "w***@example.cn"),
    ("wang ＠ example．cn", "email", "w***@example.cn"),
    # Not an ID card number (the check digit is wrong), but an e-mail address.
    ("330106198503124710@example.cn", "email", "3***@example.cn"),
])
def test_a_detail_is_found_however_it_is_typed(typed: str, kind: str, masked: str) -> None:
    text = f"联系人王某某，{typed}。"
    assert [(hit.kind, hit.text, hit.masked) for hit in detect(text)] == [(kind, typed, masked)]
    hit = next(detect(text))
    assert text[hit.start:hit.end] == typed


@pytest.mark.parametrize(("typed", "kind", "masked"), [
    # Characters that show as nothing or a blank, whatever their category.
    ("138\u31641234\u31645678", "mobile", "138****5678"),  # Hangul filler
    ("138\u28001234\u28005678", "mobile", "138****5678"),  # braille pattern blank
    ("138\uffa01234\uffa05678", "mobile", "138****5678"),  # half-width Hangul filler
    ("138\u115f1234\u11605678", "mobile", "138****5678"),  # Hangul choseong, jungseong fillers
    ("138\u17b41234\u17b55678", "mobile", "138****5678"),  # Khmer inherent vowels
    ("138\U000e01001234\U000e01ef5678", "mobile", "138****5678"),  # variation selectors 17, 256
    ("138\U000e00201234\U000e007f5678", "mobile", "138****5678"),  # tag characters
    ("138\u034f1234\u180e5678", "mobile", "138****5678"),  # grapheme joiner, vowel separator
    ("1\u03323\u03328\u0332 1234 5678", "mobile", "138****5678"),  # combining low line
    # Any run of separators, bullets among them.
    ("138    1234    5678", "mobile", "138****5678"),
    ("138 -  1234 - 5678", "mobile", "138****5678"),
    ("138•1234•5678", "mobile", "138****5678"),
    ("138∙1234‧5678", "mobile", "138****5678"),
    ("138/1234/5678", "mobile", "138****5678"),
    ("138_1234_5678", "mobile", "138****5678"),
    # Brackets of any kind around an area code.
    ("【0572】86001234", "landline", "0572-****1234"),
    ("〔0572〕86001234", "landline", "0572-****1234"),
    ("［0572］8600 1234", "landline", "0572-****1234"),
    ("[0572]86001234", "landline", "0572-****1234"),
    ("〖010〗62345678", "landline", "010-****5678"),
    # An ID card number split in any grouping.
    ("330106 1985 03 12 4715", "id", "330106********4715"),
    ("3301 0619 8503 1247 15", "id", "330106********4715"),
    ("330-106-198-503-124-715", "id", "330106********4715"),
    # E-mail addresses: spaces around @ and dots, letters of any script.
    ("wang  @  example.cn", "email", "w***@example.cn"),
    ("wang@example . cn", "email", "w***@example.cn"),
    ("wang@丰禾.gov.cn", "email", "w***@丰禾.gov.cn"),
    ("wang@例子.中国", "email", "w***@例子.中国"),
    ("王某@example.cn", "email", "王***@example.cn"),
    ("wang@ex\u0430mple.cn", "email", "w***@ex\u0430mple.cn"),  # a Cyrillic а
    ("wang@example。cn", "email", "w***@example.cn"),
    ("13812345678@example.cn", "email", "1***@example.cn"),  # the address, not its number
])
def test_a_detail_is_found_whatever_hides_it(typed: str, kind: str, masked: str) -> None:
    text = f"联系人王某某，{typed}，"
    assert [(hit.kind, hit.text, hit.masked) for hit in detect(text)] == [(kind, typed, masked)]


@pytest.mark.parametrize(("text", "found"), [
    # A letter straight before a number does not hide it.
    ("Tel13812345678", "13812345678"),
    ("TEL:13812345678", "13812345678"),
    ("No13812345678", "13812345678"),
    ("No.13812345678", "13812345678"),
    ("电话13812345678abc", "13812345678"),
    ("Fax0571-86001234", "0571-86001234"),
    # Chinese around an e-mail address stays out of it.
    ("邮箱wang@example.cn等", "wang@example.cn"),
    ("联系wang@example.cn或致电", "wang@example.cn"),
    ("请发至wang@mail.example.gov.cn。谢谢", "wang@mail.example.gov.cn"),
])
def test_what_stands_beside_a_detail_does_not_hide_it(text: str, found: str) -> None:
    assert [hit.text for hit in detect(text)] == [found]


@pytest.mark.parametrize("text", [
    # Letters on both sides: a serial or a code, not a telephone number.
    "ABC13812345678DEF", "SN13812345678X",
    # Amounts: a number before a unit of money or measure, or after a currency sign.
    "全市一般公共预算收入13500000000元", "资金13812345678.00元", "共13812345678万元",
    "约13500000000亿", "增长13812345678%", "13812345678 吨", "￥13812345678", "人民币13812345678",
    # Identifiers: a number right after such a label.
    "项目编号：0571-2024-0001", "合同编号 010-2345-6789", "文号：0571-2024-0002",
    "索引号0571-2024-0003", "合同号:13812345678", "编号为0571 8600 1234",
])
def test_amounts_identifiers_and_serials_are_not_details(text: str) -> None:
    assert list(detect(text)) == []


@pytest.mark.parametrize(("text", "found"), [
    # A label exempts only telephone numbers, and only right after it.
    ("编号：330106198503124715", "330106198503124715"),
    ("编号：ABC，电话0571-86001234", "0571-86001234"),
    ("手机号：13812345678", "13812345678"),
    # A unit exempts only what it follows straight away.
    ("电话13812345678，共5元", "13812345678"),
])
def test_labels_and_units_exempt_only_what_they_name(text: str, found: str) -> None:
    assert [hit.text for hit in detect(text)] == [found]


@pytest.mark.parametrize(("text", "found"), [
    ("电话0571-86001234-801。", "0571-86001234"),  # an extension after the number
    # Folding ① or ¹ into a digit would make a 12-digit number of the mobile number beside it.
    ("①13812345678，", "13812345678"),
    ("电话13812345678¹", "13812345678"),
])
def test_what_is_beside_a_detail_stays_out_of_it(text: str, found: str) -> None:
    assert [hit.text for hit in detect(text)] == [found]


@pytest.mark.parametrize("text", [
    "丰住建复〔2024〕9号", "11330100MB0253418X/2024-00031", "2024-05-08", "2024年5月8日",
    "1,234,567.89元", "12.5万元", "2024099", "第21-168号",
    # Separators join groups, but only the groups of a number: these are no mobile number,
    # since none is three digits from 13 to 19 and then four and four.
    "2024 1234 5678", "2024-05-08 1234 5678", "２０２４．０５．０８　１２３４　５６７８",
    "截至2024年5月，共139 1234户", "2024.10.13 8123 4567", "1 381 234 5678",
    # An area code is 010, 02x or 0 and three digits from 3, set apart from the number.
    "001-2024-0003", "057186001234", "0571-8600",
])
def test_numbers_that_only_look_like_details_are_not(text: str) -> None:
    assert list(detect(text)) == []


def test_the_demo_corpus_of_10000_records_checks_clean(tmp_path: Path) -> None:
    # Its texts are full of dates, amounts, 文号, 索引号 and numbers: none is a contact detail.
    write_demo_corpus(tmp_path / "demo", records=10_000, years=10, seed=1)
    assert len(check(tmp_path / "demo").records) == 10_000


@pytest.mark.parametrize(("text", "found"), [
    # A date and then a mobile number is a mobile number: the date does not join it.
    ("2024-05-08 13812345678", "13812345678"),
    ("2024年5月8日13812345678", "13812345678"),
    ("2024-05-08－139 1234 5678", "139 1234 5678"),
    # A number broken over lines in a block text is still one number on the page.
    ("联系电话139\n1234\n5678。", "139\n1234\n5678"),
])
def test_a_date_before_a_mobile_number_stays_apart(text: str, found: str) -> None:
    assert [hit.text for hit in detect(text)] == [found]


def test_rules_match_the_folded_text_and_replace_the_original() -> None:
    redaction = Redaction([
        RedactionRule(text="某某小区3栋", replace="[已删除]", reason="住址"),
        RedactionRule(pattern=r"1[3-9]\d{9}", replace="[电话已删除]", reason="手机号码"),
    ])
    assert (redaction.replace("家住某某小区３栋，电话１３９\u200b１２３４５６７８。")
            == "家住[已删除]，电话[电话已删除]。")
    assert redaction.replace("家住某某小区3栋。") == "家住[已删除]。"


@pytest.mark.parametrize("text", [
    "2024-05-06", "2024年5月6日", "测住建复〔2024〕12号", "第02403号", "TEST-2024-00001",
    "11330100MB0253418X/2024-00031", "330106198503124710",  # wrong check digit
    "全市共有1381234567个", "12345678901234567890", "0571-8600", "v1.2@3",
])
def test_ordinary_numbers_are_not_contact_details(text: str) -> None:
    assert list(detect(text)) == []


def test_the_check_digit_and_masks() -> None:
    assert valid_id_number(ID_NUMBER) and not valid_id_number(ID_NUMBER[:-1] + "0")
    assert mask("mobile", "+86 138-1234-5678") == "138****5678"
    assert mask("landline", "（010）62345678") == "010-****5678"


def test_a_withheld_text_is_never_published_so_never_flagged(content: Path) -> None:
    edit(content / "2024" / "rd-2024-0003.yml", "这是草稿，永不公开。",
         "这是草稿，永不公开。联系人手机13812345678。")
    assert len(check(content).records) == 4


def test_rules_allow_a_pattern_or_a_text_and_are_listed(content: Path) -> None:
    put_in_reply(content, "咨询电话0571-86001234，或 office@example.gov.cn。")
    edit(content / "site.yml", "redaction: []",
         "redaction:\n"
         "  - {pattern: '0571-8\\d{7}', allow: true, reason: 承办单位办公电话可以公开}\n"
         "  - {text: office@example.gov.cn, allow: true, reason: 公开的政务邮箱}\n")
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "Redaction rules applied (site.yml):",
        "  承办单位办公电话可以公开 (pattern 0571-8\\d{7}): allowed 1 time",
        "  公开的政务邮箱 (text office@example.gov.cn): allowed 1 time",
    ]


def test_an_allow_rule_in_ascii_allows_the_full_width_form(content: Path) -> None:
    put_in_reply(content, "咨询电话０５７１－８６００１２３４，"
                          "或 ｏｆｆｉｃｅ＠ｅｘａｍｐｌｅ．ｇｏｖ．ｃｎ。")
    edit(content / "site.yml", "redaction: []",
         "redaction:\n"
         "  - {pattern: '0571-8\\d{7}', allow: true, reason: 承办单位办公电话可以公开}\n"
         "  - {text: office@example.gov.cn, allow: true, reason: 公开的政务邮箱}\n")
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "Redaction rules applied (site.yml):",
        "  承办单位办公电话可以公开 (pattern 0571-8\\d{7}): allowed 1 time",
        "  公开的政务邮箱 (text office@example.gov.cn): allowed 1 time",
    ]


def test_a_replace_rule_removes_the_text_from_every_page(content: Path, tmp_path: Path) -> None:
    put_in_reply(content, "王某某家住某某小区3栋，电话13812345678。")
    edit(content / "site.yml", "redaction: []",
         "redaction:\n"
         "  - {text: 某某小区3栋, replace: '[已删除]', reason: 住址}\n"
         "  - {pattern: '1[3-9]\\d{9}', replace: '[电话已删除]', reason: 代表的手机号码}\n")
    site = build(content, tmp_path)
    html = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    assert "家住[已删除]，电话[电话已删除]。" in html
    every_byte = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    assert "某某小区3栋".encode() not in every_byte and b"13812345678" not in every_byte


def test_a_rule_must_say_why(content: Path) -> None:
    edit(content / "site.yml", "redaction: []",
         "redaction:\n  - {text: 某某小区3栋, replace: '[已删除]'}\n")
    assert problems_of(content) == [
        "content/site.yml:11: redaction[0].reason: required field is missing"]


def test_a_replacement_is_put_in_literally() -> None:
    redaction = Redaction([
        RedactionRule(text="王某某", replace="C:\\path\\new", reason="路径"),
        RedactionRule(pattern="李(某)", replace="\\1号\\g<0>\\2", reason="组"),
    ])
    assert redaction.replace("王某某代表，李某委员") == "C:\\path\\new代表，\\1号\\g<0>\\2委员"
    assert redaction.replace("王某某，李某，１２") == "C:\\path\\new，\\1号\\g<0>\\2，１２"


def test_a_build_puts_replacements_in_as_written(content: Path, tmp_path: Path) -> None:
    edit(content / "site.yml", "redaction: []",
         "redaction:\n"
         "  - {text: 王某某, replace: 'C:\\path\\new', reason: 测试}\n"
         "  - {pattern: '李(某)', replace: '\\2号', reason: 测试}\n")
    site = build(content, tmp_path)
    html = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    assert "<dd>C:\\path\\new代表</dd>" in html and "<dd>\\2号</dd>" in html
    assert "<p>C:\\path\\new代表：</p>" in html


@pytest.mark.parametrize(("pattern", "message"), [
    ("a{4294967296}", "the repetition number is too large"),
    ("(" * 5000 + ")" * 5000, "nested too deeply"),
    ("(?P<x>", "missing ), unterminated subpattern at position 0"),
])
def test_a_pattern_that_does_not_compile_is_refused_by_check(content: Path, pattern: str,
                                                             message: str) -> None:
    edit(content / "site.yml", "redaction: []",
         f"redaction:\n  - {{pattern: '{pattern}', replace: x, reason: 测试}}\n")
    assert problems_of(content) == [
        f"content/site.yml:11: redaction[0].pattern: not a valid regular expression: {message}"]


ADDRESS_ADVICE = ("must not be published (it is part of an address, which replace rules do not "
                  "change: rename it, or add an allow rule in site.yml)")


def put_in_every_metadata_field(content: Path) -> None:
    """A detail of its own in each published field of rd-2024-0001 beyond the long texts."""
    record = content / "2024" / "rd-2024-0001.yml"
    edit(record, "session: 测试市一届人大二次会议",
         "session: 测试市一届人大二次会议330106198503124715")
    edit(record, "number: 第1号", "number: '13812345673'")
    edit(record, "{name: 王某某, role: 代表}", "{name: 王某某, role: 代表13812345674}")
    edit(record, "leader: 副市长 张某某", "leader: 副市长 张某某13812345670")
    edit(record, "doc_number: 测住建复〔2024〕1号", "doc_number: 测住建复〔2024〕1号 13812345671")
    edit(record, "index_number: TEST-2024-00001", "index_number: wang.index@example.cn")
    edit(record, "adoption: 部分采纳", "adoption: 部分采纳13812345672")
    edit(record, "{title: 加装电梯补助办法,", "{title: 加装电梯补助办法0571-86001234,")
    edit(record, "doc_number: 测财复〔2024〕3号", "doc_number: 测财复〔2024〕3号（13812345679）")


def test_every_published_field_of_a_record_is_checked(content: Path) -> None:
    put_in_every_metadata_field(content)
    assert problems_of(content) == [
        f"{R1}:4: session: ID card number 330106********4715 {ADVICE}",
        f"{R1}:5: number: mobile number 138****5673 {ADVICE}",
        f"{R1}:8: proposers[0].role: mobile number 138****5674 {ADVICE}",
        f"{R1}:16: key_item.leader: mobile number 138****5670 {ADVICE}",
        f"{R1}:24: replies[0].doc_number: mobile number 138****5671 {ADVICE}",
        f"{R1}:25: replies[0].index_number: e-mail address w***@example.cn {ADVICE}",
        f"{R1}:29: replies[0].adoption: mobile number 138****5672 {ADVICE}",
        f"{R1}:48: replies[0].attachments[0].title: landline number 0571-****1234 {ADVICE}",
        f"{R1}:53: replies[1].doc_number: mobile number 138****5679 {ADVICE}",
    ]


def test_a_pending_record_is_checked_by_what_it_lists(content: Path) -> None:
    draft = content / "2024" / "rd-2024-0003.yml"
    edit(draft, "number: 第3号", "number: 第3号 13812345678")
    assert len(check(content).records) == 4  # not listed: nothing of it is published
    edit(content / "site.yml", "list_pending: false", "list_pending: true")
    assert problems_of(content) == [
        f"content/2024/rd-2024-0003.yml:5: number: mobile number 138****5678 {ADVICE}"]


def test_an_attachment_file_name_is_checked_and_no_replace_rule_covers_it(
        content: Path) -> None:
    attachments = content / "attachments" / "2024"
    (attachments / "联系13812345675.pdf").write_bytes(b"%PDF-1.4\n")
    edit(content / "2024" / "rd-2024-0001.yml", "file: attachments/2024/rd-2024-0001-1.pdf",
         "file: attachments/2024/联系13812345675.pdf")
    expected = [f"{R1}:48: replies[0].attachments[0].file: mobile number 138****5675 "
                f"{ADDRESS_ADVICE}"]
    assert problems_of(content) == expected
    edit(content / "site.yml", "redaction: []",
         "redaction:\n  - {pattern: '1[3-9]\\d{9}', replace: '[电话已删除]', reason: 手机号码}\n")
    assert problems_of(content) == expected
    edit(content / "site.yml", "replace: '[电话已删除]'", "allow: true")
    assert len(check(content).records) == 4


def test_every_published_text_of_the_vocabularies_is_checked(content: Path) -> None:
    edit(content / "units.yml", "name: 市财政局", "name: 市财政局（电话13812345676）")
    edit(content / "units.yml", "former_names: [市住房保障和房产管理局]",
         "former_names: [市住房保障和房产管理局, 市房管局（０５７１－８６００１２３４）]")
    edit(content / "topics.yml", "name: 养老服务", "name: 养老服务13812345680")
    edit(content / "topics.yml", "description: 老旧小区改造、加装电梯",
         "description: 咨询wang.topic@example.cn")
    site = content / "site.yml"
    edit(site, "name: 测试市建议提案办理复文公开", "name: 测试市建议提案办理复文公开13812345681")
    edit(site, "jurisdiction: 测试市人民政府", "jurisdiction: 测试市人民政府 王某@example.cn\n"
         "description: >\n  本站说明，\n  电话13812345677\nurl: https://wang@example.cn/")
    edit(site, "{code: B, label: 正在解决或列入计划解决}", "{code: B, label: 正在解决13812345682}")
    assert problems_of(content) == [
        f"content/site.yml:1: name: mobile number 138****5681 {ADVICE}",
        f"content/site.yml:2: jurisdiction: e-mail address 王***@example.cn {ADVICE}",
        f"content/site.yml:5: description: mobile number 138****5677 {ADVICE}",
        f"content/site.yml:6: url: e-mail address w***@example.cn {ADDRESS_ADVICE}",
        f"content/site.yml:9: classification[1].label: mobile number 138****5682 {ADVICE}",
        f"content/topics.yml:2: [0].name: mobile number 138****5680 {ADVICE}",
        f"content/topics.yml:6: [1].description: e-mail address w***@example.cn {ADVICE}",
        f"content/units.yml:3: [0].former_names[1]: landline number 0571-****1234 {ADVICE}",
        f"content/units.yml:7: [2].name: mobile number 138****5676 {ADVICE}",
    ]


def test_a_replacement_that_holds_a_detail_is_refused_on_its_rule(content: Path) -> None:
    edit(content / "site.yml", "redaction: []",
         "redaction:\n  - {text: 王某某, replace: x, reason: 姓名}\n"
         "  - {text: 李某, replace: '请致电13812345678', reason: 姓名}\n")
    assert problems_of(content) == [
        "content/site.yml:12: redaction[1].replace: mobile number 138****5678 must not be "
        "published (a replacement is published as it is written: remove it)"]


def test_replace_rules_cover_the_vocabularies_and_are_counted(content: Path) -> None:
    edit(content / "units.yml", "name: 市财政局", "name: 市财政局（电话13812345676）")
    edit(content / "site.yml", "redaction: []",
         "redaction:\n  - {pattern: '1[3-9]\\d{9}', replace: '[电话已删除]', reason: 手机号码}\n")
    result = CliRunner().invoke(main, ["check", "--content", str(content)])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1:] == [
        "Redaction rules applied (site.yml):",
        "  手机号码 (pattern 1[3-9]\\d{9}): replaced 1 time",
    ]


BLOCK = "body: |\n  建议简化加装电梯审批，提高补助标准。\n"


@pytest.mark.parametrize(("written", "line"), [
    # Folded: lines are joined and blank lines become breaks, so counting breaks says 18.
    ("body: >\n  第一段\n\n  第二段\n  手机139\n  8765 4321\n", 21),
    # The same number twice in a literal block: each on its own line.
    ("body: |\n  电话13987654321\n  再次13987654321\n", 18),
    # Double-quoted, with escapes and a line continued by a backslash.
    ('body: "\\u7b2c一段\\t\\n\n  \\\n  第二段 \\x41 手机\n  13987654321"\n', 20),
    # Single-quoted, with '' and a blank line.
    ("body: '第''一''段\n\n  第二段\n  手机13987654321'\n", 20),
    # Plain, over several lines, after a blank one.
    ("body: 第一段\n\n  第二段\n  手机139\n  8765 4321\n", 20),
])
def test_a_detail_is_reported_on_the_line_that_holds_it(content: Path, written: str,
                                                        line: int) -> None:
    edit(content / "2024" / "rd-2024-0001.yml", BLOCK, written)
    found = problems_of(content)
    assert found[0] == f"{R1}:{line}: body: mobile number 139****4321 {ADVICE}"
    if "再次" in written:
        assert found == [f"{R1}:18: body: mobile number 139****4321 {ADVICE}",
                         f"{R1}:19: body: mobile number 139****4321 {ADVICE}"]


def test_a_plain_progress_text_over_lines_names_the_line_of_the_detail(content: Path) -> None:
    edit(content / "2024" / "rd-2024-0001.yml", "    text: 年内又完成加装电梯 20 台。\n",
         "    text: 第一行内容\n      第二行内容\n      联系电话138\n      1234 5678\n")
    assert problems_of(content) == [
        f"{R1}:62: progress[0].text: mobile number 138****5678 {ADVICE}"]


def test_a_replace_rule_reaches_metadata_vocabularies_listings_and_search(
        content: Path, tmp_path: Path) -> None:
    record = content / "2024" / "rd-2024-0001.yml"
    edit(record, "session: 测试市一届人大二次会议", "session: 测试市一届人大二次会议某某小区3栋")
    edit(record, "doc_number: 测住建复〔2024〕1号", "doc_number: 测住建复〔2024〕1号某某小区3栋")
    edit(record, "adoption: 部分采纳", "adoption: 部分采纳某某小区３栋")
    edit(content / "units.yml", "name: 市住房和城乡建设局", "name: 市住房和城乡建设局某某小区3栋")
    edit(content / "topics.yml", "name: 城市更新", "name: 城市更新某某小区3栋")
    edit(content / "site.yml", "name: 测试市建议提案办理复文公开",
         "name: 测试市建议提案办理复文公开某某小区3栋")
    edit(content / "site.yml", "redaction: []",
         "redaction:\n  - {text: 某某小区3栋, replace: '[已删除]', reason: 住址}\n")
    site = build(content, tmp_path)
    every_byte = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    every_byte += b"".join(gzip.decompress(p.read_bytes()) for p in site.rglob("*.pf_*"))
    assert "某某小区".encode() not in every_byte
    page = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    for shown in ("<dd>测试市一届人大二次会议[已删除]</dd>", "<dd>测住建复〔2024〕1号[已删除]</dd>",
                  "<dd>部分采纳[已删除]</dd>", ">市住房和城乡建设局[已删除]</a>",
                  'data-pagefind-filter="主办单位:市住房和城乡建设局[已删除]"',
                  'data-pagefind-filter="主题:城市更新[已删除]"',
                  "<title>关于老旧小区加装电梯的建议 - 测试市建议提案办理复文公开[已删除]</title>"):
        assert shown in page
    home = (site / "index.html").read_text(encoding="utf-8")
    units = (site / "2024" / "units" / "housing" / "index.html").read_text(encoding="utf-8")
    assert "测试市建议提案办理复文公开[已删除]" in home
    assert '<span class="rs-nowrap">市住房和城乡建设局[已删除]</span>' in home  # the newest replies
    assert "市住房和城乡建设局[已删除]：2024年" in units


READ = ("must not be published: it shows once the text's Markdown or character references are "
        "read (remove it, or add a redaction rule in site.yml)")


@pytest.mark.parametrize(("written", "found"), [
    ("手机138&#49;2345678。", "mobile number 138****5678"),
    ("邮箱wang&#64;example.cn。", "e-mail address w***@example.cn"),
    ("电话0571&#x2d;87001234。", "landline number 0571-****1234"),
    ("手机138**1234**5678。", "mobile number 138****5678"),
    ("手机138`1234`5678。", "mobile number 138****5678"),
    ("手机[138](https://a.cn)12345678。", "mobile number 138****5678"),
    ("手机138\\-1234\\-5678。", "mobile number 138****5678"),
])
def test_a_detail_spelled_by_markdown_or_a_character_reference_is_found(
        content: Path, written: str, found: str) -> None:
    """What the page and the search index read, not only what the file says: references are
    decoded and markup is dropped, so no part of a number hides behind them."""
    put_in_reply(content, written)
    assert problems_of(content) == [f"{R1}:38: replies[0].text: {found} {READ}"]


def test_a_character_reference_in_a_plain_field_is_read_as_the_search_index_reads_it(
        content: Path) -> None:
    """Pagefind decodes a reference that the page shows escaped, so titles and unit names are
    read decoded too."""
    edit(content / "2024" / "rd-2024-0001.yml", "title: 关于老旧小区加装电梯的建议",
         "title: 关于老旧小区加装电梯的建议138&#49;2345678")
    edit(content / "units.yml", "name: 市财政局", "name: 市财政局wang&#64;example.cn")
    assert problems_of(content) == [
        f"{R1}:6: title: mobile number 138****5678 {READ}",
        f"content/units.yml:7: [2].name: e-mail address w***@example.cn {READ}",
    ]


def test_markup_and_references_that_spell_no_detail_raise_no_alarm(content: Path) -> None:
    put_in_reply(content, "补助**2024**年度资金1,234&#46;5万元，详见`第21-168号`文件&amp;附件。")
    assert check(content).records
