"""README.md documents every command, option and field a user can meet."""

from __future__ import annotations

from typing import Any, get_args

import click
import pytest
from pydantic import BaseModel

from generator.cli import main
from generator.records.models import Record, SiteConfig, Topic, Unit
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _commands() -> list[tuple[str, click.Command]]:
    assert isinstance(main, click.Group)
    return sorted(main.commands.items())


@pytest.mark.parametrize(("name", "command"), _commands(), ids=[n for n, _ in _commands()])
def test_every_command_and_option_is_documented(name: str, command: click.Command) -> None:
    assert f"`replysite {name}" in README
    for parameter in command.params:
        for option in parameter.opts:
            if option.startswith("--"):
                assert option in README, f"replysite {name} {option}"


def _fields(annotation: Any) -> set[str]:
    """Every field name of a model and of the models inside it (in lists, optionals...)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        names = set(annotation.model_fields)
        for field in annotation.model_fields.values():
            names |= _fields(field.annotation)
        return names
    return set().union(*(_fields(argument) for argument in get_args(annotation)))


@pytest.mark.parametrize("model", [Record, SiteConfig, Unit, Topic])
def test_every_field_is_documented(model: type[BaseModel]) -> None:
    missing = sorted(name for name in _fields(model) if f"`{name}`" not in README)
    assert missing == []


def test_the_readme_opens_with_the_two_commands() -> None:
    opening = README[:1500]
    assert "make site" in opening and "make test" in opening
