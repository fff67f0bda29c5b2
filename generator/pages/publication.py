"""The one gate between content and every published byte.

Pages, search data and any later download are made from `PublicRecord`s and from the vocabulary
of `public_vocabulary` only. A reply that is not approved never becomes a `PublicReply`; the text
of a summary or withheld reply is dropped here, so no template or output can reach it by mistake.

Every text the gate lets through it takes from `generator.records.disclosure`, the list of
published fields that the contact-detail check reads too, with site.yml's replace rules applied:
a field that list lacks cannot be published, and one it has is always checked.
"""

from __future__ import annotations

import calendar
import dataclasses
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from generator.records.contact_details import Redaction
from generator.records.disclosure import (
    PREVIOUS,
    TEXT,
    Published,
    has_lead_reply,
    published_texts,
    site_texts,
    topic_texts,
    unit_texts,
)
from generator.records.document import Location
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
    """An attachment of a published reply: its title (redacted) and its path under the content
    folder, which is also its path on the site."""

    title: str
    file: str


@dataclass(frozen=True)
class PublicCorrection:
    """A correction (更正) of a published reply: its date, its reason and the text it replaced
    (of the field the reply's disclosure shows; None when it changed no text), redacted."""

    date: dt.date
    reason: str
    previous: str | None


@dataclass(frozen=True)
class PublicWithdrawal:
    """The notice of a reply taken down (撤回): its date and reason, redacted."""

    date: dt.date
    reason: str


@dataclass(frozen=True)
class PublicReply:
    """An approved reply as published: its text only when its disclosure is `full`, its summary
    only when `summary`, its withheld reason only when `withheld` and site.yml shows reasons;
    every text redacted by site.yml's replace rules. A withdrawn reply keeps only its unit,
    role, dates and the withdrawal notice: no text, number, result or attachment."""

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
    corrections: tuple[PublicCorrection, ...] = ()  # oldest first
    withdrawn: PublicWithdrawal | None = None

    @property
    def versions(self) -> tuple[tuple[PublicCorrection, str], ...]:
        """Each earlier text of the reply (of the field its disclosure shows), oldest first,
        with the correction that replaced it: the first is the text as first published."""
        return tuple((c, c.previous) for c in self.corrections if c.previous is not None)

    @property
    def role_label(self) -> str:
        """主办, 分办 or 会办."""
        return ROLE_LABELS[self.role]


@dataclass(frozen=True)
class PublicProgress:
    """A 最新进展 entry as published, with the class it moved the record to (类别转化), if any."""

    date: dt.date
    text: str
    result: ResultClass | None


@dataclass(frozen=True)
class PublicRecord:
    """A record as every output sees it: only what the gate lets through, redacted. A pending
    record (no approved reply, listed where site.yml's list_pending is on) has its metadata
    only: no body, replies, feedback or progress."""

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
    # 已答复 while a lead reply is published; 已撤回 when it was withdrawn and no other lead
    # reply is published; else 办理中 or 已逾期, co-handling replies published or not.
    status: str

    @property
    def url(self) -> str:
        """Its address relative to the site's root: '2024/rd-2024-0012/'."""
        return f"{self.year}/{self.id}/"

    @property
    def kind_label(self) -> str:
        """人大代表建议 or 政协委员提案."""
        return KIND_LABELS[self.kind]

    @property
    def current_replies(self) -> tuple[PublicReply, ...]:
        """The replies published now: all but the withdrawn, which keep only their notice.
        Data files, feeds, counts and statistics are made from these."""
        return tuple(reply for reply in self.replies if reply.withdrawn is None)

    @property
    def lead_reply(self) -> PublicReply | None:
        """The first current reply of a lead (or separate) unit, or None: replies are sorted
        lead, separate, co."""
        current = self.current_replies
        return current[0] if current and current[0].role != "co" else None

    @property
    def original_result(self) -> ResultClass | None:
        """The class at reply time: the lead reply's, before any 类别转化."""
        return self.lead_reply.result if self.lead_reply else None

    @property
    def result(self) -> ResultClass | None:
        """The class now: the lead reply's, unless a later progress report changed it; None
        while no lead reply is published (a record without one has no class)."""
        if self.lead_reply is None:
            return None
        changed = [entry.result for entry in self.progress if entry.result is not None]
        return changed[-1] if changed else self.original_result

    @property
    def reply_date(self) -> dt.date | None:
        """答复日期: the lead reply's own date (成文日期), else its approval date; None before
        a lead reply is published."""
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
        return min((reply.published for reply in self.current_replies), default=None)


