"""The ids of the parts of a record page: stable, and saying what they point at.

A link to one reply of a record, shared by e-mail or cited in a report, must keep landing on that
reply. Python-Markdown's toc extension numbers headings it cannot spell in ASCII (`_1`, `_2` …),
so adding a co-handling reply moved every anchor after it onto another unit's reply. The record
template gives each part its own id instead:

| part | id |
|---|---|
| the title | `title` |
| the suggestion or proposal itself | `suggestion` or `proposal` (the record's kind) |
| a reply | `reply-<unit slug>-<role>`, such as `reply-housing-lead`, `reply-finance-co` |
| its attachments | `attachments-<unit slug>-<role>` |
| 最新进展 | `progress`, and `progress-<date>` for each entry, such as `progress-2024-11-01` |

A second published reply of one unit in one role adds `-2` (then `-3` …) in the order the replies
became public: by publication date (`published`, else the approval date), then by their order in
the record. A reply becomes public on that date and never earlier, so the reply made public last
takes the next number and an id once published stays on its reply: when a draft written above it is
approved later, and when a reply approved before it but held back until a later publication date
(embargo) is released. Approval order would not do: an embargoed reply approved first would take
the id of the reply already public on its release. Only published replies are counted, so no id
hints that a draft or an embargoed reply exists. A second progress entry of one date adds `-2` in
the order of the page: entries are only ever added, oldest first. The ids are unique on a page:
unit slugs are `[a-z0-9-]+` and the role or date always follows the slug, a number always the role
or date, so no two parts read alike. Clerks' own headings carry no id at all (the sanitizer in
clerk_text drops every id), so no text can take or shadow one of these.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import TypeVar

from generator.pages.publication import PublicProgress, PublicReply

T = TypeVar("T")


def reply_anchors(replies: Iterable[PublicReply]) -> list[tuple[str, PublicReply]]:
    """Each reply, in the order given, with its id suffix, `<unit slug>-<role>[-n]`: the
    reply's heading is `reply-` and its attachments `attachments-` followed by it.

    Replies of one unit in one role are numbered by (publication date, order given), so that
    a reply made public later, by approval or at the end of its embargo, gets the next number
    rather than taking one in use.
    """
    replies = list(replies)
    names = [f"{reply.unit.unit.slug}-{reply.role}" for reply in replies]
    order = sorted(range(len(replies)), key=lambda i: (replies[i].published, i))
    numbered = dict(zip(order, _numbered((names[i], i) for i in order), strict=True))
    return [(numbered[i][0], reply) for i, reply in enumerate(replies)]


def progress_anchors(entries: Iterable[PublicProgress]) -> list[tuple[str, PublicProgress]]:
    """Each progress entry with its id, `progress-<YYYY-MM-DD>[-n]`."""
    return _numbered((f"progress-{entry.date.isoformat()}", entry) for entry in entries)


def _numbered(named: Iterable[tuple[str, T]]) -> list[tuple[str, T]]:
    """Names made unique in order: the first keeps its name, the next get `-2`, `-3` …"""
    seen: Counter[str] = Counter()
    result = []
    for name, item in named:
        seen[name] += 1
        result.append((name if seen[name] == 1 else f"{name}-{seen[name]}", item))
    return result
