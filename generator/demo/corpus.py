"""A synthetic corpus of suggestions and proposals with their replies, for tests and benchmarks.

Everything is fictional (丰禾市, people named 王某某) and assembled from the phrase banks of
`generator.demo.words` (sentences by `generator.demo.text`), so search tests see varied subjects,
places and numbers. The output depends only on the arguments: one random.Random(seed) is drawn
from in a fixed order, and nothing iterates a set or reads the clock. No generated text holds a
run of seven or more digits, so nothing looks like a phone number. The YAML is written by a small
emitter that quotes every string (`generator.demo.yaml_writer`), not by yaml.dump.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from typing import NamedTuple, TypeVar

from generator.demo.text import Draw, cn, cn_date
from generator.demo.words import (
    ACTIONS,
    ADOPTION,
    ANSWER,
    CLOSING,
    DISTRICTS,
    NEXT,
    OPENING,
    OPENING_CO,
    ORGS,
    PDF_OBJECTS,
    PROGRESS,
    SATISFACTION,
    SITE,
    TOPIC_LIST,
    UNIT,
    UNIT_CODE,
    UNIT_LIST,
    WITHHELD,
    Unit,
)
from generator.demo.yaml_writer import Value, dump

__all__ = ["write_demo_corpus"]

T = TypeVar("T")


def _pdf() -> bytes:
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(PDF_OBJECTS, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (i, body)
    xref = len(out)
    out += b"xref\n0 4\n0000000000 65535 f \n"
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return bytes(out + b"trailer\n<</Size 4/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % xref)


class _Rec(NamedTuple):
    id: str
    year: int
    kw: str
    title: str
    salutation: str
    assigned: date


def _session(kind: str, year: int) -> str:
    # Terms of five years; 2022 opened the 16th 人大 and the 14th 政协 of the fictional city.
    term, nth = divmod(year - 2022, 5)
    if kind == "suggestion":
        return f"市{cn(max(1, 16 + term))}届人大{cn(nth + 1)}次会议"
    return f"市政协{cn(max(1, 14 + term))}届{cn(nth + 1)}次会议"


def _self_name(unit: Unit) -> str:
    for suffix, short in (("局", "我局"), ("委员会", "我委"), ("办公室", "我办"),
                          ("区人民政府", "我区"), ("县人民政府", "我县")):
        if unit.name.endswith(suffix):
            return short
    return "我们"


def _add_months(d: date, months: int) -> date:
    year, month = divmod(d.month - 1 + months, 12)
    return date(d.year + year, month + 1, min(d.day, 28))


def _number(g: Draw, kind: str, n: int) -> str:
    """Numbering styles differ between places and years, as the record format allows."""
    style = g.style[kind]
    if style == 0:
        return f"第{n}号"
    if style == 1:
        return f"第{n:04d}号"
    if style == 2:
        return f"第{TOPIC_LIST.index(g.topic) + 1}-{n}号"
    key = kind + g.topic.slug
    g.seq[key] = g.seq.get(key, 0) + 1
    return f"第{n:05d}号（{g.topic.name}类{g.seq[key]}号）"


def _proposers(g: Draw, kind: str) -> tuple[list[Value], str]:
    r = g.rng
    if kind == "proposal" and r.random() < 0.08:  # 党派团体提案
        org = g.choice(ORGS)
        return [{"name": org}], f"{org}："
    role = "代表" if kind == "suggestion" else "委员"
    names = g.names(1 + (g.num(1, 4) if r.random() < 0.25 else 0))
    people: list[Value] = [{"name": names[0], "role": role}]
    people += [{"name": n} for n in names[1:]]
    return people, f"{names[0]}{'等' if len(names) > 1 else ''}{role}："


def _title(g: Draw, subject: str, kw: str) -> str:
    r = g.rng
    place = g.choice(DISTRICTS) if r.random() < 0.25 else ""
    x = r.random()
    if x < 0.7:
        return f"关于{g.choice(ACTIONS)}{place}{subject}的{kw}"
    if x < 0.85:
        return f"关于进一步做好{place}{subject}工作的{kw}"
    return f"关于{place}{subject}存在问题及对策的{kw}"


def _units(g: Draw) -> tuple[list[str], list[str]]:
    r = g.rng
    lead = [g.choice(g.topic.leads if r.random() < 0.9 else ("dongcheng", "xihe", "qingshi"))]
    if r.random() < 0.05:  # 分别办理: several lead units, each replying on its own
        lead += r.sample([u.slug for u in UNIT_LIST if u.slug != lead[0]], g.num(1, 2))
    co: list[str] = []
    if r.random() < 0.3:
        co = r.sample([u.slug for u in UNIT_LIST if u.slug not in lead], g.num(1, 2))
    # Now and then a clerk still writes a unit's name from before the institutional reform.
    return [_old_name(g, s) for s in lead], [_old_name(g, s) for s in co]


def _old_name(g: Draw, slug: str) -> str:
    former = UNIT[slug].former
    return g.choice(former) if former and g.rng.random() < 0.04 else slug


def _reply(g: Draw, rec: _Rec, slug: str, role: str, result: str, draft: bool,
           base: dict[str, str]) -> dict[str, Value]:
    r, unit = g.rng, UNIT[slug]
    written = rec.assigned + timedelta(days=g.num(10, 45) if role == "co" else g.num(30, 88))
    b = dict(base, self=_self_name(unit))
    head = [rec.salutation, f"您提出的《{rec.title}》收悉。现答复如下：",
            g.fill(OPENING_CO if role == "co" else OPENING, b)]
    # Old replies were signed with the name the unit had before the institutional reform.
    signer = g.choice(unit.former) if unit.former and r.random() < 0.15 else unit.name
    tail = [g.fill(g.choice(CLOSING), b), signer, cn_date(written)]
    status = "draft" if draft else "approved"
    reply: dict[str, Value] = {"unit": slug, "role": role, "status": status}
    if not draft:
        approved = written + timedelta(days=g.num(0, 6))
        reply["approved"] = approved
        reply["doc_number"] = f"{unit.abbr}复〔{rec.year}〕{g.num(1, 480)}号"
        if r.random() < 0.5:
            code = UNIT_CODE[unit.slug]
            reply["index_number"] = f"FH{code:03d}/{rec.year}-{g.num(1, 99999):05d}"
        reply["date"] = written
        if r.random() < 0.85:
            reply["published"] = approved + timedelta(days=g.num(0, 20))
    reply["result"] = result
    if r.random() < 0.7:
        reply["adoption"] = ADOPTION[result]
    x = r.random()
    reply["disclosure"] = "full" if x < 0.92 else "summary" if x < 0.97 else "withheld"
    if x >= 0.97:
        reply["withheld_reason"] = g.choice(WITHHELD)
    elif x >= 0.92:
        reply["summary"] = (f"{b['self']}对《{rec.title}》进行了认真研究，主要答复如下："
                            + g.fill(g.choice(ANSWER[result]), b) + g.fill(g.choice(NEXT), b))
    # Summary and withheld replies keep their full text: the build must never publish it.
    reply["text"] = g.reply_text(b, head, tail, result)
    return reply


def _replies(g: Draw, rec: _Rec, lead: list[str], co: list[str], result: str,
             base: dict[str, str]) -> list[dict[str, Value]]:
    r = g.rng
    state = r.random()
    if state < 0.01:  # assigned, nothing written yet
        return []
    draft = state < 0.06  # the lead reply is still a draft, so nothing may be published
    role = "separate" if len(lead) > 1 else "lead"
    out = [_reply(g, rec, slug, role, result if i == 0 else g.choice("AABBC"), draft, base)
           for i, slug in enumerate(lead)]
    out += [_reply(g, rec, slug, "co", result, draft or r.random() < 0.03, base)
            for slug in co if r.random() < 0.75]
    return out


def _feedback(g: Draw) -> dict[str, Value]:
    r = g.rng
    fb: dict[str, Value] = {"contacted": r.random() < 0.9, "met": r.random() < 0.55}
    if r.random() < 0.9:
        x = r.random()
        fb["satisfaction"] = next(label for label, upto in SATISFACTION if x < upto)
    return fb


def _progress(g: Draw, year: int, after: date, result: str,
              base: dict[str, str]) -> list[Value]:
    r = g.rng
    span = (date(year + 1, 12, 31) - after).days
    days = sorted(r.sample(range(1, span + 1), g.num(1, 3)))
    out: list[Value] = []
    for i, d in enumerate(days):
        entry: dict[str, Value] = {"date": after + timedelta(days=d),
                                   "text": g.fill(g.choice(PROGRESS), base)}
        last = i == len(days) - 1
        if last and r.random() < {"A": 0.0, "B": 0.5, "C": 0.2}[result]:
            entry["result"] = "A" if result == "B" else "B"  # 类别转化: B to A, now and then C to B
        out.append(entry)
    return out


def _attach(g: Draw, rec: _Rec, replies: list[dict[str, Value]], subject: str) -> str | None:
    first = replies[0] if replies else None
    if not first or first["status"] != "approved" or first["disclosure"] != "full":
        return None
    if g.rng.random() >= 0.03:
        return None
    path = f"attachments/{rec.year}/{rec.id}-1.pdf"
    first["attachments"] = [{"title": f"丰禾市{subject}实施方案", "file": path}]
    return path


def _record(g: Draw, year: int) -> tuple[dict[str, Value], str | None]:
    r = g.rng
    kind = "suggestion" if r.random() < 0.55 else "proposal"
    g.seq[kind] += 1
    g.topic = g.choice(TOPIC_LIST)
    kw = "建议" if kind == "suggestion" else "提案"
    subject = g.choice(g.topic.subjects)
    proposers, salutation = _proposers(g, kind)
    submitted = date(year, 1, 1) + timedelta(days=g.num(4, 55))
    rec = _Rec(f"{'rd' if kind == 'suggestion' else 'zx'}-{year}-{g.seq[kind]:05d}", year, kw,
               _title(g, subject, kw), salutation, submitted + timedelta(days=g.num(15, 45)))
    lead, co = _units(g)
    partner = UNIT[co[0]] if co else g.choice(UNIT_LIST)  # named in 会同… sentences
    if partner is UNIT[lead[0]]:
        partner = UNIT["finance"] if partner.slug != "finance" else UNIT["development-reform"]
    base = {"topic": g.topic.name, "issue": subject, "kw": kw, "lead": UNIT[lead[0]].name,
            "co": partner.name, "y": str(year),
            "y0": str(year - 1), "y1": str(year + 1), "y2": str(year + 2)}
    doc: dict[str, Value] = {
        "id": rec.id, "kind": kind, "year": year, "session": _session(kind, year),
        "number": _number(g, kind, g.seq[kind]), "title": rec.title, "proposers": proposers}
    if r.random() < 0.97:
        doc["submitted"] = submitted
    doc["assigned"] = rec.assigned
    if r.random() < 0.08:
        doc["due"] = _add_months(rec.assigned, 3)
    second = g.choice(TOPIC_LIST).slug if r.random() < 0.2 else g.topic.slug
    doc["topics"] = list[Value]([g.topic.slug] + ([second] if second != g.topic.slug else []))
    units: dict[str, Value] = {"lead": list[Value](lead)}
    if co:
        units["co"] = list[Value](co)
    doc["units"] = units
    if r.random() < 0.03:  # 重点督办
        leader = g.choice(("市长", "副市长", "常务副市长"))
        doc["key_item"] = {"leader": f"{leader} {g.names(1)[0]}"}
    if r.random() < 0.95:
        doc["body"] = g.body(base)
    replies = _finish(g, rec, doc, lead, co, base)
    return doc, _attach(g, rec, replies, subject)


def _finish(g: Draw, rec: _Rec, doc: dict[str, Value], lead: list[str], co: list[str],
            base: dict[str, str]) -> list[dict[str, Value]]:
    """Adds replies and, once the lead reply is approved, feedback and later progress."""
    r = g.rng
    result = g.choice("AAAAAAAAABBBBBBBCCCC")  # A 45%, B 35%, C 20%
    replies = _replies(g, rec, lead, co, result, base)
    if replies:
        doc["replies"] = list[Value](replies)
    if not replies or replies[0]["status"] != "approved":
        return replies
    if r.random() < 0.85:
        doc["feedback"] = _feedback(g)
    if r.random() < 0.15:
        doc["progress"] = _progress(g, rec.year, _last_date(replies), result, base)
    return replies


def _last_date(replies: list[dict[str, Value]]) -> date:
    """The latest day any approved reply went public: progress can only come after it."""
    days = [x.get("published", x.get("approved")) for x in replies if x["status"] == "approved"]
    return max(d for d in days if isinstance(d, date))


def _plan(records: int, years: int, last_year: int) -> list[int]:
    """How many records each year gets, oldest year first."""
    if records < 0 or years < 1:
        raise ValueError("records must be >= 0 and years >= 1")
    if last_year - years + 1 < 1949 or last_year > 2998:
        raise ValueError("years must lie between 1949 and 2998")
    per_year = [records // years + (1 if i < records % years else 0) for i in range(years)]
    if per_year[0] > 99_999:
        raise ValueError("ids have five digits: at most 99,999 records a year")
    return per_year[::-1]  # the extra records go to the latest years


def _write_vocabulary(out: Path) -> None:
    (out / "site.yml").write_bytes(SITE.encode("utf-8"))
    units: list[Value] = []
    for u in UNIT_LIST:
        unit: dict[str, Value] = {"slug": u.slug, "name": u.name}
        if u.former:
            unit["former_names"] = list[Value](u.former)
        units.append(unit)
    (out / "units.yml").write_bytes(dump(units, "丰禾市（虚构）承办单位。旧名称见 former_names。"))
    topics: list[Value] = [{"slug": t.slug, "name": t.name, "description": t.description}
                           for t in TOPIC_LIST]
    (out / "topics.yml").write_bytes(dump(topics, "主题分类。"))


def write_demo_corpus(out: Path, *, records: int, years: int, seed: int,
                      last_year: int = 2025) -> None:
    """Writes site.yml, units.yml, topics.yml and `records` records over `years` years to `out`.

    The same arguments always give byte-identical files. Refuses a non-empty `out`, so that a
    mistyped path never mixes demo records into real content.
    """
    per_year = _plan(records, years, last_year)
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise ValueError(f"{out} exists and is not empty")
    out.mkdir(parents=True, exist_ok=True)
    _write_vocabulary(out)
    g, pdf = Draw(random.Random(seed)), _pdf()
    for offset, count in enumerate(per_year):
        year = last_year - years + 1 + offset
        folder = out / str(year)
        if count:
            folder.mkdir()
        g.seq = {"suggestion": 0, "proposal": 0}
        g.style = {"suggestion": g.num(0, 3), "proposal": g.num(0, 3)}
        for _ in range(count):
            doc, attachment = _record(g, year)
            (folder / f"{doc['id']}.yml").write_bytes(dump(doc))
            if attachment:
                (out / attachment).parent.mkdir(parents=True, exist_ok=True)
                (out / attachment).write_bytes(pdf)
