"""A record whose texts try to run script is shown as text in Chromium, and nothing runs.

Clerks paste from many systems; whatever they paste, no markup in it may become live on the page.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from playwright.sync_api import Dialog, Page

from tests.browser import chromium, served
from tests.conftest import FIXTURE, build, edit

HOSTILE = (
    "<script>alert(1)</script>\n\n"
    '<img src=x onerror="alert(2)">\n\n'
    "[点此查看](javascript:alert(3))\n\n"
    "[另一个链接](data:text/html;base64,PHNjcmlwdD5hbGVydCg0KTwvc2NyaXB0Pg==)\n\n"
    '<iframe src="javascript:alert(5)"></iframe>\n\n'
    '<a href="#" onclick="alert(6)">旧式链接</a>\n\n'
    "| 区 | 台数 |\n|---|---|\n| 东区 | **30** |\n\n"
    "- 第一项\n- 第二项，见[政府网站](https://www.example.gov.cn/)\n"
)


@pytest.fixture(scope="module")
def record_page(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Page, list[str]]]:
    root = tmp_path_factory.mktemp("hostile")
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    record = content / "2024" / "rd-2024-0001.yml"
    indented = "".join(f"      {line}\n" if line else "\n" for line in HOSTILE.splitlines())
    edit(record, "      全市已完成加装电梯 *42* 台。\n", indented)
    edit(record, "text: 年内又完成加装电梯 20 台。", "text: '<script>alert(7)</script>进展'")
    site = build(content, root)
    with served(site) as url, chromium() as browser:
        page = browser.new_page()
        events: list[str] = []
        def on_dialog(dialog: Dialog) -> None:
            events.append(f"dialog {dialog.message}")
            dialog.dismiss()

        page.on("dialog", on_dialog)
        page.on("pageerror", lambda error: events.append(f"error {error}"))
        page.on("request", lambda request: events.append(f"outside {request.url}")
                if not request.url.startswith(url) else None)
        page.goto(url + "2024/rd-2024-0001/", wait_until="networkidle")
        yield page, events


def test_no_script_runs_and_no_dialog_opens(record_page: tuple[Page, list[str]]) -> None:
    page, events = record_page
    for link in page.locator("article a", has_text="点此查看").all():
        link.click()  # a live javascript: link would open a dialog here
    page.wait_for_timeout(300)
    assert events == []


def test_the_hostile_markup_is_shown_as_text(record_page: tuple[Page, list[str]]) -> None:
    page, _ = record_page
    text = page.inner_text("article")
    assert "<script>alert(1)</script>" in text
    assert '<img src=x onerror="alert(2)">' in text
    assert '<iframe src="javascript:alert(5)"></iframe>' in text
    assert "<script>alert(7)</script>进展" in text
    assert "点此查看" in text and "另一个链接" in text


def test_no_live_markup_comes_from_the_text(record_page: tuple[Page, list[str]]) -> None:
    page, _ = record_page
    article = page.locator("article")
    assert article.locator("script, iframe, img, object, embed").count() == 0
    assert article.locator("a[href^='javascript:'], a[href^='data:']").count() == 0
    handlers = page.evaluate("""() => [...document.querySelectorAll('article *')]
        .flatMap(el => [...el.attributes].map(a => a.name))
        .filter(name => name.startsWith('on'))""")
    assert handlers == []


def test_ordinary_markdown_still_works(record_page: tuple[Page, list[str]]) -> None:
    page, _ = record_page
    article = page.locator("article")
    assert article.locator("table td strong", has_text="30").count() == 1
    assert article.locator("li", has_text="第一项").count() == 1
    link = article.locator("a", has_text="政府网站")
    assert link.get_attribute("href") == "https://www.example.gov.cn/"
    assert "nofollow" in (link.get_attribute("rel") or "")
