"""Nothing unapproved, withheld, hidden by a summary, redacted or pending reaches any output byte.

A corpus seeded with unique markers is built for real (MkDocs and Pagefind); every file of the
site is scanned, the data files (CSV, JSON) too, Pagefind's gzip-compressed index and fragments
decompressed first, and case folded because the index stores words in lower case. Markers typed
in full width are looked for as typed and in ASCII, since a rule written in ASCII must remove
them in either form. A variant that publishes the draft proves the scan finds what it looks
for, in the compressed search index and the data files too. The year's archive
(`replysite archive`) is scanned the same way, unpacked and as the tarball itself.
"""
from __future__ import annotations

import gzip
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.archive.bag import ArchiveOptions, make_archive
from generator.archive.pack import unpack
from generator.records.disclosure import published_texts, site_texts, topic_texts, unit_texts
from generator.records.document import format_location
from generator.records.folding import fold
from generator.records.problems import ContentError
from generator.records.validate import Corpus
from generator.site.build import check
from tests.conftest import FIXTURE, ROOT, build, edit

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
    assert "尚无公开的答复" in pending
    both = (site / "2024" / "zx-2024-0002" / "index.html").read_text(encoding="utf-8")
    assert "已在全市建成社区助餐点 15 个" in both and "不予公开" in both
    assert "不予公开的附件" not in both
    replaced = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    assert "全市已完成加装电梯 <em>42</em> 台。[已删除][已删除]联系电话[电话已删除]。" in replaced
    # The data files were scanned too, and hold the replaced text and the pending record.
    shown = "全市已完成加装电梯 *42* 台。[已删除][已删除]联系电话[电话已删除]。"
    data = site / "2024" / "data"
    assert shown in (data / "replies.csv").read_text(encoding="utf-8-sig")
    assert shown in (data / "records.json").read_text(encoding="utf-8")
    assert "rd-2024-0003" in (data / "records.csv").read_text(encoding="utf-8-sig")
    assert all((site / name).is_file() for name in (
        "feed.xml", "2024/feed.xml", "units/civil-affairs/feed.xml", "topics/elderly-care/feed.xml",
        "2024/data/statistics.csv", "schema/published-record.schema.json"))


def test_the_scan_catches_a_published_draft_even_in_the_compressed_index(
        tmp_path: Path) -> None:
    content = seeded_corpus(tmp_path)
    edit(content / "2024" / "rd-2024-0003.yml", "status: draft\n    result: B\n",
         "status: approved\n    approved: 2024-06-01\n    date: 2024-05-30\n"
         f"    doc_number: 测民复〔2024〕3号{MARKERS['draft']}\n    result: B\n")
    site = build(content, tmp_path)
    found = leaks(site)
    assert set(found) == {"draft", "pending"}  # an approved reply publishes the record's body
    assert "2024/rd-2024-0003/index.html" in found["draft"]
    # The data files are scanned: the published draft is found in them too.
    assert {"2024/data/replies.csv", "2024/data/records.json"} <= set(found["draft"])
    assert "2024/data/records.json" in found["pending"]
    # And the feeds, which name its 文号: the site's, the year's, its unit's and its topic's.
    assert {"feed.xml", "2024/feed.xml", "units/civil-affairs/feed.xml",
            "topics/elderly-care/feed.xml"} <= set(found["draft"])
    compressed = [name for name in found["draft"] if name.startswith("2024/pagefind/")]
    assert compressed and all((site / name).read_bytes()[:2] == b"\x1f\x8b"
                              for name in compressed)


def archived(content: Path, root: Path) -> tuple[Path, Path]:
    """`replysite archive 2024` of `content`: the tarball and its bag, unpacked."""
    archive = make_archive(ArchiveOptions(2024, content, root / "archives",
                                          ROOT / "mkdocs.yml")).path
    return archive, unpack(archive, root / "unpacked")


