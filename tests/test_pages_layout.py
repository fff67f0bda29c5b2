"""What pages say of themselves, in real builds of the fixture corpus read back as HTML: the
date each page shows, counts of pending records, 分别办理, titles, descriptions, Open Graph
tags, the sitemap index and robots.txt."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import NO_SITEMAP, main
from tests.conftest import FIXTURE, ROOT, build, edit

URL = "https://example.gov.cn/reply/"


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def footer(html: str) -> str:
    start = html.index('<footer class="md-footer rs-footer">')
    return text_of(html[start:html.index("</footer>", start)])


def corpus(tmp_path: Path, *changes: tuple[str, str]) -> Path:
    """A copy of the fixture corpus with site.yml changed (old, new) as given."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    for old, new in changes:
        edit(content / "site.yml", old, new)
    return content


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(FIXTURE, tmp_path_factory.mktemp("layout"))


@pytest.fixture(scope="module")
def pending_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("pending")
    return build(corpus(root, ("list_pending: false", "list_pending: true")), root)


@pytest.fixture(scope="module")
def url_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("url")
    return build(corpus(root, ("list_pending: false", f"list_pending: false\nurl: {URL}")),
                 root)


def test_each_page_says_what_its_date_is_the_date_of(fixture_site: Path) -> None:
    tail = ("本站只公开经审核同意公开的答复，不含代表、委员的联系方式。"
            " 数据下载 （CSV、JSON、订阅源）")
    assert footer(page(fixture_site, "")).endswith(f"全站数据更新至 2024-11-01。{tail}")
    assert footer(page(fixture_site, "units")).endswith(f"全站数据更新至 2024-11-01。{tail}")
    assert footer(page(fixture_site, "2023")).endswith(f"2023年度数据更新至 2023-07-30。{tail}")
    assert footer(page(fixture_site, "2023/units/housing")).endswith(
        f"2023年度数据更新至 2023-07-30。{tail}")
    # A record's own newest date: its replies' publication and its progress entries.
    assert footer(page(fixture_site, "2024/rd-2024-0001")).endswith(
        f"本件的答复和进展更新至 2024-11-01。{tail}")
    assert footer(page(fixture_site, "2024/zx-2024-0002")).endswith(
        f"本件的答复和进展更新至 2024-05-25。{tail}")
    for html in fixture_site.rglob("*.html"):
        assert " 数据更新至" not in footer(html.read_text(encoding="utf-8")), html


def test_the_home_page_shows_the_date_its_newest_replies_are_sorted_by(
        fixture_site: Path) -> None:
    html = page(fixture_site, "")
    latest = html[html.index('<table class="rs-records">'):html.index("</table>")]
    assert '<th scope="col">发布日期</th>' in latest
    assert "答复日期" not in latest
    assert re.findall(r"<td>(\d{4}-\d\d-\d\d)</td></tr>", latest) == [
        "2024-05-20", "2024-05-10", "2023-07-30"]


def test_pending_records_are_counted_apart_and_their_state_said_once(
        pending_site: Path) -> None:
    assert ("共公开 3 件建议提案的答复：人大代表建议 2 件，政协委员提案 1 件。"
            "另有 1 件尚无公开的答复（已逾期 1 件），只列出编号、标题等信息。"
            ) in text_of(page(pending_site, ""))
    assert ("本年度公开 2 件建议提案的答复： 人大代表建议 1 件， 政协委员提案 1 件。"
            "另有 1 件尚无公开的答复（已逾期 1 件），见 未答复件 。"
            ) in text_of(page(pending_site, "2024"))
    html = page(pending_site, "2024/rd-2024-0003")
    article = text_of(html[html.index("<article"):html.index("</article>")])
    assert article.count("已逾期") == 1
    assert "办理状态 已逾期" in article and "办理结果" not in article
    assert "尚无公开的答复 本件建议的答复经审核同意公开后，在本页全文刊登。" in article


def test_without_pending_records_the_home_page_counts_replies_only(fixture_site: Path) -> None:
    assert ("共公开 3 件建议提案的答复：人大代表建议 2 件，政协委员提案 1 件。 按年度浏览"
            in text_of(page(fixture_site, "")))


def test_a_record_with_several_lead_units_says_they_handle_it_separately(
        fixture_site: Path) -> None:
    text = text_of(page(fixture_site, "2024/zx-2024-0002"))
    assert "主办单位 市民政局 、 市住房和城乡建设局 （分别办理）" in text
    assert "市住房和城乡建设局答复（分别办理）" in text
    assert "市民政局答复（主办）" in text
    listing = text_of(page(fixture_site, "2024/proposals"))
    assert "市民政局 、 市住房和城乡建设局 （分别办理）" in listing


