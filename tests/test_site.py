"""Real builds of the sample content with MkDocs and Material, read back as HTML."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from generator.pages.versions import NOT_SHAPING, PACKAGES
from generator.records.problems import ContentError
from tests.conftest import FIXTURE, ROOT, SAMPLE, SAMPLE_PART_SIZE, build, edit

LOCK, PAGEFIND_LOCK = ROOT / "requirements.lock", ROOT / "package-lock.json"


@pytest.fixture
def site(sample_site: Path) -> Path:
    return sample_site


def page(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_record_page_shows_metadata_and_every_approved_reply(site: Path) -> None:
    html = page(site, "2024/rd-2024-0012")
    text = text_of(html)
    assert '<html lang="zh"' in html
    assert "<h1" in html and "关于加快推进老旧小区既有住宅加装电梯的建议" in text
    for label in ("编号", "届次", "类别", "领衔人", "主办单位", "会办单位", "主题", "交办日期",
                  "答复期限", "答复日期", "文号", "索引号", "发布日期", "办理结果", "采纳情况",
                  "重点督办", "沟通情况", "满意度"):
        assert f"<dt>{label}</dt>" in html, label
    assert "第12号" in text and "王某某代表" in text
    assert "A类：已解决或基本解决（答复时为B类）" in text
    assert "市住房和城乡建设局答复（主办）" in text and "市财政局答复（会办）" in text
    assert "最新进展" in text
    assert 'href="../../units/housing/"' in html and 'href="../../topics/urban-renewal/"' in html
    assert 'href="../attachments/2024/rd-2024-0012-1.pdf"' in html


def test_bold_next_to_full_width_punctuation_is_bold_on_the_record_page(site: Path) -> None:
    html = page(site, "2025/rd-2025-0150")
    assert "<strong>一是加强停放管理。</strong>我局" in html
    assert "<strong>注意：</strong>电子围栏" in html
    article = html.split("<article")[1].split("</article>")[0]
    assert "*" not in text_of(article)


def test_summary_withheld_and_draft_texts_never_reach_the_site(site: Path) -> None:
    withheld = text_of(page(site, "2024/rd-2024-0226"))
    assert "本答复全文不予公开，理由：涉及尚未公开的规划方案" in withheld
    assert "摘要公开" in text_of(page(site, "2024/zx-2024-2436"))
    assert not (site / "2024" / "rd-2024-0415").exists()  # only a draft reply
    everything = b"".join(p.read_bytes() for p in site.rglob("*") if p.is_file())
    for secret in ("纺织厂旧址", "南岭院区", "本稿尚待局领导审定", "资产负债率已达78%"):
        assert secret.encode() not in everything, secret


def test_year_page_lists_the_year_with_its_kinds_and_results(site: Path) -> None:
    text = text_of(page(site, "2024"))
    assert "2024年建议提案办理答复" in text
    assert "人大代表建议" in text and "政协委员提案" in text and "重点督办" in text
    assert "关于加快推进老旧小区既有住宅加装电梯的建议" in text
    assert "第712号" in text_of(page(site, "2024/suggestions"))


def test_unit_page_counts_by_year_under_the_current_name(site: Path) -> None:
    html = page(site, "units/housing")
    text = text_of(html)
    assert "<h1" in html and "市住房和城乡建设局" in text
    assert "曾用名：市住房保障和房产管理局" in text
    counts = html.split("<h2")[0]  # the table of counts, before the statistics
    years = re.findall(r'<a href="../../(\d{4})/units/housing/">\1年</a>', counts)
    assert years == ["2025", "2024", "2023"]
    assert "<td>2</td>\n<td>2</td>\n<td>4</td>" in html  # 2024: 主办, 会办, 合计


def test_a_units_records_of_one_year_are_in_that_years_edition(site: Path) -> None:
    html = page(site, "2023/units/housing")
    assert "市住房和城乡建设局：2023年" in text_of(html)
    assert 'href="../../rd-2023-0003/"' in html  # filed under the former name
    assert 'href="../../../units/housing/"' in html and 'href="../../"' in html
    assert "rd-2024" not in html
    year = page(site, "2024")
    assert 'href="units/housing/">市住房和城乡建设局</a>（4）' in year
    assert 'href="topics/elderly-care/">养老服务</a>（4）' in year
    assert "养老服务：2024年" in text_of(page(site, "2024/topics/elderly-care"))


def test_topic_page_and_overviews_list_terms_with_counts(site: Path) -> None:
    assert "养老机构、居家和社区养老、老年人福利" in text_of(page(site, "topics/elderly-care"))
    assert "市住房保障和房产管理局" in text_of(page(site, "units"))
    assert "乡村振兴" in text_of(page(site, "topics"))
    home = text_of(page(site, ""))
    assert "最新公开的答复" in home and "2025年" in home


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_every_link_resolves_and_nothing_is_loaded_from_elsewhere(site: Path) -> None:
    broken = []
    for html_file in site.rglob("*.html"):
        parser = _Links()
        parser.feed(html_file.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            assert not parts.scheme and not parts.netloc, f"{html_file}: {link}"
            if not parts.path:
                continue
            # MkDocs writes the 404 page with links from the root, as it is served anywhere.
            base = site if parts.path.startswith("/") else html_file.parent
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                broken.append(f"{html_file.relative_to(site)} -> {link}")
    assert broken == []


def test_each_part_of_a_year_is_indexed_and_searched(site: Path) -> None:
    # 2024 has 21 record files: parts of 8 give three, each with its own index.
    assert sorted(p.name for p in (site / "2024" / "pagefind").iterdir()) == ["1", "2", "3"]
    indexes = [f"{year}/pagefind/{part.name}/" for year in ("2025", "2024", "2023")
               for part in sorted((site / year / "pagefind").iterdir())]
    search = page(site, "search")
    assert f'data-indexes="{" ".join(indexes)}"' in search
    year_page = page(site, "2024")
    assert 'data-indexes="2024/pagefind/1/ 2024/pagefind/2/ 2024/pagefind/3/"' in year_page
    assert 'data-parts="2024.1 2024.2 2024.3"' in year_page
    # A record's page is built in its part and loads its year's assets and its own index.
    record = page(site, "2024/rd-2024-0248")
    assert 'href="../assets/stylesheets/' in record
    assert "pagefind/" in record and 'data-pagefind-filter="分册:2024.' in record


def test_record_pages_are_not_in_the_navigation(site: Path) -> None:
    nav = page(site, "2024/rd-2024-0012").split('class="md-content"')[0]
    assert "rd-2024-0071" not in nav


def test_two_builds_of_the_same_content_are_byte_identical(site: Path, tmp_path: Path) -> None:
    again = build(SAMPLE, tmp_path, SAMPLE_PART_SIZE)
    assert _digest(again) == _digest(site)


def test_a_failed_build_leaves_the_last_good_site_untouched(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(SAMPLE, content)
    site = build(content, tmp_path)
    before = _digest(site)
    edit(content / "2024" / "rd-2024-0012.yml", "kind: suggestion", "kind: advice")
    with pytest.raises(ContentError):
        build(content, tmp_path)
    assert _digest(site) == before


def _digest(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_the_about_page_and_build_info_name_the_versions_that_built_the_site(site: Path) -> None:
    """The lock's versions, as installed, so that the site can be built again byte for byte."""
    info = json.loads((site / "build-info.json").read_text(encoding="utf-8"))
    locked = dict(re.findall(r"^([a-z0-9-]+)==(\S+)", LOCK.read_text(encoding="utf-8"), re.M))
    assert info["packages"] == {name: locked[name] for name in PACKAGES}
    assert info["pagefind"] == json.loads(PAGEFIND_LOCK.read_text())["packages"][
        "node_modules/pagefind"]["version"] == "1.6.0"
    assert info["python"] == f"{sys.version_info[0]}.{sys.version_info[1]}"
    text = text_of(page(site, "about"))
    assert f"mkdocs-material {locked['mkdocs-material']}" in text
    assert f"pyyaml {locked['pyyaml']}" in text and "Pagefind 1.6.0" in text


