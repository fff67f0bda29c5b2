"""The statistics pages in Debian's Chromium: on a 375 px phone, to axe, and printed."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page

from tests.browser import chromium, served
from tests.conftest import FIXTURE, build

PAGES = ["statistics/", "2024/statistics/", "units/housing/", "topics/elderly-care/"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with chromium() as opened:
        yield opened


@pytest.fixture(scope="module")
def pending_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The fixture corpus with pending records listed, built and served."""
    root = tmp_path_factory.mktemp("pending")
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    site = content / "site.yml"
    site.write_text(site.read_text(encoding="utf-8").replace(
        "list_pending: false", "list_pending: true"), encoding="utf-8")
    with served(build(content, root)) as url:
        yield url


def phone(browser: Browser, url: str) -> Page:
    tab = browser.new_page(viewport={"width": 375, "height": 800})
    response = tab.goto(url, wait_until="networkidle")
    assert response is not None and response.status == 200, url
    return tab


def serious_violations(tab: Page) -> list[str]:
    results = Axe().run(tab)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")]


@pytest.mark.parametrize("path", PAGES)
def test_statistics_fit_a_375_pixel_phone_and_pass_axe(browser: Browser, sample_url: str,
                                                       path: str) -> None:
    tab = phone(browser, sample_url + path)
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    assert tab.locator("caption").first.is_visible()
    assert serious_violations(tab) == []
    tab.close()


def test_a_chart_is_an_image_named_by_its_title_and_described(browser: Browser,
                                                              sample_url: str) -> None:
    tab = phone(browser, sample_url + "statistics/")
    chart = tab.locator("svg.rs-chart").first
    assert chart.get_attribute("role") == "img"
    assert tab.get_by_role("img", name="满意率").count() == 1
    described = chart.evaluate(
        "svg => document.getElementById(svg.getAttribute('aria-labelledby').split(' ')[1])"
        ".textContent")
    assert described.startswith("2025年：满意率") and described.endswith("。")
    box = chart.bounding_box()
    assert box is not None and box["width"] <= 375
    tab.close()


def test_statistics_print_cleanly(browser: Browser, sample_url: str) -> None:
    tab = browser.new_page()
    tab.goto(sample_url + "2024/statistics/", wait_until="networkidle")
    tab.emulate_media(media="print")
    assert not tab.locator(".md-header").is_visible()
    assert tab.locator("table").first.is_visible()
    assert tab.locator("svg.rs-chart").first.is_visible()
    pdf = tab.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    tab.close()


def test_the_pending_list_fits_a_phone_and_passes_axe(browser: Browser,
                                                      pending_url: str) -> None:
    tab = phone(browser, pending_url + "2024/pending/")
    assert tab.locator("caption").inner_text() == "2024年未答复件（截至 2024-11-01，共 1 件）"
    assert tab.evaluate("document.documentElement.scrollWidth") <= 375
    assert serious_violations(tab) == []
    tab.close()
