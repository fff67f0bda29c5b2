"""Pages of the built sample site in a real browser: no errors, nothing fetched from elsewhere."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from playwright.sync_api import ConsoleMessage, Request

from generator.pages.publication import publish
from generator.site.build import check
from tests.browser import chromium
from tests.conftest import SAMPLE

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


# In the page: follow a link as the browser resolves it, and give back what the server sent.
_FOLLOW = """async href => {
    const response = await fetch(href);
    const bytes = new Uint8Array(await response.arrayBuffer());
    return {status: response.status, bytes: Array.from(bytes)};
}"""


def _attachments_by_page() -> dict[str, dict[str, Path]]:
    """Each published record page with attachments: its attachments' titles and files."""
    pages: dict[str, dict[str, Path]] = {}
    for record in publish(check(SAMPLE), dt.date(2030, 1, 1)):
        for reply in record.replies:
            for attachment in reply.attachments:
                pages.setdefault(record.url, {})[attachment.title] = SAMPLE / attachment.file
    return pages


def test_every_attachment_link_returns_its_file(base_url: str) -> None:
    expected = _attachments_by_page()
    names = {path.name for files in expected.values() for path in files.values()}
    assert {"3#楼加装电梯方案.pdf", "补助资金100%到位说明.pdf", "加装电梯 申请表.pdf",
            "加装电梯常见问题?.pdf"} <= names
    with chromium() as browser:
        tab = browser.new_page()
        for url, files in expected.items():
            tab.goto(base_url + url, wait_until="networkidle")
            links = tab.eval_on_selector_all(".rs-attachments a",
                                             "links => links.map(a => [a.textContent, a.href])")
            assert sorted(title for title, _ in links) == sorted(files), url
            for title, href in links:
                followed = tab.evaluate(_FOLLOW, href)
                assert followed["status"] == 200, f"{url}: {title} -> {href}"
                assert bytes(followed["bytes"]) == files[title].read_bytes(), title
