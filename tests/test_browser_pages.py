"""Pages of the built sample site in a real browser: no errors, nothing fetched from elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Request

from tests.browser import chromium

PAGES = ["", "2024/", "2024/rd-2024-0012/", "units/housing/", "2024/units/housing/",
         "topics/elderly-care/",
         "2023/proposals/", "about/"]


@pytest.fixture
def base_url(sample_url: str) -> str:
    return sample_url


def test_pages_load_without_errors_or_outside_requests(base_url: str) -> None:
    errors: list[str] = []
    outside: list[str] = []

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    def on_request(request: Request) -> None:
        if not request.url.startswith(base_url):
            outside.append(request.url)

    with chromium() as browser:
        tab = browser.new_page()
        tab.on("console", on_console)
        tab.on("request", on_request)
        tab.on("pageerror", lambda error: errors.append(str(error)))
        for url in PAGES:
            response = tab.goto(base_url + url, wait_until="networkidle")
            assert response is not None and response.status == 200, url
            assert tab.locator("h1").first.is_visible(), url
    assert errors == []
    assert outside == []


def test_a_record_prints_as_a_clean_a4_page(base_url: str, tmp_path: Path) -> None:
    with chromium() as browser:
        tab = browser.new_page()
        tab.goto(base_url + "2024/rd-2024-0012/", wait_until="networkidle")
        tab.emulate_media(media="print")
        assert not tab.locator(".md-header").is_visible()
        assert not tab.locator(".md-sidebar--primary").is_visible()
        assert tab.locator(".rs-reply-text").first.is_visible()
        pdf = tab.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
