"""The one gate between content and every published byte.

Pages, search data and any later download are made from `PublicRecord`s only. A reply that is not
approved never becomes a `PublicReply`; the text of a summary or withheld reply is dropped here,
so no template or output can reach it by mistake.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.records.contact_details import Redaction
from generator.records.models import (
    KIND_LABELS,
    Feedback,
    Proposer,
    Record,
    Reply,
    ResultClass,
    Topic,
)
from generator.records.models import Unit as UnitModel

if TYPE_CHECKING:
    from generator.records.validate import Corpus

ROLE_ORDER = {"lead": 0, "separate": 1, "co": 2}
ROLE_LABELS = {"lead": "主办", "separate": "分办", "co": "会办"}


@dataclass(frozen=True)
class UnitRef:
    """A handling unit as a record names it: the unit, and the former name used, if any."""

    unit: UnitModel
    named_as: str | None = None


@dataclass(frozen=True)
class PublicAttachment:
    title: str
    file: str


@dataclass(frozen=True)
class PublicReply:
    unit: UnitRef
    role: str
    doc_number: str | None
    index_number: str | None
    date: dt.date | None
    approved: dt.date
    published: dt.date
    result: ResultClass | None
    adoption: str | None
    disclosure: str
    text: str | None
    summary: str | None
    withheld_reason: str | None
    attachments: tuple[PublicAttachment, ...]

    @property
    def role_label(self) -> str:
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class PublicProgress:
    date: dt.date
    text: str
    result: ResultClass | None


@dataclass(frozen=True)
class PublicRecord:
    id: str
    kind: str
    year: int
    session: str
    number: str
    title: str
    proposers: tuple[Proposer, ...]
    submitted: dt.date | None
    assigned: dt.date | None
    due: dt.date | None
    extended: bool  # the deadline was extended (site.yml's deadline.extended_months)
    topics: tuple[Topic, ...]
    lead_units: tuple[UnitRef, ...]
    co_units: tuple[UnitRef, ...]
    key_item_leader: str | None
    body: str | None
    replies: tuple[PublicReply, ...]
    feedback: Feedback | None
    progress: tuple[PublicProgress, ...]
    status: str  # 已答复, 办理中 or 已逾期

    @property
    def url(self) -> str:
        return f"{self.year}/{self.id}/"

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def lead_reply(self) -> PublicReply | None:
        return self.replies[0] if self.replies and self.replies[0].role != "co" else None

    @property
    def original_result(self) -> ResultClass | None:
        return self.lead_reply.result if self.lead_reply else None

    @property
    def result(self) -> ResultClass | None:
        """The class now: the reply's, unless a later progress report changed it."""
        changed = [entry.result for entry in self.progress if entry.result is not None]
        return changed[-1] if changed else self.original_result

    @property
    def reply_date(self) -> dt.date | None:
        reply = self.lead_reply
        return (reply.date or reply.approved) if reply else None

    @property
    def sort_date(self) -> dt.date | None:
        """The date search sorts by: the reply's, or the assignment's while none is published."""
        return self.reply_date or self.assigned or self.submitted

    @property
    def published(self) -> dt.date | None:
        """When the reply was published: the lead reply's date, else the first reply's."""
        if self.lead_reply:
            return self.lead_reply.published
        return min((reply.published for reply in self.replies), default=None)


def publish(corpus: Corpus, today: dt.date) -> list[PublicRecord]:
    """The records that may be published, each reduced to what may be shown, in id order."""
    gate = _Gate(corpus, today)
    return [public for record in corpus.records if (public := gate.record(record)) is not None]


class _Gate:
    def __init__(self, corpus: Corpus, today: dt.date) -> None:
        self.corpus = corpus
        self.today = today
        self.classes = {c.code: c for c in corpus.site.classification}
        # site.yml's replacements, applied to every text that is published.
        self.clean = Redaction(corpus.site.redaction).replace

    def record(self, record: Record) -> PublicRecord | None:
        replies = [self.reply(reply) for reply in record.replies if reply.status == "approved"]
        replies.sort(key=lambda reply: ROLE_ORDER[reply.role])
        if not replies and not self.corpus.site.list_pending:
            return None
        due = record.due or self._default_due(record)
        return PublicRecord(
            id=record.id, kind=record.kind, year=record.year, session=record.session,
            number=record.number, title=self.clean(record.title),
            proposers=tuple(Proposer(name=self.clean(p.name), role=p.role)
                            for p in record.proposers),
            submitted=record.submitted, assigned=record.assigned, due=due,
            extended=record.extended,
            topics=tuple(self.corpus.topics[slug] for slug in record.topics),
            lead_units=tuple(self.unit(ref) for ref in record.units.lead),
            co_units=tuple(self.unit(ref) for ref in record.units.co),
            key_item_leader=self.clean(record.key_item.leader) if record.key_item else None,
            # A pending record is listed by its metadata only (record-format.md).
            body=self.clean(record.body) if replies and record.body else None,
            replies=tuple(replies),
            feedback=record.feedback if replies else None,
            progress=tuple(self.progress(record)) if replies else (),
            status=self._status(bool(replies), due),
        )

    def reply(self, reply: Reply) -> PublicReply:
        assert reply.approved is not None  # validation requires it of approved replies
        withheld = reply.disclosure == "withheld"
        show_reason = withheld and self.corpus.site.show_withheld_reason
        return PublicReply(
            unit=self.unit(reply.unit), role=reply.role, doc_number=reply.doc_number,
            index_number=reply.index_number, date=reply.date, approved=reply.approved,
            published=reply.published or reply.approved,
            result=self.classes.get(reply.result) if reply.result else None,
            adoption=reply.adoption, disclosure=reply.disclosure,
            text=self._clean(reply.text) if reply.disclosure == "full" else None,
            summary=self._clean(reply.summary) if reply.disclosure == "summary" else None,
            withheld_reason=self._clean(reply.withheld_reason) if show_reason else None,
            attachments=() if withheld else tuple(
                PublicAttachment(self.clean(a.title), a.file) for a in reply.attachments),
        )

    def progress(self, record: Record) -> list[PublicProgress]:
        entries = sorted(record.progress, key=lambda entry: entry.date)
        return [PublicProgress(entry.date, self.clean(entry.text),
                               self.classes.get(entry.result) if entry.result else None)
                for entry in entries]

    def _clean(self, text: str | None) -> str | None:
        return None if text is None else self.clean(text)

    def unit(self, reference: str) -> UnitRef:
        unit = self.corpus.unit_for(reference)
        former = reference if reference in unit.former_names else None
        return UnitRef(unit, former)

    def _default_due(self, record: Record) -> dt.date | None:
        if record.assigned is None:
            return None
        deadline = self.corpus.site.deadline
        months = deadline.extended_months if record.extended else deadline.months
        return add_months(record.assigned, months)

    def _status(self, replied: bool, due: dt.date | None) -> str:
        if replied:
            return "已答复"
        return "已逾期" if due is not None and self.today > due else "办理中"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the last day of that month if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
