"""Nothing unapproved, withheld, hidden by a summary, redacted or pending reaches any output byte.

A corpus seeded with unique markers is built for real (MkDocs and Pagefind); every file of the
site is scanned, Pagefind's gzip-compressed index and fragments decompressed first, and case
folded because the index stores words in lower case. Markers typed in full width are looked for
as typed and in ASCII, since a rule written in ASCII must remove them in either form. A variant
that publishes the draft proves the scan finds what it looks for, in the compressed search index
too.
"""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from generator.records.folding import fold
from tests.conftest import FIXTURE, build, edit

MARKERS = {
    "draft": "LEAKDRAFT7Q2草稿甲",
    "withheld": "LEAKWITHHELD9X4扣留乙",
    "summary": "LEAKSUMMARY3M9摘要丙",
    "redacted": "LEAKREDACTED4R1删除丁",
    "pending": "LEAKPENDING5K8待办戊",
    # Typed in full width, removed by rules written in ASCII.
    "full-width": "ＬＥＡＫＷＩＤＥ６Ｐ３宽字己",
    "full-width mobile": "１３９０５７１２３４８",
}


def seeded_corpus(root: Path) -> Path:
    content = root / "content"
    shutil.copytree(FIXTURE, content)
    draft = content / "2024" / "rd-2024-0003.yml"  # no approved reply: listed as pending
    edit(draft, "这是草稿，永不公开。", f"这是草稿，永不公开。{MARKERS['draft']}")
    edit(draft, "这是一件尚未答复的建议，正文不会公开。",
         f"这是一件尚未答复的建议，正文不会公开。{MARKERS['pending']}")
    both = content / "2024" / "zx-2024-0002.yml"
    edit(both, "这段全文只供内部，永不公开。", f"这段全文只供内部，永不公开。{MARKERS['summary']}")
    edit(both, "这段不予公开的全文永不公开。", f"这段不予公开的全文永不公开。{MARKERS['withheld']}")
    edit(content / "2024" / "rd-2024-0001.yml", "全市已完成加装电梯 *42* 台。",
         f"全市已完成加装电梯 *42* 台。{MARKERS['redacted']}{MARKERS['full-width']}"
         f"联系电话{MARKERS['full-width mobile']}。")
    site_yml = content / "site.yml"
    edit(site_yml, "list_pending: false", "list_pending: true")
    edit(site_yml, "redaction: []", "redaction:\n  - {text: " + MARKERS["redacted"] +
         ", replace: '[已删除]', reason: 测试用的删除规则}\n"
         "  - {text: LEAKWIDE6P3宽字己, replace: '[已删除]', reason: 测试用的删除规则}\n"
         "  - {pattern: '1[3-9]\\d{9}', replace: '[电话已删除]', reason: 手机号码}")
    return content


def leaks(site: Path) -> dict[str, list[str]]:
    """Each marker found anywhere in the site, with the files it was found in."""
    found: dict[str, list[str]] = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        texts = [data]
        if data[:2] == b"\x1f\x8b":
            texts.append(gzip.decompress(data))
        for name, marker in MARKERS.items():
            folded = fold(marker).text
            needles = (marker.encode(), marker.encode().lower(), folded.encode().lower(),
                       _ascii_part(folded).lower())
            if any(needle in text.lower() for text in texts for needle in needles):
                found.setdefault(name, []).append(str(path.relative_to(site)))
    return found


def _ascii_part(marker: str) -> bytes:
    return "".join(c for c in marker if c.isascii()).encode()


def test_no_marker_reaches_any_byte_of_the_site(tmp_path: Path) -> None:
    site = build(seeded_corpus(tmp_path), tmp_path)
    assert leaks(site) == {}
    # What may be shown is shown, so the absence above means something.
    pending = (site / "2024" / "rd-2024-0003" / "index.html").read_text(encoding="utf-8")
    assert "尚在办理中" in pending
    both = (site / "2024" / "zx-2024-0002" / "index.html").read_text(encoding="utf-8")
    assert "已在全市建成社区助餐点 15 个" in both and "不予公开" in both
    assert "不予公开的附件" not in both
    replaced = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    assert "全市已完成加装电梯 <em>42</em> 台。[已删除][已删除]联系电话[电话已删除]。" in replaced


def test_the_scan_catches_a_published_draft_even_in_the_compressed_index(
        tmp_path: Path) -> None:
    content = seeded_corpus(tmp_path)
    edit(content / "2024" / "rd-2024-0003.yml", "status: draft\n    result: B\n",
         "status: approved\n    approved: 2024-06-01\n    date: 2024-05-30\n"
         "    doc_number: 测民复〔2024〕3号\n    result: B\n")
    site = build(content, tmp_path)
    found = leaks(site)
    assert set(found) == {"draft", "pending"}  # an approved reply publishes the record's body
    assert "2024/rd-2024-0003/index.html" in found["draft"]
    compressed = [name for name in found["draft"] if name.startswith("2024/pagefind/")]
    assert compressed and all((site / name).read_bytes()[:2] == b"\x1f\x8b"
                              for name in compressed)
