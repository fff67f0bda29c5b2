"""Replies held back until their publication date (发布日期, a reply's `published`).

An approved reply whose publication date is after the build's cut-off date is left out of the
content before anything is published or counted, as if it had not been approved yet: no page,
listing, count, statistic, search index, feed, data file or date shown can then hold a byte of it.
A withdrawal dated after the cut-off is held back the same way: the reply stays published until
that date, and no page says it was withdrawn on a day still to come. The cut-off is the date a
build is asked for (`replysite build --date`), else the date of SOURCE_DATE_EPOCH when CI sets it,
else today's date in UTC; it decides only what is public, never a date shown (see
`generator.site.prepare.build_epoch`). """

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Iterable, Mapping

from generator.records.models import Record, Reply
from generator.records.validate import Corpus


def cutoff_date(asked: dt.date | None, environ: Mapping[str, str] = os.environ,
                today: dt.date | None = None) -> dt.date:
    """The embargo cut-off: `asked` (--date) if given, else the UTC date of SOURCE_DATE_EPOCH
    (seconds since 1970) when it is a whole number, else `today` (default: the clock's date in
    UTC). Replies published on the cut-off date are public."""
    if asked is not None:
        return asked
    epoch = environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).date()
    return today or dt.datetime.now(dt.UTC).date()


def publication_date(reply: Reply) -> dt.date | None:
    """When an approved reply becomes public: its `published` date, else its approval date;
    None for a draft."""
    if reply.status != "approved":
        return None
    return reply.published or reply.approved


def publication_dates(record: Record) -> tuple[dt.date, ...]:
    """The dates on which what the record publishes changes: each approved reply's publication
    date, in the record's order, then the dates of its withdrawals (a withdrawal dated after
    the cut-off is held back until its date, as a publication is)."""
    return (*(date for reply in record.replies if (date := publication_date(reply)) is not None),
            *(reply.withdrawn.date for reply in record.replies
              if reply.status == "approved" and reply.withdrawn is not None))


def embargoed(dates: Iterable[dt.date], cutoff: dt.date) -> tuple[dt.date, ...]:
    """Those of `dates` after `cutoff`, sorted: what an edition's key holds of the embargo, so
    that an edition is built again on the first build on or after one of them."""
    return tuple(sorted(date for date in dates if date > cutoff))


def held_back(corpus: Corpus, cutoff: dt.date) -> Corpus:
    """`corpus` with every approved reply published after `cutoff` taken out of its record
    (the other replies keep their order), and every withdrawal dated after `cutoff` taken off
    its reply, which stays public until that date (the site never says a reply was withdrawn
    on a day still to come); records with neither are the same objects."""
    return dataclasses.replace(corpus, records=tuple(
        _without_embargoed(record, cutoff) for record in corpus.records))


def _without_embargoed(record: Record, cutoff: dt.date) -> Record:
    kept = [_withdrawn_by(reply, cutoff) for reply in record.replies
            if (date := publication_date(reply)) is None or date <= cutoff]
    if kept == list(record.replies):
        return record
    return record.model_copy(update={"replies": kept})


def _withdrawn_by(reply: Reply, cutoff: dt.date) -> Reply:
    """`reply` as it stands on `cutoff`: not withdrawn yet when its withdrawal is dated later."""
    if reply.withdrawn is None or reply.withdrawn.date <= cutoff:
        return reply
    return reply.model_copy(update={"withdrawn": None})
