"""The rules that relate fields and files to each other, beyond what the types can say."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import PurePosixPath

from mkdocs.utils import markdown_extensions

from generator.records.characters import is_invisible, near_miss, shown
from generator.records.document import Document
from generator.records.models import SLUG_PATTERN, Record, Reply, SiteConfig, Topic, Unit
from generator.records.problems import Problem

# A record's page is /<year>/<id>/, beside what else its year's folder holds: the kinds' pages,
# the theme's assets, attachments and the search indexes.
RESERVED_IDS = frozenset({"suggestions", "proposals", "units", "topics", "assets", "attachments",
                          "pagefind"})
_ID = re.compile(SLUG_PATTERN)
# A placeholder, not an example id: an example would be some record's id in some content.
ID_RULE = ("an id holds only lowercase letters a-z, digits and single hyphens, such as "
           "rd-<year>-<number> for a suggestion or zx-<year>-<number> for a proposal")
_CHOOSE = "choose an id no other record has, write it as id and rename the file to <id>.yml"


def is_valid_id(text: str) -> bool:
    """Whether `text` may be a record's id: `[a-z0-9]` in groups joined by single hyphens, and
    not the name of a folder of the year."""
    return _ID.fullmatch(text) is not None and text not in RESERVED_IDS


def suggest_id(name: str) -> str | None:
    """A valid id that a file name or id was evidently meant to be, or None.

    'RD 2024 0012', 'rd_2024_0012' and the full-width 'ｒｄ－２０２４－００１２' give
    'rd-2024-0012': width folded (NFKC), letters lowered, spaces, underscores, dots and dashes
    made single hyphens, invisible characters dropped. A name holding anything else (Chinese, as
    in 关于加装电梯的建议) gives None: dropping what it says would not leave what it meant.
    """
    folded = unicodedata.normalize("NFKC", name).lower()
    text = "".join("-" if char in "_." or char.isspace() or unicodedata.category(char) == "Pd"
                   else char for char in folded if not is_invisible(char))
    text = re.sub("-+", "-", text).strip("-")
    return text if is_valid_id(text) else None


@dataclass(frozen=True)
class MisnamedFile:
    """A record file whose name is not `<id>.yml` for any valid id, and what could fix it: its
    own valid id (`written`), or one its name evidently meant (`derived`)."""

    shown: str
    line: int
    name: str
    why: str
    written: str | None
    derived: str | None


def misnamed_file(document: Document) -> MisnamedFile | None:
    """The record file's name, when it is no id; advice waits for every file's id
    (`file_name_problem`), so that it never names an id another record has."""
    stem = document.path.stem
    written = document.data.get("id") if isinstance(document.data, dict) else None
    if is_valid_id(stem) or (stem in RESERVED_IDS and written == stem):
        return None  # a reserved id in its own file is reported on the id itself
    why = ("names a folder the year's pages use" if stem in RESERVED_IDS
           else "is not an id")
    return MisnamedFile(document.shown, document.line_of(("id",)), document.path.name, why,
                        written if isinstance(written, str) and is_valid_id(written) else None,
                        suggest_id(stem))


def file_name_problem(misnamed: MisnamedFile, taken: Mapping[str, str]) -> Problem:
    """The problem with a misnamed file: the name to rename it to (its id's, or one made of its
    name), or what an id may hold. `taken` maps each id that other files have, as their id or
    their name, to one of those files: advice to take such an id would only trade this
    problem for a duplicate."""
    written, derived = misnamed.written, misnamed.derived
    if written is not None and written not in taken:
        advice = f"rename the file to {written}.yml, after its id"
    elif written is not None:
        advice = f"its id {written} is taken by {taken[written]}; {_CHOOSE}"
    elif derived is not None and derived not in taken:
        advice = f"rename the file to {derived}.yml and write id: {derived}"
    elif derived is not None:
        advice = f"it reads as {derived}, which is taken by {taken[derived]}; {_CHOOSE}"
    else:
        advice = f"{ID_RULE}; {_CHOOSE}"
    return Problem(misnamed.shown, misnamed.line, "id",
                   f"file name {shown(misnamed.name)} {misnamed.why}: {advice}")


def unpublishable_attachment(path: PurePosixPath) -> str | None:
    """Why MkDocs would not publish the attachment at `path` as it is, or None.

    MkDocs (1.6, mkdocs/structure/files.py `_default_exclude`) leaves out every file and folder
    whose name starts with '.', and turns a file ending in one of `mkdocs.utils.
    markdown_extensions` (.md, .markdown, .mdown, .mkdn, .mkd; case counts) into a page at
    another address. Either way the link to it would be dead. Its other default exclusion,
    `/templates/`, is anchored at the top of the docs folder, where attachments never are.
    """
    hidden = next((part for part in path.parts if part.startswith(".")), None)
    if hidden is not None:
        what = "file" if hidden == path.name else "folder"
        return (f"cannot be published: MkDocs leaves out every file and folder whose name "
                f"starts with '.'; rename the {what} {shown(hidden)}")
    extension = next((end for end in markdown_extensions if path.name.endswith(end)), None)
    if extension is not None:
        return (f"cannot be published as it is: MkDocs makes a page of every file ending in "
                f"{extension}; give it another extension, such as .txt or .pdf")
    return None


def site_problems(site: SiteConfig, document: Document) -> list[Problem]:
    """What is wrong in site.yml beyond its types: a class code or closed year given twice, and
    redaction rules that give both or neither of pattern and text, both or neither of allow and
    replace, or a pattern that does not compile; each placed on its line of `document`."""
    problems = []
    seen: set[str] = set()
    for index, result_class in enumerate(site.classification):
        if result_class.code in seen:
            problems.append(document.problem(("classification", index, "code"),
                                             f"class '{result_class.code}' is defined twice"))
        seen.add(result_class.code)
    for index, year in enumerate(site.closed_years):
        if year in site.closed_years[:index]:
            problems.append(document.problem(("closed_years", index),
                                             f"year {year} is named twice"))
    for index, rule in enumerate(site.redaction):
        location = ("redaction", index)
        if (rule.pattern is None) == (rule.text is None):
            problems.append(document.problem(location, "give either pattern or text"))
        if rule.allow == (rule.replace is not None):
            problems.append(document.problem(location, "give either allow: true or replace"))
        if rule.pattern is not None:
            problem = pattern_problem(rule.pattern)
            if problem:
                problems.append(document.problem(location + ("pattern",), problem))
    return problems


def pattern_problem(pattern: str) -> str | None:
    """Why `pattern` is no regular expression that `re` compiles, or None. Besides its syntax
    errors, `re` refuses a repetition too large (`a{4294967296}`) with OverflowError and nesting
    too deep with RecursionError."""
    try:
        re.compile(pattern)
    except re.error as error:
        return f"not a valid regular expression: {error}"
    except OverflowError as error:
        return f"not a valid regular expression: {error}"
    except RecursionError:
        return "not a valid regular expression: nested too deeply"
    return None


def unit_problems(units: list[Unit], document: Document) -> list[Problem]:
    """Duplicate slugs in units.yml, and a name or former name given to two units (a record
    naming it could mean either)."""
    problems = list(_duplicate_slugs([unit.slug for unit in units], document))
    owner: dict[str, str] = {}
    for index, unit in enumerate(units):
        for name in (unit.name, *unit.former_names):
            if name in owner and owner[name] != unit.slug:
                problems.append(document.problem((index, "name"),
                                                 f"name '{name}' is also used by unit "
                                                 f"'{owner[name]}'"))
            owner.setdefault(name, unit.slug)
    return problems


def topic_problems(topics: list[Topic], document: Document) -> list[Problem]:
    """Duplicate slugs in topics.yml."""
    return list(_duplicate_slugs([topic.slug for topic in topics], document))


def _duplicate_slugs(slugs: list[str], document: Document) -> Iterator[Problem]:
    seen: set[str] = set()
    for index, slug in enumerate(slugs):
        if slug in seen:
            yield document.problem((index, "slug"), f"slug '{slug}' is defined twice")
        seen.add(slug)


def record_problems(
    record: Record,
    document: Document,
    site: SiteConfig,
    unit_aliases: dict[str, str],
    topic_slugs: set[str],
) -> list[Problem]:
    """Every problem with one record that its types alone do not reveal."""
    checker = _RecordChecker(record, document, site, unit_aliases, topic_slugs)
    checker.check()
    return checker.problems


class _RecordChecker:
    def __init__(self, record: Record, document: Document, site: SiteConfig,
                 unit_aliases: dict[str, str], topic_slugs: set[str]) -> None:
        self.record = record
        self.document = document
        self.classes = [c.code for c in site.classification]
        self.deadline_months = max(site.deadline.months, site.deadline.extended_months)
        self.unit_aliases = unit_aliases
        self.topic_slugs = topic_slugs
        self.problems: list[Problem] = []

    def add(self, location: tuple[str | int, ...], message: str) -> None:
        """A problem with the field at `location`, on its line."""
        self.problems.append(self.document.problem(location, message))

    def unknown(self, location: tuple[str | int, ...], what: str, value: str,
                known: Iterable[str], expected: str) -> None:
        """'unknown class 'D' (expected one of A, B, C)', or, when `value` is a known one but
        for invisible characters or character width, which characters those are."""
        hint = near_miss(value, known)
        self.add(location, f"unknown {what} {shown(value)}" + (f": {hint}" if hint
                                                                 else f" ({expected})"))

    def unknown_unit(self, location: tuple[str | int, ...], reference: str) -> None:
        """A unit reference that is no slug, name or former name of units.yml."""
        self.unknown(location, "unit", reference, self.unit_aliases,
                     "expected a slug or name from units.yml")

    def check(self) -> None:
        """Apply every rule to the record; the problems are in `self.problems`."""
        self._check_place()
        self._check_topics()
        self._check_units()
        self._check_dates()
        for index, reply in enumerate(self.record.replies):
            self._check_reply(reply, ("replies", index))
        for index, entry in enumerate(self.record.progress):
            self._check_class(entry.result, ("progress", index, "result"))

    def _check_place(self) -> None:
        path = self.document.path
        if self.record.id != path.stem and is_valid_id(path.stem):
            self.add(("id",), f"'{self.record.id}' does not match the file name "
                              f"(expected '{path.stem}')")
        if self.record.id in RESERVED_IDS:
            self.add(("id",), f"'{self.record.id}' is the name of a folder the year's pages "
                              "use; choose another id and rename the file to <id>.yml")
        if str(self.record.year) != path.parent.name:
            self.add(("year",), f"{self.record.year} does not match the folder "
                                f"(expected {path.parent.name})")

    def _check_topics(self) -> None:
        for index, slug in enumerate(self.record.topics):
            if slug not in self.topic_slugs:
                self.unknown(("topics", index), "topic", slug, self.topic_slugs,
                             "expected a slug from topics.yml")

    def _check_units(self) -> None:
        lead = self._resolve_all(self.record.units.lead, ("units", "lead"))
        co = self._resolve_all(self.record.units.co, ("units", "co"))
        for index, reference in enumerate(self.record.units.co):
            if self.unit_aliases.get(reference) in lead:
                self.add(("units", "co", index), f"unit '{reference}' is already a lead unit")
        self.lead_units, self.co_units = lead, co

    def _resolve_all(self, references: list[str], location: tuple[str, str]) -> set[str]:
        slugs = set()
        for index, reference in enumerate(references):
            slug = self.unit_aliases.get(reference)
            if slug is None:
                self.unknown_unit(location + (index,), reference)
            else:
                slugs.add(slug)
        return slugs

    def _check_dates(self) -> None:
        record = self.record
        if record.submitted and record.assigned and record.assigned < record.submitted:
            self.add(("assigned",), f"{record.assigned} is before the submitted date "
                                    f"{record.submitted}")
        if record.assigned and record.due and record.due < record.assigned:
            self.add(("due",), f"{record.due} is before the assigned date {record.assigned}")
        if record.assigned and record.due is None and (
                (record.assigned.year * 12 + record.assigned.month - 1 + self.deadline_months)
                // 12 > dt.date.max.year):
            self.add(("assigned",), f"{record.assigned} leaves no room for its due date "
                                    f"{self.deadline_months} months later, past the year "
                                    f"{dt.date.max.year}; give the due date")

    def _check_reply(self, reply: Reply, location: tuple[str, int]) -> None:
        self._check_reply_unit(reply, location)
        self._check_class(reply.result, location + ("result",))
        self._check_disclosure(reply, location)
        if reply.status == "approved" and reply.approved is None:
            self.add(location + ("approved",), "required when status is approved")
        if reply.published and reply.approved and reply.published < reply.approved:
            self.add(location + ("published",), f"{reply.published} is before the approval "
                                                f"date {reply.approved}")
        for index, attachment in enumerate(reply.attachments):
            self._check_attachment(attachment.file, location + ("attachments", index, "file"))
        self._check_withdrawal(reply, location)
        self._check_corrections(reply, location)

    def _check_withdrawal(self, reply: Reply, location: tuple[str, int]) -> None:
        withdrawn = reply.withdrawn
        if withdrawn is None:
            return
        if reply.status != "approved":
            self.add(location + ("withdrawn",), "only an approved reply can be withdrawn: a "
                                                "draft was never published")
            return
        published = reply.published or reply.approved
        if published and withdrawn.date < published:
            self.add(location + ("withdrawn", "date"), f"{withdrawn.date} is before the "
                                                       f"publication date {published}")

    def _check_corrections(self, reply: Reply, location: tuple[str, int]) -> None:
        published = reply.published or reply.approved
        if reply.corrections and reply.status != "approved":
            self.add(location + ("corrections",), "only an approved reply can be corrected: a "
                                                  "draft was never published; change its text")
            return
        for index, correction in enumerate(reply.corrections):
            at = location + ("corrections", index)
            before = reply.corrections[index - 1].date if index else None
            if published and correction.date < published:
                self.add(at + ("date",), f"{correction.date} is before the publication date "
                                         f"{published}")
            elif reply.withdrawn and correction.date > reply.withdrawn.date:
                self.add(at + ("date",), f"{correction.date} is after the withdrawal date "
                                         f"{reply.withdrawn.date}: a withdrawn reply is no "
                                         "longer published and cannot be corrected")
            elif before and correction.date < before:
                self.add(at + ("date",), f"{correction.date} is before the date of the "
                                         f"correction above it, {before} (list corrections "
                                         "oldest first)")
            for field, disclosure in (("previous_text", "full"), ("previous_summary", "summary")):
                if getattr(correction, field) is not None and reply.disclosure != disclosure:
                    self.add(at + (field,), f"only allowed when disclosure is {disclosure}")

    def _check_reply_unit(self, reply: Reply, location: tuple[str, int]) -> None:
        slug = self.unit_aliases.get(reply.unit)
        if slug is None:
            self.unknown_unit(location + ("unit",), reply.unit)
            return
        expected = self.co_units if reply.role == "co" else self.lead_units
        if slug not in expected:
            group = "units.co" if reply.role == "co" else "units.lead"
            self.add(location + ("unit",), f"unit '{reply.unit}' replies as {reply.role} "
                                           f"but is not listed in {group}")

    def _check_class(self, code: str | None, location: tuple[str | int, ...]) -> None:
        if code is not None and code not in self.classes:
            self.unknown(location, "class", code, self.classes,
                         f"expected one of {', '.join(self.classes)}")

    def _check_disclosure(self, reply: Reply, location: tuple[str, int]) -> None:
        needs = {"full": "text", "summary": "summary", "withheld": "withheld_reason"}
        required = needs[reply.disclosure]
        if reply.status == "approved" and getattr(reply, required) is None:
            self.add(location + (required,), f"required when disclosure is {reply.disclosure}")
        if reply.withheld_reason is not None and reply.disclosure != "withheld":
            self.add(location + ("withheld_reason",), "only allowed when disclosure is withheld")
        if reply.summary is not None and reply.disclosure != "summary":
            self.add(location + ("summary",), "only allowed when disclosure is summary")

    def _check_attachment(self, file: str, location: tuple[str | int, ...]) -> None:
        path = PurePosixPath(file)
        root = self.document.path.parent.parent
        if path.is_absolute() or ".." in path.parts or path.parts[:1] != ("attachments",):
            self.add(location, f"'{file}' must be a path inside attachments/ "
                               "(like attachments/2024/name.pdf)")
        elif (unpublished := unpublishable_attachment(path)) is not None:
            self.add(location, f"{shown(file)} {unpublished}")
        elif not (root / path).is_file():
            self.add(location, f"file '{file}' not found in the content folder")
        elif not (root / path).resolve().is_relative_to((root / "attachments").resolve()):
            self.add(location, f"'{file}' links to a file outside attachments/")
