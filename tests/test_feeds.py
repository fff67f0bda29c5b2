"""The Atom feeds (RFC 4287), built for real and read back with a feed reader's parser."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import feedparser
import pytest

from generator.data.feeds import FEED_SIZE, atom_feed, newest
from generator.pages.facts import FeedEntry
from tests.conftest import FIXTURE, build, edit


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(FIXTURE, tmp_path_factory.mktemp("feeds"))


def parsed(data: bytes) -> Any:
    feed = feedparser.parse(data)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


def required(feed: Any) -> None:
    """The elements RFC 4287 requires of a feed (4.1.1) and of each entry (4.1.2)."""
    assert feed.feed.id and feed.feed.title and feed.feed.updated and feed.feed.author
    for entry in feed.entries:
        assert entry.id and entry.title and entry.updated
        assert [link.rel for link in entry.links] == ["alternate"]


def test_the_years_feed_lists_its_replies_and_progress_newest_first(site: Path) -> None:
    feed = parsed((site / "2024" / "feed.xml").read_bytes())
    required(feed)
    assert feed.feed.id == "urn:replysite:2024/feed.xml"
    assert feed.feed.title == "测试市建议提案办理复文公开：2024年最新公开的答复和进展"
    assert feed.feed.author == "测试市人民政府"
    assert feed.feed.updated == "2024-11-01T00:00:00Z"
    assert [(e.id, e.updated, e.link) for e in feed.entries] == [
        ("urn:replysite:rd-2024-0001:progress-2024-11-01", "2024-11-01T00:00:00Z",
         "../2024/rd-2024-0001/#progress-2024-11-01"),
        ("urn:replysite:zx-2024-0002:reply-housing-separate", "2024-05-25T00:00:00Z",
         "../2024/zx-2024-0002/#reply-housing-separate"),
        ("urn:replysite:zx-2024-0002:reply-civil-affairs-lead", "2024-05-20T00:00:00Z",
         "../2024/zx-2024-0002/#reply-civil-affairs-lead"),
        ("urn:replysite:rd-2024-0001:reply-housing-lead", "2024-05-10T00:00:00Z",
         "../2024/rd-2024-0001/#reply-housing-lead"),
        ("urn:replysite:rd-2024-0001:reply-finance-co", "2024-04-20T00:00:00Z",
         "../2024/rd-2024-0001/#reply-finance-co"),
    ]
    assert feed.entries[2].title == "关于社区助餐点建设的提案（市民政局主办答复）"
    assert feed.entries[2].summary == \
        "提案 第0002号（城建类1号）：市民政局的主办答复已公开，文号测民复〔2024〕2号。"
    assert feed.entries[0].summary == "年内又完成加装电梯 20 台。"
    record = (site / "2024" / "zx-2024-0002" / "index.html").read_text(encoding="utf-8")
    assert 'id="reply-civil-affairs-lead"' in record
    assert ('<link rel="alternate" type="application/atom+xml" title="测试市建议提案办理复文公开" '
            'href="../feed.xml">') in record


def test_the_sites_feed_takes_the_newest_entries_of_every_year(site: Path) -> None:
    feed = parsed((site / "feed.xml").read_bytes())
    required(feed)
    assert feed.feed.id == "urn:replysite:feed.xml"
    year = parsed((site / "2024" / "feed.xml").read_bytes())
    older = parsed((site / "2023" / "feed.xml").read_bytes())
    assert [e.id for e in feed.entries] == [e.id for e in year.entries + older.entries]
    assert feed.entries[0].link == "2024/rd-2024-0001/#progress-2024-11-01"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert ('<link rel="alternate" type="application/atom+xml" title="测试市建议提案办理复文公开" '
            'href="feed.xml">') in home


def ids(feed: Any) -> list[str]:
    return [entry.id for entry in feed.entries]


def test_a_units_feed_holds_the_records_it_led_or_co_handled_in_every_year(site: Path) -> None:
    feed = parsed((site / "units" / "housing" / "feed.xml").read_bytes())
    required(feed)
    assert feed.feed.id == "urn:replysite:units/housing/feed.xml"
    assert feed.feed.title == "测试市建议提案办理复文公开：市住房和城乡建设局最新公开的答复和进展"
    assert feed.feed.updated == "2024-11-01T00:00:00Z"
    assert [link.href for link in feed.feed.links] == ["../../units/housing/feed.xml",
                                                       "../../units/housing/"]
    assert [(e.id, e.link) for e in feed.entries] == [
        ("urn:replysite:rd-2024-0001:progress-2024-11-01",
         "../../2024/rd-2024-0001/#progress-2024-11-01"),
        ("urn:replysite:zx-2024-0002:reply-housing-separate",
         "../../2024/zx-2024-0002/#reply-housing-separate"),
        ("urn:replysite:zx-2024-0002:reply-civil-affairs-lead",
         "../../2024/zx-2024-0002/#reply-civil-affairs-lead"),
        ("urn:replysite:rd-2024-0001:reply-housing-lead",
         "../../2024/rd-2024-0001/#reply-housing-lead"),
        ("urn:replysite:rd-2024-0001:reply-finance-co",
         "../../2024/rd-2024-0001/#reply-finance-co"),
        ("urn:replysite:rd-2023-0001:reply-housing-lead",
         "../../2023/rd-2023-0001/#reply-housing-lead"),
    ]
    co_handled = parsed((site / "units" / "finance" / "feed.xml").read_bytes())
    assert ids(co_handled) == ["urn:replysite:rd-2024-0001:progress-2024-11-01",
                               "urn:replysite:rd-2024-0001:reply-housing-lead",
                               "urn:replysite:rd-2024-0001:reply-finance-co"]
    # rd-2024-0003's reply is a draft: the unit's feed lists nothing of it.
    assert ids(parsed((site / "units" / "civil-affairs" / "feed.xml").read_bytes())) == [
        "urn:replysite:zx-2024-0002:reply-housing-separate",
        "urn:replysite:zx-2024-0002:reply-civil-affairs-lead"]
    page = (site / "units" / "housing" / "index.html").read_text(encoding="utf-8")
    assert ('<link rel="alternate feed" type="application/atom+xml" '
            'title="测试市建议提案办理复文公开：市住房和城乡建设局" href="feed.xml">') in page
    assert ('<link rel="alternate" type="application/atom+xml" title="测试市建议提案办理复文公开" '
            'href="../../feed.xml">') in page
    assert '<a href="feed.xml">订阅市住房和城乡建设局的最新答复和进展（Atom）</a>' in page


def test_a_topics_feed_holds_its_records_of_every_year(site: Path) -> None:
    feed = parsed((site / "topics" / "urban-renewal" / "feed.xml").read_bytes())
    required(feed)
    assert feed.feed.id == "urn:replysite:topics/urban-renewal/feed.xml"
    assert feed.feed.title == "测试市建议提案办理复文公开：城市更新最新公开的答复和进展"
    assert ids(feed) == ["urn:replysite:rd-2024-0001:progress-2024-11-01",
                         "urn:replysite:rd-2024-0001:reply-housing-lead",
                         "urn:replysite:rd-2024-0001:reply-finance-co",
                         "urn:replysite:rd-2023-0001:reply-housing-lead"]
    page = (site / "topics" / "urban-renewal" / "index.html").read_text(encoding="utf-8")
    assert ('<link rel="alternate feed" type="application/atom+xml" '
            'title="测试市建议提案办理复文公开：城市更新" href="feed.xml">') in page


def test_the_data_page_lists_every_feed(site: Path) -> None:
    html = (site / "data" / "index.html").read_text(encoding="utf-8")
    feeds = re.findall(r'<a href="([^"]*feed\.xml)">([^<]+)</a>', html)
    assert feeds == [
        ("../feed.xml", "feed.xml"), ("../2024/feed.xml", "2024年"),
        ("../2023/feed.xml", "2023年"), ("../units/housing/feed.xml", "市住房和城乡建设局"),
        ("../units/civil-affairs/feed.xml", "市民政局"), ("../units/finance/feed.xml", "市财政局"),
        ("../topics/elderly-care/feed.xml", "养老服务"),
        ("../topics/urban-renewal/feed.xml", "城市更新")]
    for href, _ in feeds:
        parsed((site / "data" / href).read_bytes())


def test_a_unit_with_no_published_reply_has_an_empty_feed(content: Path, tmp_path: Path) -> None:
    with (content / "units.yml").open("a", encoding="utf-8") as units:
        units.write("- slug: transport\n  name: 市交通运输局\n")
    built = build(content, tmp_path)
    feed = parsed((built / "units" / "transport" / "feed.xml").read_bytes())
    required(feed)
    assert feed.entries == []
    assert feed.feed.updated == "2024-11-01T00:00:00Z"


def test_a_units_feed_takes_a_year_it_did_not_load_from_its_kept_facts(
        content: Path, tmp_path: Path) -> None:
    first = build(content, tmp_path)
    before = parsed((first / "units" / "housing" / "feed.xml").read_bytes())
    edit(content / "2024" / "rd-2024-0001.yml", "title: 关于老旧小区加装电梯的建议",
         "title: 关于老旧小区加装电梯的建议（修改）")
    again = build(content, tmp_path)  # the same work folder: 2023 is not loaded again
    after = parsed((again / "units" / "housing" / "feed.xml").read_bytes())
    assert ids(after) == ids(before)
    assert after.entries[-1].title == "关于改造老旧小区管网的建议（市住房和城乡建设局主办答复）"
    assert after.entries[0].title == "关于老旧小区加装电梯的建议（修改）（最新进展）"


def test_links_are_absolute_under_the_sites_url_and_builds_repeat(
        content: Path, tmp_path: Path, site: Path) -> None:
    edit(content / "site.yml", "redaction: []", "redaction: []\nurl: https://example.org/fw/")
    built = build(content, tmp_path)
    feed = parsed((built / "2024" / "feed.xml").read_bytes())
    assert feed.feed.id == "https://example.org/fw/2024/feed.xml"
    assert feed.entries[0].link == \
        "https://example.org/fw/2024/rd-2024-0001/#progress-2024-11-01"
    again = build(FIXTURE, tmp_path / "again")
    for name in ("feed.xml", "2024/feed.xml", "2023/feed.xml", "units/housing/feed.xml",
                 "topics/elderly-care/feed.xml"):
        assert (again / name).read_bytes() == (site / name).read_bytes()


def entry(day: int, title: str = "标题") -> FeedEntry:
    return FeedEntry(f"urn:replysite:rd-2024-{day:04d}:reply-housing-lead", title,
                     f"2024/rd-2024-{day:04d}/#reply-housing-lead",
                     dt.date(2024, 1, 1) + dt.timedelta(days=day), "摘要")


def test_a_feed_keeps_the_newest_entries_only() -> None:
    entries = newest(entry(day) for day in range(FEED_SIZE + 10))
    assert len(entries) == FEED_SIZE == 50
    assert entries[0] == entry(FEED_SIZE + 9)
    assert entries[-1] == entry(10)


def test_control_characters_and_markup_in_a_text_make_no_broken_feed() -> None:
    data = atom_feed("站<名>", "测试市人民政府", "urn:replysite:feed.xml", None, "feed.xml",
                     [entry(1, "关于\x01加装\x0b电梯 <b>&amp; \"的\" 建议\ufffe")], "2024-01-01")
    feed = parsed(data)
    assert feed.feed.title == "站<名>"
    assert feed.entries[0].title == '关于加装电梯 <b>&amp; "的" 建议'
