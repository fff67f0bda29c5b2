"""The CI templates in ci/: actionlint for GitHub's, GitLab's CI schema for GitLab's, and every
replysite command and option they run is one the command line has."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from importlib import resources
from pathlib import Path

import click
import pytest

from generator.cli import main
from tests.conftest import ROOT

GITHUB = sorted((ROOT / "ci" / "github").glob("*.yml"))
GITLAB = sorted((ROOT / "ci" / "gitlab").glob("*.yml"))
SCHEMA = ROOT / "ci" / "gitlab" / "gitlab-ci.schema.json"
BIN = Path(sys.executable).parent


def actionlint(*files: Path) -> subprocess.CompletedProcess[str]:
    # Without shellcheck on PATH actionlint skips the scripts of `run:`; on a machine that has
    # it, they are checked too.
    return subprocess.run([BIN / "actionlint", "-no-color", *map(str, files)],
                          capture_output=True, text=True, check=False)


def gitlab_schema(*files: Path) -> subprocess.CompletedProcess[str]:
    # --data-transform gitlab-ci reads GitLab's !reference tags, as GitLab does.
    return subprocess.run([BIN / "check-jsonschema", "--schemafile", str(SCHEMA),
                           "--data-transform", "gitlab-ci", *map(str, files)],
                          capture_output=True, text=True, check=False)


def test_there_are_templates_and_none_runs_in_this_repository() -> None:
    assert [path.name for path in GITHUB] == [
        "replysite-check.yml", "replysite-publish-matrix.yml", "replysite-publish.yml"]
    assert [path.name for path in GITLAB] == ["gitlab-ci-matrix.yml", "gitlab-ci.yml"]
    # Where GitHub and GitLab would run them: this repository has its own test script.
    assert not (ROOT / ".github" / "workflows").exists()
    assert not (ROOT / ".gitlab-ci.yml").exists()


def test_the_github_templates_pass_actionlint() -> None:
    done = actionlint(*GITHUB)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")


def test_actionlint_catches_a_mistake_in_a_template(tmp_path: Path) -> None:
    broken = tmp_path / "replysite-check.yml"
    broken.write_text(GITHUB[0].read_text(encoding="utf-8").replace(
        "${{ github.base_ref }}", "${{ github.base_rev }}"), encoding="utf-8")
    done = actionlint(broken)
    assert done.returncode == 1
    assert 'property "base_rev" is not defined in object type' in done.stdout


def test_the_gitlab_templates_match_gitlabs_schema() -> None:
    done = gitlab_schema(*GITLAB)
    assert (done.returncode, done.stdout.strip()) == (0, "ok -- validation done")


def test_actionlint_catches_a_mistake_in_the_matrix(tmp_path: Path) -> None:
    broken = tmp_path / "replysite-publish-matrix.yml"
    broken.write_text(GITHUB[1].read_text(encoding="utf-8").replace(
        "${{ matrix.years }}", "${{ matrix.yaers }}"), encoding="utf-8")
    done = actionlint(broken)
    assert done.returncode == 1
    assert 'property "yaers" is not defined in object type {years: string}' in done.stdout


def test_the_schema_catches_a_mistake_in_a_template(tmp_path: Path) -> None:
    broken = tmp_path / "gitlab-ci.yml"
    broken.write_text(GITLAB[1].read_text(encoding="utf-8").replace(
        "  resource_group: replysite-pages", "  resource_grup: replysite-pages"),
        encoding="utf-8")
    done = gitlab_schema(broken)
    assert done.returncode == 1 and "pages" in done.stdout


def test_the_vendored_schema_is_the_one_the_locked_check_jsonschema_ships() -> None:
    shipped = resources.files("check_jsonschema") / "builtin_schemas" / "vendor" / \
        "gitlab-ci.json"
    assert SCHEMA.read_bytes() == shipped.read_bytes()


def _commands_run(path: Path) -> list[list[str]]:
    """Each `replysite …` command line of a template, as words, its shell loop's end cut."""
    found = []
    for line in path.read_text(encoding="utf-8").splitlines():
        match = re.search(r"replysite (\w.*)", line)
        if match and not line.lstrip().startswith(("#", "name:", "- name:", "group:")):
            found.append(shlex.split(match.group(1).split(";")[0].split(">")[0]))
    return found


@pytest.mark.parametrize("path", GITHUB + GITLAB, ids=[p.name for p in GITHUB + GITLAB])
def test_every_command_and_option_a_template_runs_exists(path: Path) -> None:
    assert isinstance(main, click.Group)
    commands = _commands_run(path)
    assert commands
    for words in commands:
        command = main.commands[words[0]]
        options = {opt for parameter in command.params for opt in parameter.opts}
        assert [word for word in words[1:] if word.startswith("--")
                and word not in options] == [], f"{path.name}: replysite {' '.join(words)}"
