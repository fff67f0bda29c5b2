"""Every kind of page at 320, 375, 768 and 1280 px and on A4 paper, in Debian's Chromium:
nothing scrolls sideways, lists give their titles the room, axe finds nothing serious, a
printed record says where it comes from, and the search page works on a phone."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page
from pypdf import PdfReader

from tests.browser import chromium

WIDTHS = [320, 375, 768, 1280]
PAGES = {
    "home": "",
    "year": "2024/",
    "year-unit": "2024/units/housing/",
    "record": "2024/rd-2024-0012/",  # a reply with a table of four columns
    "search": "search/?q=电梯",
    "not-found": "2024/no-such-page/",
}
# Pages with lists of records, and how many lists each has.
LISTS = {"home": 1, "year": 2, "year-unit": 1}

# Each list of records: whether its rows are blocks, and where its cells are.
_LISTS = """() => [...document.querySelectorAll("table.rs-records")].map(table => {
    const box = (cell) => cell.getBoundingClientRect();
    const row = table.querySelector("tbody tr");
    return {
        block: getComputedStyle(table).display !== "table",
        heads: [...table.querySelectorAll("thead th")].map(th => [th.className, box(th).width]),
        titleTop: box(row.querySelector(".rs-records__title")).top,
        otherTops: [...row.querySelectorAll("td:not(.rs-records__title)")].map(td => box(td).top),
    };
})"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


def open_page(browser: Browser, url: str, width: int) -> Page:
    """The page at `url` on a screen `width` px wide, with search results shown and the
    search page's filters open."""
    tab = browser.new_page(viewport={"width": width, "height": 900})
    response = tab.goto(url, wait_until="networkidle")
    assert response is not None
    if "/search/" in url:
        tab.wait_for_selector(".rs-result")
        tab.evaluate("document.querySelector('.rs-search__facets').open = true")
        tab.wait_for_selector(".rs-filter")
    return tab


def serious_violations(tab: Page) -> list[str]:
    results = Axe().run(tab)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


def check_lists(name: str, lists: list[dict[str, Any]]) -> None:
    """In every list the title column is the widest, or each row is a block, title first."""
    assert len(lists) == LISTS.get(name, 0), name
    for found in lists:
        if found["block"]:
            assert all(found["titleTop"] < top for top in found["otherTops"]), found
        else:
            widths = {name: width for name, width in found["heads"]}
            title = widths.pop("rs-records__title")
            assert all(title > width for width in widths.values()), found


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_pages_fit_every_screen_and_pass_axe(browser: Browser, sample_url: str, name: str,
                                             width: int) -> None:
    tab = open_page(browser, sample_url + PAGES[name], width)
    assert tab.evaluate("document.documentElement.scrollWidth") <= width
    check_lists(name, tab.evaluate(_LISTS))
    assert serious_violations(tab) == []
    tab.close()


def test_lists_are_tables_on_a_wide_screen_and_blocks_on_a_phone(browser: Browser,
                                                                  sample_url: str) -> None:
    for width, block in ((320, True), (375, True), (768, False), (1280, False)):
        tab = open_page(browser, sample_url + "2024/", width)
        assert {found["block"] for found in tab.evaluate(_LISTS)} == {block}, width
        tab.close()


def test_a_wide_table_in_a_reply_scrolls_in_its_own_region_by_keyboard(
        browser: Browser, sample_url: str) -> None:
    tab = open_page(browser, sample_url + "2024/rd-2024-0012/", 320)
    region = tab.get_by_role("region", name="表格")
    assert region.count() == 1
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    region.focus()
    tab.keyboard.press("ArrowRight")
    tab.wait_for_function("document.activeElement.scrollLeft > 0")
    # Its fourth column is there to scroll to.
    assert region.locator("th").nth(3).inner_text() == "市级补助（万元）"
    tab.close()


# Chromium's PDF names some ideographs by the radical its font draws with the same glyph:
# Kangxi radicals (⽲ for 禾), which NFKC folds, and these, which it does not.
_RADICALS = str.maketrans({"⺠": "民", "⻚": "页"})


def _first_pdf_page(tab: Page) -> str:
    tab.emulate_media(media="print")
    first = PdfReader(io.BytesIO(tab.pdf(format="A4"))).pages[0].extract_text()
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", first).translate(_RADICALS))


def test_a_printed_record_says_where_it_comes_from_on_its_first_page(
        browser: Browser, sample_url: str) -> None:
    tab = open_page(browser, sample_url + "2024/rd-2024-0012/", 1280)
    first = _first_pdf_page(tab)
    assert first.startswith("丰禾市人民政府丰禾市建议提案办理复文公开"
                            f"本页网址:{sample_url}2024/rd-2024-0012/"), first[:200]
    tab.close()


def test_on_paper_rows_stay_whole_and_progress_reads_as_the_reply(browser: Browser,
                                                                   sample_url: str) -> None:
    tab = open_page(browser, sample_url + "2024/rd-2024-0012/", 1280)
    tab.emulate_media(media="print")
    sizes = tab.evaluate("""() => [".rs-reply-text p", ".rs-progress-text p"].map(
        selector => getComputedStyle(document.querySelector(selector)).fontSize)""")
    assert sizes[0] == sizes[1]
    assert tab.evaluate("getComputedStyle(document.querySelector('.rs-text-table tr'))"
                        ".breakInside") == "avoid"
    tab.close()