def publish(corpus: Corpus, today: dt.date) -> list[PublicRecord]:
    """The records that may be published, each reduced to what may be shown, in id order."""
    gate = _Gate(corpus, today)
    return [public for record in corpus.records if (public := gate.record(record)) is not None]


_Texts = dict[Location, str]


def _shown(texts: Iterable[Published], clean: Callable[[str], str]) -> _Texts:
    """Each text by its location, as published: replaced if it is prose, as written if it is
    an address or a replacement (generator/records/disclosure.py)."""
    return {p.location: clean(p.text) if p.kind == TEXT else p.text for p in texts}


def public_vocabulary(corpus: Corpus) -> Corpus:
    """`corpus` with the published texts of site.yml, units.yml and topics.yml (the site's
    name, jurisdiction, description, data terms and url, the result classes, the units'
    names and former names, the topics' names and descriptions) as every page shows them:
    site.yml's replace rules applied. The records and the ways records name units are left
    as they are."""
    clean = Redaction(corpus.site.redaction).replace
    site = _shown(site_texts(corpus.site), clean)
    public_site = corpus.site.model_copy(update={
        "name": site[("name",)], "jurisdiction": site[("jurisdiction",)],
        "description": site.get(("description",)), "url": site.get(("url",)),
        "data_terms": site.get(("data_terms",)),
        "classification": [
            result_class.model_copy(update={"code": site[("classification", i, "code")],
                                            "label": site[("classification", i, "label")]})
            for i, result_class in enumerate(corpus.site.classification)]})
    units = list(corpus.units.values())
    unit = _shown(unit_texts(units), clean)
    topics = list(corpus.topics.values())
    topic = _shown(topic_texts(topics), clean)
    return dataclasses.replace(
        corpus, site=public_site,
        units={unit[(i, "slug")]: u.model_copy(update={
            "slug": unit[(i, "slug")], "name": unit[(i, "name")],
            "former_names": [unit[(i, "former_names", j)] for j in range(len(u.former_names))]})
            for i, u in enumerate(units)},
        topics={topic[(i, "slug")]: t.model_copy(update={
            "slug": topic[(i, "slug")], "name": topic[(i, "name")],
            "description": topic.get((i, "description"), "")})
            for i, t in enumerate(topics)})


