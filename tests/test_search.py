"""Searching the built sample site as a citizen would: typing Chinese into the page in Chromium.

Every test fails on a console error or on any request that leaves 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, Route

from generator.html.search_index import pagefind_binary
from tests.browser import chromium, served
from tests.conftest import FIXTURE, ROOT, SAMPLE, SAMPLE_PART_SIZE, build

# (query, the record expected among the first five results of its year: results come year
# after year, newest first)
QUERIES = [
    ("电梯", "rd-2024-0012"),                       # 2-character words
    ("养老", "rd-2023-0056"),
    ("托育", "rd-2023-0105"),
    ("噪声", "rd-2025-0093"),
    ("加装电梯", "rd-2023-0003"),                   # 4-character phrases
    ("加装电梯", "rd-2024-0012"),
    ("口袋公园", "rd-2024-0226"),
    ("垃圾分类", "zx-2024-0203"),
    ("家庭医生", "rd-2024-0148"),
    ("一网通办", "zx-2023-0112"),
    ("冷链物流", "zx-2024-0216"),
    ("黑臭水体", "rd-2023-0027"),
    ("外卖骑手", "rd-2024-0248"),
    ("关于加快推进老旧小区既有住宅加装电梯的建议", "rd-2024-0012"),  # full titles
    ("关于培育北塘区夜间经济集聚区的建议", "rd-2024-0307"),
    ("欧阳某某", "zx-2024-0168"),                   # a deputy's (member's) name
    ("市卫生健康委员会", "rd-2025-0048"),            # a unit's current name
    ("市卫生和计划生育委员会", "rd-2025-0048"),      # its former name finds the same record
    ("市住房保障和房产管理局", "zx-2024-2403"),
    ("第248号", "rd-2025-0248"),                     # numbers with and without 第/号
    ("248", "rd-2024-0248"),
    ("23-045", "zx-2023-0045"),
    ("第23-045号", "zx-2023-0045"),
    ("第02403号", "zx-2024-2403"),
    ("2024086", "zx-2024-0086"),
    ("丰住建复〔2024〕9号", "rd-2024-0012"),         # a document number (文号)
    ("免证办", "zx-2024-0086"),
]

# A number finds the records of that number first (one per year that has it), not those whose
# number merely begins or ends the same way.
FIRST = [("第71号", {"rd-2024-0071"}), ("71", {"rd-2024-0071"}), ("第712号", {"rd-2024-0712"}),
         ("712", {"rd-2024-0712"}),
         ("第12号", {"rd-2023-0012", "rd-2024-0012", "rd-2025-0012"}),
         ("12", {"rd-2023-0012", "rd-2024-0012", "rd-2025-0012"})]


class Visitor:
    """One browser tab that records console errors and requests leaving the site."""

    def __init__(self, browser: Browser, base: str, width: int = 1280) -> None:
        self.base = base
        self.errors: list[str] = []
        self.outside: list[str] = []
        self.tab = browser.new_page(viewport={"width": width, "height": 900})
        self.tab.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.tab.on("pageerror", lambda error: self.errors.append(str(error)))
        self.tab.on("request", self._request)

    def _request(self, request: object) -> None:
        url = getattr(request, "url", "")
        if not url.startswith(self.base) and not url.startswith("data:"):
            self.outside.append(url)

    def open(self, path: str) -> Page:
        self.tab.goto(self.base + path, wait_until="networkidle")
        return self.tab

    def search(self, query: str) -> list[str]:
        """Type a query into the search page as a user would; the ids of the results shown."""
        self.tab.fill("#rs-q", "")
        self.tab.type("#rs-q", query, delay=20)
        self.tab.press("#rs-q", "Enter")  # marks the results busy before it returns
        return self.results()

    def results(self) -> list[str]:
        self.tab.wait_for_selector(".rs-search__results[aria-busy=false]", state="attached")
        hrefs = self.tab.eval_on_selector_all(".rs-result__title a",
                                              "links => links.map(a => a.pathname)")
        # Each result leads to its record page itself, whichever year's index found it.
        assert all(re.fullmatch(r"/\d{4}/[a-z]+-\d{4}-\d+/", href) for href in hrefs), hrefs
        return [href.rstrip("/").split("/")[-1] for href in hrefs]

    def summary(self) -> str:
        return self.tab.inner_text(".rs-search__summary")

    def check_clean(self) -> None:
        assert self.errors == []
        assert self.outside == []


class HeldBack:
    """The requests of a page whose address matches `pattern`, held back (and noted) until
    `release` lets them and every later one through."""

    def __init__(self, tab: Page, pattern: str | re.Pattern[str]) -> None:
        self.held: list[Route] = []
        self.asked: list[str] = []
        self.released = False
        tab.route(pattern, self._route)

    def _route(self, route: Route) -> None:
        self.asked.append(route.request.url)
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def release(self) -> None:
        self.released = True
        for route in self.held:
            route.continue_()


@contextmanager
def search_page_of(browser: Browser, content: Path, root: Path,
                   part_size: int = 1000) -> Iterator[Visitor]:
    """`content` built under `root` and served, its search page open; clean when closed."""
    with served(build(content, root, part_size)) as url:
        visitor = Visitor(browser, url)
        visitor.open("search/")
        yield visitor
        visitor.check_clean()


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


@pytest.fixture
def visitor(browser: Browser, sample_url: str) -> Iterator[Visitor]:
    visitor = Visitor(browser, sample_url)
    yield visitor
    visitor.check_clean()
    visitor.tab.close()


@pytest.fixture(scope="module")
def search_page(browser: Browser, sample_url: str) -> Iterator[Visitor]:
    """One search page kept open for the many queries: as a reader would, query after query."""
    visitor = Visitor(browser, sample_url)
    visitor.open("search/")
    yield visitor
    visitor.check_clean()


@pytest.mark.parametrize(("query", "expected"), QUERIES)
def test_query_finds_the_record_in_the_first_five(search_page: Visitor, query: str,
                                                   expected: str) -> None:
    found = search_page.search(query)
    assert expected in [record for record in found if _year(record) == _year(expected)][:5]


def _year(record_id: str) -> str:
    return record_id.split("-")[1]


@pytest.mark.parametrize("query", ["养老", "加装电梯", "电梯"])
def test_results_come_year_after_year_newest_first(search_page: Visitor, query: str) -> None:
    found = search_page.search(query)
    years = [_year(record) for record in found]
    assert len(set(years)) > 1 and years == sorted(years, reverse=True)


@pytest.mark.parametrize(("query", "expected"), FIRST)
def test_number_query_finds_that_number_first(search_page: Visitor, query: str,
                                              expected: set[str]) -> None:
    assert set(search_page.search(query)[:len(expected)]) == expected


# Pagefind's excerpt is the passage around the query's words: these land on the bold lead-ins.
@pytest.mark.parametrize(("query", "shown"), [("医院周边", "加强停放管理。我局"),
                                             ("电子围栏", "注意：电子围栏")])
def test_an_excerpt_of_bold_text_shows_no_asterisks(search_page: Visitor, query: str,
                                                    shown: str) -> None:
    assert search_page.search(query)[0] == "rd-2025-0150"
    excerpt = search_page.tab.inner_text(".rs-result__excerpt >> nth=0")
    assert shown in excerpt and "*" not in excerpt


@pytest.mark.parametrize("blank", ["", "   "])
def test_a_blank_query_after_a_search_asks_for_one_and_is_not_busy(search_page: Visitor,
                                                                   blank: str) -> None:
    assert search_page.search("住房")
    assert search_page.search(blank) == []  # waits for aria-busy=false
    assert search_page.summary().startswith("请输入关键词")


def test_back_to_the_empty_search_page_while_searching_stops_the_search(
        visitor: Visitor) -> None:
    tab = visitor.open("search/")
    tab.route(re.compile(r"/2023/pagefind/"), lambda route: None)  # never answered
    tab.fill("#rs-q", "养老")
    tab.press("#rs-q", "Enter")
    tab.wait_for_url("**/search/?q=*")
    tab.go_back()
    assert visitor.results() == []
    assert visitor.summary().startswith("请输入关键词") and tab.input_value("#rs-q") == ""


def test_a_query_with_no_results_says_so_kindly(search_page: Visitor) -> None:
    assert search_page.search("量子计算机") == []
    assert search_page.summary() == "没有找到与“量子计算机”相关的答复。"
    assert "换一个更短或更常用的词" in search_page.tab.inner_text(".rs-search__list")


def test_the_panel_offers_only_groups_with_something_to_choose(visitor: Visitor) -> None:
    tab = visitor.open("search/?q=量子计算机&f=主办单位:市民政局")
    assert visitor.results() == []
    tab.wait_for_selector(".rs-filter-group")
    legends = tab.eval_on_selector_all(".rs-filter-group legend", "l => l.map(x => x.textContent)")
    assert legends == ["主办单位"]


def test_the_count_names_a_result_class_by_its_label(visitor: Visitor) -> None:
    tab = visitor.open("search/?q=养老&f=办理结果:A")
    assert visitor.results()
    labels = json.loads(tab.get_attribute(".rs-search", "data-result-labels") or "{}")
    assert visitor.summary().endswith(f"（筛选：办理结果 {labels['A']}）")


# A record found only as an identifier (a 文号 typed without brackets, which the full text does
# not find) is found in date order too, and counted in the panel.
def test_a_record_found_only_as_an_identifier_is_sorted_and_counted(visitor: Visitor) -> None:
    tab = visitor.open("search/?q=丰住建复20249号&sort=date")
    assert visitor.results() == ["rd-2024-0012"]
    tab.select_option("#rs-sort", "relevance")
    assert visitor.results() == ["rd-2024-0012"]
    tab.click(".rs-search__facets summary")
    tab.wait_for_selector(".rs-filter-group")
    assert _filter_counts(tab, "年度") == {"2024": 1}


def test_no_results_name_the_filters_chosen_and_keep_them_in_the_panel(visitor: Visitor) -> None:
    tab = visitor.open("search/?q=养老&f=年度:1999")
    assert visitor.results() == []
    assert visitor.summary() == "没有找到与“养老”相关的答复（筛选：年度 1999）。"
    # The chosen value stays in the panel, counted 0, and can be unchosen there.
    if not tab.eval_on_selector(".rs-search__facets", "e => e.open"):
        tab.click(".rs-search__facets summary")
    tab.get_by_role("checkbox", name="1999").uncheck()
    assert len(visitor.results()) == 10
    assert visitor.summary().startswith("找到 11 件与“养老”相关的答复")


def test_filters_narrow_results_and_their_counts_add_up(visitor: Visitor) -> None:
    tab = visitor.open("search/?q=养老")
    visitor.results()
    assert tab.locator(".rs-filter-group").count() == 0  # counted once the panel opens
    tab.click(".rs-search__facets summary")
    tab.wait_for_selector(".rs-filter-group")
    visitor.results()
    total = int(tab.inner_text(".rs-search__summary").split("找到 ")[1].split(" 件")[0])
    year_counts = _filter_counts(tab, "年度")
    assert sum(year_counts.values()) == total and set(year_counts) == {"2023", "2024", "2025"}
    tab.get_by_role("checkbox", name="2024").check()
    found = visitor.results()
    while tab.locator(".rs-search__more").is_visible():
        tab.click(".rs-search__more")
        found = visitor.results()
    assert len(found) == year_counts["2024"]
    hrefs = tab.eval_on_selector_all(".rs-result__title a", "a => a.map(x => x.pathname)")
    assert all(href.startswith("/2024/") for href in hrefs)
    assert "f=%E5%B9%B4%E5%BA%A6%3A2024" in tab.url  # the filter is kept in the address
    assert visitor.summary().endswith("（筛选：年度 2024）")  # and named with the count
    tab.get_by_role("checkbox", name="建议").check()
    assert set(visitor.results()) <= set(found)
    assert visitor.summary().endswith("（筛选：年度 2024；类别 建议）")
    assert all(href.split("/")[-2].startswith("rd-")
               for href in tab.eval_on_selector_all(".rs-result__title a",
                                                    "a => a.map(x => x.pathname)"))


def _filter_files(browser: Browser, url: str, query: str, open_panel: bool) -> set[str]:
    """The filter files a new tab fetches for `query` (and the panel's counts, if opened)."""
    visitor = Visitor(browser, url)
    fetched: set[str] = set()
    visitor.tab.on("request", lambda request: fetched.add(request.url)
                   if request.url.endswith(".pf_filter") else None)
    visitor.open("search/")
    assert visitor.search(query)
    if open_panel:
        visitor.tab.click(".rs-search__facets summary")
        visitor.tab.wait_for_selector(".rs-filter-group")
        visitor.results()
    visitor.check_clean()
    visitor.tab.close()
    return fetched


# The hidden 标识 filters are fetched for a query that may be an identifier, and never for the
# panel's counts.
def test_the_panel_s_counts_do_not_fetch_the_identifier_filter(browser: Browser,
                                                               sample_url: str) -> None:
    words = _filter_files(browser, sample_url, "养老", open_panel=False)
    identifier = _filter_files(browser, sample_url, "丰住建复〔2024〕9号", open_panel=False)
    panel = _filter_files(browser, sample_url, "养老", open_panel=True)
    assert identifier - words  # the 标识 filters' files
    assert panel - words and not (identifier - words) & panel


def test_enter_searches_without_loading_the_page_or_the_filters(visitor: Visitor) -> None:
    tab = visitor.open("search/")
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    tab.evaluate("window.sameDocument = true")
    assert "rd-2024-0226" in visitor.search("口袋公园")
    assert "rd-2024-0012" in visitor.search("加装电梯")
    assert tab.evaluate("window.sameDocument") is True
    assert not [url for url in fetched if "/search/" in url and "/pagefind/" not in url]
    # Of Pagefind's filter files, only 分册's: one per index, small.
    filters = [url for url in fetched if "/filter/" in url]
    assert len(filters) == len(set(filters)) <= visitor.tab.evaluate(
        "document.querySelector('.rs-search').dataset.parts.split(' ').length")
    assert tab.url.endswith("/search/?q=%E5%8A%A0%E8%A3%85%E7%94%B5%E6%A2%AF")
    tab.go_back()
    visitor.results()
    assert tab.input_value("#rs-q") == "口袋公园" and visitor.results()[:1] == ["rd-2024-0226"]
    # The header's search box on the search page searches in place too.
    tab.fill("#rs-header-q", "托育")
    tab.press("#rs-header-q", "Enter")
    assert "rd-2023-0105" in visitor.results()[:5]
    assert tab.evaluate("window.sameDocument") is True


# Searches made while typing share one entry of the history, after the query sent before:
# Enter after a pause (the live search has already run) still lets Back return to it.
def test_back_returns_to_the_query_before_after_a_pause_in_typing(visitor: Visitor) -> None:
    tab = visitor.open("search/?q=养老")
    visitor.results()
    tab.fill("#rs-q", "")
    tab.type("#rs-q", "加装电梯", delay=20)
    tab.wait_for_function("new URLSearchParams(location.search).get('q') === '加装电梯'")
    visitor.results()
    tab.press("#rs-q", "Enter")
    visitor.results()
    tab.go_back()
    tab.wait_for_function("new URLSearchParams(location.search).get('q') === '养老'")
    visitor.results()
    assert tab.input_value("#rs-q") == "养老"
    tab.go_forward()
    tab.wait_for_function("new URLSearchParams(location.search).get('q') === '加装电梯'")
    assert tab.input_value("#rs-q") == "加装电梯"


def test_newest_first_orders_every_year_together(visitor: Visitor) -> None:
    tab = visitor.open("search/?q=的&sort=date")
    visitor.results()
    while tab.locator(".rs-search__more").is_visible():
        tab.click(".rs-search__more")
        visitor.results()
    dates = [meta.split("答复于 ")[1] for meta in
             tab.eval_on_selector_all(".rs-result__meta", "m => m.map(x => x.textContent)")
             if "答复于 " in meta]
    assert len(dates) > 40
    assert dates == sorted(dates, reverse=True)
    years = tab.eval_on_selector_all(".rs-result__title a", "a => a.map(x => x.pathname)")
    assert {y.split("/")[1] for y in years[:5]} == {"2025"}  # not 2025, 2024, 2023, 2025 ...


@pytest.mark.parametrize(("query", "record"), [("口袋公园", "rd-2024-0226"),
                                              ("加装电梯", "rd-2024-0012")])
def test_a_result_opens_with_the_query_highlighted(visitor: Visitor, query: str,
                                                  record: str) -> None:
    tab = visitor.open(f"search/?q={query}")
    assert record in visitor.results()
    tab.click(f".rs-result__title a[href*='{record}']")
    tab.wait_for_selector("mark.pagefind-highlight")
    assert record in tab.url and "highlight=" in tab.url
    # The query is marked as a whole, not each word Pagefind split it into (every 加).
    marked = tab.eval_on_selector_all("mark.pagefind-highlight", "m => m.map(x => x.textContent)")
    assert set(marked) == {query}


def test_the_header_search_works_with_the_keyboard_alone(visitor: Visitor) -> None:
    tab = visitor.open("2023/")
    for _ in range(12):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.id") == "rs-header-q":
            break
    assert tab.evaluate("document.activeElement.id") == "rs-header-q"
    tab.keyboard.type("口袋公园")
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/search/?q=*")
    assert visitor.results() == ["rd-2024-0226"]
    tab.focus("#rs-q")
    for _ in range(20):
        tab.keyboard.press("Tab")
        if tab.evaluate("document.activeElement.closest('.rs-result') !== null"):
            break
    tab.keyboard.press("Enter")
    tab.wait_for_url("**/2024/rd-2024-0226/**")


def test_a_year_page_searches_within_its_year(visitor: Visitor) -> None:
    tab = visitor.open("2024/")
    tab.type("#rs-q", "养老", delay=20)
    tab.press("#rs-q", "Enter")
    assert visitor.results()
    hrefs = tab.eval_on_selector_all(".rs-result__title a", "a => a.map(x => x.pathname)")
    assert all(href.startswith("/2024/") for href in hrefs)


def test_a_year_page_leaves_out_a_year_named_in_its_address(visitor: Visitor) -> None:
    visitor.open("2024/?q=养老&f=年度:2023")
    assert visitor.results()
    assert "筛选" not in visitor.summary()


@pytest.mark.parametrize("query", ["丰住建复〔2024〕9号", "丰住建复20249号", "第12号"])
def test_a_year_page_finds_an_identifier_first(visitor: Visitor, query: str) -> None:
    visitor.open("2024/")
    assert visitor.search(query)[:1] == ["rd-2024-0012"]


def test_search_fits_a_375_pixel_phone(browser: Browser, sample_url: str) -> None:
    phone = Visitor(browser, sample_url, width=375)
    tab = phone.open("2024/rd-2024-0012/")
    tab.click(".rs-header-search__button")
    tab.wait_for_url("**/search/**")
    phone.search("加装电梯")
    assert tab.locator("#rs-q").is_visible() and tab.locator(".rs-result").first.is_visible()
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    phone.check_clean()
    tab.close()


@pytest.mark.parametrize("path", ["", "2024/rd-2024-0012/", "2024/", "units/housing/",
                                  "search/?q=养老"])
def test_no_serious_accessibility_violations(visitor: Visitor, path: str) -> None:
    tab = visitor.open(path)
    if path.startswith("search/"):
        visitor.results()
    results = Axe().run(tab)
    serious = [f"{v['id']}: {v['help']}" for v in results.response["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == []


def _filter_counts(tab: Page, group: str) -> dict[str, int]:
    labels = tab.eval_on_selector_all(
        f".rs-filter-group:has(legend:text-is('{group}')) .rs-filter",
        "labels => labels.map(l => [l.querySelector('.rs-filter__value').textContent,"
        " l.querySelector('.rs-filter__count').textContent])")
    return {value: int(count) for value, count in labels}


# Records whose number was typed in a full-width input mode, beside one whose number and text
# hold 37 in plain digits: the exact 编号 filter must put No. ３７ first however 37 is typed.
FULL_WIDTH_RECORD = """\
id: rd-2024-0037
kind: suggestion
year: 2024
session: 测试市一届人大二次会议
number: 第３７号
title: 关于规范共享单车停放秩序的建议
proposers:
  - {name: 孙某某, role: 代表}
assigned: 2024-02-20
topics: [urban-renewal]
units:
  lead: [housing]
replies:
  - unit: housing
    role: lead
    status: approved
    approved: 2024-05-08
    result: B
    text: |
      孙某某代表：
      您提出的建议收悉。我局将会同有关部门划定停放区域１２６处。
"""
PLAIN_DIGITS_RECORD = """\
id: rd-2024-0370
kind: suggestion
year: 2024
session: 测试市一届人大二次会议
number: 第370号
title: 关于增设37处公交候车亭的建议
proposers:
  - {name: 周某, role: 代表}
assigned: 2024-02-20
topics: [urban-renewal]
units:
  lead: [housing]
replies:
  - unit: housing
    role: lead
    status: approved
    approved: 2024-05-09
    result: A
    doc_number: 测住建复〔2024〕017号
    text: |
      周某代表：
      全市已新建候车亭37处，另有37处列入明年计划，37处均设置座椅。
"""

# Typed in a full-width input mode, a query finds what it finds in ASCII, in the same order.
@pytest.mark.parametrize(("full_width", "ascii"), [("７１", "71"), ("第７１号", "第71号"),
                                                   ("２０２４", "2024")])
def test_a_full_width_query_finds_what_ascii_finds(search_page: Visitor, full_width: str,
                                                   ascii: str) -> None:
    expected = search_page.search(ascii)
    assert expected and search_page.search(full_width) == expected


# A query in Traditional characters finds what its Simplified form finds, in the same order.
@pytest.mark.parametrize(("traditional", "simplified"), [("養老", "养老"), ("加裝電梯", "加装电梯"),
                                                         ("垃圾分類", "垃圾分类")])
def test_a_traditional_query_finds_what_simplified_finds(search_page: Visitor, traditional: str,
                                                         simplified: str) -> None:
    expected = search_page.search(simplified)
    assert expected and search_page.search(traditional) == expected


def test_the_converter_loads_only_for_a_query_it_converts(visitor: Visitor) -> None:
    tab = visitor.open("search/")
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    visitor.search("养老")
    assert visitor.summary() == "找到 11 件与“养老”相关的答复"
    assert not [url for url in fetched if url.endswith("/opencc-t2cn.js")]
    visitor.search("養老")
    assert visitor.summary() == "找到 11 件与“養老”相关的答复"
    assert [url for url in fetched if url.endswith("/opencc-t2cn.js")] == [
        f"{visitor.base}assets/javascripts/opencc-t2cn.js"]


def test_the_converter_is_the_pinned_package_served_with_its_licences(sample_site: Path) -> None:
    package = ROOT / "node_modules" / "opencc-js"
    assets = sample_site / "assets" / "javascripts"
    assert (assets / "opencc-t2cn.js").read_bytes() == \
        (package / "dist" / "esm" / "t2cn.js").read_bytes()
    assert (assets / "opencc-js-LICENSE.txt").read_bytes() == (package / "LICENSE").read_bytes()
    assert "Apache" in (assets / "opencc-js-THIRD_PARTY_LICENSES.txt").read_text("utf-8")
    characters = (assets / "opencc-t2cn-characters.js").read_text("utf-8")
    assert "養" in characters and "裝" in characters and "养" not in characters


# The records whose unit (lead or co-handling) is 市卫生健康委员会, once 市卫生和计划生育委员会.
HEALTH = {"rd-2023-0056", "rd-2023-0092", "rd-2023-0105", "zx-2023-0240", "rd-2024-0148",
          "zx-2024-2436", "rd-2025-0048", "rd-2025-0115", "zx-2025-1176"}


# An identifier typed as a whole finds the records that hold it before those that only share
# its characters: a lead and a co-handling reply's 文号 (with any brackets), a 索引号.
@pytest.mark.parametrize(("query", "first"), [
    ("丰住建复〔2024〕9号", "rd-2024-0012"),           # a lead reply's 文号
    ("丰住建会〔2023〕11号", "rd-2023-0027"),          # a co-handling reply's 文号
    ("丰住建会[2023]11号", "rd-2023-0027"),            # typed with other brackets
    ("丰住建会（2023）11号", "rd-2023-0027"),
    ("丰住建会《2023》11号", "rd-2023-0027"),
    ("丰卫健会〔2023〕16号", "rd-2023-0056"),
    ("丰住建复20249号", "rd-2024-0012"),              # typed without brackets
    ("丰住建复〔2024〕09号", "rd-2024-0012"),           # with a zero GB/T 9704 does not write
    ("丰住建复〔2024〕9", "rd-2024-0012"),              # without the final 号
    ("丰住建复20249", "rd-2024-0012"),
])
def test_an_identifier_finds_its_record_first(search_page: Visitor, query: str,
                                             first: str) -> None:
    assert search_page.search(query)[:1] == [first]




FULL_WIDTH_QUERIES = [("第37号", "rd-2024-0037"), ("37", "rd-2024-0037"),
                      ("第３７号", "rd-2024-0037"), ("٣٧", "rd-2024-0037"),
                      ("第３７０号", "rd-2024-0370"), ("370", "rd-2024-0370")]


@pytest.fixture(scope="module")
def full_width_page(browser: Browser, tmp_path_factory: pytest.TempPathFactory
                    ) -> Iterator[Visitor]:
    """The search page of the small fixture with the two records above."""
    root = tmp_path_factory.mktemp("full-width")
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    (content / "2024" / "rd-2024-0037.yml").write_text(FULL_WIDTH_RECORD, encoding="utf-8")
    (content / "2024" / "rd-2024-0370.yml").write_text(PLAIN_DIGITS_RECORD, encoding="utf-8")
    with search_page_of(browser, content, root) as visitor:
        yield visitor


@pytest.mark.parametrize(("query", "expected"), FULL_WIDTH_QUERIES)
def test_a_number_is_found_first_in_any_width_and_digits(full_width_page: Visitor, query: str,
                                                        expected: str) -> None:
    assert full_width_page.search(query)[:1] == [expected]


# The other way round: a number written full-width in a reply is found typed in ASCII.
@pytest.mark.parametrize("query", ["126处", "１２６处", "126"])
def test_a_number_written_full_width_is_found_in_ascii(full_width_page: Visitor,
                                                      query: str) -> None:
    assert full_width_page.search(query) == ["rd-2024-0037"]


# A 文号 is found however it is typed: without brackets, with 第 or with a zero before its
# serial number, as GB/T 9704 does not write it, and written with a zero in the reply itself.
@pytest.mark.parametrize("query", ["测住建复〔2024〕17号", "测住建复202417号",
                                   "测住建复〔2024〕第17号", "测住建复〔2024〕017号",
                                   "测住建复（2024）0017号"])
def test_a_doc_number_is_found_in_any_form(full_width_page: Visitor, query: str) -> None:
    assert full_width_page.search(query)[:1] == ["rd-2024-0370"]


def test_a_full_width_number_is_shown_as_written(full_width_page: Visitor) -> None:
    full_width_page.search("37")
    meta = full_width_page.tab.inner_text(".rs-result__meta >> nth=0")
    assert "第３７号" in meta


# Rare four-character names with a compound surname, each beside records of the same surname
# and of words that begin with the given name's characters, in parts of several years.
NAMES = [("rd-2023-0901", "欧阳光远"), ("rd-2024-0902", "司马文华"), ("rd-2025-0903", "上官建国"),
         ("rd-2023-0904", "诸葛明辉"), ("rd-2024-0905", "宇文文明"), ("rd-2025-0906", "皇甫志强"),
         ("rd-2023-0907", "慕容海燕"), ("rd-2024-0908", "令狐立新")]
NEIGHBOURS = "光明 远程 文化 华丽 建设 国家 明确 光辉 海洋 燕子 强化 志愿 新建 立足 明月"


def _name_record(record_id: str, name: str, text: str) -> str:
    year = record_id.split("-")[1]
    return f"""\
id: {record_id}
kind: suggestion
year: {year}
session: 丰禾市十六届人大三次会议
number: 第{record_id[-3:]}号
title: 关于改善社区公共设施的建议
proposers:
  - {{name: {name}, role: 代表}}
assigned: {year}-02-20
topics: [urban-renewal]
units:
  lead: [housing]
replies:
  - unit: housing
    role: lead
    status: approved
    approved: {year}-05-08
    result: B
    text: |
      {name}代表：
      您提出的建议收悉。{text}我局将会同有关部门研究落实。
"""


# Records that hold the words of an identifier many times over, but not the identifier.
CROWD = {
    "rd-2024-0960": ("王某某", "本市卫生院和计划生育服务站、居民委员会，市卫生院和计划生育服务站、"
                              "村民委员会，市卫生和健康教育、计划生育协会委员会。"),
    "rd-2024-0961": ("李某", "参照11330100MB0F52371K号文件，2023年底前完成00052项，"
                            "11330100MB0F52371K号文件2023年00052项。"),
}


@pytest.fixture(scope="module")
def crowded_page(browser: Browser, tmp_path_factory: pytest.TempPathFactory
                 ) -> Iterator[Visitor]:
    """The sample content with the records of NAMES and their neighbours, and CROWD, in parts
    of 8."""
    root = tmp_path_factory.mktemp("crowded")
    content = root / "content"
    shutil.copytree(SAMPLE, content)
    for index, (record_id, name) in enumerate(NAMES):
        (content / record_id.split("-")[1] / f"{record_id}.yml").write_text(
            _name_record(record_id, name, ""), encoding="utf-8")
        neighbour = f"rd-{record_id.split('-')[1]}-{950 + index:04d}"
        (content / record_id.split("-")[1] / f"{neighbour}.yml").write_text(
            _name_record(neighbour, f"{name[:2]}某", NEIGHBOURS), encoding="utf-8")
    for record_id, (name, text) in CROWD.items():
        (content / "2024" / f"{record_id}.yml").write_text(_name_record(record_id, name, text),
                                                          encoding="utf-8")
    with search_page_of(browser, content, root, SAMPLE_PART_SIZE) as visitor:
        yield visitor


@pytest.mark.parametrize(("record_id", "name"), NAMES)
def test_a_rare_name_with_a_compound_surname_is_found(crowded_page: Visitor, record_id: str,
                                                      name: str) -> None:
    assert crowded_page.search(name)[:1] == [record_id]


def test_the_first_results_need_only_the_newest_year(visitor: Visitor) -> None:
    tab = visitor.open("search/")
    older = HeldBack(tab, re.compile(r"/202[34]/pagefind/"))  # every file of the older years
    tab.fill("#rs-q", "建议")
    tab.press("#rs-q", "Enter")
    tab.wait_for_selector(".rs-result__title a >> nth=9")  # a whole first page
    hrefs = tab.eval_on_selector_all(".rs-result__title a", "a => a.map(x => x.pathname)")
    # Shown while every file of 2024 and 2023 is held back: the page needed none of them.
    assert {href.split("/")[1] for href in hrefs} == {"2025"}
    assert tab.get_attribute(".rs-search__results", "aria-busy") == "true"
    assert "正在检索其他年度" in visitor.summary()
    # The status is outside the busy region, so that screen readers announce it now.
    assert tab.eval_on_selector(".rs-search__summary", "e => !e.closest('[aria-busy=true]')")
    older.release()
    visitor.results()
    assert older.asked and re.fullmatch(r"找到 \d+ 件与“建议”相关的答复", visitor.summary())


def test_every_year_s_search_loads_pagefind_s_webassembly_from_one_address(
        visitor: Visitor) -> None:
    tab = visitor.open("search/")
    fetched: list[str] = []
    tab.on("request", lambda request: fetched.append(request.url))
    assert visitor.search("养老")
    years = {url.split("/")[3] for url in fetched if "/pagefind/1/" in url}
    assert years == {"2023", "2024", "2025"}  # every year searched, each its own instance
    assert {url.split("?")[0] for url in fetched if "wasm" in url} == {
        f"{visitor.base}search/pagefind/wasm.unknown.pagefind"}


def test_an_identifier_is_looked_up_only_in_the_years_holding_it(visitor: Visitor) -> None:
    tab = visitor.open("search/")
    newer = HeldBack(tab, re.compile(r"/202[45]/pagefind/"))  # every file of 2025 and 2024
    tab.fill("#rs-q", "丰住建会（2023）11号")
    tab.press("#rs-q", "Enter")
    tab.wait_for_selector(".rs-result__title a")
    assert tab.eval_on_selector_all(".rs-result__title a", "a => a.map(x => x.pathname)") == [
        "/2023/rd-2023-0027/"]
    newer.release()
    assert visitor.results()[0] == "rd-2023-0027"


def test_an_index_that_does_not_load_is_said_and_the_next_search_tries_again(
        browser: Browser, sample_url: str) -> None:
    visitor = Visitor(browser, sample_url)
    tab = visitor.open("search/")
    failing: list[bool] = [True]
    tab.route(re.compile(r"/2025/pagefind/1/pagefind-entry.json"),
              lambda route: route.abort() if failing else route.continue_())
    tab.fill("#rs-q", "养老")
    tab.press("#rs-q", "Enter")
    assert visitor.results() == []
    assert visitor.summary() == "搜索暂时无法完成，请检查网络后再试。"
    failing.clear()
    assert "rd-2025-0005" in visitor.search("养老")
    tab.close()


# A unit's current or former name finds its records (lead or co-handling) before a record
# that holds each word of the name; so does a 索引号.
def test_an_identifier_s_records_are_shown_before_the_full_text_search(visitor: Visitor) -> None:
    tab = visitor.open("search/")
    words = HeldBack(tab, "**/pagefind/*/index/*")  # the words' parts of every index
    tab.fill("#rs-q", "丰住建会〔2023〕11号")
    tab.press("#rs-q", "Enter")
    tab.wait_for_selector(".rs-result__title a")
    for _ in range(100):  # the full-text search asks for the words' parts, held back
        if words.held:
            break
        tab.wait_for_timeout(50)
    assert words.held and tab.get_attribute(".rs-search__results", "aria-busy") == "true"
    assert visitor.tab.eval_on_selector_all(".rs-result__title a", "a => a.length") == 1
    words.release()
    found = visitor.results()
    assert found[0] == "rd-2023-0027" and len(found) > 1


@pytest.mark.parametrize("query", ["市卫生健康委员会", "市卫生和计划生育委员会"])
def test_a_unit_name_finds_its_records_first(crowded_page: Visitor, query: str) -> None:
    found = crowded_page.search(query)
    assert set(found[:len(HEALTH)]) == HEALTH and "rd-2024-0960" in found


def _index_as_archived_before_the_split(year: Path) -> None:
    """Index `year` (a folder of the built site, one part) again as editions made before the
    标识 filter was split wrote it: every identifier in the one filter 标识."""
    for page in year.glob("*/index.html"):
        html = page.read_text(encoding="utf-8")
        page.write_text(re.sub(r'data-pagefind-filter="标识\d+:', 'data-pagefind-filter="标识:',
                               html), encoding="utf-8")
    subprocess.run([str(pagefind_binary(ROOT)), "--site", str(year), "--glob", "*/index.html",
                    "--output-path", str(year / "pagefind" / "1"), "--quiet"], check=True)


# A closed year is served from its archive as it was made: one made before the identifiers
# were split into 标识0 to 标识15 still finds its 文号 first on the portal's search page.
def test_a_year_archived_with_one_identifier_filter_finds_its_doc_number_first(
        browser: Browser, tmp_path: Path) -> None:
    site = build(FIXTURE, tmp_path)
    assert [p.name for p in (site / "2023" / "pagefind").iterdir()] == ["1"]
    _index_as_archived_before_the_split(site / "2023")
    with served(site) as url:
        visitor = Visitor(browser, url)
        visitor.open("search/")
        assert visitor.search("测住房复〔2023〕5号")[:1] == ["rd-2023-0001"]
        assert "的 1 件在前" in visitor.summary()
        visitor.check_clean()


def test_an_index_number_finds_its_record_first(crowded_page: Visitor) -> None:
    found = crowded_page.search("11330100MB0F52371K/2023-00052")
    assert found[:1] == ["rd-2023-0084"] and "rd-2024-0961" in found
