"""Attachment names that MkDocs would not publish as they are: refused by the check, with file,
line and field; and the names it does publish, published under that name."""

from __future__ import annotations

import shutil
from pathlib import Path, PurePosixPath

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import InclusionLevel, get_files

from generator.records.rules import unpublishable_attachment
from tests.conftest import FIXTURE, build, edit
from tests.test_validate_messages import R1, problems_of

FIELD = f"content/{R1}:48: replies[0].attachments[0].file"
HIDDEN = ("cannot be published: MkDocs leaves out every file and folder whose name starts "
          "with '.'; rename the")
PAGE = ("cannot be published as it is: MkDocs makes a page of every file ending in {}; give "
        "it another extension, such as .txt or .pdf")
REFUSED = [
    ("attachments/2024/.hidden.pdf", f"{HIDDEN} file '.hidden.pdf'"),
    ("attachments/2024/.sub/y.pdf", f"{HIDDEN} folder '.sub'"),
    ("attachments/.2024/y.pdf", f"{HIDDEN} folder '.2024'"),
    ("attachments/2024/说明.md", PAGE.format(".md")),
    ("attachments/2024/index.md", PAGE.format(".md")),
    ("attachments/2024/data.markdown", PAGE.format(".markdown")),
    ("attachments/2024/a.mdown", PAGE.format(".mdown")),
    ("attachments/2024/b.mkdn", PAGE.format(".mkdn")),
    ("attachments/2024/c.mkd", PAGE.format(".mkd")),
]
# Names that look odd but that MkDocs copies as they are.
PUBLISHED = ["attachments/2024/_附件.pdf", "attachments/2024/templates/方案.pdf",
             "attachments/templates/方案.pdf", "attachments/2024/说明.MD",
             "attachments/2024/README.pdf", "attachments/2024/readme", "attachments/2024/404.html",
             "attachments/2024/数据.json", "attachments/2024/a.md.pdf", "attachments/2024/x.",
             "attachments/2024/sub.md/y.pdf"]


@pytest.mark.parametrize(("file", "why"), REFUSED, ids=[file for file, _ in REFUSED])
def test_an_attachment_mkdocs_would_not_publish_is_refused(content: Path, file: str,
                                                           why: str) -> None:
    (content / file).parent.mkdir(parents=True, exist_ok=True)
    (content / file).write_bytes(b"%PDF-1.4 test")
    edit(content / R1, "file: attachments/2024/rd-2024-0001-1.pdf", f"file: '{file}'")
    assert problems_of(content) == [f"{FIELD}: '{file}' {why}"]


def test_the_check_agrees_with_what_mkdocs_copies_as_it_is(tmp_path: Path) -> None:
    """MkDocs' own file collection, on a docs folder holding every name: a file is copied as it
    is (kept, not a page, at the same path) exactly when the check accepts its name."""
    docs = tmp_path / "docs"
    for file in [file for file, _ in REFUSED] + PUBLISHED:
        (docs / file).parent.mkdir(parents=True, exist_ok=True)
        (docs / file).write_bytes(b"x")
    (tmp_path / "mkdocs.yml").write_text("site_name: t\n", encoding="utf-8")
    config = load_config(str(tmp_path / "mkdocs.yml"), docs_dir=str(docs),
                         site_dir=str(tmp_path / "site"))
    copied = {file.src_uri for file in get_files(config)
              if file.inclusion is not InclusionLevel.EXCLUDED
              and not file.is_documentation_page() and file.dest_uri == file.src_uri}
    accepted = {file for file in [file for file, _ in REFUSED] + PUBLISHED
                if unpublishable_attachment(PurePosixPath(file)) is None}
    assert copied == accepted == set(PUBLISHED)


def test_odd_names_mkdocs_keeps_are_published_under_their_name(tmp_path: Path) -> None:
    content = tmp_path / "content"
    shutil.copytree(FIXTURE, content)
    listed = "".join(f"      - {{title: 附件{n}, file: '{file}'}}\n"
                     for n, file in enumerate(PUBLISHED))
    for file in PUBLISHED:
        (content / file).parent.mkdir(parents=True, exist_ok=True)
        (content / file).write_bytes(f"附件 {file}".encode())
    edit(content / R1,
         "      - {title: 加装电梯补助办法, file: attachments/2024/rd-2024-0001-1.pdf}\n", listed)
    site = build(content, tmp_path)
    for file in PUBLISHED:
        assert (site / "2024" / file).read_bytes() == f"附件 {file}".encode()
