"""Anchors on record pages: named after what they hold, unique, and kept when replies are added.

A link to one unit's reply is shared and cited; it must land on that reply for good.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path

import feedparser
import pytest

from generator.pages.anchors import progress_anchors, reply_anchors
from generator.pages.publication import PublicProgress, PublicReply, UnitRef
from generator.records.models import Unit
from generator.site.build import BuildOptions, build_site
from tests.conftest import FIXTURE, ROOT, build, edit


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


class _Ids(HTMLParser):
    """The ids of a page's elements in order, whether inside its article, and headings' text."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[tuple[str, bool]] = []
        self.headings: dict[str, str] = {}
        self._article = False
        self._heading: str | None = None
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._article = self._article or tag == "article"
        anchor = dict(attrs).get("id")
        if anchor:
            self.ids.append((anchor, self._article))
            if re.fullmatch(r"h[1-6]", tag):
                self._heading = anchor
                self.headings[anchor] = ""

    def handle_endtag(self, tag: str) -> None:
        self._article = self._article and tag != "article"
        if re.fullmatch(r"h[1-6]", tag):
            self._heading = None

    def handle_data(self, data: str) -> None:
        if self._heading:
            self.headings[self._heading] += data


def article_ids(html: str) -> list[str]:
    """Every id inside the page's article, in order."""
    return [anchor for anchor, inside in _Ids(html).ids if inside]


def headings(html: str) -> dict[str, str]:
    """The headings with an id, id to text."""
    return _Ids(html).headings


def toc_links(html: str) -> list[str]:
    """The links of Material's table of contents (the sidebar beside the article)."""
    return re.findall(r'<a href="(#[^"]*)" class="md-nav__link"', html)


def test_a_record_pages_anchors_say_what_they_point_at(sample_site: Path) -> None:
    html = page(sample_site, "2024/rd-2024-0012")
    assert article_ids(html) == [
        "title", "suggestion", "reply-housing-lead", "attachments-housing-lead",
        "reply-finance-co", "attachments-finance-co", "reply-natural-resources-co",
        "progress", "progress-2024-09-20", "progress-2024-12-27"]
    assert toc_links(html) == [
        "#suggestion", "#reply-housing-lead", "#reply-finance-co",
        "#reply-natural-resources-co", "#progress", "#progress-2024-09-20",
        "#progress-2024-12-27"]
    assert headings(html)["reply-finance-co"] == "市财政局答复（会办）"
    assert headings(html)["progress-2024-12-27"] == (
        "2024-12-27：办理结果调整为A类：已解决或基本解决")
    assert article_ids(page(sample_site, "2024/zx-2024-0168"))[:2] == ["title", "proposal"]


# A co-handling reply from another unit, filed before the one that was there, and a second
# reply of that unit: each heading after them used to move to the next number. The new
# reply's clerk also writes headings that try to take ids of the page.
NEW_REPLIES = """\
  - unit: civil-affairs
    role: co
    status: approved
    approved: 2024-04-25
    date: 2024-04-24
    text: |
      # 一、总体情况 {#reply-finance-co}

      <h2 id="progress">二、进展</h2>

      市民政局将配合做好老年人需求摸底。
"""
SECOND_FINANCE_REPLY = """\
  - unit: finance
    role: co
    status: approved
    approved: 2024-06-20
    date: 2024-06-18
    text: |
      补充答复：补助资金已拨付到位。
"""


@pytest.fixture(scope="module")
def before_and_after(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, str]:
    """The record page of the fixture's rd-2024-0001, built, then rebuilt with new replies."""
    root = tmp_path_factory.mktemp("anchors")
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    record = content / "2024" / "rd-2024-0001.yml"
    before = page(build(content, root), "2024/rd-2024-0001")
    edit(record, "  co: [finance]\n", "  co: [finance, civil-affairs]\n")
    edit(record, "  - unit: finance\n", NEW_REPLIES + "  - unit: finance\n")
    edit(record, "feedback:", SECOND_FINANCE_REPLY + "feedback:")
    after = page(build(content, root), "2024/rd-2024-0001")
    return before, after


