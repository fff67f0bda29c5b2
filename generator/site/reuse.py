"""What a build may take as it is: the years it need not load, and the editions it need not build.

A build keeps two things between runs in its work folder: each year's facts, under a digest of
the year's files (`generator.site.kept`), and each edition's HTML, beside the key it was built
from (`generator.site.editions`). These functions decide, from those keys alone, what must be
done again; they read no file and build nothing, so that the rules can be tested on their own.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping

from generator.pages.outputs import PORTAL, edition_folder


class ReuseError(Exception):
    """--year asked for one year while another is out of date as well."""


def years_to_load(year_keys: Mapping[int, str], kept_keys: Mapping[int, str],
                  asked: Collection[int]) -> set[int]:
    """The years whose records must be loaded and checked: those whose files changed since
    their facts were kept (`kept_keys`, year -> key the kept facts were taken under; a year
    with none was never kept), and those `asked` for (by --year, or because their editions
    must be built again)."""
    return {year for year, key in year_keys.items()
            if year in asked or kept_keys.get(year) != key}


def years_out_of_date(kept_editions: Mapping[str, str], built_keys: Mapping[str, str | None]
                      ) -> set[int]:
    """The years not loaded whose editions would not come out as they were built: something
    every edition shows changed (the list of years, the date pending items are measured
    against). `kept_editions` maps the editions of the years not loaded to the key they
    would have now; `built_keys`, each edition to the key its kept HTML was built from (None:
    there is none)."""
    return {int(edition_folder(edition)) for edition, key in kept_editions.items()
            if built_keys.get(edition) != key}


def editions_to_build(keys: Mapping[str, str], built_keys: Mapping[str, str | None],
                      year: int | None = None) -> list[str]:
    """The editions to build, in the order of `keys`: the portal always, and every edition
    whose key differs from the one its kept HTML was built from.

    With `year`, exactly that year's editions and the portal, whatever their keys; raises
    ReuseError if another edition is out of date too, since a site mixing old and new
    editions of what they all share would be inconsistent.
    """
    build = []
    for edition, key in keys.items():
        changed = edition == PORTAL or built_keys.get(edition) != key
        if (year is None and changed) or edition_folder(edition) in ("", str(year)):
            build.append(edition)
        elif changed:
            raise ReuseError(f"--year {year}: edition {edition} is out of date as well; "
                             "build without --year to rebuild every edition that changed")
    return build
