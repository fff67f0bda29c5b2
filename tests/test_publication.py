"""The publication gate: what of a record may be shown, and nothing more."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.pages.publication import PublicRecord, add_months, publish
from generator.site.build import check
from tests.conftest import edit

TODAY = dt.date(2025, 1, 1)


def published(content: Path, today: dt.date = TODAY) -> dict[str, PublicRecord]:
    return {record.id: record for record in publish(check(content), today)}


def test_a_record_without_an_approved_reply_is_not_published(content: Path) -> None:
    assert sorted(published(content)) == ["rd-2023-0001", "rd-2024-0001", "zx-2024-0002"]


def test_summary_and_withheld_replies_lose_their_text(content: Path) -> None:
    summary, withheld = published(content)["zx-2024-0002"].replies
    assert (summary.disclosure, summary.text) == ("summary", None)
    assert summary.summary == "已在全市建成社区助餐点 15 个。\n"
    assert (withheld.disclosure, withheld.text, withheld.summary) == ("withheld", None, None)
    assert withheld.withheld_reason == "涉及尚未公开的规划方案"
    assert withheld.attachments == ()


def test_the_withheld_reason_is_hidden_when_site_yml_says_so(content: Path) -> None:
    edit(content / "site.yml", "show_withheld_reason: true", "show_withheld_reason: false")
    assert published(content)["zx-2024-0002"].replies[1].withheld_reason is None


def test_replies_are_ordered_lead_then_separate_then_co(content: Path) -> None:
    roles = [reply.role for reply in published(content)["rd-2024-0001"].replies]
    assert roles == ["lead", "co"]
    roles = [reply.role for reply in published(content)["zx-2024-0002"].replies]
    assert roles == ["lead", "separate"]


def test_progress_moves_the_class_and_keeps_the_original(content: Path) -> None:
    record = published(content)["rd-2024-0001"]
    assert record.original_result is not None and record.original_result.code == "B"
    assert record.result is not None and record.result.code == "A"


def test_pending_records_are_listed_by_metadata_only_when_asked(content: Path) -> None:
    edit(content / "site.yml", "list_pending: false", "list_pending: true")
    pending = published(content, dt.date(2024, 4, 1))["rd-2024-0003"]
    assert (pending.status, pending.body, pending.replies) == ("办理中", None, ())
    assert pending.due == dt.date(2024, 5, 20)
    assert published(content, dt.date(2024, 5, 21))["rd-2024-0003"].status == "已逾期"


def test_a_former_name_is_kept_for_display(content: Path) -> None:
    record = published(content)["rd-2023-0001"]
    assert record.lead_units[0].unit.slug == "housing"
    assert record.lead_units[0].named_as == "市住房保障和房产管理局"


def test_the_due_date_counts_calendar_months() -> None:
    assert add_months(dt.date(2024, 11, 30), 3) == dt.date(2025, 2, 28)
    assert add_months(dt.date(2024, 2, 20), 3) == dt.date(2024, 5, 20)
    assert add_months(dt.date(2023, 8, 31), 6) == dt.date(2024, 2, 29)