def test_no_marker_reaches_any_byte_of_the_archive(tmp_path: Path) -> None:
    archive, bag = archived(seeded_corpus(tmp_path), tmp_path)
    assert leaks(bag) == {}
    assert leaks(archive.parent) == {}  # the tarball itself, decompressed
    # The pending record and the replaced text are there, so the absence above means something.
    records = (bag / "data" / "2024" / "data" / "records.json").read_text(encoding="utf-8")
    assert "rd-2024-0003" in records and "[电话已删除]" in records


def test_the_scan_catches_a_published_draft_in_the_archive(tmp_path: Path) -> None:
    content = seeded_corpus(tmp_path)
    edit(content / "2024" / "rd-2024-0003.yml", "status: draft\n    result: B\n",
         "status: approved\n    approved: 2024-06-01\n    date: 2024-05-30\n"
         "    doc_number: 测民复〔2024〕3号\n    result: B\n")
    archive, bag = archived(content, tmp_path)
    found = leaks(bag)
    assert set(found) == {"draft", "pending"}
    assert {"data/2024/rd-2024-0003/index.html", "data/2024/data/records.json"} <= set(
        found["draft"])
    assert any(name.startswith("data/2024/pagefind/") for name in found["draft"])
    assert set(leaks(archive.parent)) == {"draft", "pending"}


# --- Every published field, metadata and vocabularies included ----------------------------------
#
# Which fields hold free text is not listed here but found: each text value of each file of the
# fixture gets a marker of its own, kept wherever the content still checks clean (a slug, a
# date, a class code or a unit's name that records refer to would not). A value naming a file
# of the content gets its marker in the file's name, the file copied; a vocabulary name that
# records refer to gets it in every reference too. Built for real, the site then shows which
# fields reach it.

Path_ = tuple[str | int, ...]
TEXT_MARKER = re.compile(rb"zq(\d+)x")


@dataclass
class Marked:
    """The content folder, each file's data, and each marked field by its marker's number:
    (file relative to the content folder, field location, references renamed with it)."""

    content: Path
    files: dict[str, Any]
    fields: list[tuple[str, Path_, list[tuple[str, Path_]]]] = field(default_factory=list)

    def write(self) -> None:
        for name, data in self.files.items():
            (self.content / name).write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000),
                encoding="utf-8")

    def clean(self) -> bool:
        self.write()
        try:
            check(self.content, jobs=1)
        except ContentError:
            return False
        return True


def _leaves(data: Any, path: Path_ = ()) -> list[tuple[Path_, str]]:
    if isinstance(data, dict):
        return [leaf for key, value in data.items() for leaf in _leaves(value, (*path, key))]
    if isinstance(data, list):
        return [leaf for i, value in enumerate(data) for leaf in _leaves(value, (*path, i))]
    return [(path, data)] if isinstance(data, str) else []


def _get(data: Any, path: Path_) -> Any:
    for part in path:
        data = data[part]
    return data


def _set(data: Any, path: Path_, value: Any) -> None:
    _get(data, path[:-1])[path[-1]] = value


def _with(value: str, addition: str, content: Path) -> str:
    """`value` with `addition` at its end, or before the extension of the file it names (the
    file copied to the new name)."""
    if not (value.startswith("attachments/") and (content / value).is_file()):
        return value + addition
    path = Path(value)
    renamed = str(path.with_name(f"{path.stem}{addition}{path.suffix}"))
    shutil.copy(content / value, content / renamed)
    return renamed


