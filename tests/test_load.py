"""Reading YAML: the accepted subset, line numbers, and files that must be refused."""

from __future__ import annotations

import sys
import time
import unicodedata
from pathlib import Path

import pytest

from generator.records.document import load_document
from generator.records.indentation import ODD_SPACES
from generator.records.load import read_content
from generator.records.problems import LoadError


def load_text(tmp_path: Path, text: str | bytes) -> object:
    path = tmp_path / "x.yml"
    path.write_bytes(text.encode() if isinstance(text, str) else text)
    return load_document(path, "x.yml").data


def refusal(tmp_path: Path, text: str | bytes) -> str:
    with pytest.raises(LoadError) as caught:
        load_text(tmp_path, text)
    return str(caught.value)


def test_numbers_with_leading_zeros_and_dates_stay_text(tmp_path: Path) -> None:
    data = load_text(tmp_path, "a: 02403\nb: 2024-01-15\nc: 2017546\nd: yes\ne: 1.5\nf: ~\n")
    assert data == {"a": "02403", "b": "2024-01-15", "c": 2017546, "d": "yes", "e": "1.5",
                    "f": None}


def test_lines_of_fields_and_block_text(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("id: a\nreplies:\n  - unit: x\n    text: |\n      第一行\n      第二行\n")
    document = load_document(path, "x.yml")
    assert document.line_of(("replies", 0, "unit")) == 3
    assert document.line_of(("replies", 0, "text")) == 4
    assert document.text_line(("replies", 0, "text")) == 5
    assert document.line_of(("replies", 0, "missing")) == 3


def test_duplicate_key_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path, "title: 甲\nid: a\ntitle: 乙\n") == (
        "x.yml:3: title: duplicate field (first given on line 1)")


def test_byte_order_mark_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path, b"\xef\xbb\xbfid: a\n") == (
        "x.yml:1: file starts with a byte order mark (BOM); save it as UTF-8 without BOM")


def test_text_that_is_not_utf8_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path, "id: a\ntitle: 建议\n".encode("gbk")) == (
        "x.yml:2: not valid UTF-8 (byte 0xbd); save the file as UTF-8")


def test_tab_indentation_is_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path, "units:\n\tlead: [a]\n") == (
        "x.yml:2: line is indented with a tab; indent with spaces")


def test_a_control_character_is_refused_on_its_line(tmp_path: Path) -> None:
    assert refusal(tmp_path, "id: a\ntitle: 建议\x08说明\n") == (
        "x.yml:2: contains the control character U+0008, which YAML does not allow; remove it")


def test_syntax_error_names_the_line(tmp_path: Path) -> None:
    assert refusal(tmp_path, "id: a\ntitle: [unclosed\nkind: x\n") == (
        "x.yml:3: not valid YAML: did not find expected ',' or ']' "
        "(while parsing a flow sequence started on line 2)")


def test_python_tags_are_refused(tmp_path: Path) -> None:
    assert refusal(tmp_path, "id: !!python/object:os.system x\n") == (
        "x.yml:1: id: YAML tag 'tag:yaml.org,2002:python/object:os.system' is not accepted")


def test_alias_bomb_is_refused_quickly(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 10)]
    started = time.perf_counter()
    message = refusal(tmp_path, "\n".join(lines) + "\n")
    assert time.perf_counter() - started < 1
    assert "too many values (more than 50,000)" in message


def test_huge_file_is_refused_before_parsing(tmp_path: Path) -> None:
    message = refusal(tmp_path, "body: " + "字" * 2_000_000 + "\n")
    assert message == "x.yml: file is too large (6,000,007 bytes; at most 4 MiB)"


def test_unexpected_files_in_content_are_reported(content: Path) -> None:
    (content / "2024" / "notes.txt").write_text("x")
    (content / "stray.yml").write_text("id: x\n")
    (content / "2024" / "rd-2024-0009.yaml").write_text("id: x\n")
    problems = [str(p) for p in read_content(content).problems]
    assert problems == [
        "content/2024/notes.txt: unexpected file: a year folder holds only records named <id>.yml",
        "content/2024/rd-2024-0009.yaml: unexpected file: a year folder holds only records "
        "named <id>.yml",
        "content/stray.yml: unexpected file: records belong in a year folder, as <year>/<id>.yml",
    ]


def test_deep_nesting_is_refused_before_it_can_overflow_the_parser(tmp_path: Path) -> None:
    assert refusal(tmp_path, "id: a\nlist: " + "[" * 5000 + "]" * 5000 + "\n") == (
        "x.yml:2: values nested more than 100 levels deep are not accepted")
    assert refusal(tmp_path, "id: a\nlist:\n" + "- " * 200 + "x\n") == (
        "x.yml:3: values nested more than 100 levels deep are not accepted")


