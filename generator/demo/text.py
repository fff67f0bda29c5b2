"""Sentences for the demo corpus, drawn from the phrase banks of `generator.demo.words`.

`Draw` holds the one random stream a corpus is drawn from. Numbers are not drawn afresh for every
sentence: each topic keeps 200 drawn versions of each sentence template and reuses them, which
matters at 100,000 records.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from datetime import date
from typing import TypeVar

from generator.demo.words import (
    ANSWER,
    BACKGROUND,
    BODY_DECKS,
    DECKS,
    DISTRICTS,
    HEADINGS,
    LIMITS,
    MOTTOS,
    ORDINALS,
    SURNAMES,
    TOPIC_LIST,
    TOWNS,
)

T = TypeVar("T")


def cn(n: int) -> str:
    """Chinese numeral for 1..99, as in 市十六届人大三次会议."""
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else ORDINALS[tens - 1] + "十")
    return head + (ORDINALS[ones - 1] if ones else "")


def listed(xs: list[str]) -> str:
    """Up to nine items as one enumerated sentence: 一是…；二是…。 (more raise IndexError)."""
    return "；".join(f"{ORDINALS[i]}是{x}" for i, x in enumerate(xs)) + "。"


def cn_date(d: date) -> str:
    """A date as a letter is dated: 2024年3月5日, without leading zeros."""
    return f"{d.year}年{d.month}月{d.day}日"


_VARIANTS = 200
_RECORD_WORDS = ("topic", "issue", "kw", "lead", "co", "self", "y", "y0", "y1", "y2")
_INTS = {"n": (3, 980), "k": (2, 12), "few": (5, 60), "month": (3, 12)}
_DECIMALS = {"pct": (60, 99), "rate": (1, 35), "people": (1, 80)}


class _Slots(dict[str, str]):
    """Fills template placeholders on demand, so a sentence draws only the numbers it uses."""

    def __init__(self, gen: Draw) -> None:
        super().__init__()
        self.gen = gen

    def __missing__(self, key: str) -> str:
        g, r = self.gen, self.gen.rng
        if key in _RECORD_WORDS:  # filled in later from the record, see Draw.fill
            return "{" + key + "}"
        if key == "item":
            name, self["m"] = g.choice(g.topic.items)
            return name
        if key in _INTS:
            return str(g.num(*_INTS[key]))
        if key in _DECIMALS:
            return f"{g.num(*_DECIMALS[key])}.{g.num(1, 9)}"
        if key == "money":
            if r.random() < 0.8:
                return f"{g.num(30, 9800)}万元"
            return f"{g.num(1, 9)}.{g.num(1, 9)}亿元"
        pools = {"district": DISTRICTS, "town": TOWNS, "motto": MOTTOS, "limit": LIMITS,
                 "subject": g.topic.subjects}
        return g.choice(pools[key])


class Draw:
    """Draws one record after another from a single random stream."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.topic = TOPIC_LIST[0]
        self.seq: dict[str, int] = {}
        self.style: dict[str, int] = {}
        self.cache: dict[str, dict[str, list[str]]] = {t.slug: {} for t in TOPIC_LIST}
        self.full: dict[str, dict[str, list[str]]] = {t.slug: {} for t in TOPIC_LIST}

    def num(self, lo: int, hi: int) -> int:
        """A whole number from lo to hi, both included, as `randint` gives."""
        # Much faster than randint, which matters at a hundred sentences per record.
        return lo + int(self.rng.random() * (hi - lo + 1))

    def choice(self, seq: Sequence[T]) -> T:
        """One item of a non-empty `seq`, each as likely, as `random.choice` gives."""
        return seq[int(self.rng.random() * len(seq))]  # random.choice is slower

    def pick(self, decks: tuple[tuple[str, ...], ...]) -> list[str]:
        """One of the shuffled orders of a phrase bank (`words.shuffles`), as a new list."""
        return list(decks[int(self.rng.random() * len(decks))])

    def drawn(self, templates: list[str]) -> list[str]:
        """The templates with their numbers and places drawn; the record's words still to fill.

        Drawing every number anew costs more than everything else together, so each topic keeps
        up to _VARIANTS drawn versions of each template and reuses them once it has that many.
        """
        full, rnd = self.full[self.topic.slug], self.rng.random
        try:  # the usual case once the corpus is under way: every template has its variants
            return [full[t][int(rnd() * _VARIANTS)] for t in templates]
        except KeyError:
            pass  # the draws made so far are simply spent, which is just as deterministic
        cache, out = self.cache[self.topic.slug], []
        for template in templates:
            pool = cache.setdefault(template, [])
            if len(pool) < _VARIANTS:
                pool.append(template.format_map(_Slots(self)))
                out.append(pool[-1])
                if len(pool) == _VARIANTS:
                    full[template] = pool
            else:
                out.append(pool[int(rnd() * _VARIANTS)])
        return out

    def fill(self, template: str, base: dict[str, str]) -> str:
        """One sentence: `template` drawn as `drawn` draws it, then the record's words filled in
        from `base` (placeholder -> text; one it lacks raises KeyError)."""
        return self.drawn([template])[0].format_map(base)

    def names(self, k: int) -> list[str]:
        """`k` fictional names, a surname and 某某 (three in five) or 某; they may repeat."""
        return [self.choice(SURNAMES) + ("某某" if self.rng.random() < 0.6 else "某")
                for _ in range(k)]

    def body(self, base: dict[str, str]) -> str:
        """The suggestion itself, 150 to 500 characters: background, problems, proposals."""
        bg, probs, props = (self.drawn(self.pick(deck)[:self.num(lo, hi)])
                            for deck, lo, hi in zip(BODY_DECKS, (1, 2, 2), (3, 4, 5), strict=True))
        while True:
            text = (f"{''.join(bg)}\n\n但目前仍存在一些问题：{listed(probs)}\n\n"
                    f"为此建议：{listed(props)}\n").format_map(base)
            if len(text) > 500:
                props = props[:-1]
            elif len(text) < 150:
                bg += self.drawn([self.choice(BACKGROUND)])
            else:
                return text

    def reply_text(self, base: dict[str, str], head: list[str], tail: list[str],
                   result: str) -> str:
        """A 答复函 of 800 to 3,000 characters: sections 一、二、三、 sized to a random target."""
        target = 850 + int(2000 * self.rng.random() ** 3)  # mostly short, as real replies are
        fixed = sum(len(x) + 2 for x in head + tail)
        count = max(6, (target - fixed) // 40)  # sentences average about 40 characters
        while True:  # guess, measure, correct: the first guess nearly always fits
            text = "\n\n".join([*head, self._sections(count, result, base), *tail]) + "\n"
            if len(text) > 3000 or (len(text) < 800 and count < 200):
                count += (target - len(text)) // 40 or 1
                continue
            return text

    def _sections(self, count: int, result: str, base: dict[str, str]) -> str:
        rnd, out = self.rng.random, []
        for j, headings in enumerate(HEADINGS):
            # Each section deals from shuffled decks of its sentences, so none repeats before all
            # others are used; section 二 opens with the answers that fit the result class.
            deck = list(ANSWER[result]) if j == 1 else []
            wanted = count // 3 + (j < count % 3)
            while len(deck) < wanted:
                deck += self.pick(DECKS[j])
            heading, *sentences = self.drawn([headings[int(rnd() * len(headings))], *deck[:wanted]])
            out.append(f"{ORDINALS[j]}、{heading}")
            k = 0
            while k < wanted:  # paragraphs of one to three sentences
                step = 1 + int(rnd() * 3)
                out.append("".join(sentences[k:k + step]))
                k += step
        return "\n\n".join(out).format_map(base)