def fixture_copy(content: Path) -> Marked:
    """The fixture in `content`, listing pending records, with a description, a url and data
    terms, corrections of a full, a summary and a withheld reply, and a withdrawn reply."""
    shutil.copytree(FIXTURE, content)
    edit(content / "site.yml", "list_pending: false",
         "list_pending: true\ndescription: 本站说明\nurl: https://example.org/site/\n"
         "data_terms: 数据使用条款")
    edit(content / "2024" / "rd-2024-0001.yml", "    text: |\n      王某某代表：",
         "    corrections:\n"
         "      - {date: 2024-06-01, reason: 台数有误, previous_text: 更正前全文}\n"
         "      - {date: 2024-07-01, reason: 附件有误}\n    text: |\n      王某某代表：")
    zx = content / "2024" / "zx-2024-0002.yml"
    edit(zx, "    summary: |", "    corrections: [{date: 2024-06-01, reason: 摘要有误, "
             "previous_summary: 更正前摘要}]\n    summary: |")
    edit(zx, "    withheld_reason: 涉及",
         "    corrections: [{date: 2024-06-01, reason: 理由有误}]\n    withheld_reason: 涉及")
    edit(content / "2023" / "rd-2023-0001.yml", "    result: C\n",
         "    result: C\n    withdrawn: {date: 2023-09-01, reason: 撤回原因}\n")
    names = sorted(str(p.relative_to(content)) for p in content.rglob("*.yml"))
    return Marked(content, {name: yaml.safe_load((content / name).read_text(encoding="utf-8"))
                            for name in names})


def marked_corpus(root: Path) -> Marked:
    """The fixture copy, a marker in every text that can take one."""
    marked = fixture_copy(root / "content")
    for name, data in marked.files.items():
        for path, value in _leaves(data):
            _mark(marked, name, path, value, f"zq{len(marked.fields)}x")
    marked.write()
    return marked


def _mark(marked: Marked, name: str, path: Path_, value: str, marker: str) -> None:
    _set(marked.files[name], path, _with(value, marker, marked.content))
    if marked.clean():
        marked.fields.append((name, path, []))
        return
    # A name or code of a vocabulary that records refer to: rename it in every record.
    references = [(other, at) for other, data in marked.files.items()
                  if "/" in other and "/" not in name
                  for at, text in _leaves(data) if text == value]
    for other, at in references:
        _set(marked.files[other], at, value + marker)
    if references and marked.clean():
        marked.fields.append((name, path, references))
        return
    _set(marked.files[name], path, value)
    for other, at in references:
        _set(marked.files[other], at, value)


def published_fields(corpus: Corpus) -> dict[tuple[str, Path_], str]:
    """Every field the contact-detail check reads, by file and location, with its kind."""
    fields = {(f"{record.year}/{record.id}.yml", p.location): p.kind
              for record in corpus.records for p in published_texts(record, corpus.site)}
    for name, texts in (("site.yml", site_texts(corpus.site)),
                        ("units.yml", unit_texts(list(corpus.units.values()))),
                        ("topics.yml", topic_texts(list(corpus.topics.values())))):
        fields.update({(name, p.location): p.kind for p in texts})
    return fields


def site_bytes(site: Path) -> list[bytes]:
    """Every file of the site, Pagefind's compressed ones decompressed too."""
    found = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        data = path.read_bytes()
        found.append(data)
        if data[:2] == b"\x1f\x8b":
            found.append(gzip.decompress(data))
    return found


def test_every_field_the_site_shows_is_one_the_check_reads(tmp_path: Path) -> None:
    marked = marked_corpus(tmp_path)
    checked = published_fields(check(marked.content, jobs=1))
    site = build(marked.content, tmp_path)
    shown = {marked.fields[int(number)][:2] for data in site_bytes(site)
             for number in TEXT_MARKER.findall(data)}
    assert sorted(shown - checked.keys(), key=str) == []
    # The markers work: the metadata and vocabulary texts the check used to miss are shown.
    assert {("2024/rd-2024-0001.yml", ("session",)), ("2024/rd-2024-0001.yml", ("number",)),
            ("2024/rd-2024-0001.yml", ("replies", 0, "doc_number")),
            ("2024/rd-2024-0001.yml", ("replies", 0, "index_number")),
            ("2024/rd-2024-0001.yml", ("replies", 0, "adoption")),
            ("2024/rd-2024-0001.yml", ("proposers", 0, "role")),
            ("2024/rd-2024-0001.yml", ("replies", 0, "attachments", 0, "file")),
            ("2024/rd-2024-0003.yml", ("number",)),  # pending, listed by its metadata
            ("2024/rd-2024-0001.yml", ("replies", 0, "corrections", 0, "reason")),
            ("2024/rd-2024-0001.yml", ("replies", 0, "corrections", 0, "previous_text")),
            ("2024/zx-2024-0002.yml", ("replies", 0, "corrections", 0, "previous_summary")),
            ("2024/zx-2024-0002.yml", ("replies", 1, "corrections", 0, "reason")),
            ("2023/rd-2023-0001.yml", ("replies", 0, "withdrawn", "reason")),
            ("site.yml", ("name",)), ("site.yml", ("jurisdiction",)),
            ("site.yml", ("description",)), ("site.yml", ("url",)),
            ("site.yml", ("data_terms",)), ("site.yml", ("classification", 1, "label")),
            ("units.yml", (0, "name")),
            ("units.yml", (0, "former_names", 0)), ("topics.yml", (0, "name")),
            ("topics.yml", (1, "description"))} <= shown


