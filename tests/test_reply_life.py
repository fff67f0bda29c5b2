"""A published reply withdrawn (撤回) or corrected (更正), built for real.

A withdrawn reply keeps its address with a notice of date and reason, and its text, numbers and
attachments leave every byte: pages, Pagefind's compressed files, feeds, data files. A corrected
reply shows its current text with a 更正说明, and the text it replaced is on the record's
original/ page, which search does not index; the feeds get an entry for the correction.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import shutil
from pathlib import Path

import feedparser
import pytest

from generator.pages.anchors import reply_anchors
from generator.pages.facts import corpus_facts
from generator.pages.plan import partition
from generator.pages.publication import publish
from generator.site.build import BuildOptions, build_site, check
from tests.conftest import FIXTURE, ROOT, build, edit

R1 = Path("2024") / "rd-2024-0001.yml"
ATTACHED = "      - {title: 加装电梯补助办法, file: attachments/2024/rd-2024-0001-1.pdf}\n"
WITHDRAWN = "    withdrawn: {date: 2024-09-01, reason: 答复所引数据需重新核实}\n"
TEXT_MARKER = "LIFETEXT4W7撤文甲"
OLD_MARKER = "LIFEOLD6C2旧文乙"
CORRECTED = ("    corrections:\n"
             "      - date: 2024-06-01\n"
             "        reason: 台数统计有误\n"
             "        previous_text: |\n"
             "          王某某代表：\n\n"
             f"          全市已完成加装电梯 *41* 台。{OLD_MARKER}\n")


def files_holding(site: Path, needle: str) -> list[str]:
    """Every file of the site holding `needle` or its ASCII part (Pagefind keeps words apart,
    in lower case), gzip-compressed files read decompressed."""
    ascii_part = "".join(c for c in needle if c.isascii()).encode().lower()
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        if needle.encode() in data or (ascii_part and ascii_part in data.lower()):
            found.append(path.relative_to(site).as_posix())
    return found


@pytest.fixture
def withdrawn_site(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / R1, "全市已完成加装电梯 *42* 台。", f"全市已完成加装电梯 *42* 台。{TEXT_MARKER}")
    edit(content / R1, ATTACHED, ATTACHED + WITHDRAWN)
    return build(content, tmp_path)


def test_a_withdrawn_reply_keeps_its_address_with_a_notice_and_nothing_else(
        withdrawn_site: Path) -> None:
    site = withdrawn_site
    page = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    assert 'id="reply-housing-lead"' in page
    assert "本答复于2024-05-10发布，已于2024-09-01撤回。撤回原因：答复所引数据需重新核实" in page
    assert files_holding(site, TEXT_MARKER) == []
    assert files_holding(site, "测住建复〔2024〕1号") == []  # its 文号, in no byte either
    assert not (site / "2024" / "attachments" / "2024" / "rd-2024-0001-1.pdf").exists()
    # The notice is on the page, not in the search index, feeds or data files.
    assert files_holding(site, "答复所引数据需重新核实") == ["2024/rd-2024-0001/index.html"]
    assert files_holding(site, "urn:replysite:rd-2024-0001:reply-housing-lead") == []
    # The co-handling reply is still published, in the data files and feeds as before.
    assert "urn:replysite:rd-2024-0001:reply-finance-co" in (site / "2024" / "feed.xml").read_text(
        encoding="utf-8")
    replies = (site / "2024" / "data" / "replies.csv").read_text(encoding="utf-8-sig")
    assert "市财政局将按规定安排补助资金。" in replies and "测住建复〔2024〕1号" not in replies
    records = json.loads((site / "2024" / "data" / "records.json").read_bytes())
    record = next(r for r in records if r["id"] == "rd-2024-0001")
    assert [reply["unit"]["slug"] for reply in record["replies"]] == ["finance"]
    assert "withdrawn" not in record["replies"][0]


def test_a_withdrawn_lead_reply_is_no_longer_counted_as_replied(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)

    def counted() -> tuple[tuple[int, int], tuple[int, int], str]:
        corpus = check(content, jobs=1)
        records = publish(corpus, dt.date(2024, 11, 1))
        facts = next(f for f in corpus_facts(corpus, records, partition(corpus, 1000))
                     if f.year == 2024)
        status = next(r.status for r in records if r.id == "rd-2024-0001")
        return facts.statistics.total.fraction("replied"), facts.statistics.total.fraction(
            "on_time"), status

    assert counted() == ((2, 2), (2, 2), "已答复")
    edit(content / R1, ATTACHED, ATTACHED + WITHDRAWN)
    # Still a published record (its address stays), no longer one with a published reply.
    # Its co-handling reply is still published, but makes no reply of the record.
    assert counted() == ((1, 2), (1, 1), "已撤回")
    edit(content / R1, "  - unit: finance\n    role: co\n    status: approved\n",
         "  - unit: finance\n    role: co\n    status: approved\n"
         "    withdrawn: {date: 2024-09-01, reason: 一并撤回}\n")
    assert counted() == ((1, 2), (1, 1), "已撤回")


def test_a_corrected_reply_shows_its_text_now_and_keeps_the_text_it_replaced(
        tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / R1, ATTACHED, ATTACHED + CORRECTED)
    site = build(content, tmp_path)
    page = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    assert "全市已完成加装电梯 <em>42</em> 台。" in page
    assert '<p class="admonition-title">更正说明</p>' in page
    assert "<li>2024-06-01更正：台数统计有误</li>" in page
    assert '<a href="original/">查看首次发布的文本及历次更正前的文本</a>' in page
    original = (site / "2024" / "rd-2024-0001" / "original" / "index.html").read_text(
        encoding="utf-8")
    assert "2024-06-01更正前的文本（2024-05-10首次发布）" in original
    assert f"全市已完成加装电梯 <em>41</em> 台。{OLD_MARKER}" in original
    # The earlier text is on that page only: not searched, not in the data files or feeds.
    assert files_holding(site, OLD_MARKER) == ["2024/rd-2024-0001/original/index.html"]
    records = json.loads((site / "2024" / "data" / "records.json").read_bytes())
    lead = next(r for r in records if r["id"] == "rd-2024-0001")["replies"][0]
    assert lead["corrections"] == [{"date": "2024-06-01", "reason": "台数统计有误"}]
    assert "全市已完成加装电梯 *42* 台。" in lead["text"]
    feed = feedparser.parse((site / "2024" / "feed.xml").read_bytes())
    entry = next(e for e in feed.entries
                 if e.id == "urn:replysite:rd-2024-0001:reply-housing-lead:correction-1")
    assert (entry.title, entry.updated[:10], entry.summary) == (
        "关于老旧小区加装电梯的建议（市住房和城乡建设局主办答复更正）", "2024-06-01",
        "市住房和城乡建设局主办答复已更正：台数统计有误")
    assert entry.link.endswith("2024/rd-2024-0001/#reply-housing-lead-corrections")


def test_a_record_without_corrected_text_has_no_original_page(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / R1, ATTACHED,
         ATTACHED + "    corrections: [{date: 2024-06-01, reason: 附件名称有误}]\n")
    site = build(content, tmp_path)
    page = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    assert "<li>2024-06-01更正：附件名称有误</li>" in page and "original/" not in page
    assert not (site / "2024" / "rd-2024-0001" / "original").exists()


def test_a_reply_replacing_a_withdrawn_one_takes_the_next_address(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / R1, ATTACHED, ATTACHED + WITHDRAWN + (
        "  - unit: housing\n    role: lead\n    status: approved\n    approved: 2024-09-05\n"
        "    result: A\n    text: 重新核实后的答复。\n"))
    record = next(r for r in publish(check(content, jobs=1), dt.date(2024, 11, 1))
                  if r.id == "rd-2024-0001")
    anchors = [(anchor, reply.withdrawn is not None) for anchor, reply
               in reply_anchors(record.replies)]
    assert anchors == [("housing-lead", True), ("housing-lead-2", False), ("finance-co", False)]
    assert record.lead_reply is not None and record.lead_reply.text == "重新核实后的答复。"
    assert record.status == "已答复" and record.reply_date == dt.date(2024, 9, 5)


def test_a_withdrawal_dated_after_the_cut_off_waits_for_its_date(tmp_path: Path) -> None:
    """Built in one work folder on the eve and on the day of the withdrawal, the content
    unchanged: the reply is published until that day, and taken down on it."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / R1, "全市已完成加装电梯 *42* 台。", f"全市已完成加装电梯 *42* 台。{TEXT_MARKER}")
    edit(content / R1, ATTACHED, ATTACHED + WITHDRAWN)
    site = tmp_path / "site"

    def built_on(day: dt.date) -> tuple[list[str], list[str], str]:
        build_site(BuildOptions(content, site, ROOT / "mkdocs.yml", tmp_path / "build",
                                date=day))
        status = next(row.split(",")[-5] for row in (site / "2024" / "data" / "records.csv")
                      .read_text(encoding="utf-8-sig").splitlines()
                      if row.startswith("rd-2024-0001,"))
        notice = files_holding(site, "答复所引数据需重新核实")
        return files_holding(site, TEXT_MARKER), notice, status

    marked, notice, status = built_on(dt.date(2024, 8, 31))
    assert "2024/rd-2024-0001/index.html" in marked and notice == [] and status == "已答复"
    assert built_on(dt.date(2024, 9, 1)) == (
        [], ["2024/rd-2024-0001/index.html"], "已撤回")


def test_the_original_page_is_neither_in_the_sitemap_nor_indexed(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    edit(content / R1, ATTACHED, ATTACHED + CORRECTED)
    # With an address, the sitemaps list every page.
    edit(content / "site.yml", "list_pending: false",
         "list_pending: false\nurl: https://example.org/")
    site = build(content, tmp_path)
    listed = [loc for sitemap in sorted(site.rglob("sitemap*.xml"))
              for loc in re.findall(r"<loc>([^<]*)</loc>", sitemap.read_text(encoding="utf-8"))
              if "rd-2024-0001" in loc]
    assert listed == ["https://example.org/2024/rd-2024-0001/"]
    robots = '<meta name="robots" content="noindex">'
    original = (site / "2024" / "rd-2024-0001" / "original" / "index.html").read_text(
        encoding="utf-8")
    assert original.count(robots) == 1
    assert [page.relative_to(site).as_posix() for page in sorted(site.rglob("*.html"))
            if robots in page.read_text(encoding="utf-8")] == [
        "2024/rd-2024-0001/original/index.html"]
