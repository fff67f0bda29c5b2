"""Property tests: whatever a clerk's files hold, the check answers with problems a clerk can act
on (a file, and a line in it), or accepts the content; it never fails in any other way.

The inputs go from noise (any bytes, any text) through YAML-shaped text (YAML's own syntax in
random order) to near misses (the fixture's valid files with a few fields changed, removed,
renamed or re-indented), because each reaches a different depth: noise tests the decoder, YAML
tokens the parser and converter, near misses the models and the rules between fields. Content
the check accepts must also publish, plan and render, since `replysite build` trusts the check.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.html.search_index import pagefind_binary
from generator.pages.facts import corpus_facts
from generator.pages.plan import RECORDS_PER_PART, partition, plan_site
from generator.pages.publication import publish
from generator.pages.render import Renderer
from generator.pages.versions import build_versions
from generator.records.load import read_content
from generator.records.models import SLUG_PATTERN
from generator.records.problems import ContentError, Problem
from generator.records.validate import Corpus, validate
from generator.records.yaml_text import MAX_FILE_BYTES
from generator.site.build import check
from generator.site.prepare import build_epoch
from tests.conftest import FIXTURE, ROOT

RECORD = "2024/rd-2024-0001.yml"
FILES = (RECORD, "site.yml", "units.yml", "topics.yml")
# Problems about a whole file, which no line can point at (generator/records/load.py): a file
# over the size limit, and a YAML error the parser gives no position for. Every other problem
# has a line.
FILE_LEVEL = ("file is too large", "not valid YAML")

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SLOW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

VERSIONS = build_versions(pagefind_binary(ROOT))
RENDERER = Renderer()  # compiling the templates once keeps each example cheap


# --- running the check ------------------------------------------------------------------------


@contextmanager
def corpus_with(changes: dict[str, bytes]) -> Iterator[Path]:
    """A fresh copy of the fixture with some files replaced: hypothesis runs many examples per
    test, so pytest's per-test tmp_path would be shared by all of them."""
    with tempfile.TemporaryDirectory(prefix="replysite-prop-") as folder:
        content = Path(folder) / "content"
        shutil.copytree(FIXTURE, content)
        for name, data in changes.items():
            (content / name).parent.mkdir(parents=True, exist_ok=True)
            (content / name).write_bytes(data)
        yield content


def outcome(content: Path) -> Corpus | None:
    """The checked corpus, or None after making sure every problem is properly placed."""
    try:
        return check(content, jobs=1)
    except ContentError as error:
        assert_well_placed(error, content)
        return None
    except Exception as error:
        # One failure, raised from one place, whatever went wrong: hypothesis then shrinks it
        # instead of calling it flaky when, say, a RecursionError surfaces at another frame.
        raise AssertionError(f"check raised {type(error).__name__}: {error}") from error


def assert_well_placed(error: ContentError, content: Path) -> None:
    assert error.problems, "a ContentError must say what is wrong"
    for problem in error.problems:
        assert isinstance(problem, Problem)
        path = Path(problem.file)
        # The problem names a file of this content folder that a clerk can open...
        assert path.is_file() and path.resolve().is_relative_to(content.resolve()), problem
        assert problem.message.strip(), problem
        assert str(problem).startswith(f"{problem.file}:"), problem
        # ...and a line in it, unless the problem is about the file as a whole.
        if problem.line == 0:
            assert problem.field == "" and problem.message.startswith(FILE_LEVEL), problem
        else:
            assert 1 <= problem.line <= last_line(path, problem), problem


def last_line(path: Path, problem: Problem) -> int:
    """The last line a problem may name. A YAML error found at the end of a file is placed by
    the parser on the line after the last one, where the missing text would have gone."""
    lines = path.read_bytes().count(b"\n") + 1
    return lines + 1 if problem.message.startswith("not valid YAML") else lines


def assert_publishable(corpus: Corpus) -> None:
    """What the check accepts, the build's later stages accept too (short of MkDocs)."""
    today = dt.datetime.fromtimestamp(build_epoch(corpus), dt.UTC).date()
    records = publish(corpus, today)
    part_of = partition(corpus, RECORDS_PER_PART)
    plan = plan_site(corpus, records, corpus_facts(corpus, records, part_of), part_of,
                     VERSIONS, today)
    for page in plan.registry.pages.values():
        assert RENDERER.render(page).startswith("---\n"), page.url


