"""MkDocs hooks (mkdocs.yml `hooks:`): what the theme's templates need beyond Material's."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2


def on_env(env: jinja2.Environment, config: Any, files: Any) -> jinja2.Environment:
    """Give the templates `replysite_once(key, render)`: the output of `render()`, kept by `key`
    for the rest of the edition's build.

    Material renders the whole navigation into every page. No record page is in the
    navigation and all of a part's record pages sit one folder deep, so theirs is the same
    on each: rendering it once per build instead of once per page saves a quarter of MkDocs'
    time on a part.
    """
    rendered: dict[str, str] = {}

    def once(key: str, render: Callable[[], str]) -> str:
        if key not in rendered:
            rendered[key] = render()
        return rendered[key]

    env.globals["replysite_once"] = once
    return env