def test_the_not_found_page_is_chinese_with_a_search_box_and_a_way_home(
        browser: Browser, sample_url: str) -> None:
    tab = browser.new_page(viewport={"width": 375, "height": 900})
    response = tab.goto(sample_url + "2024/no-such/page/", wait_until="networkidle")
    assert response is not None and response.status == 404
    assert tab.locator("h1").inner_text() == "没有找到这个页面"
    assert tab.title() == "丰禾市建议提案办理复文公开"
    tab.get_by_role("link", name="返回首页").click()
    tab.wait_for_url(sample_url)
    tab.go_back()
    tab.get_by_role("main").get_by_role("searchbox", name="搜索答复").fill("电梯")
    tab.keyboard.press("Enter")
    tab.wait_for_selector(".rs-result")
    assert tab.url == sample_url + "search/?q=%E7%94%B5%E6%A2%AF"
    tab.close()


def test_excerpts_come_from_the_replies_not_the_metadata(browser: Browser,
                                                        sample_url: str) -> None:
    tab = open_page(browser, sample_url + "search/?q=电梯", 1280)
    excerpts = tab.locator(".rs-result__excerpt").all_inner_texts()
    assert len(excerpts) >= 3
    for excerpt in excerpts:
        assert "电梯" in excerpt
        for label in ("主办单位", "会办单位", "其他提出人", "答复期限", "交办日期", "届次",
                      "答复（主办）"):
            assert label not in excerpt, excerpt
    tab.close()


@pytest.mark.parametrize(("query", "record"), [
    ("丰住建复〔2024〕9号", "关于加快推进老旧小区既有住宅加装电梯的建议"),  # 文号
    ("韩某", "关于推动“一网通办”向基层延伸的提案"),  # a second proposer
    ("李某", "关于加快推进老旧小区既有住宅加装电梯的建议"),
    ("11330100MB0253418X/2024-00031", "关于加快推进老旧小区既有住宅加装电梯的建议"),  # 索引号
])
def test_numbers_and_names_are_still_found(browser: Browser, sample_url: str, query: str,
                                           record: str) -> None:
    tab = open_page(browser, f"{sample_url}search/?q={query}", 1280)
    titles = tab.locator(".rs-result__title").all_inner_texts()
    assert record in titles[:5], titles
    tab.close()


def _filter_values(tab: Page, legend: str) -> list[str]:
    group = tab.locator("fieldset.rs-filter-group", has=tab.locator(f"legend:text-is('{legend}')"))
    return group.locator(".rs-filter__value").all_inner_texts()


def test_filters_show_the_result_classes_labels_and_no_stand_in_value(
        browser: Browser, sample_url: str) -> None:
    tab = open_page(browser, sample_url + "search/?f=年度:2024", 1280)
    assert sorted(_filter_values(tab, "办理结果")) == [
        "A类：已解决或基本解决", "B类：正在解决或列入计划解决", "C类：因条件限制留作参考"]
    assert "无" not in _filter_values(tab, "会办单位")
    tab.locator("label.rs-filter", has_text="B类：正在解决或列入计划解决").click()
    tab.wait_for_url(re.compile(r"f=%E5%8A%9E%E7%90%86%E7%BB%93%E6%9E%9C%3AB"))
    assert tab.locator(".rs-search__facets > summary").inner_text() == "筛选（已选 2 项）"
    tab.close()


def test_on_a_phone_the_first_result_is_in_sight(browser: Browser, sample_url: str) -> None:
    tab = browser.new_page(viewport={"width": 375, "height": 800})
    tab.goto(sample_url + "search/?q=电梯", wait_until="networkidle")
    tab.wait_for_selector(".rs-result")
    assert not tab.locator(".rs-search__facets").evaluate("details => details.open")
    box = tab.locator(".rs-result").first.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 800
    tab.close()


def test_the_header_search_button_on_a_phone_opens_the_search_box_focused(
        browser: Browser, sample_url: str) -> None:
    tab = browser.new_page(viewport={"width": 375, "height": 800})
    tab.goto(sample_url + "2024/", wait_until="networkidle")
    tab.get_by_role("button", name="搜索").click()
    tab.wait_for_url(re.compile(r"/search/"))
    tab.wait_for_function("document.activeElement && document.activeElement.id === 'rs-q'")
    tab.keyboard.type("电梯")
    tab.wait_for_selector(".rs-result")
    tab.close()


# The width of a box's placeholder as drawn in its font, against the room inside the box.
_PLACEHOLDER = """input => {
    const style = getComputedStyle(input);
    const context = document.createElement("canvas").getContext("2d");
    context.font = `${style.fontSize} ${style.fontFamily}`;
    const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    return [context.measureText(input.placeholder).width, room];
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_search_boxes_show_their_placeholders_whole(browser: Browser, sample_url: str,
                                                        width: int) -> None:
    for url, box in (("search/", "#rs-q"), ("2024/", "#rs-q"), ("", "#rs-header-q")):
        tab = browser.new_page(viewport={"width": width, "height": 800})
        tab.goto(sample_url + url, wait_until="networkidle")
        field = tab.locator(box)
        if field.is_visible():
            text, room = field.evaluate(_PLACEHOLDER)
            assert text <= room, (url, width, text, room)
        tab.close()