def answers_properly(changes: dict[str, bytes]) -> None:
    with corpus_with(changes) as content:
        corpus = outcome(content)
        if corpus is not None:
            assert_publishable(corpus)


# --- strategies -------------------------------------------------------------------------------

# Text a clerk's file might really hold: Chinese, full-width punctuation, YAML's specials, a
# phone number (a contact detail the check must catch), control and odd Unicode characters.
ODD_TEXT = st.text(st.sampled_from(
    list("王某李代表建议答复：，。（）〔〕《》 \n\t-:#&*!|>'\"%@`{}[],?~0123456789abcAZ_\\")
    + ["\x00", "\x07", "\x85", "\u2028", "\ufeff", "\ud7ff", "\U0001f600", "\u200b",
       "\u3000", "\u00a0", "\u00ad", "３"]),
    max_size=40)
SPECIAL_STRINGS = st.sampled_from([
    "", " ", "~", "null", "true", "yes", "on", "0", "02403", "-1", "1e3", "0x1f", ".inf",
    "2024-02-30", "2024-13-01", "2024-05-08", "2025-01-01", "A", "B", "D", "housing", "finance",
    "civil-affairs", "市财政局", "市住房保障和房产管理局", "urban-renewal", "elderly-care",
    "approved", "draft", "lead", "co", "separate", "full", "summary", "withheld", "suggestion",
    "proposal", "满意", "很满意", "13812345678", "0571-86001234", "wang@example.com",
    "attachments/2024/rd-2024-0001-1.pdf", "../site.yml", "/etc/passwd", "rd-2024-0001",
    "<script>alert(1)</script>", "[点此](javascript:alert(1))", "| a |\n|---|\n| b |",
])
SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True), st.dates(), ODD_TEXT, SPECIAL_STRINGS,
)
VALUES = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(SPECIAL_STRINGS, ODD_TEXT), inner, max_size=4)), max_leaves=16)

# YAML's own syntax, for text that gets past the scanner and into the parser and converter.
YAML_TOKENS = st.sampled_from([
    "\n", "\n", "  ", "    ", "- ", ": ", ":", "? ", ", ", "[", "]", "{", "}", "|", "|-", ">",
    "'", '"', "#", "&a ", "*a", "<<: *a", "!!str ", "!!int ", "!!float ", "!!binary ",
    "!!timestamp ", "!!python/object/apply:os.system ", "!!set ", "!!omap ", "!local ", "---",
    "...", "%YAML 1.1\n", "%TAG ! tag:x,2024:\n", "\t", "\r\n", "\ufeff", "\x00", "\\x",
    "id", "title", "replies", "text", "unit", "status", "year", "2024", "王某某", "2024-13-01",
    "0o17", "1_000", "0b101", "-.inf", "~", "null", "yes", "NO",
])
YAML_TEXT = st.lists(st.one_of(YAML_TOKENS, ODD_TEXT), max_size=60).map("".join)

# Nesting deep enough to matter: a clerk never writes it, but a broken export tool might, and
# the answer must still be a problem at a line, not a crash.
NESTED = st.builds(
    lambda depth, opener, closer: (opener * depth + closer * depth).encode(),
    st.integers(min_value=1, max_value=3000), st.sampled_from(["[", "{a: "]),
    st.sampled_from(["]", "}"]),
) | st.integers(min_value=1, max_value=1500).map(
    lambda depth: "".join(f"{' ' * i}a:\n" for i in range(depth)).encode())


def fixture_value(name: str) -> Any:
    return yaml.safe_load((FIXTURE / name).read_text(encoding="utf-8"))