def test_nesting_within_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "x.yml"
    path.write_text("id: a\nlinks: '" + "[" * 300 + "'\nlist: " + "[" * 90 + "]" * 90 + "\n",
                    encoding="utf-8")
    assert load_document(path, "x.yml").data["links"] == "[" * 300


def test_a_written_out_tag_must_fit_its_value(tmp_path: Path) -> None:
    assert refusal(tmp_path, "id: a\nnumber: !!int ''\n") == (
        "x.yml:2: number: '' is tagged !!int but is not a whole number")
    assert refusal(tmp_path, "id: a\nkey_item: !!bool yes\n") == (
        "x.yml:2: key_item: 'yes' is tagged !!bool but is not true or false")


def test_a_unicode_line_separator_is_refused_on_its_line(tmp_path: Path) -> None:
    assert refusal(tmp_path, "id: a\ntitle: 建议\u2028说明\n") == (
        "x.yml:2: contains the line separator U+2028, which YAML reads as a line break; "
        "remove it")


# (text, the line refused and what it says): a space other than ASCII's where YAML would read
# indentation, in each way YAML then goes wrong.
ODD_INDENTATION = [
    # A field name starting with the space: YAML reads a new, unknown field.
    ("feedback:\n  contacted: true\n\u3000\u3000met: false\n",
     "x.yml:3: line is indented with a full-width space (U+3000); indent with spaces"),
    ("id: a\nunits:\n\u00a0 lead: [a]\n",
     "x.yml:3: line is indented with a no-break space (U+00A0); indent with spaces"),
    ("feedback:\n  contacted: true\n  \u2003met: false\n",
     "x.yml:3: line is indented with an em space (U+2003); indent with spaces"),
    ("id: a\n\u2000kind: b\n",
     "x.yml:2: line is indented with an en quad (U+2000); indent with spaces"),
    ("id: a\n\u202fkind: b\n",
     "x.yml:2: line is indented with a narrow no-break space (U+202F); indent with spaces"),
    # A list item: the file does not parse.
    ("proposers:\n  - 王某某\n  \u3000- 李某\n",
     "x.yml:3: line is indented with a full-width space (U+3000); indent with spaces"),
    # A field name after a value that YAML would continue onto the line.
    ("title: 关于\n  \u3000kind: b\n",
     "x.yml:2: line is indented with a full-width space (U+3000); indent with spaces"),
    # Text meant for a block that ended on the line before, since only ASCII spaces indent.
    ("text: |\n  第一段\n\u3000\u3000第二段\nid: a\n",
     "x.yml:3: line is indented with a full-width space (U+3000); indent with spaces"),
    ("id: a\n\u3000\nkind: b\n",
     "x.yml:2: line holds only a full-width space (U+3000), which YAML reads as text; "
     "remove it"),
]


@pytest.mark.parametrize(("text", "expected"), ODD_INDENTATION,
                         ids=["field", "no-break", "em", "en-quad", "narrow", "list-item",
                              "after-plain-text", "after-block", "blank"])
def test_a_line_indented_with_another_space_is_refused_naming_it(tmp_path: Path, text: str,
                                                                  expected: str) -> None:
    assert refusal(tmp_path, text) == expected


def test_text_may_start_its_lines_with_any_space(tmp_path: Path) -> None:
    """Chinese paragraphs start with two full-width spaces: in a block or quoted text, or
    continuing a plain one, the spaces are the text's own and kept."""
    text = ("text: |\n  \u3000\u3000第一段：见附件\n  \u3000\u3000- 第二段\n"
            "folded: >\n  \u3000\u3000甲\n  \u00a0乙\n"
            "quoted: \"丙\n  \u3000丁: 戊\"\n"
            "plain: 关于\n  \u3000加装电梯\n")
    assert load_text(tmp_path, text) == {
        "text": "\u3000\u3000第一段：见附件\n\u3000\u3000- 第二段\n",
        "folded": "\u3000\u3000甲 \u00a0乙\n",
        "quoted": "丙 \u3000丁: 戊",
        "plain": "关于 \u3000加装电梯",
    }


def test_every_space_but_ascii_is_looked_for() -> None:
    assert set(ODD_SPACES) == {chr(code) for code in range(sys.maxunicode + 1)
                               if unicodedata.category(chr(code)) == "Zs"} - {" "}


def test_only_true_and_false_are_booleans(tmp_path: Path) -> None:
    data = load_text(tmp_path, "a: true\nb: false\nc: True\nd: FALSE\ne: yes\nf: off\n")
    assert data == {"a": True, "b": False, "c": "True", "d": "FALSE", "e": "yes", "f": "off"}
    assert refusal(tmp_path, "id: a\nmet: !!bool True\n") == (
        "x.yml:2: met: 'True' is tagged !!bool but is not true or false")