def test_adding_co_handling_replies_moves_no_other_anchor(
        before_and_after: tuple[str, str]) -> None:
    before, after = before_and_after
    assert article_ids(before) == ["title", "suggestion", "reply-housing-lead",
                                   "attachments-housing-lead", "reply-finance-co", "progress",
                                   "progress-2024-11-01"]
    assert article_ids(after) == ["title", "suggestion", "reply-housing-lead",
                                  "attachments-housing-lead", "reply-civil-affairs-co",
                                  "reply-finance-co", "reply-finance-co-2", "progress",
                                  "progress-2024-11-01"]
    old, new = headings(before), headings(after)
    assert {key: new[key] for key in old} == old
    assert {key: new[key] for key in new.keys() - old.keys()} == {
        "reply-civil-affairs-co": "市民政局答复（会办）",
        "reply-finance-co-2": "市财政局答复（会办）"}
    assert toc_links(after) == ["#suggestion", "#reply-housing-lead", "#reply-civil-affairs-co",
                                "#reply-finance-co", "#reply-finance-co-2", "#progress",
                                "#progress-2024-11-01"]


def test_clerks_headings_take_no_id_of_the_page(before_and_after: tuple[str, str]) -> None:
    _, after = before_and_after
    every_id = [anchor for anchor, _ in _Ids(after).ids]
    assert len(every_id) == len(set(every_id))
    assert "<h3>一、总体情况 {#reply-finance-co}</h3>" in after
    assert '<p>&lt;h2 id="progress"&gt;二、进展&lt;/h2&gt;</p>' in after
    assert headings(after)["reply-finance-co"] == "市财政局答复（会办）"


def _reply(slug: str, role: str) -> PublicReply:
    unit = Unit(slug=slug, name=slug)
    return PublicReply(UnitRef(unit), role, None, None, None, dt.date(2024, 5, 1),
                       dt.date(2024, 5, 1), None, None, "full", "答复。", None, None, ())


def test_a_second_reply_or_entry_of_the_same_name_is_numbered() -> None:
    replies = [_reply("housing", "lead"), _reply("housing", "separate"),
               _reply("finance", "co"), _reply("finance", "co"), _reply("finance", "co")]
    assert [anchor for anchor, _ in reply_anchors(replies)] == [
        "housing-lead", "housing-separate", "finance-co", "finance-co-2", "finance-co-3"]
    day = dt.date(2024, 11, 1)
    entries = [PublicProgress(day, "甲", None), PublicProgress(day, "乙", None),
               PublicProgress(dt.date(2024, 12, 1), "丙", None)]
    assert [anchor for anchor, _ in progress_anchors(entries)] == [
        "progress-2024-11-01", "progress-2024-11-01-2", "progress-2024-12-01"]


def test_replies_of_one_unit_and_role_are_numbered_in_order_of_publication() -> None:
    """A reply made public later takes the next number, wherever it stands on the page and
    whenever it was approved."""
    first, second, third = (_reply("housing", "lead") for _ in range(3))
    first = replace(first, approved=dt.date(2024, 4, 1), published=dt.date(2024, 7, 1))
    third = replace(third, approved=dt.date(2024, 6, 1), published=dt.date(2024, 6, 1))
    assert [(anchor, reply.published.isoformat()) for anchor, reply in
            reply_anchors([first, second, third, _reply("housing", "co")])] == [
        ("housing-lead-3", "2024-07-01"), ("housing-lead", "2024-05-01"),
        ("housing-lead-2", "2024-06-01"), ("housing-co", "2024-05-01")]
    # On the same day, the order of the record decides.
    assert [anchor for anchor, _ in reply_anchors([second, replace(second, text="乙")])] == [
        "housing-lead", "housing-lead-2"]


EMBARGOED_FIRST = """\
  - unit: housing
    role: lead
    status: approved
    approved: 2024-04-01
    published: 2025-03-01
    doc_number: 测住建复〔2024〕8号
    text: |
      先行审定的答复：西区加装电梯方案已报批。
"""