def node_paths(tree: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path to every node of a parsed YAML tree, the root included."""
    found = [prefix]
    children: list[tuple[Any, Any]] = []
    if isinstance(tree, dict):
        children = list(tree.items())
    elif isinstance(tree, list):
        children = list(enumerate(tree))
    for key, child in children:
        found += node_paths(child, prefix + (key,))
    return found


def at(tree: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        tree = tree[key]
    return tree


MUTATIONS = ("replace", "delete", "add", "rename", "wrap", "duplicate")


@st.composite
def mutated_tree(draw: st.DrawFn, tree: Any) -> Any:
    """The tree with one to four mutations at random places, as a clerk's slips would make."""
    tree = copy.deepcopy(tree)
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        path = draw(st.sampled_from(node_paths(tree)))
        how = draw(st.sampled_from(MUTATIONS))
        if not path:
            tree = draw(VALUES) if how == "replace" else [tree] if how == "wrap" else tree
            continue
        parent, key = at(tree, path[:-1]), path[-1]
        _mutate(draw, parent, key, how)
    return tree


def _mutate(draw: st.DrawFn, parent: Any, key: Any, how: str) -> None:
    if how == "replace":
        parent[key] = draw(VALUES)
    elif how == "delete":
        del parent[key]
    elif how == "wrap":
        parent[key] = draw(st.sampled_from([[parent[key]], {"value": parent[key]}]))
    elif how == "duplicate" and isinstance(parent, list):
        parent.insert(key, copy.deepcopy(parent[key]))
    elif isinstance(parent, dict):
        new_key = draw(st.one_of(SPECIAL_STRINGS, ODD_TEXT, st.sampled_from(
            ["titel", "Title", "replys", "text ", "approved", "summary", "withheld_reason"])))
        value = parent.pop(key) if how == "rename" else draw(VALUES)
        parent[new_key] = value


@st.composite
def dumped(draw: st.DrawFn, tree: Any) -> bytes:
    """The tree written out in one of YAML's styles, then perhaps a line or two disturbed."""
    style = draw(st.sampled_from([None, '"', "'"]))
    flow = draw(st.sampled_from([False, None, True]))
    text = yaml.safe_dump(tree, allow_unicode=True, sort_keys=False, default_style=style,
                          default_flow_style=flow, width=draw(st.sampled_from([80, 20, 10**6])))
    lines = text.split("\n")
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        index = draw(st.integers(min_value=0, max_value=len(lines) - 1))
        lines[index] = draw(st.sampled_from([
            "", lines[index] * 2, " " + lines[index], lines[index][1:], "\t" + lines[index],
            "\u3000" + lines[index], "\u00a0" + lines[index].lstrip(" "),
            lines[index] + " #", lines[index] + ": x", lines[index].replace(":", "", 1)]))
    return "\n".join(lines).encode("utf-8", "surrogatepass")


def near_miss(name: str) -> st.SearchStrategy[bytes]:
    return mutated_tree(fixture_value(name)).flatmap(dumped)


# --- noise ------------------------------------------------------------------------------------


@FAST
@given(st.sampled_from(FILES), st.binary(max_size=600))
@example(RECORD, b"\xef\xbb\xbfid: rd-2024-0001\n")  # a byte order mark
@example("units.yml", b"- slug: housing\n  name: \xff\n")  # not UTF-8, on line 2
@example(RECORD, b"")  # an empty file
def test_any_bytes_in_any_file(name: str, data: bytes) -> None:
    answers_properly({name: data})


@FAST
@given(st.sampled_from(FILES), st.text(max_size=400))
def test_any_text_in_any_file(name: str, text: str) -> None:
    answers_properly({name: text.encode("utf-8", "surrogatepass")})


# --- YAML syntax ------------------------------------------------------------------------------


@FAST
@given(st.sampled_from(FILES), YAML_TEXT)
@example(RECORD, "a: &a [1,1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
                 "c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
                 "e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n")  # aliases expanding to 100,000 values
@example("site.yml", "--- a\n--- b\n")  # two documents
@example(RECORD, "? [a, b]\n: c\n")  # a mapping as a key
def test_yaml_shaped_text_in_any_file(name: str, text: str) -> None:
    answers_properly({name: text.encode("utf-8", "surrogatepass")})


@FAST
@given(st.sampled_from(FILES), NESTED)
@example(RECORD, b"a: &a [*a]")  # an alias inside its own anchor: nesting without end
def test_deeply_nested_yaml_in_any_file(name: str, data: bytes) -> None:
    answers_properly({name: data})


# --- near misses ------------------------------------------------------------------------------


@SLOW
@given(near_miss(RECORD))
def test_a_record_with_a_few_slips(data: bytes) -> None:
    answers_properly({RECORD: data})


@SLOW
@given(st.sampled_from(["site.yml", "units.yml", "topics.yml"]).flatmap(
    lambda name: st.tuples(st.just(name), near_miss(name))))
def test_a_vocabulary_with_a_few_slips(named: tuple[str, bytes]) -> None:
    answers_properly({named[0]: named[1]})


REDACTION_RULES = st.lists(st.fixed_dictionaries({
    "reason": st.sampled_from(["测试", ""])}, optional={
    "pattern": st.text(st.sampled_from(list("()[]{}*+?.|^$\\d-0123456789王某")), max_size=12),
    "text": st.one_of(SPECIAL_STRINGS, ODD_TEXT), "allow": st.sampled_from([True, False, "yes"]),
    "replace": st.sampled_from(["某", "", "13812345678", None])}), max_size=3)


@SLOW
@given(REDACTION_RULES, near_miss(RECORD))
def test_redaction_rules_of_any_kind(rules: list[dict[str, Any]], record: bytes) -> None:
    """site.yml's rules are regular expressions a clerk writes; any of them, against any record,
    either is refused at its line or is applied."""
    site = fixture_value("site.yml")
    site["redaction"] = rules
    answers_properly({"site.yml": yaml.safe_dump(site, allow_unicode=True).encode(),
                      RECORD: record})


@SLOW
@given(st.one_of(st.sampled_from(["suggestions", "proposals", "search", "assets", "pagefind",
                                  "units", "topics", "about", "schema", "404", "2024"]),
                 st.from_regex(SLUG_PATTERN, fullmatch=True).filter(lambda s: len(s) < 40)))
def test_any_id_the_check_accepts_gets_a_page_of_its_own(record_id: str) -> None:
    """An id is the last part of a record's address, so an id the check accepts must not take
    an address that the build gives to another page."""
    text = (FIXTURE / RECORD).read_text(encoding="utf-8")
    text = text.replace("id: rd-2024-0001", f"id: {record_id}", 1)
    answers_properly({f"2024/{record_id}.yml": text.encode()})


# --- the loader and validator called directly, and the whole-file problems ----------------------


@FAST
@given(st.sampled_from(FILES), st.one_of(YAML_TEXT.map(str.encode), near_miss(RECORD)))
def test_read_content_then_validate_agrees_with_check(name: str, data: bytes) -> None:
    """Reading every file first (read_content) and checking them as they are read (check) are two
    paths through the validator; they must find the same problems."""
    with corpus_with({name: data}) as content:
        try:
            validate(read_content(content))
            first: list[Problem] = []
        except ContentError as error:
            first = error.problems
        try:
            check(content, jobs=1)
            second: list[Problem] = []
        except ContentError as error:
            second = error.problems
        assert first == second


def test_a_file_over_the_size_limit_is_a_problem_of_the_whole_file() -> None:
    data = b"# " + b"x" * MAX_FILE_BYTES + b"\n"
    with corpus_with({RECORD: data}) as content:
        with pytest.raises(ContentError) as raised:
            check(content, jobs=1)
        assert_well_placed(raised.value, content)
    assert [(p.line, p.field) for p in raised.value.problems] == [(0, "")]
    assert re.match(r"file is too large \(4,194,30\d bytes", raised.value.problems[0].message)


def test_nesting_past_the_parsers_stack_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    """50,000 nested brackets (100 kB, far under the size limit) in a subprocess: the command
    must still answer `Error: ...`, whereas a crash would take this test run down with it."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    (content / RECORD).write_text("[" * 50_000 + "]" * 50_000, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "generator", "check", "--content", str(content)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1, f"exit status {done.returncode}: {done.stderr[-1500:]}"
    assert "Traceback" not in done.stderr
    assert done.stderr.endswith("Error: 1 problem found; nothing was built\n"), done.stderr
    assert f"{RECORD}:1: " in done.stderr, done.stderr
