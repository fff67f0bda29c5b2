"""The Atom feeds (RFC 4287), built for real and read back with a feed reader's parser."""

from __future__ import annotations

import datetime as dt
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


def test_links_are_absolute_under_the_sites_url_and_builds_repeat(
        content: Path, tmp_path: Path, site: Path) -> None:
    edit(content / "site.yml", "redaction: []", "redaction: []\nurl: https://example.org/fw/")
    built = build(content, tmp_path)
    feed = parsed((built / "2024" / "feed.xml").read_bytes())
    assert feed.feed.id == "https://example.org/fw/2024/feed.xml"
    assert feed.entries[0].link == \
        "https://example.org/fw/2024/rd-2024-0001/#progress-2024-11-01"
    again = build(FIXTURE, tmp_path / "again")
    for name in ("feed.xml", "2024/feed.xml", "2023/feed.xml"):
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
