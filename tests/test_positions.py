"""A character of a parsed text is placed on the line of the file that holds it, whatever the
text's style did to its lines (generator/records/positions.py)."""

from __future__ import annotations

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.records.document import load_document
from generator.records.positions import source_line

MARK = "Ж"
LINE = st.text(alphabet=f"第一段电话 13\t'\"\\#:-{MARK}", max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(LINE, min_size=1, max_size=6), st.sampled_from([None, "|", ">", '"', "'"]),
       st.integers(0, 3), st.data())
def test_each_character_is_placed_on_the_line_that_holds_it(
        tmp_path_factory: pytest.TempPathFactory, lines: list[str], style: str | None,
        padding: int, data: st.DataObject) -> None:
    text = "\n".join(lines) + MARK
    # Written by PyYAML in each style, lines folded at 20 characters: YAML's own forms.
    written = "\n" * padding + yaml.safe_dump({"id": "x", "body": text}, default_style=style,
                                              allow_unicode=True, width=20, sort_keys=False)
    path = tmp_path_factory.mktemp("positions") / "record.yml"
    path.write_text(written, encoding="utf-8")
    document = load_document(path, "record.yml")
    value = document.data["body"]
    assert value == text
    marks = [i for i, char in enumerate(value) if char == MARK]
    which = data.draw(st.integers(0, len(marks) - 1))
    holding = [number for number, line in enumerate(written.split("\n"), 1)
               for _ in range(line.count(MARK))]
    assert source_line(document, ("body",), marks[which]) == holding[which]
