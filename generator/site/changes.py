"""What a change of the content publishes, as Markdown for a CI job summary or a merge-request
comment: `replysite changes --base REV`.

Both sides, the content at REV and the content now, pass the check and the publication gate
(`generator.pages.publication`), and only what the gate lets through is compared: the
records' published texts, as `published_lines` writes every field of a `PublicRecord`, the
published texts of site.yml, units.yml and topics.yml, and the attachments' bytes. A change to
what is not published (a draft reply, a withheld text) shows nothing, and a field the gate
publishes shows as soon as the gate has it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import hashlib
import re
import tempfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel

from generator.pages.embargo import cutoff_date
from generator.pages.publication import (
    PublicRecord,
    PublicReply,
    UnitRef,
    public_vocabulary,
    publish,
)
from generator.records.contact_details import Redaction
from generator.records.disclosure import ADDRESS, REPLACEMENT, published_texts
from generator.records.models import ResultClass, Topic
from generator.records.problems import ContentError
from generator.records.validate import Corpus
from generator.site.build import check
from generator.site.folders import check_content
from generator.site.prepare import BuildError, build_epoch, date_of
from generator.site.revision import content_at, short_commit


@dataclass(frozen=True)
class _Side:
    """One side of the comparison: the content's folder, its corpus and what it publishes."""

    folder: Path
    corpus: Corpus | None
    records: dict[str, PublicRecord]


def changes_report(base: str, content: Path, cutoff: dt.date | None = None) -> str:
    """The Markdown report of what `content` (the work tree) publishes that the same folder at
    the git revision `base` did not, and what it no longer publishes.

    Both sides are published as of the date a build of `content` would show (SOURCE_DATE_EPOCH,
    or the newest date in it), so that only the change of content shows. Replies under embargo
    are compared like the others, since no later change will show them: the approver sees them
    now, and a section lists those whose publication date is after `cutoff` (as `build --date`:
    default SOURCE_DATE_EPOCH's date, else today's in UTC) with that date. Raises ContentError
    for problems of `content`, BuildError when `base` is no commit, `content` is in no git work
    tree, or the content at `base` does not pass the check.
    """
    check_content(content)
    corpus = check(content)
    today = date_of(build_epoch(corpus))
    with tempfile.TemporaryDirectory(prefix="replysite-base-") as temporary:
        folder = content_at(base, content, Path(temporary))
        old = _base_side(base, folder, today)
        new = _Side(content, corpus, {r.id: r for r in publish(corpus, today)})
        return _report(short_commit(base, content), old, new, cutoff_date(cutoff))


def _base_side(base: str, folder: Path | None, today: dt.date) -> _Side:
    if folder is None:
        return _Side(Path(), None, {})
    try:
        corpus = check(folder)
    except ContentError as error:
        raise BuildError(f"--base {base}: the content there has {len(error.problems)} "
                         "problem(s) and was never published; compare with a revision whose "
                         "content passes the check") from None
    return _Side(folder, corpus, {r.id: r for r in publish(corpus, today)})


def _report(base: str, old: _Side, new: _Side, cutoff: dt.date) -> str:
    sections = [
        _section("Records that become public", _new_records(old, new)),
        _section("Published texts that change", _changed_records(old, new)),
        _section("Site settings and vocabularies that change", _vocabulary_diff(old, new)),
        _section("Held back until their publication date", _scheduled(old, new, cutoff)),
        _section("Withdrawn or no longer public", _withdrawn(old, new)),
        _section("New or changed attachments", _attachments(old, new)),
        _section("Redaction rules applied to the new published text", _rules(old, new)),
    ]
    body = "".join(section for section in sections if section)
    return (f"# What this change publishes\n\nCompared with `{base}`.\n\n"
            + (body or "Nothing that is published changes.\n"))


def _section(heading: str, items: list[str]) -> str:
    if not items:
        return ""
    # A list needs a blank line after it; a code block ends with one.
    end = "" if items[-1].endswith("\n\n") else "\n"
    return f"## {heading} ({len(items)})\n\n" + "".join(items) + end


def _new_records(old: _Side, new: _Side) -> list[str]:
    return [f"### {_name(record)}\n\n{_block('text', published_lines(record))}"
            for rid, record in sorted(new.records.items()) if rid not in old.records]


def _changed_records(old: _Side, new: _Side) -> list[str]:
    items = []
    for rid, record in sorted(new.records.items()):
        before = old.records.get(rid)
        if before is None:
            continue
        diff = _diff(published_lines(before), published_lines(record), record.url)
        if diff:
            items.append(f"### {_name(record)}\n\n{_block('diff', diff)}")
    return items


def _vocabulary_diff(old: _Side, new: _Side) -> list[str]:
    if old.corpus is None or new.corpus is None:
        return []
    diff = _diff(vocabulary_lines(old.corpus), vocabulary_lines(new.corpus),
                 "site.yml, units.yml, topics.yml")
    return [_block("diff", diff)] if diff else []


def _scheduled(old: _Side, new: _Side, cutoff: dt.date) -> list[str]:
    """The replies, new or changed in this change, that a build on `cutoff` still holds back:
    the scheduled build of their publication date publishes them with no change to review."""
    items: list[str] = []
    for rid, record in sorted(new.records.items()):
        before = old.records.get(rid)
        if before is not None and published_lines(before) == published_lines(record):
            continue
        items.extend(f"- {_name(record)}: the reply of {_escape(reply.unit.unit.name)} "
                     f"({reply.role_label}) goes public on {reply.published.isoformat()}, "
                     "with the first build on or after that date\n"
                     for reply in record.replies if reply.published > cutoff)
    return items


