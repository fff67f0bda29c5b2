"""Rendering helpers: escaping, relative links, clerks' Markdown, and page addresses."""

from __future__ import annotations

import markdown
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.pages.outputs import PORTAL, DuplicateOutputError, OutputRegistry, Page
from generator.pages.render import markdown_inline, relative_url
from generator.records.clerk_text import _PLAIN, clerk_html, markdown_html


@pytest.mark.parametrize("text", [
    "关于*加快*老旧小区[加装](电梯)的建议", "第21-168号", "<script>alert(1)</script>",
    "a | b", "# 标题 {: onclick=x}", "某住建复〔2024〕12号", "11330100MB1234567X/2024-00031",
    "1. 不是列表", "`代码` _下划线_ \\反斜杠",
])
def test_inline_text_renders_as_itself(text: str) -> None:
    html = markdown.markdown(f"| 项 |\n|---|\n| {markdown_inline(text)} |",
                             extensions=["tables", "attr_list"])
    cell = html.split("<td>")[1].split("</td>")[0]
    expected = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert cell == expected


@pytest.mark.parametrize(("source", "target", "expected"), [
    ("2024/rd-2024-0001/", "units/housing/", "../../units/housing/"),
    ("", "units/", "units/"),
    ("2024/", "2024/rd-2024-0001/", "rd-2024-0001/"),
    ("2024/rd-2024-0001/", "", "../../"),
    ("units/", "units/", "./"),
    ("2024/rd-1/", "2024/attachments/2024/a.pdf", "../attachments/2024/a.pdf"),
    # Names as clerks give them: `#` and `?` would end the path, `%` start an escape.
    ("2024/rd-1/", "2024/attachments/2024/3#楼加装电梯方案.pdf",
     "../attachments/2024/3%23%E6%A5%BC%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF%E6%96%B9%E6%A1%88.pdf"),
    ("2024/rd-1/", "2024/attachments/2024/补助资金100%到位说明.pdf",
     "../attachments/2024/%E8%A1%A5%E5%8A%A9%E8%B5%84%E9%87%91100%25"
     "%E5%88%B0%E4%BD%8D%E8%AF%B4%E6%98%8E.pdf"),
    ("2024/rd-1/", "2024/attachments/2024/加装电梯 申请表.pdf",
     "../attachments/2024/%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF%20%E7%94%B3%E8%AF%B7%E8%A1%A8.pdf"),
    ("2024/rd-1/", "2024/attachments/2024/常见问题?.pdf",
     "../attachments/2024/%E5%B8%B8%E8%A7%81%E9%97%AE%E9%A2%98%3F.pdf"),
    ("", "2024/attachments/a&b (1);x=y:z.pdf", "2024/attachments/a%26b%20%281%29%3Bx%3Dy%3Az.pdf"),
])
def test_links_are_relative(source: str, target: str, expected: str) -> None:
    assert relative_url(source, target) == expected


def test_clerk_markdown_keeps_structure_and_drops_live_markup() -> None:
    html = clerk_html("# 一、进展\n\n| 区 | 台 |\n|---|---|\n| 东 | 3 |\n\n- 甲\n- 乙\n\n"
                      "<script>alert(1)</script><img src=x onerror=alert(1)>\n"
                      "[链接](javascript:alert(1)) [好](https://example.org)\n"
                      "<iframe src=https://example.org></iframe>")
    assert "<h3>一、进展</h3>" in html
    assert "<table>" in html and "<li>甲</li>" in html
    assert "<script" not in html and "<img" not in html and "<iframe" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html
    assert '<a href="https://example.org" rel="noopener noreferrer nofollow">好</a>' in html


# Under plain CommonMark a `**` next to full-width punctuation and a letter cannot open or
# close: the clerk's asterisks were shown on the page and in search excerpts.
@pytest.mark.parametrize(("text", "expected"), [
    ("**一是加强停放管理。**我局在主要商圈施划停放区。",
     "<p><strong>一是加强停放管理。</strong>我局在主要商圈施划停放区。</p>"),
    ("**注意：**电子围栏以外不能还车。",
     "<p><strong>注意：</strong>电子围栏以外不能还车。</p>"),
    ("我局**“十四五”规划**已印发。", "<p>我局<strong>“十四五”规划</strong>已印发。</p>"),
    ("*（试行）*办法已废止。", "<p><em>（试行）</em>办法已废止。</p>"),
    ("~~（征求意见稿）~~已正式印发。", "<p><del>（征求意见稿）</del>已正式印发。</p>"),
    ("**bold.**text", "<p>**bold.**text</p>"),  # Latin text keeps CommonMark's rule
])
def test_emphasis_next_to_full_width_punctuation(text: str, expected: str) -> None:
    assert clerk_html(text) == expected


def test_a_letter_with_markup_keeps_its_indents_and_line_breaks() -> None:
    text = ("　　**一、推进情况**\n全市已完成加装电梯**42台。**其余正在施工，\n年底前完成。\n\n"
            "　　特此答复。")
    assert clerk_html(text) == ("<p>\u3000\u3000<strong>一、推进情况</strong><br>\n"
                                "全市已完成加装电梯<strong>42台。</strong>其余正在施工，<br>\n"
                                "年底前完成。</p>\n<p>\u3000\u3000特此答复。</p>")


def test_each_address_is_claimed_once() -> None:
    registry = OutputRegistry()
    registry.claim(Page("2024/suggestions/", "2024", ("kind.md.j2",), "建议", source="kind page"))
    with pytest.raises(DuplicateOutputError, match="claimed twice: by kind page and by record"):
        registry.claim(Page("2024/suggestions/", "2024", ("record.md.j2",), "x",
                            source="record suggestions"))
    with pytest.raises(DuplicateOutputError, match="outside edition 2024"):
        registry.claim(Page("units/x/", "2024", ("unit.md.j2",), "x", source="unit"))


def test_docs_paths_map_addresses_into_each_edition() -> None:
    assert Page("", PORTAL, (), "").docs_path == "index.md"
    assert Page("units/housing/", PORTAL, (), "").docs_path == "units/housing/index.md"
    assert Page("2024/", "2024", (), "").docs_path == "index.md"
    assert Page("2024/rd-2024-0001/", "2024", (), "").docs_path == "rd-2024-0001/index.md"


# Characters of letters as clerks write them (most of them plain, so that the direct way is
# taken often), then with those that have a meaning in Markdown or HTML, then any at all.
_PLAIN_CHARACTERS = list("关于加快老旧小区电梯建议答复一二 abcXYZ0123456789.%\n\n\n　\u2003\u200b")
_MARKUP_CHARACTERS = list("*_#>-+=|`~[]()<>&\"'!:\\/\t\u00a0")


@settings(max_examples=3000, deadline=None)
@given(st.text(st.sampled_from(_PLAIN_CHARACTERS), max_size=40)
       | st.text(st.sampled_from(_PLAIN_CHARACTERS + _MARKUP_CHARACTERS), max_size=40)
       | st.text(max_size=40))
def test_plain_text_renders_as_the_markdown_parser_would(text: str) -> None:
    assert clerk_html(text) == markdown_html(text)


@pytest.mark.parametrize("text", [
    "　　经研究，现答复如下：\n\n一、推进情况\n全市共完成 128 台，占计划的 85.3%。\n\n二、下一步",
    "12.5万元已拨付。", "联系人：李某",
])
def test_a_letter_without_markup_takes_the_direct_way(text: str) -> None:
    assert _PLAIN.match(text)
