"""The demo corpus writer: deterministic, valid per the record format, and varied enough to test."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import yaml

from generator.demo import write_demo_corpus

REQUIRED = ("id", "kind", "year", "session", "number", "title", "proposers", "topics", "units")
RECORD_KEYS = {*REQUIRED, "submitted", "assigned", "due", "key_item", "body", "replies",
               "feedback", "progress"}
REPLY_KEYS = {"unit", "role", "status", "approved", "doc_number", "index_number", "date",
              "published", "result", "adoption", "disclosure", "withheld_reason", "summary",
              "text", "attachments"}


def files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes()
            for p in sorted(root.rglob("*")) if p.is_file()}


def records(root: Path) -> list[tuple[Path, dict[str, Any]]]:
    return [(p, yaml.safe_load(p.read_text(encoding="utf-8")))
            for p in sorted(root.glob("[0-9]*/*.yml"))]


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "content"
    write_demo_corpus(out, records=300, years=3, seed=11)
    return out


@pytest.fixture(scope="module")
def parsed(corpus: Path) -> list[tuple[Path, dict[str, Any]]]:
    return records(corpus)


def test_same_arguments_give_identical_bytes(tmp_path: Path) -> None:
    write_demo_corpus(tmp_path / "a", records=120, years=2, seed=5)
    write_demo_corpus(tmp_path / "b", records=120, years=2, seed=5)
    first, second = files(tmp_path / "a"), files(tmp_path / "b")
    assert len(first) > 120
    assert first == second


def test_different_seed_differs(tmp_path: Path) -> None:
    write_demo_corpus(tmp_path / "a", records=40, years=1, seed=1)
    write_demo_corpus(tmp_path / "b", records=40, years=1, seed=2)
    assert files(tmp_path / "a") != files(tmp_path / "b")


def test_count_years_and_ids(tmp_path: Path) -> None:
    write_demo_corpus(tmp_path / "c", records=103, years=4, seed=3, last_year=2024)
    found = records(tmp_path / "c")
    assert len(found) == 103
    years = Counter(int(path.parent.name) for path, _ in found)
    assert sorted(years) == [2021, 2022, 2023, 2024]
    assert max(years.values()) - min(years.values()) <= 1
    for path, record in found:
        assert re.fullmatch(r"(rd|zx)-\d{4}-\d{5}", record["id"])
        assert path.stem == record["id"] and path.parent.name == str(record["year"])
        assert record["id"].startswith("rd" if record["kind"] == "suggestion" else "zx")


def test_refuses_a_non_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    with pytest.raises(ValueError):
        write_demo_corpus(tmp_path, records=1, years=1, seed=1)
    assert [p.name for p in tmp_path.iterdir()] == ["keep.txt"]


def test_vocabulary_files(corpus: Path) -> None:
    site = yaml.safe_load((corpus / "site.yml").read_text(encoding="utf-8"))
    assert site["redaction"] == []
    assert [c["code"] for c in site["classification"]] == ["A", "B", "C"]
    units = yaml.safe_load((corpus / "units.yml").read_text(encoding="utf-8"))
    topics = yaml.safe_load((corpus / "topics.yml").read_text(encoding="utf-8"))
    assert 25 <= len(units) <= 35 and 12 <= len(topics) <= 18
    assert any(unit.get("former_names") for unit in units)
    assert all(set(topic) == {"slug", "name", "description"} for topic in topics)


def test_every_record_is_valid_and_consistent(
    corpus: Path, parsed: list[tuple[Path, dict[str, Any]]]
) -> None:
    units = yaml.safe_load((corpus / "units.yml").read_text(encoding="utf-8"))
    topics = {t["slug"] for t in yaml.safe_load((corpus / "topics.yml").read_text("utf-8"))}
    # Records may name a unit by slug or by a former name (机构改革前的名称).
    alias = {name: u["slug"] for u in units for name in (u["slug"], *u.get("former_names", []))}
    assert len(parsed) == 300
    for path, record in parsed:
        assert all(record.get(key) for key in REQUIRED), path
        assert set(record) <= RECORD_KEYS, path
        assert set(record["topics"]) <= topics
        lead = {alias[u] for u in record["units"]["lead"]}
        co = {alias[u] for u in record["units"].get("co", [])}
        assert not lead & co
        check_dates(record)
        for reply in record.get("replies", []):
            assert set(reply) <= REPLY_KEYS, path
            assert alias[reply["unit"]] in (co if reply["role"] == "co" else lead)
            assert reply["result"] in "ABC" and len(reply["result"]) == 1
            assert 800 <= len(reply["text"]) <= 3000, path
            needed = {"full": "text", "summary": "summary", "withheld": "withheld_reason"}
            assert reply[needed[reply["disclosure"]]], path
            for attachment in reply.get("attachments", []):
                assert (corpus / attachment["file"]).read_bytes().startswith(b"%PDF")


def check_dates(record: dict[str, Any]) -> None:
    year, assigned = record["year"], record["assigned"]
    within = {year, year + 1}
    if "submitted" in record:
        assert record["submitted"] < assigned
    assert assigned.year in within
    for reply in record.get("replies", []):
        if reply["status"] == "approved":
            published = reply.get("published", reply["approved"])
            assert assigned < reply["date"] <= reply["approved"] <= published
            assert published.year in within
        else:
            assert "approved" not in reply
    for entry in record.get("progress", []):
        assert isinstance(entry["date"], dt.date) and entry["date"].year in within


def test_text_has_nothing_that_looks_like_contact_details(corpus: Path) -> None:
    for path in corpus.rglob("*.yml"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\d{7,}", text), path
        assert "@" not in text and "\r" not in text and not text.startswith("\ufeff")


def test_every_value_appears_in_300_records(parsed: list[tuple[Path, dict[str, Any]]]) -> None:
    seen: Counter[str] = Counter()
    for _, record in parsed:
        seen[record["kind"]] += 1
        seen[record.get("feedback", {}).get("satisfaction", "")] += 1
        for reply in record.get("replies", []):
            seen.update([reply["status"], reply["result"], reply["disclosure"], reply["role"]])
        seen.update(entry.get("result", "") for entry in record.get("progress", []))
    expected = ["suggestion", "proposal", "draft", "approved", "A", "B", "C", "full", "summary",
                "withheld", "满意", "基本满意", "不满意", "lead", "co", "separate"]
    assert all(seen[value] for value in expected), {v: seen[v] for v in expected}
    assert 0.4 < seen["suggestion"] / 300 < 0.7
    assert seen["full"] > 0.8 * (seen["full"] + seen["summary"] + seen["withheld"])
    assert seen["A"] > seen["B"] > seen["C"]


def test_texts_vary(parsed: list[tuple[Path, dict[str, Any]]]) -> None:
    titles = {record["title"] for _, record in parsed}
    assert len(titles) > 200
    texts = [r["text"] for _, record in parsed for r in record.get("replies", [])]
    assert len(set(texts)) == len(texts)
    assert all(re.match(r"\S+(代表|委员|会|联)：\n\n您提出的《关于.+》收悉。现答复如下：", t)
               for t in texts)