def test_a_reply_released_from_embargo_moves_no_anchor_or_feed_id(tmp_path: Path) -> None:
    """A reply of the same unit and role stands first and was approved first, but is held back
    until 2025-03-01; the reply below it is public already. On release, the public reply keeps
    its id and its feed entry's id, and the released one takes the next number."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / "2024" / "rd-2024-0001.yml", "replies:\n", "replies:\n" + EMBARGOED_FIRST)

    def built_on(day: dt.date) -> tuple[dict[str, str], list[str]]:
        site = tmp_path / "site"
        build_site(BuildOptions(content, site, ROOT / "mkdocs.yml", tmp_path / "build",
                                date=day))
        feed = feedparser.parse((site / "2024" / "feed.xml").read_bytes())
        return (_Sections(page(site, "2024/rd-2024-0001")).text,
                sorted(e.id for e in feed.entries if "rd-2024-0001:reply-housing" in e.id))

    before, before_feed = built_on(dt.date(2025, 2, 28))
    after, after_feed = built_on(dt.date(2025, 3, 1))
    assert [anchor for anchor in before if "housing" in anchor] == [
        "reply-housing-lead", "attachments-housing-lead"]
    assert "测住建复〔2024〕1号" in before["reply-housing-lead"]
    assert before_feed == ["urn:replysite:rd-2024-0001:reply-housing-lead"]
    assert [anchor for anchor in after if "housing" in anchor] == [
        "reply-housing-lead-2", "reply-housing-lead", "attachments-housing-lead"]
    assert "测住建复〔2024〕8号" in after["reply-housing-lead-2"]
    assert "测住建复〔2024〕1号" in after["reply-housing-lead"]
    assert after_feed == ["urn:replysite:rd-2024-0001:reply-housing-lead",
                          "urn:replysite:rd-2024-0001:reply-housing-lead-2"]


class _Sections(HTMLParser):
    """The text of a page's article after each id, up to the next one: what a link lands on.
    Text hidden from readers (aria-hidden, such as the words kept for search) is left out."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: dict[str, str] = {}
        self._current: str | None = None
        self._article = False
        self._hidden = 0  # open elements of a hidden subtree
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._article = self._article or tag == "article"
        if self._hidden or dict(attrs).get("aria-hidden") == "true":
            self._hidden += tag not in VOID_ELEMENTS
            return
        anchor = dict(attrs).get("id")
        if anchor and self._article:
            self._current = anchor
            self.text[anchor] = ""

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            self._hidden -= 1
            return
        self._article = self._article and tag != "article"
        self._current = self._current if self._article else None

    def handle_data(self, data: str) -> None:
        if self._current and not self._hidden:
            self.text[self._current] += data


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
                 "source", "track", "wbr"}


DRAFT_FIRST = """\
  - unit: housing
    role: lead
    status: draft
    doc_number: 测住建复〔2024〕9号
    text: |
      补充答复：东区加装电梯已全部开工。
"""


def test_approving_a_draft_above_a_published_reply_moves_no_anchor(tmp_path: Path) -> None:
    """A draft of the same unit and role stands first; it is approved after the reply below
    it was published. Every id the page had keeps its reply, and the newly approved reply gets
    the next number."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    record = content / "2024" / "rd-2024-0001.yml"
    edit(record, "replies:\n", "replies:\n" + DRAFT_FIRST)
    before = _Sections(page(build(content, tmp_path), "2024/rd-2024-0001")).text
    edit(record, "    status: draft\n", "    status: approved\n    approved: 2024-07-01\n")
    after = _Sections(page(build(content, tmp_path), "2024/rd-2024-0001")).text
    assert [anchor for anchor in before if "housing" in anchor] == [
        "reply-housing-lead", "attachments-housing-lead"]
    assert "测住建复〔2024〕1号" in before["reply-housing-lead"]
    assert [anchor for anchor in after if "housing" in anchor] == [
        "reply-housing-lead-2", "reply-housing-lead", "attachments-housing-lead"]
    # The title's section holds the record's metadata, taken from the first lead reply shown.
    del before["title"]
    assert {anchor: after[anchor] for anchor in before} == before
    assert "测住建复〔2024〕9号" in after["reply-housing-lead-2"]
