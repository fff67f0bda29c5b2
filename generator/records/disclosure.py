"""Every text of the content that is published, and where each is in its file.

This is the one list of published fields. The publication gate (`generator.pages.publication`)
takes every text it shows from these functions, and the contact-detail check reads exactly what
they yield, so the two cannot drift apart: what is published is always checked, and what is never
published (a draft's text, a withheld reply's text, a summary reply's full text, a pending
record's body) is never flagged.

A text is of one of three kinds:

- `TEXT`, prose shown on pages or in the search index: site.yml's replace rules apply to it;
- `ADDRESS`, an address or part of one (a record's id, a unit's or topic's slug, an
  attachment's file name, the site's url), in every link: it is published as written, so a
  replace rule does not change it, and a contact detail in it is refused even where a replace
  rule matches it;
- `REPLACEMENT`, the text a replace rule puts in place of what it matches: published as written
  too, and never replaced again.

Allow rules apply to all three.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from generator.records.document import Location
from generator.records.models import Record, Reply, SiteConfig, Topic, Unit

TEXT = "text"
ADDRESS = "address"
REPLACEMENT = "replacement"


@dataclass(frozen=True)
class Published:
    """One published text: where it is in its file (a field location, as `format_location`
    writes it), the text as the file gives it, and its kind (TEXT, ADDRESS or REPLACEMENT)."""

    location: Location
    text: str
    kind: str = TEXT
    markdown: bool = False  # shown through clerk_html: Markdown, character references and all


def published_texts(record: Record, site: SiteConfig) -> Iterator[Published]:
    """Every text of `record` that the publication gate lets through.

    A record with no approved reply is published, when site.yml's `list_pending` asks for it, by
    its metadata only: its id, session, number, title, proposers and key-item leader. With an
    approved reply come its body, every approved reply's 文号, 索引号 and 采纳情况, the text that
    the reply's disclosure shows (the text, the summary, or the reason it is withheld, if
    `show_withheld_reason`), the attachments of replies not withheld, each correction's reason
    and the earlier text it keeps (of the field the disclosure shows), and, once a lead reply
    is published (`has_lead_reply`), the progress entries. Of a withdrawn reply, only the
    reason it was withdrawn.
    """
    approved = [(i, reply) for i, reply in enumerate(record.replies)
                if reply.status == "approved"]
    if not approved and not site.list_pending:
        return
    yield Published(("id",), record.id, ADDRESS)
    yield Published(("session",), record.session)
    yield Published(("number",), record.number)
    yield Published(("title",), record.title)
    for i, proposer in enumerate(record.proposers):
        yield Published(("proposers", i, "name"), proposer.name)
        if proposer.role is not None:
            yield Published(("proposers", i, "role"), proposer.role)
    if record.key_item:
        yield Published(("key_item", "leader"), record.key_item.leader)
    if not approved:
        return
    if record.body:
        yield Published(("body",), record.body, markdown=True)
    for i, reply in approved:
        yield from _reply_texts(i, reply, site)
    if not has_lead_reply(record):
        return  # 最新进展 follow the lead reply: without it the record is as if unreplied
    for j, entry in enumerate(record.progress):
        yield Published(("progress", j, "text"), entry.text, markdown=True)


def has_lead_reply(record: Record) -> bool:
    """Whether the record has a lead reply published now: an approved reply of a `lead` or
    `separate` unit that was not withdrawn. Only then does the record count as replied, and
    only then are its class, 类别转化, feedback and progress entries published: a record whose
    lead reply is a draft, held back (embargo) or withdrawn is shown as if unreplied."""
    return any(reply.status == "approved" and reply.withdrawn is None
               and reply.role != "co" for reply in record.replies)


def _reply_texts(index: int, reply: Reply, site: SiteConfig) -> Iterator[Published]:
    at = ("replies", index)
    if reply.withdrawn is not None:
        # Taken down (撤回): only the notice of why is published, none of the reply's texts.
        yield Published((*at, "withdrawn", "reason"), reply.withdrawn.reason)
        return
    for field in ("doc_number", "index_number", "adoption"):
        if getattr(reply, field) is not None:
            yield Published((*at, field), getattr(reply, field))
    shown = {"full": "text", "summary": "summary",
             "withheld": "withheld_reason" if site.show_withheld_reason else None}
    name = shown[reply.disclosure]
    value = getattr(reply, name) if name else None
    if name and value:
        yield Published((*at, name), value, markdown=name != "withheld_reason")
    if reply.disclosure != "withheld":
        for k, attachment in enumerate(reply.attachments):
            yield Published((*at, "attachments", k, "title"), attachment.title)
            yield Published((*at, "attachments", k, "file"), attachment.file, ADDRESS)
    replaced = PREVIOUS.get(reply.disclosure)
    for k, correction in enumerate(reply.corrections):
        yield Published((*at, "corrections", k, "reason"), correction.reason)
        previous = getattr(correction, replaced) if replaced else None
        if replaced and previous:
            yield Published((*at, "corrections", k, replaced), previous, markdown=True)


# The field of a correction that keeps the text it replaced, by the reply's disclosure: earlier
# versions of the text the page shows are published too (/<year>/<id>/original/).
PREVIOUS = {"full": "previous_text", "summary": "previous_summary"}


def site_texts(site: SiteConfig) -> Iterator[Published]:
    """The texts of site.yml that pages show: its name (every page's header, the browser's
    title), jurisdiction (the footer, the home and about pages), description (the home page),
    data_terms (the data page), url (the sitemap, canonical links), each result class's code
    and label, and the replacement of each replace rule."""
    yield Published(("name",), site.name)
    yield Published(("jurisdiction",), site.jurisdiction)
    if site.description:
        yield Published(("description",), site.description, markdown=True)
    if site.data_terms:
        yield Published(("data_terms",), site.data_terms, markdown=True)
    if site.url:
        yield Published(("url",), site.url, ADDRESS)
    for i, result_class in enumerate(site.classification):
        yield Published(("classification", i, "code"), result_class.code)
        yield Published(("classification", i, "label"), result_class.label)
    for i, rule in enumerate(site.redaction):
        if rule.replace:
            yield Published(("redaction", i, "replace"), rule.replace, REPLACEMENT)


def unit_texts(units: list[Unit]) -> Iterator[Published]:
    """The texts of units.yml, in its order: each unit's slug (its address), name and former
    names (shown on its pages and on records that name it by one)."""
    for i, unit in enumerate(units):
        yield Published((i, "slug"), unit.slug, ADDRESS)
        yield Published((i, "name"), unit.name)
        for j, name in enumerate(unit.former_names):
            yield Published((i, "former_names", j), name)


def topic_texts(topics: list[Topic]) -> Iterator[Published]:
    """The texts of topics.yml, in its order: each topic's slug (its address), name and
    description."""
    for i, topic in enumerate(topics):
        yield Published((i, "slug"), topic.slug, ADDRESS)
        yield Published((i, "name"), topic.name)
        if topic.description:
            yield Published((i, "description"), topic.description)
