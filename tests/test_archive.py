"""`replysite archive` and `replysite verify`: a year as a BagIt bag in a reproducible tarball.

Real builds (MkDocs, Material, Pagefind), real bags (bagit), real tarballs; the pages are opened
from disk in Chromium.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import os
import shutil
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.archive.bag import ArchiveOptions, make_archive
from generator.archive.pack import pack, unpack
from generator.cli import main
from tests.conftest import FIXTURE, ROOT

CONTENT_DATE = "2024-11-01"  # the newest date of the fixture's 2024 records


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def archived(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture's 2024, archived once for the tests that only read it."""
    root = tmp_path_factory.mktemp("archived")
    shutil.copytree(FIXTURE, root / "content")
    return make_archive(ArchiveOptions(2024, root / "content", root / "archives",
                                       ROOT / "mkdocs.yml")).path


@pytest.fixture
def here(tmp_path: Path, archived: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the archive at ./2024.tar.gz, the name messages will give."""
    shutil.copy(archived, tmp_path / "2024.tar.gz")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def archive_in(root: Path, tmpdir: Path) -> Path:
    """`replysite archive 2024` in its own process, from its own folder, with its own TMPDIR."""
    shutil.copytree(FIXTURE, root / "content")
    tmpdir.mkdir()
    subprocess.run([sys.executable, "-m", "generator", "archive", "2024", "--content", "content",
                    "--config", str(ROOT / "mkdocs.yml")],
                   cwd=root, env={**os.environ, "TMPDIR": str(tmpdir),
                                  "PYTHONPATH": str(ROOT)}, check=True,
                   stdout=subprocess.DEVNULL)
    return root / "content" / "archives" / "2024.tar.gz"


def test_the_same_content_gives_the_same_archive_in_any_folder(tmp_path: Path) -> None:
    first = archive_in(tmp_path / "one", tmp_path / "tmp-one")
    second = archive_in(tmp_path / "a" / "much" / "deeper" / "two", tmp_path / "tmp-two")
    assert sha256(first) == sha256(second)


def test_the_tarball_is_sorted_dated_by_the_content_and_owned_by_no_one(archived: Path) -> None:
    data = archived.read_bytes()
    assert data[4:8] == b"\0\0\0\0"  # gzip header: no time
    assert data[3] & 0x08 == 0  # and no file name
    with tarfile.open(archived, "r:gz") as tar:
        members = tar.getmembers()
    names = [member.name for member in members]
    assert names[:4] == ["2024", "2024/bag-info.txt", "2024/bagit.txt", "2024/data"]
    assert names == sorted(names, key=lambda name: name.split("/"))
    assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}
    assert {m.mtime for m in members} == {1730419200}  # 2024-11-01T00:00:00Z
    assert {m.mode for m in members if m.isdir()} == {0o755}
    assert {m.mode for m in members if m.isfile()} == {0o644}
    assert all(m.isdir() or m.isfile() for m in members)
    assert oct(archived.stat().st_mode & 0o777) != "0o600"


def test_bag_info_names_the_year_its_counts_versions_and_date(archived: Path,
                                                             tmp_path: Path) -> None:
    bag = unpack(archived, tmp_path)
    info = (bag / "bag-info.txt").read_text(encoding="utf-8").splitlines()
    versions = (bag / "data" / "build-info.json").read_text(encoding="utf-8")
    assert f"Bagging-Date: {CONTENT_DATE}" in info
    assert f"Content-Date: {CONTENT_DATE}" in info
    assert "Jurisdiction: 测试市人民政府" in info and "Source-Organization: 测试市人民政府" in info
    assert {"Year: 2024", "Records: 2", "Suggestions: 1", "Proposals: 1",
            "Replies: 4"} <= set(info)
    built_with = [line.removeprefix("Built-With: ") for line in info
                  if line.startswith("Built-With: ")]
    assert built_with[0] == "replysite 0.1.0" and built_with[-1].startswith("pagefind 1.")
    assert "mkdocs 1.6.1" in built_with and '"mkdocs": "1.6.1"' in versions
    assert (bag / "manifest-sha256.txt").is_file() and (bag / "tagmanifest-sha256.txt").is_file()
    # The year's pages, records, data files, statistics and search index are the payload.
    for name in ("index.html", "2024/index.html", "2024/rd-2024-0001/index.html",
                 "2024/statistics/index.html", "2024/data/records.csv",
                 "2024/data/replies.csv", "2024/data/records.json", "2024/pagefind/1"):
        assert (bag / "data" / name).exists(), name
    assert not (bag / "data" / "2023").exists()


def test_every_link_of_every_page_names_a_file_of_the_bag(archived: Path,
                                                          tmp_path: Path) -> None:
    import re
    from urllib.parse import unquote, urljoin, urlsplit

    site = unpack(archived, tmp_path) / "data"
    broken = []
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for url in re.findall(r'<(?:a|link|script|img|form)\b[^>]*?\s(?:href|src|action)="([^"]*)"',
                              html):
            target = urlsplit(urljoin(page.as_uri(), url))
            if target.scheme != "file":
                continue
            path = Path(unquote(target.path))
            if not path.is_file():
                broken.append(f"{page.relative_to(site)}: {url}")
    assert broken == []


def test_verify_accepts_the_archive_it_made(here: Path) -> None:
    code, out, err = run("verify", "2024.tar.gz")
    assert (code, err) == (0, "")
    assert out.startswith("2024.tar.gz: valid BagIt bag, ")
    assert out.endswith(", year 2024, jurisdiction 测试市人民政府, records 2, replies 4, "
                        f"content-date {CONTENT_DATE}\n")


def tampered(here: Path) -> Path:
    """The archive unpacked, one file removed, one added, one altered, and bag-info edited."""
    bag = unpack(here / "2024.tar.gz", here / "unpacked")
    (bag / "data" / "2024" / "data" / "records.csv").unlink()
    (bag / "data" / "2024" / "extra.html").write_text("<p>加上的</p>", encoding="utf-8")
    page = bag / "data" / "2024" / "rd-2024-0001" / "index.html"
    page.write_text(page.read_text(encoding="utf-8").replace("加装电梯", "加装楼梯"),
                    encoding="utf-8")
    info = bag / "bag-info.txt"
    info.write_text(info.read_text(encoding="utf-8").replace("Records: 2", "Records: 3"),
                    encoding="utf-8")
    (bag / "notes.txt").write_text("added beside the bag's own files\n", encoding="utf-8")
    return bag


def listed(manifest: Path) -> dict[str, str]:
    """A manifest's files and their digests."""
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return {name.strip(): digest for digest, name in (line.split(" ", 1) for line in lines)}


def expected_problems(shown: str, bag: Path) -> str:
    def digest(name: str) -> str:
        return sha256(bag / name)

    manifest, tags = listed(bag / "manifest-sha256.txt"), listed(bag / "tagmanifest-sha256.txt")
    page = "data/2024/rd-2024-0001/index.html"
    return (
        f"{shown}: data/2024/data/records.csv: missing (listed in manifest-sha256.txt)\n"
        f"{shown}: data/2024/extra.html: added (in no payload manifest)\n"
        f"{shown}: {page}: altered (sha256 {digest(page)}, expected {manifest[page]} as "
        "listed in manifest-sha256.txt)\n"
        f"{shown}: bag-info.txt: altered (sha256 {digest('bag-info.txt')}, expected "
        f"{tags['bag-info.txt']} as listed in tagmanifest-sha256.txt)\n"
        f"{shown}: notes.txt: added (in no tag manifest)\n"
        f"Error: {shown}: 5 problems found; the archive is not as it was made\n")


def test_verify_names_every_missing_added_and_altered_file_of_a_bag(here: Path) -> None:
    bag = tampered(here)
    code, out, err = run("verify", "unpacked/2024")
    assert (code, out) == (1, "")
    assert err == expected_problems("unpacked/2024", bag)


def test_verify_names_them_in_a_tarball_too(here: Path) -> None:
    bag = tampered(here)
    pack(bag, here / "changed.tar.gz", 0)
    code, out, err = run("verify", "changed.tar.gz")
    assert (code, out) == (1, "")
    assert err == expected_problems("changed.tar.gz", bag)


def unsafe_tarball(path: Path, member: tarfile.TarInfo) -> None:
    with tarfile.open(path, "w:gz") as tar:
        folder = tarfile.TarInfo("2024")
        folder.type = tarfile.DIRTYPE
        tar.addfile(folder)
        if member.isfile():
            tar.addfile(member, io.BytesIO(b"x" * member.size))
        else:
            tar.addfile(member)


def member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type, info.linkname, info.size = kind, link, 1 if kind == tarfile.REGTYPE else 0
    return info


@pytest.mark.parametrize(("unsafe", "message"), [
    (member("/tmp/escaped-by-archive"), "/tmp/escaped-by-archive: an absolute name; refused"),
    (member("2024/../../escaped"), "2024/../../escaped: a name that leaves its folder; refused"),
    (member("2024/link", tarfile.SYMTYPE, "/etc/passwd"),
     "2024/link: a link (to /etc/passwd); refused"),
    (member("2024/hard", tarfile.LNKTYPE, "2024/bagit.txt"),
     "2024/hard: a link (to 2024/bagit.txt); refused"),
    (member("2024/fifo", tarfile.FIFOTYPE), "2024/fifo: neither a file nor a folder; refused"),
])
def test_a_tarball_with_an_unsafe_member_is_refused_unopened(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, unsafe: tarfile.TarInfo,
        message: str) -> None:
    monkeypatch.chdir(tmp_path)
    unsafe_tarball(tmp_path / "bad.tar.gz", unsafe)
    code, out, err = run("verify", "bad.tar.gz")
    assert (code, out, err) == (1, "", f"Error: {message}\n")
    assert not Path("/tmp/escaped-by-archive").exists()
    assert not (tmp_path.parent / "escaped").exists()


def test_verify_refuses_what_is_no_archive(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("notes.tar.gz").write_bytes(gzip.compress(b"plain text"))
    code, _, err = run("verify", "notes.tar.gz")
    assert code == 1 and err.startswith("Error: notes.tar.gz: not a .tar.gz archive (")
    assert run("verify", "absent.tar.gz") == (
        1, "", "Error: absent.tar.gz: no such file or folder\n")
    Path("folder").mkdir()
    code, _, err = run("verify", "folder")
    assert code == 1 and err.startswith("Error: folder: not a BagIt bag (")


def test_a_year_without_records_is_refused(tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    assert run("archive", "2030", "--config", str(ROOT / "mkdocs.yml")) == (
        1, "", "Error: year 2030: no record in content/ to archive\n")
    assert not (tmp_path / "content" / "archives").exists()


@pytest.mark.parametrize(("url", "expected"), [
    ("units/housing/", "units/housing/index.html"),
    ("../../about/#statistics", "../../about/index.html#statistics"),
    ("../search/?q=电梯", "../search/index.html?q=电梯"),
    ("..", "../index.html"),
    (".", "./index.html"),
    ("./", "./index.html"),
    ("../..", "../../index.html"),
    ("../attachments/2024/3%23楼方案.pdf", "../attachments/2024/3%23楼方案.pdf"),
    ("#reply-housing-lead", "#reply-housing-lead"),
    ("?q=1", "?q=1"),
    ("/assets/", "/assets/"),
    ("//example.org/a/", "//example.org/a/"),
    ("https://example.org/a/", "https://example.org/a/"),
    ("mailto:wang@example.org", "mailto:wang@example.org"),
    ("", ""),
])
def test_a_folder_link_names_its_index_file(url: str, expected: str) -> None:
    from generator.archive.links import file_url

    assert file_url(url) == expected


def test_only_the_links_of_tags_are_rewritten() -> None:
    from generator.archive.links import file_links

    html = ('<a class="x" href="units/">单位</a>\n<p>写作 href="units/" 的文字</p>\n'
            "<script>const a = '<a href=\"units/\">';</script>\r\n"
            "<form action='../search/'><img src=\"../\" alt=\"\"/></form>"
            '<!-- <a href="units/"> -->')
    assert file_links(html) == (
        '<a class="x" href="units/index.html">单位</a>\n<p>写作 href="units/" 的文字</p>\n'
        "<script>const a = '<a href=\"units/\">';</script>\r\n"
        "<form action='../search/index.html'><img src=\"../index.html\" alt=\"\"/></form>"
        '<!-- <a href="units/"> -->')


def test_a_year_with_a_reply_under_embargo_is_not_archived(tmp_path: Path,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import edit

    shutil.copytree(FIXTURE, tmp_path / "content")
    monkeypatch.chdir(tmp_path)
    edit(tmp_path / "content" / "2024" / "rd-2024-0001.yml", "published: 2024-05-10",
         "published: 2030-01-01")
    config = str(ROOT / "mkdocs.yml")
    assert run("archive", "2024", "--config", config, "--date", "2029-12-31") == (
        1, "", "Error: year 2024: replies are published after 2029-12-31, the embargo cut-off "
        "(--date, SOURCE_DATE_EPOCH or today): rd-2024-0001 (2030-01-01); archive the year "
        "once every reply of it is public\n")
    assert not (tmp_path / "content" / "archives").exists()
    code, out, _ = run("archive", "2024", "--config", config, "--date", "2030-01-01")
    assert code == 0 and "dated 2030-01-01" in out
