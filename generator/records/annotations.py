"""Problems as a CI platform shows them on the lines of a change: GitHub Actions' workflow
commands and GitLab's Code Quality report.

`replysite check --format github|gitlab` prints these instead of (GitHub) or beside (GitLab,
with `--output`) the plain `file:line: field: message` lines, so that a merge request shows
each problem on the line it is about.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable

from generator.records.problems import Problem

FORMATS = ("text", "github", "gitlab")

# The title of an annotation whose problem names no field (a whole file, a YAML error).
_TOOL = "replysite check"
# GitLab's severities are info, minor, major, critical and blocker; a problem that `check`
# reports stops the build, so it blocks the merge.
_SEVERITY = "blocker"


def github_commands(problems: Iterable[Problem]) -> str:
    """One `::error file=…,line=…,title=…::message` line per problem, as GitHub Actions reads
    them from a step's output and shows them on the file's line in the pull request.

    The title is the problem's field (or 'replysite check'). Escaping follows GitHub's
    toolkit (`@actions/core`, command.ts): in the message `%`, CR and LF become `%25`, `%0D`,
    `%0A`; in a property `:` and `,` also become `%3A` and `%2C`. A problem of a whole file
    (line 0) has no `line` property.
    """
    lines = []
    for problem in problems:
        properties = [f"file={_property(problem.file)}"]
        if problem.line:
            properties.append(f"line={problem.line}")
        properties.append(f"title={_property(problem.field or _TOOL)}")
        lines.append(f"::error {','.join(properties)}::{_data(problem.message)}\n")
    return "".join(lines)


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")


def gitlab_report(problems: Iterable[Problem]) -> str:
    """A GitLab Code Quality report (a JSON array, UTF-8, indented, ending in a newline): per
    problem its `description` ('field: message'), `check_name` (the field with its list
    positions dropped, `replies[].result`, or 'replysite check'), `fingerprint`, `severity`
    ('blocker') and `location` (`path`, `lines.begin`; line 1 for a whole file, since GitLab
    requires a line).

    The fingerprint is the SHA-256 of the file, field and message, and of how many identical
    problems came before in that file: not of the line, so that GitLab, which compares the
    reports of the merge request and of its target by fingerprint, does not take a problem
    for a new one because lines were added above it.
    """
    seen: Counter[tuple[str, str, str]] = Counter()
    issues = []
    for problem in problems:
        same = (problem.file, problem.field, problem.message)
        seen[same] += 1
        issues.append({
            "description": f"{problem.field}: {problem.message}" if problem.field
            else problem.message,
            "check_name": re.sub(r"\[\d+\]", "[]", problem.field) if problem.field else _TOOL,
            "fingerprint": _fingerprint(*same, seen[same]),
            "severity": _SEVERITY,
            "location": {"path": problem.file, "lines": {"begin": problem.line or 1}},
        })
    return json.dumps(issues, ensure_ascii=False, indent=2) + "\n"


def _fingerprint(file: str, field: str, message: str, occurrence: int) -> str:
    key = json.dumps([file, field, message, occurrence], ensure_ascii=False)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()
