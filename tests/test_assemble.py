"""Assembling: the site is the editions' HTML merged, whatever the folder it reuses held.

The site before the last one is brought up to date instead of being built again; these tests
check that what it ends as is exactly the editions' files, that unchanged folders are left as
they are, and that a folder whose assembly was cut short is put right in full.
"""

from __future__ import annotations

import json
from pathlib import Path

from generator.site.assemble import ASSEMBLED, Placement, assemble


def write(root: Path, files: dict[str, str]) -> None:
    """New files, never written into an existing one: site files are hard links to the
    editions' HTML, and nothing writes into them in place."""
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).unlink(missing_ok=True)
        (root / name).write_text(text, encoding="utf-8")


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8")
            for p in sorted(root.rglob("*")) if p.is_file()}


class Editions:
    """Edition HTML folders in a work folder, rewritten as a rebuild would: emptied first."""

    def __init__(self, work: Path) -> None:
        self.work = work
        self.keys: dict[str, str] = {}
        self.files: dict[str, dict[str, str]] = {}

    def build(self, edition: str, files: dict[str, str]) -> None:
        html = self.work / "html" / edition
        if html.exists():
            for path in sorted(html.rglob("*"), reverse=True):
                path.rmdir() if path.is_dir() else path.unlink()
        html.mkdir(parents=True, exist_ok=True)
        write(html, files)
        self.files[edition] = files
        self.keys[edition] = f"{edition}-{len(self.keys)}-{sorted(files.items())}"

    def drop(self, edition: str) -> None:
        del self.files[edition], self.keys[edition]

    def placements(self) -> list[Placement]:
        return [Placement(e, "" if e == "portal" else self.keys[e], self.work / "html" / e,
                          "" if e == "portal" else e.split(".")[0])
                for e in sorted(self.files, key=lambda e: (e != "portal", e))]

    def expected(self) -> dict[str, str]:
        merged = {}
        for placement in self.placements():
            prefix = f"{placement.place}/" if placement.place else ""
            merged.update({prefix + name: text
                           for name, text in self.files[placement.edition].items()})
        return dict(sorted(merged.items()))


def first_sites(tmp_path: Path) -> tuple[Editions, Path]:
    editions = Editions(tmp_path / "build")
    editions.build("portal", {"index.html": "home", "units/index.html": "units"})
    editions.build("2023", {"index.html": "2023", "assets/a.css": "css"})
    editions.build("2023.1", {"r1/index.html": "r1", "pagefind/1/x.pf": "i1"})
    editions.build("2024", {"index.html": "2024"})
    editions.build("2024.1", {"r2/index.html": "r2", "pagefind/1/x.pf": "i2"})
    out = tmp_path / "site"
    for _ in range(2):  # the second leaves the first site beside the new one, to be reused
        assemble(editions.placements(), out, editions.work)
    return editions, out


def test_each_build_gives_exactly_the_editions_files(tmp_path: Path) -> None:
    editions, out = first_sites(tmp_path)
    assert tree(out) == editions.expected()
    editions.build("portal", {"index.html": "home 2", "topics/index.html": "topics"})
    editions.build("2024.1", {"r3/index.html": "r3", "pagefind/1/y.pf": "i3"})
    editions.drop("2023.1")
    editions.drop("2023")
    for _ in range(3):
        assemble(editions.placements(), out, editions.work)
        assert tree(out) == editions.expected()
    assert not (out / "2023").exists() and not (out / "units").exists()
    assert tree(tmp_path / ".site.previous") == editions.expected()


def test_the_previous_site_is_kept_whole_until_the_swap(tmp_path: Path) -> None:
    editions, out = first_sites(tmp_path)
    before = tree(out)
    editions.build("2024.1", {"r2/index.html": "r2 changed", "pagefind/1/x.pf": "i2"})
    assemble(editions.placements(), out, editions.work)
    assert tree(out) == editions.expected()
    assert tree(tmp_path / ".site.previous") == before
    assert not (tmp_path / ".site.new").exists()


def test_folders_whose_editions_did_not_change_are_not_touched(tmp_path: Path) -> None:
    editions, out = first_sites(tmp_path)
    editions.build("2024.1", {"r2/index.html": "r2 changed", "pagefind/1/x.pf": "i2"})
    assemble(editions.placements(), out, editions.work)
    # The reused folder held the site before the last: put in junk that only a full
    # comparison would remove, in a year that changed in neither build.
    write(tmp_path / ".site.previous", {"2023/junk.html": "junk", "2024/junk.html": "junk"})
    assemble(editions.placements(), out, editions.work)
    assert (out / "2023" / "junk.html").exists()  # 2023 was not compared: it did not change
    assert not (out / "2024" / "junk.html").exists()  # 2024 was, since it changed before


def test_a_folder_without_a_record_is_compared_in_full(tmp_path: Path) -> None:
    # As a build killed while assembling leaves it: half old, half new, and forgotten.
    editions, out = first_sites(tmp_path)
    spare = tmp_path / ".site.previous"
    write(spare, {"2023/junk.html": "junk", "2023/r1/index.html": "stale", "old/x": "x"})
    (spare / "2024" / "r2" / "index.html").unlink()
    (spare / "2024" / "r2").rmdir()
    write(spare, {"2024/r2": "a file where a folder belongs"})
    (editions.work / ASSEMBLED).write_text(json.dumps({}), encoding="utf-8")
    assemble(editions.placements(), out, editions.work)
    assert tree(out) == editions.expected()


def test_a_damaged_record_is_ignored(tmp_path: Path) -> None:
    editions, out = first_sites(tmp_path)
    write(tmp_path / ".site.previous", {"2023/junk.html": "junk"})
    (editions.work / ASSEMBLED).write_text("{not json", encoding="utf-8")
    assemble(editions.placements(), out, editions.work)
    assert tree(out) == editions.expected()


def test_unchanged_files_stay_the_same_links(tmp_path: Path) -> None:
    editions, out = first_sites(tmp_path)
    source = editions.work / "html" / "2023.1" / "r1" / "index.html"
    editions.build("2024.1", {"r2/index.html": "r2 changed", "pagefind/1/x.pf": "i2"})
    for _ in range(2):
        assemble(editions.placements(), out, editions.work)
        assert (out / "2023" / "r1" / "index.html").stat().st_ino == source.stat().st_ino
