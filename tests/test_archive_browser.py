"""An archive's pages in Chromium: opened from disk (file://), and served under a sub-path.

From disk every link leads to its page and no script fails; served at any address, the
year's search finds its records too.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page

from generator.archive.bag import ArchiveOptions, make_archive
from generator.archive.pack import unpack
from tests.browser import chromium, served
from tests.conftest import FIXTURE, ROOT


@pytest.fixture(scope="module")
def bag(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's 2024, archived and unpacked."""
    root = tmp_path_factory.mktemp("archive-browser")
    shutil.copytree(FIXTURE, root / "content")
    archive = make_archive(ArchiveOptions(2024, root / "content", root / "archives",
                                          ROOT / "mkdocs.yml")).path
    return unpack(archive, root / "unpacked")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


class Tab:
    """A tab that records uncaught script errors and every request it makes."""

    def __init__(self, browser: Browser) -> None:
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page: Page = browser.new_page()
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("request", lambda request: self.requests.append(request.url))

    def heading(self) -> str:
        return self.page.inner_text("article h1")


def test_the_pages_work_opened_from_disk(browser: Browser, bag: Path) -> None:
    tab = Tab(browser)
    year = bag / "data" / "2024" / "index.html"
    tab.page.goto(year.as_uri())
    assert tab.heading() == "2024年建议提案办理答复"
    tab.page.click("article a[href='rd-2024-0001/index.html']")
    assert tab.page.url == (bag / "data/2024/rd-2024-0001/index.html").as_uri()
    assert tab.heading() == "关于老旧小区加装电梯的建议"
    tab.page.click(".rs-record-links a[href='../../units/housing/index.html']")
    assert tab.page.url == (bag / "data/units/housing/index.html").as_uri()
    assert "市住房和城乡建设局" in tab.heading()
    tab.page.click("nav.md-tabs a:text('关于本站')")
    assert tab.page.url == (bag / "data/about/index.html").as_uri()
    tab.page.click("nav.md-tabs a:text('首页')")
    assert tab.page.url == (bag / "data/index.html").as_uri()
    tab.page.click("article a:text('2024年')")
    assert tab.page.url == year.as_uri()
    assert tab.errors == []
    assert all(url.startswith("file://") or url.startswith("data:") for url in tab.requests)


def test_the_year_is_searched_when_the_archive_is_served_under_a_sub_path(
        browser: Browser, bag: Path) -> None:
    tab = Tab(browser)
    with served(bag) as base:
        tab.page.goto(f"{base}data/2024/index.html", wait_until="networkidle")
        tab.page.type("#rs-q", "电梯", delay=20)
        tab.page.press("#rs-q", "Enter")
        tab.page.wait_for_selector(".rs-search__results[aria-busy=false]", state="attached")
        found = tab.page.eval_on_selector_all(".rs-result__title a",
                                              "links => links.map(a => a.pathname)")
        assert "/data/2024/rd-2024-0001/" in found
        tab.page.click(".rs-result__title a[href*='rd-2024-0001']")
        assert tab.heading() == "关于老旧小区加装电梯的建议"
    assert tab.errors == []
    assert all(url.startswith(base) or url.startswith("data:") for url in tab.requests)
