"""A site from editions built on several machines: `replysite assemble --from DIR...`.

Each runner of a build spread over machines builds some years' editions into a work folder of
its own (`replysite build --year Y --edition-only`): their HTML and search index under
`html/<edition>`, each beside the key it was built from, and every year's facts under
`years/`. `gather` brings those into one work folder; the build that follows then finds every
year kept and every edition up to date, builds only the portal (and any edition no runner
built, or built from other inputs), and assembles the site. Since an edition is reused only
under the key it would be built from here, the site is the one a single machine would build,
to the byte.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from generator.site.editions import KEY_FILE, cached_key, forget_key
from generator.site.folders import WORK_MARKER, FolderError, check_folders, mark_work
from generator.site.prepare import BuildOptions


def gather(sources: Sequence[Path], options: BuildOptions) -> list[str]:
    """Link (or, across file systems, copy) into `options.work` every built edition of the
    work folders `sources` (`html/<edition>` with its key) and their kept years (`years/`),
    later sources over earlier ones; return the editions taken, in order.

    Only the HTML and the facts are taken: a source's `docs/` and `check/` hold drafts and
    withheld texts, which an artifact of the runner need not carry. Raises FolderError for a
    source that is not a replysite work folder, or for folders `replysite build` would refuse.
    """
    check_folders(options.config_file, options.content, options.out, options.work)
    for source in sources:
        if not (source / WORK_MARKER).is_file():
            raise FolderError(f"--from {source}: not a work folder of replysite build (it has "
                              f"no {WORK_MARKER})")
        if source.resolve() == options.work.resolve():
            raise FolderError(f"--from {source} is --work itself: give the runners' work "
                              "folders, and a work folder of the assembly's own")
    mark_work(options.work)
    taken = []
    for source in sources:
        for html in sorted((source / "html").glob("*")):
            key = cached_key(html)
            if html.is_dir() and key is not None:
                _take_edition(html, options.work / "html" / html.name, key)
                taken.append(html.name)
        for kept in sorted((source / "years").glob("*.pickle")):
            (options.work / "years").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(kept, options.work / "years" / kept.name)
    return taken


def _take_edition(html: Path, target: Path, key: str) -> None:
    """Put a copy of the edition `html` at `target`, and its key beside it last, so that an
    assembly cut short leaves no key to an edition only half there."""
    forget_key(target)
    shutil.rmtree(target, ignore_errors=True)
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(html, target, copy_function=_link_or_copy)
    (target.parent / f"{target.name}.{KEY_FILE}").write_text(key + "\n", encoding="ascii")


def _link_or_copy(source: str, target: str) -> None:
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)
