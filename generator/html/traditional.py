"""The converter the search page uses for queries in Traditional characters, from opencc-js.

The records are written in Simplified characters, and Pagefind matches characters as they are:
養老 finds nothing where 养老 finds eleven records. The search page converts such a query with
opencc-js (npm, pinned in package.json; MIT, its OpenCC dictionaries Apache-2.0), whose
Traditional-to-mainland preset is 107 KB (52 KB compressed). The site serves it from its own
assets, never from a CDN, with its licences beside it, and the page loads it only when the query
holds a character it converts: the list of those characters, written here from the same
dictionaries, is 10 KB.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from generator.html.search_index import SearchIndexError

PACKAGE = Path("node_modules") / "opencc-js"
ASSETS = "assets/javascripts/"
CONVERTER = f"{ASSETS}opencc-t2cn.js"
CHARACTERS = f"{ASSETS}opencc-t2cn-characters.js"
# The dictionaries of opencc-js's t2cn preset (Converter({from: "t", to: "cn"})): its t2s
# configuration, in dist/esm-lib/preset/t2cn.js.
_DICTIONARIES = ("CJK_Compatibility_Ideographs", "TSCharacters", "TSPhrases")
_STRING = re.compile(r'export default "(.*)";?\s*$', re.DOTALL)


class ConverterMissing(SearchIndexError):
    """opencc-js is not installed in the project: the message says how to install it."""


def install_converter(html: Path, project: Path) -> None:
    """Copy the converter into the portal's HTML, built in `html`, after MkDocs: it is the
    package's file, not a page of the site, so it stays out of the generated Markdown."""
    for path, source in converter_files(project).items():
        target = html / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes() if isinstance(source, Path) else source)


def converter_files(project: Path) -> dict[str, Path | bytes]:
    """The converter's files by path in the portal: the preset itself, the module of
    characters it converts, and the package's licences."""
    package = project / PACKAGE
    if not (package / "dist" / "esm" / "t2cn.js").is_file():
        raise ConverterMissing(f"opencc-js is not installed in {project}: run 'npm install' "
                               "(make site does it)")
    characters = json.dumps("".join(sorted(converted_characters(package))), ensure_ascii=False)
    return {CONVERTER: package / "dist" / "esm" / "t2cn.js",
            CHARACTERS: f"export default {characters};\n".encode(),
            f"{ASSETS}opencc-js-LICENSE.txt": package / "LICENSE",
            f"{ASSETS}opencc-js-THIRD_PARTY_LICENSES.txt": package / "THIRD_PARTY_LICENSES.md"}


def converted_characters(package: Path) -> set[str]:
    """Every character that the preset's dictionaries replace: in a pair 'source target', the
    source's characters that differ from the target's at the same place, or all of them when
    the two differ in length."""
    found: set[str] = set()
    for name in _DICTIONARIES:
        text = (package / "dist" / "esm-lib" / "dict" / f"{name}.js").read_text("utf-8")
        match = _STRING.search(text)
        if match is None:
            raise ConverterMissing(f"{name}.js of opencc-js is not in the expected form")
        for entry in match.group(1).split("|"):
            source, _, target = entry.partition(" ")
            if len(source) != len(target):
                found.update(source)
            else:
                found.update(s for s, t in zip(source, target, strict=True) if s != t)
    return found