# A build in one process (no forked workers), then the distributions of every module it imported.
IMPORTED_BY_A_BUILD = """
import importlib.metadata, json, re, sys
from pathlib import Path
from generator.site.build import BuildOptions, build_site
content, root, config = map(Path, sys.argv[1:])
build_site(BuildOptions(content, root / "site", config, root / "build", jobs=1))
owners = importlib.metadata.packages_distributions()
print(json.dumps(sorted({re.sub(r"[-_.]+", "-", owner).lower()
                         for module in list(sys.modules)
                         for owner in owners.get(module.split(".")[0], [])})))
"""


def test_the_versions_named_are_those_of_every_package_that_shapes_the_site(
        tmp_path: Path) -> None:
    """Every package a real build imports is either named on the about page (PACKAGES) or set
    aside with a reason (NOT_SHAPING), and each of those is imported: a new dependency of
    MkDocs or Markdown makes this fail until it is placed in one or the other."""
    result = subprocess.run([sys.executable, "-c", IMPORTED_BY_A_BUILD, str(FIXTURE),
                             str(tmp_path), str(ROOT / "mkdocs.yml")],
                            capture_output=True, text=True, check=True, cwd=tmp_path)
    imported = set(json.loads(result.stdout.splitlines()[-1])) - {"replysite"}
    assert sorted(imported) == sorted({*PACKAGES, *NOT_SHAPING})
