"""Property tests: whatever bytes or YAML a file holds, the check answers with problems that
name the file and a line, or succeeds; it never raises anything else."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.records.problems import ContentError
from generator.site.build import check
from tests.conftest import FIXTURE

RECORD = "2024/rd-2024-0001.yml"
SETTINGS = settings(max_examples=200, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=30), st.dates().map(str))
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)),
    max_leaves=20)
valid_record: dict[str, Any] = yaml.safe_load((FIXTURE / RECORD).read_text(encoding="utf-8"))


@contextmanager
def corpus_with(name: str, data: bytes) -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(FIXTURE, content)
        (content / name).write_bytes(data)
        yield content


def assert_answers_properly(content: Path, name: str) -> None:
    try:
        check(content)
    except ContentError as error:
        assert error.problems
        lines = len((content / name).read_bytes().split(b"\n"))
        for problem in error.problems:
            assert problem.file.endswith(".yml") and problem.message, problem
            if problem.file.endswith(name):  # the others are checked against it
                assert 1 <= problem.line <= lines + 1, problem


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_as_a_record(data: bytes) -> None:
    with corpus_with(RECORD, data) as content:
        assert_answers_properly(content, RECORD)


@SETTINGS
@given(st.text(max_size=300))
def test_any_text_as_a_record(text: str) -> None:
    with corpus_with(RECORD, text.encode("utf-8", "surrogatepass")) as content:
        assert_answers_properly(content, RECORD)


@SETTINGS
@given(values)
def test_any_yaml_value_as_a_record(value: object) -> None:
    data = yaml.safe_dump(value, allow_unicode=True).encode()
    with corpus_with(RECORD, data) as content:
        assert_answers_properly(content, RECORD)


@SETTINGS
@given(st.sampled_from(sorted(valid_record)), values)
def test_a_record_with_one_field_changed_to_anything(key: str, value: object) -> None:
    record = {**valid_record, key: value}
    data = yaml.safe_dump(record, allow_unicode=True, sort_keys=False).encode()
    with corpus_with(RECORD, data) as content:
        assert_answers_properly(content, RECORD)


@SETTINGS
@given(st.sampled_from(["site.yml", "units.yml", "topics.yml"]),
       st.one_of(values.map(lambda v: yaml.safe_dump(v, allow_unicode=True).encode()),
                 st.binary(max_size=200)))
def test_any_vocabulary_file(name: str, data: bytes) -> None:
    with corpus_with(name, data) as content:
        assert_answers_properly(content, name)