class _Gate:
    def __init__(self, corpus: Corpus, today: dt.date) -> None:
        self.corpus = corpus
        self.today = today
        self.public = public_vocabulary(corpus)
        # Records name a class by its code as written in site.yml; pages show it as published.
        self.classes = {written.code: shown for written, shown in
                        zip(corpus.site.classification, self.public.site.classification,
                            strict=True)}
        # site.yml's replacements, applied to every text that is published.
        self.clean = Redaction(corpus.site.redaction).replace

    def record(self, record: Record) -> PublicRecord | None:
        """The record as published, or None when nothing of it may be shown."""
        texts = _shown(published_texts(record, self.corpus.site), self.clean)
        if not texts:
            return None
        replies = [self.reply(record, i, texts) for i, reply in enumerate(record.replies)
                   if reply.status == "approved"]
        replies.sort(key=lambda reply: ROLE_ORDER[reply.role])
        due = record.due or self._default_due(record)
        return PublicRecord(
            id=texts[("id",)], kind=record.kind, year=record.year, session=texts[("session",)],
            number=texts[("number",)], title=texts[("title",)],
            # Built without validation: a replacement may leave a name empty.
            proposers=tuple(Proposer.model_construct(name=texts[("proposers", i, "name")],
                                                     role=texts.get(("proposers", i, "role")))
                            for i in range(len(record.proposers))),
            submitted=record.submitted, assigned=record.assigned, due=due,
            extended=record.extended,
            topics=tuple(self.public.topics[slug] for slug in record.topics),
            lead_units=tuple(self.unit(ref) for ref in record.units.lead),
            co_units=tuple(self.unit(ref) for ref in record.units.co),
            key_item_leader=texts.get(("key_item", "leader")),
            # A pending record is listed by its metadata only (record-format.md).
            body=texts.get(("body",)),
            replies=tuple(replies),
            # The proposer's view and the progress are of the lead reply: not without it.
            feedback=record.feedback if has_lead_reply(record) else None,
            progress=tuple(self.progress(record, texts)),
            status=self._status(replies, due),
        )

    def reply(self, record: Record, index: int, texts: _Texts) -> PublicReply:
        """The approved reply at `index`, from the record's published `texts`."""
        reply: Reply = record.replies[index]
        assert reply.approved is not None  # validation requires it of approved replies
        at = ("replies", index)
        withdrawn = (PublicWithdrawal(reply.withdrawn.date, texts[(*at, "withdrawn", "reason")])
                     if reply.withdrawn else None)
        return PublicReply(
            unit=self.unit(reply.unit), role=reply.role, doc_number=texts.get((*at, "doc_number")),
            index_number=texts.get((*at, "index_number")), date=reply.date,
            approved=reply.approved, published=reply.published or reply.approved,
            result=self.classes.get(reply.result) if reply.result and not withdrawn else None,
            adoption=texts.get((*at, "adoption")), disclosure=reply.disclosure,
            text=texts.get((*at, "text")), summary=texts.get((*at, "summary")),
            withheld_reason=texts.get((*at, "withheld_reason")),
            attachments=tuple(
                PublicAttachment(texts[(*at, "attachments", k, "title")],
                                 texts[(*at, "attachments", k, "file")])
                for k in range(len(reply.attachments))
                if (*at, "attachments", k, "title") in texts),
            corrections=tuple(self.corrections(reply, at, texts)),
            withdrawn=withdrawn,
        )

    def corrections(self, reply: Reply, at: tuple[str, int],
                    texts: _Texts) -> list[PublicCorrection]:
        """The published reply's corrections, with the texts they replaced where published;
        none for a withdrawn reply."""
        replaced = PREVIOUS.get(reply.disclosure)
        return [PublicCorrection(correction.date, texts[(*at, "corrections", k, "reason")],
                                 texts.get((*at, "corrections", k, replaced)) if replaced
                                 else None)
                for k, correction in enumerate(reply.corrections)
                if (*at, "corrections", k, "reason") in texts]

    def progress(self, record: Record, texts: _Texts) -> list[PublicProgress]:
        """The record's published progress entries, oldest first."""
        entries = sorted(enumerate(record.progress), key=lambda item: item[1].date)
        return [PublicProgress(entry.date, texts[("progress", j, "text")],
                               self.classes.get(entry.result) if entry.result else None)
                for j, entry in entries if ("progress", j, "text") in texts]

    def unit(self, reference: str) -> UnitRef:
        """The unit a record names by slug, name or former name, as published, with the former
        name the record used (shown beside the current one)."""
        slug = self.corpus.unit_aliases[reference]
        written = self.corpus.units[slug].former_names
        shown = self.public.units[slug]
        former = shown.former_names[written.index(reference)] if reference in written else None
        return UnitRef(shown, former)

    def _default_due(self, record: Record) -> dt.date | None:
        if record.assigned is None:
            return None
        deadline = self.corpus.site.deadline
        months = deadline.extended_months if record.extended else deadline.months
        return add_months(record.assigned, months)

    def _status(self, replies: list[PublicReply], due: dt.date | None) -> str:
        leads = [reply for reply in replies if reply.role != "co"]
        if any(reply.withdrawn is None for reply in leads):
            return "已答复"
        if leads:
            return "已撤回"  # the lead reply was taken down, and no other one is published
        return "已逾期" if due is not None and self.today > due else "办理中"


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the last day of that month if it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
