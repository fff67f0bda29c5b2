"""Atom feeds (RFC 4287) of published replies and 最新进展 entries, from published records only.

A feed lists the newest `FEED_SIZE` entries, newest first: one for each published reply (dated
by its publication), one for each correction of one (dated by it) and one for each progress
entry (dated by it); a withdrawn reply has none. Entry ids and dates come
from the content, never from the clock, so two builds write the same bytes; a reader keeps an
entry it has seen because its id never changes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence

from generator.pages.anchors import progress_anchors, reply_anchors
from generator.pages.facts import FeedEntry
from generator.pages.publication import PublicRecord, PublicReply

FEED_SIZE = 50
ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 does not allow in a document (its Char production): dropped from texts.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def feed_entries(records: Iterable[PublicRecord]) -> tuple[FeedEntry, ...]:
    """The newest `FEED_SIZE` entries of `records`, newest first (ties by id)."""
    entries = [entry for record in records for entry in _entries_of(record)]
    return newest(entries)


def term_feeds(records: Iterable[PublicRecord], classify: Callable[[PublicRecord], Iterable[str]],
               ) -> dict[str, tuple[FeedEntry, ...]]:
    """The newest `FEED_SIZE` entries of each term (a unit, a topic) that `classify` gives the
    records, by slug, sorted: a term's feed holds every entry of the records it carries, as its
    page counts them (a unit: the records it led or co-handled)."""
    by_term: dict[str, list[FeedEntry]] = {}
    for record in records:
        entries = list(_entries_of(record))
        for slug in dict.fromkeys(classify(record)):
            by_term.setdefault(slug, []).extend(entries)
    return {slug: newest(entries) for slug, entries in sorted(by_term.items())}


def newest(entries: Iterable[FeedEntry]) -> tuple[FeedEntry, ...]:
    """The newest `FEED_SIZE` of `entries`, newest first, ties by id (the latest id first)."""
    return tuple(sorted(entries, key=lambda e: (e.updated, e.id), reverse=True)[:FEED_SIZE])


def _entries_of(record: PublicRecord) -> Iterable[FeedEntry]:
    # Anchors are numbered over every reply, withdrawn ones too, so that each keeps its own.
    for suffix, reply in reply_anchors(record.replies):
        if reply.withdrawn is not None:
            continue  # taken down: out of the feeds as out of the search index
        anchor = f"reply-{suffix}"
        yield from _correction_entries(record, anchor, reply)
        yield FeedEntry(f"urn:replysite:{record.id}:{anchor}",
                        f"{record.title}（{reply.unit.unit.name}{reply.role_label}答复）",
                        f"{record.url}#{anchor}", reply.published,
                        f"{record.kind_label} {record.number}：{reply.unit.unit.name}的"
                        f"{reply.role_label}答复已公开"
                        + (f"，文号{reply.doc_number}" if reply.doc_number else "") + "。")
    for anchor, entry in progress_anchors(record.progress):
        yield FeedEntry(f"urn:replysite:{record.id}:{anchor}", f"{record.title}（最新进展）",
                        f"{record.url}#{anchor}", entry.date, entry.text)


def _correction_entries(record: PublicRecord, anchor: str,
                        reply: PublicReply) -> Iterable[FeedEntry]:
    """An entry for each correction of a reply, dated by it, its reason as the summary; its id
    numbers it within the reply (corrections are only ever added at the end)."""
    name = f"{reply.unit.unit.name}{reply.role_label}答复"
    for number, correction in enumerate(reply.corrections, 1):
        yield FeedEntry(f"urn:replysite:{record.id}:{anchor}:correction-{number}",
                        f"{record.title}（{name}更正）", f"{record.url}#{anchor}-corrections",
                        correction.date, f"{name}已更正：{correction.reason}")


def atom_feed(title: str, author: str, feed_id: str, base: str | None, path: str,
              entries: Sequence[FeedEntry], fallback: str) -> bytes:
    """An Atom document: `title`, `author` (the publishing government), `feed_id` (an IRI);
    links relative to the site's root resolved against `base` (site.yml's url) when it is
    given, else made relative to the feed at `path` from the site's root ('2024/feed.xml');
    updated as the newest entry, or `fallback` (YYYY-MM-DD) without one."""
    prefix = "../" * path.count("/")
    href = (lambda url: f"{base.rstrip('/')}/{url}") if base else (lambda url: prefix + url)
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "id", feed_id)
    _text(feed, "title", title)
    updated = entries[0].updated.isoformat() if entries else fallback
    _text(feed, "updated", f"{updated}T00:00:00Z")
    _text(ET.SubElement(feed, "author"), "name", author)
    ET.SubElement(feed, "link", rel="self", href=href(path))
    ET.SubElement(feed, "link", rel="alternate", type="text/html",
                  href=href(path.rsplit("/", 1)[0] + "/" if "/" in path else ""))
    for entry in entries:
        element = ET.SubElement(feed, "entry")
        _text(element, "id", entry.id)
        _text(element, "title", entry.title)
        _text(element, "updated", f"{entry.updated.isoformat()}T00:00:00Z")
        ET.SubElement(element, "link", rel="alternate", type="text/html", href=href(entry.url))
        _text(element, "summary", entry.summary)
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"


def _text(parent: ET.Element, tag: str, text: str) -> None:
    ET.SubElement(parent, tag).text = _NOT_XML.sub("", text)
