"""Which texts of a record would be published, and where each is in its file.

The publication gate (`generator.pages.publication`) shows exactly these texts of a record, and
the contact-detail check reads exactly these, so that what is never published is never flagged
and what is published is always checked: a draft's text, a withheld reply's text and a summary
reply's full text are none of them.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.records.document import Location
from generator.records.models import Record, Reply, SiteConfig


def published_texts(record: Record, site: SiteConfig) -> Iterator[tuple[Location, str]]:
    """Every text of `record` that the publication gate lets through, with where it is in the file.

    The contact-detail check reads exactly these: what is never published is never flagged.
    """
    approved = [(i, reply) for i, reply in enumerate(record.replies)
                if reply.status == "approved"]
    if not approved and not site.list_pending:
        return
    yield ("title",), record.title
    for i, proposer in enumerate(record.proposers):
        yield ("proposers", i, "name"), proposer.name
    if record.key_item:
        yield ("key_item", "leader"), record.key_item.leader
    if not approved:
        return
    if record.body:
        yield ("body",), record.body
    for i, reply in approved:
        yield from _reply_texts(i, reply, site)
    for j, entry in enumerate(record.progress):
        yield ("progress", j, "text"), entry.text


def _reply_texts(index: int, reply: Reply, site: SiteConfig) -> Iterator[tuple[Location, str]]:
    shown = {"full": "text", "summary": "summary",
             "withheld": "withheld_reason" if site.show_withheld_reason else None}
    name = shown[reply.disclosure]
    value = getattr(reply, name) if name else None
    if name and value:
        yield ("replies", index, name), value
    if reply.disclosure != "withheld":
        for k, attachment in enumerate(reply.attachments):
            yield ("replies", index, "attachments", k, "title"), attachment.title
