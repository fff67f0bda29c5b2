"""Contact details are caught in every published field, and site.yml's rules allow or replace.

Each message names the file, the line of the detail itself and the field, and masks the detail.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.build import check
from generator.cli import main
from generator.contact_details import detect, mask, valid_id_number
from generator.problems import ContentError
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