def _withdrawn(old: _Side, new: _Side) -> list[str]:
    items = []
    for rid, before in sorted(old.records.items()):
        after = new.records.get(rid)
        if after is None:
            items.append(f"- {_name(before)}: the record is no longer published\n")
            continue
        kept = {_reply_key(reply) for reply in after.replies}
        items.extend(f"- {_name(after)}: the reply of {_escape(reply.unit.unit.name)} "
                     f"({reply.role_label}) is no longer published\n"
                     for reply in before.replies if _reply_key(reply) not in kept)
    return items


def _reply_key(reply: PublicReply) -> tuple[str, str]:
    return reply.unit.unit.slug, reply.role


def _attachments(old: _Side, new: _Side) -> list[str]:
    before = {f"{r.year}/{a.file}": old.folder / a.file
              for r in old.records.values() for reply in r.replies for a in reply.attachments}
    items = []
    for record in sorted(new.records.values(), key=lambda r: r.id):
        for reply in record.replies:
            for attachment in reply.attachments:
                path = f"{record.year}/{attachment.file}"
                file = new.folder / attachment.file
                what = ("new" if path not in before
                        else "changed" if _digest(before[path]) != _digest(file) else None)
                if what:
                    items.append(f"- {what}: `{path}` ({_escape(attachment.title)}, "
                                 f"{file.stat().st_size:,} bytes; {_name(record)})\n")
    return items


def _rules(old: _Side, new: _Side) -> list[str]:
    """The redaction rules that allowed or replaced a detail in the published texts of each
    record that becomes public or whose published text changes."""
    if new.corpus is None:
        return []
    site = new.corpus.site
    redaction = Redaction(site.redaction)
    items: list[str] = []
    for record in new.corpus.records:
        public = new.records.get(record.id)
        if public is None or (before := old.records.get(record.id)) == public:
            continue
        if before is not None and published_lines(before) == published_lines(public):
            continue
        used: Counter[int] = Counter()
        for text in published_texts(record, site):
            redaction.unallowed_hits(text.text, used,
                                     replaceable=text.kind not in (ADDRESS, REPLACEMENT))
        items.extend(f"- {_name(public)}: {line}\n" for line in redaction.applied(used))
    return items


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else ""


def _diff(before: list[str], after: list[str], name: str) -> list[str]:
    return list(difflib.unified_diff(before, after, f"{name} (before)", f"{name} (after)",
                                     lineterm=""))


def _name(record: PublicRecord) -> str:
    return f"{record.year}/{record.id}: {_escape(record.title)}"


def _escape(text: str) -> str:
    """Text put into Markdown as it is: its markup characters escaped, on one line."""
    return re.sub(r"([\\`*_\[\]<>#|])", r"\\\1", " ".join(text.split()))


def _block(language: str, lines: list[str]) -> str:
    """A fenced code block longer than any run of backticks in `lines`, so none closes it."""
    longest = max((len(run) for line in lines for run in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{language}\n" + "".join(f"{line}\n" for line in lines) + f"{fence}\n\n"


def published_lines(record: PublicRecord) -> list[str]:
    """Every field of a published record, one `field: value` line each (a text of several
    lines indented below its field), in the order `PublicRecord` declares them: what the
    record's page, its data files and the search index are made from."""
    return list(_lines("", record))


def _lines(name: str, value: object) -> Iterator[str]:
    if value is None or value == ():
        return
    if isinstance(value, UnitRef):
        former = f" (named as {value.named_as})" if value.named_as else ""
        yield f"{name}: {value.unit.name}{former}"
    elif isinstance(value, Topic | ResultClass):
        yield f"{name}: {value.name if isinstance(value, Topic) else f'{value.code} {value.label}'}"
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            yield from _lines(f"{name}.{field.name}" if name else field.name,
                              getattr(value, field.name))
    elif isinstance(value, BaseModel):
        for key, item in value.model_dump().items():
            yield from _lines(f"{name}.{key}", item)
    elif isinstance(value, tuple | list):
        for i, item in enumerate(value):
            yield from _lines(f"{name}[{i}]", item)
    else:
        yield from _scalar(name, value)


def _scalar(name: str, value: object) -> Iterator[str]:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    if "\n" in text:
        yield f"{name}: |"
        yield from (f"  {line}" if line else "" for line in text.splitlines())
    else:
        yield f"{name}: {text}"


def vocabulary_lines(corpus: Corpus) -> list[str]:
    """The published texts of site.yml, units.yml and topics.yml (site.yml's replace rules
    applied), one `file: field: text` line each."""
    public = public_vocabulary(corpus)
    site = public.site
    lines = [f"site.yml: {key}: {value}" for key, value in (
        ("name", site.name), ("jurisdiction", site.jurisdiction),
        ("description", site.description), ("url", site.url), ("data_terms", site.data_terms))
        if value]
    lines += [f"site.yml: classification: {c.code} {c.label}" for c in site.classification]
    lines += [f"units.yml: {u.slug}: {u.name}" + (f" (formerly {'、'.join(u.former_names)})"
                                                  if u.former_names else "")
              for u in public.units.values()]
    lines += [f"topics.yml: {t.slug}: {t.name}" + (f": {t.description}" if t.description else "")
              for t in public.topics.values()]
    return [" ".join(line.split()) for line in lines]