def with_details(content: Path, fields: list[tuple[str, Path_, list[tuple[str, Path_]]]],
                 details: dict[tuple[str, Path_], str], rules: list[dict[str, str]]) -> Marked:
    """The fixture copy, each of `fields` (as `marked_corpus` found them) with its detail, and
    these redaction rules."""
    copy = fixture_copy(content)
    for name, path, references in fields:
        detail = details[(name, path)]
        _set(copy.files[name], path, _with(_get(copy.files[name], path), detail, content))
        for other, at in references:
            _set(copy.files[other], at, _get(copy.files[other], at) + detail)
    copy.files["site.yml"]["redaction"] = rules
    copy.write()
    return copy


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        check(content, jobs=1)
    return sorted(str(problem) for problem in caught.value.problems)


ADVICE = {"text": "remove it, or add a redaction rule in site.yml",
          "address": "it is part of an address, which replace rules do not change: rename it, or "
                     "add an allow rule in site.yml"}
RULE = {"pattern": r"139\d{8}", "replace": "[电话已删除]", "reason": "手机号码"}


def test_a_detail_in_any_published_field_is_refused_or_replaced_everywhere(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    found = marked_corpus(tmp_path / "found")
    published = published_fields(check(found.content, jobs=1))
    fields = [f for f in found.fields if f[:2] in published]
    # An address keeps to the characters of a slug.
    details = {f[:2]: ("电话" if published[f[:2]] == "text" else "-") + f"139{i:08d}"
               for i, f in enumerate(fields)}
    monkeypatch.chdir(tmp_path)

    def expected(kinds: set[str]) -> list[str]:
        lines = {name: (tmp_path / "content" / name).read_text(encoding="utf-8").split("\n")
                 for name, _, _ in fields}
        return sorted(
            f"content/{name}:"
            f"{next(i for i, line in enumerate(lines[name], 1) if details[(name, path)] in line)}"
            f": {format_location(path)}: mobile number 139****{details[(name, path)][-4:]} "
            f"must not be published ({ADVICE[published[(name, path)]]})"
            for name, path, _ in fields if published[(name, path)] in kinds)

    # Refused by check, every one of them; a replace rule covers all but the addresses.
    every = with_details(tmp_path / "content", fields, details, [])
    assert problems_of(Path("content")) == expected({"text", "address"})
    every.files["site.yml"]["redaction"] = [RULE]
    every.write()
    assert problems_of(Path("content")) == expected({"address"})
    # Without the addresses, the site builds with the rule, and no detail reaches any byte.
    (tmp_path / "content").rename(tmp_path / "refused")
    content = with_details(tmp_path / "content",
                           [f for f in fields if published[f[:2]] == "text"], details,
                           [RULE]).content
    site = build(content, tmp_path)
    every_byte = site_bytes(site)
    numbers = [detail[-11:].encode() for detail in details.values()]
    assert [n for n in numbers if any(n in data for data in every_byte)] == []
    record = (site / "2024" / "rd-2024-0001" / "index.html").read_text(encoding="utf-8")
    assert record.count("[电话已删除]") >= 10
