"""MkDocs hooks (mkdocs.yml `hooks:`): what the theme's templates need beyond Material's."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    """Give the templates `replysite_once(key, render)`: the output of `render()`, kept by `key`
    for the rest of the edition's build; also usable as `{% call replysite_once(key) %}`.

    Material renders the whole navigation, the tabs and its settings script into every page.
    No record page is in the navigation and all of a part's record pages sit one folder deep,
    so these are the same on each: rendering them once per build instead of once per page
    saves a quarter of MkDocs' time on a part.
    """
    rendered: dict[str, str] = {}

    def once(key: str, render: Callable[[], str] | None = None,
             caller: Callable[[], str] | None = None) -> str:
        if key not in rendered:
            make = render or caller
            assert make is not None, "replysite_once needs something to render"
            rendered[key] = make()
        return rendered[key]

    env.globals["replysite_once"] = once
    # Templates do not change during a build: no stat of every included file on every page.
    env.auto_reload = False
    # Each edition is a build of its own, which would compile Material's templates again:
    # keep them compiled in the work folder (by name and a checksum of their source).
    cache = (config.extra or {}).get("replysite_template_cache")
    if cache:
        Path(cache).mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = jinja2.FileSystemBytecodeCache(cache)
    return env
