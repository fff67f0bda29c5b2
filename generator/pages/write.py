"""Stage 5: write the rendered Markdown of each edition, and its files, into its docs folder.

A file is rewritten only when its bytes changed and files no longer planned are removed, so the
docs folder always mirrors the plan exactly and unchanged pages keep their timestamps.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from generator.pages.outputs import Page
from generator.pages.publication import PublicRecord
from generator.pages.render import Renderer


def write_edition(pages: list[Page], files: dict[str, Path | bytes], docs: Path,
                  renderer: Renderer) -> int:
    """Render and write one edition's pages and copy its files; return how many changed."""
    wanted: set[Path] = set()
    changed = 0
    for page in pages:
        target = docs / page.docs_path
        wanted.add(target)
        changed += _write_if_changed(target, renderer.render(page).encode("utf-8"))
    for relative, source in sorted(files.items()):
        target = docs / relative
        wanted.add(target)
        data = source.read_bytes() if isinstance(source, Path) else source
        changed += _write_if_changed(target, data)
    _remove_unwanted(docs, wanted)
    return changed


def attachment_files(records: Iterable[PublicRecord],
                     content: Path) -> dict[str, Path | bytes]:
    """The attachments of published replies (never those of withheld or draft ones)."""
    return {attachment.file: (content / attachment.file)
            for record in records for reply in record.replies
            for attachment in reply.attachments}


def _write_if_changed(target: Path, data: bytes) -> int:
    if target.is_file() and target.read_bytes() == data:
        return 0
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return 1


def _remove_unwanted(docs: Path, wanted: set[Path]) -> None:
    for path in sorted(docs.rglob("*"), reverse=True):
        if path.is_file() and path not in wanted:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()
