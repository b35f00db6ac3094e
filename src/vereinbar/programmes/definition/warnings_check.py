"""Warnings about a programme file: what loads, but is probably not what its author meant.

A warning has the shape of a problem (file, line, field path, code, message) but does not stop
the file from loading; the upload page, the API and ``vereinbar programme`` show it beside the
outcome. Pure: no database here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from vereinbar.core.definition_files import Problem, Source, path_text

# Who submits a phase of each built-in actor (cycles/permissions.py, PHASE_DECIDERS): a
# contributor's phase is submitted by the coordinator; so is a programme role's phase (format 2
# ``roles``: its holders and the coordinator). tests/programmes/test_loader_warnings.py keeps
# this in step with the cycles app.
SUBMITTED_BY = {
    "coordinator": "coordinator",
    "contributor": "coordinator",
    "auditor": "auditor",
    "board": "board",
    "operator": "operator",
}


# Marks of Markdown an operator writes by habit: **bold**, __bold__, *emphasis* (not the gender
# star of "Lots*innen"), [a link](https://…) and "# heading" lines. Programme texts are plain
# text on every page, in mails and PDFs, so these marks would appear as typed.
MARKDOWN = re.compile(
    r"\*\*[^*\n]+\*\*|__[^_\n]+__|(?<![\w*\\])\*[^*\s][^*\n]*(?<=[^*\s])\*(?![\w*])"
    r"|\[[^\]\n]+\]\([^)\s]+\)|^#{1,6} \S",
    re.M,
)


@dataclass(frozen=True)
class MarkdownWarning(Problem):
    """A text that looks like Markdown, with the mark found (a page lists many such texts in one
    warning, each place with its mark)."""

    mark: str = ""


@dataclass
class WarningGroup:
    """The warnings of one kind as a page shows them: one warning for several places (a file
    with Markdown in thirty texts gives one box listing the thirty, not thirty boxes)."""

    code: str
    message: str
    line: int | None
    path: str
    places: list[Problem] = field(default_factory=list)


def _group_message(code: str, count: int) -> str | None:
    """The warning said once for ``count`` places, for the kinds that read the same at each."""
    if code == "markdown_shown_as_typed":
        return ngettext(
            "This text looks like Markdown, but programme texts are shown as written: the marks would "
            "appear on the pages, in mails and in PDFs as typed. Write the text without them.",
            "These %(count)s texts look like Markdown, but programme texts are shown as written: the marks "
            "would appear on the pages, in mails and in PDFs as typed. Write the texts without them.",
            count,
        ) % {"count": count}
    return None


def grouped_warnings(warnings: list[Problem]) -> list[WarningGroup]:
    """The warnings for a page, in their order: those of one kind that read the same at each
    place together (at the first one's place), the others one by one."""
    counts = Counter(warning.code for warning in warnings)
    groups: list[WarningGroup] = []
    by_code: dict[str, WarningGroup] = {}
    for warning in warnings:
        count = counts[warning.code]
        message = _group_message(warning.code, count) if count > 1 else None
        if message is None:
            groups.append(WarningGroup(warning.code, warning.message, warning.line, warning.path))
            continue
        group = by_code.get(warning.code)
        if group is None:
            group = by_code[warning.code] = WarningGroup(warning.code, message, warning.line, warning.path)
            groups.append(group)
        group.places.append(warning)
    return groups


def _strings(value: Any, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, (*path, index))


def _markdown_warnings(source: Source) -> list[Problem]:
    warnings: list[Problem] = []
    for path, text in _strings(source.data, ()):
        found = MARKDOWN.search(text)
        if found is None:
            continue
        line, column = source.locator.position(path)
        message = _(
            "This text looks like Markdown (“%(mark)s”), but programme texts are shown as written: "
            "the marks would appear on the pages, in mails and in PDFs as typed. Write the text without them."
        ) % {"mark": (mark := found.group(0).strip())}
        warnings.append(
            MarkdownWarning(source.filename, line, path_text(path), "markdown_shown_as_typed", message, column, mark)
        )
    return warnings


def _party(key: str) -> str:
    # Named in brackets after "the same party": the nominative in every language.
    return {
        "coordinator": pgettext("party who submits and accepts", "the employer's coordinator"),
        "auditor": pgettext("party who submits and accepts", "the auditor"),
        "board": pgettext("party who submits and accepts", "the board"),
        "operator": pgettext("party who submits and accepts", "the programme operator"),
    }[key]


def _entries(value: Any, path: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], dict[str, Any]]]:
    if not isinstance(value, list):
        return []
    return [((*path, index), item) for index, item in enumerate(value) if isinstance(item, dict)]


def definition_warnings(source: Source) -> list[Problem]:
    """Every warning about the file as read (also when it has problems: both are worth fixing)."""
    data = source.data
    if not isinstance(data, dict):
        return []
    warnings = []
    for stage_path, stage in _entries(data.get("stages"), ("stages",)):
        for phase_path, phase in _entries(stage.get("phases"), (*stage_path, "phases")):
            gate = phase.get("gate")
            actor, accepted_by = phase.get("actor"), gate.get("accepted_by") if isinstance(gate, dict) else None
            if not isinstance(actor, str) or not isinstance(accepted_by, str) or accepted_by not in SUBMITTED_BY:
                continue
            submitter = SUBMITTED_BY.get(actor, "coordinator")  # a programme role: the coordinator submits too
            if submitter != SUBMITTED_BY[accepted_by]:
                continue
            path = (*phase_path, "gate", "accepted_by")
            line, column = source.locator.position(path)
            message = _(
                "The phase “%(phase)s” would be submitted and accepted by the same party (%(party)s): "
                "such an acceptance checks nothing. Leave out accepted_by if the phase is done once it "
                "is submitted (whoever does it then completes it), or name someone else to accept it."
            ) % {"phase": phase.get("id", ""), "party": _party(submitter)}
            warnings.append(Problem(source.filename, line, path_text(path), "accepted_by_submitter", message, column))
    return warnings + _markdown_warnings(source)