def test_titles_name_the_site_once_and_every_page_is_described(fixture_site: Path) -> None:
    assert "<title>测试市建议提案办理复文公开</title>" in page(fixture_site, "")
    assert "<title>关于社区助餐点建设的提案 - 测试市建议提案办理复文公开</title>" in page(
        fixture_site, "2024/zx-2024-0002")
    pages = sorted(fixture_site.rglob("index.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert html.count('<meta name="description" content="') == 1, path
        for tag in ("og:site_name", "og:title", "og:description", "og:type", "og:locale"):
            assert html.count(f'<meta property="{tag}" content="') == 1, (path, tag)
        assert "og:url" not in html, path  # without site.yml's url there is no address
    record = page(fixture_site, "2024/zx-2024-0002")
    assert ('<meta name="description" content="2024年提案 第0002号（城建类1号）：'
            '关于社区助餐点建设的提案">') in record
    assert '<meta property="og:type" content="article">' in record
    assert ('<meta name="description" content="'
            '测试市人民政府公开的人大代表建议和政协委员提案办理答复：承办单位。">'
            ) in page(fixture_site, "units")


def test_text_in_titles_is_escaped_wherever_the_theme_shows_it(tmp_path: Path) -> None:
    content = corpus(tmp_path)
    edit(content / "2024" / "zx-2024-0002.yml", "title: 关于社区助餐点建设的提案",
         "title: '关于\"助餐点\"</title><b>建设</b>的提案'")
    html = page(build(content, tmp_path), "2024/zx-2024-0002")
    escaped = "关于&#34;助餐点&#34;&lt;/title&gt;&lt;b&gt;建设&lt;/b&gt;的提案"
    assert f"<title>{escaped} - 测试市建议提案办理复文公开</title>" in html
    assert f'<meta property="og:title" content="{escaped}">' in html
    assert "<b>建设</b>" not in html


def test_with_a_url_the_site_has_a_sitemap_index_and_robots_txt(url_site: Path) -> None:
    assert (url_site / "sitemap-index.xml").read_text(encoding="utf-8") == (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n'
        "<sitemap><loc>https://example.gov.cn/reply/sitemap.xml</loc></sitemap>\n"
        "<sitemap><loc>https://example.gov.cn/reply/2024/sitemap.xml</loc></sitemap>\n"
        "<sitemap><loc>https://example.gov.cn/reply/2024/sitemap-1.xml</loc></sitemap>\n"
        "<sitemap><loc>https://example.gov.cn/reply/2023/sitemap.xml</loc></sitemap>\n"
        "<sitemap><loc>https://example.gov.cn/reply/2023/sitemap-1.xml</loc></sitemap>\n"
        "</sitemapindex>\n")
    assert (url_site / "robots.txt").read_text(encoding="utf-8") == (
        "User-agent: *\nAllow: /\n\nSitemap: https://example.gov.cn/reply/sitemap-index.xml\n")
    # Each sitemap the index names is there, and lists its edition's pages.
    for listed in ("sitemap.xml", "2024/sitemap.xml", "2024/sitemap-1.xml"):
        assert "<loc>https://example.gov.cn/reply/" in (url_site / listed).read_text(
            encoding="utf-8")
    assert ("<loc>https://example.gov.cn/reply/2024/zx-2024-0002/</loc>"
            in (url_site / "2024" / "sitemap-1.xml").read_text(encoding="utf-8"))
    record = page(url_site, "2024/zx-2024-0002")
    assert ('<meta property="og:url" content="https://example.gov.cn/reply/2024/zx-2024-0002/">'
            in record)
    assert "本页网址：https://example.gov.cn/reply/2024/zx-2024-0002/</p>" in record


def test_without_a_url_there_is_no_sitemap_index_and_the_build_says_so(
        fixture_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not (fixture_site / "sitemap-index.xml").exists()
    assert not (fixture_site / "robots.txt").exists()
    shutil.copytree(FIXTURE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["build", "--config", str(ROOT / "mkdocs.yml"),
                                       "--quiet"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[1] == NO_SITEMAP == (
        "No sitemap or robots.txt: site.yml gives no url, and a sitemap lists absolute "
        "addresses (add url: https://… to site.yml)")
