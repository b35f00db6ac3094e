"""Reading and checking definition files: programmes, survey instruments, the measure catalogue.

``source_parse`` reads YAML (or JSON) into plain data and keeps the line of every field;
``schema_errors_report`` turns what a JSON Schema finds wrong into problems with line, field
path and one wording for every format; a misspelt field name or value is one problem naming
the one meant (:mod:`vereinbar.core.misspellings`). Nothing is raised: problems are
collected on the ``Source``. Pure: no database and no app imports, so every app may use it.

Mapping keys are always read as the text written in the file (``3.10:`` stays "3.10"),
duplicate keys are reported instead of silently overwritten, and anchors/aliases are
refused: no format needs them and they would let an upload expand without bound.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from vereinbar.core.misspellings import Misspelling, misspellings_correct, misspellings_find

Path = tuple[str | int, ...]

MAX_SOURCE_BYTES = 2 * 1024 * 1024

_PLAIN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def path_text(path: Sequence[str | int]) -> str:
    """``("stages", 0, "phases", 1, "gate")`` → ``stages[0].phases[1].gate``."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        elif _PLAIN.match(part):
            text += f".{part}" if text else part
        else:
            text += f'["{part}"]'
    return text


@dataclass(frozen=True)
class Problem:
    """One error in a definition file. ``message`` is already in the language that was active."""

    file: str
    line: int | None
    path: str
    code: str
    message: str
    column: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "code": self.code,
            "message": self.message,
        }

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.path}:" if self.path else ""
        return f"{where}:{field} {self.message} [{self.code}]"


# --- Reading YAML with the line of every field ------------------------------------------------


class _Loader(yaml.SafeLoader):
    """SafeLoader whose mapping keys are the literal key text."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            mapping[key] = self.construct_object(value_node, deep=deep)
        return mapping


# libyaml's parser (when PyYAML was built with it) reads a file about eight times as fast, with
# the same nodes and positions; a file it refuses is read again by the Python parser, whose
# messages the problems quote.
_CSafeLoader = getattr(yaml, "CSafeLoader", None)
_FastLoader: type | None = (
    type("_FastLoader", (_CSafeLoader,), {"construct_mapping": _Loader.construct_mapping}) if _CSafeLoader else None
)


@dataclass
class Locator:
    """Maps a field path to the line and column where it is written (1-based)."""

    positions: dict[Path, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: Path) -> tuple[int | None, int | None]:
        """Position of the path, or of its nearest ancestor that exists in the file."""
        probe = tuple(path)
        while True:
            if probe in self.positions:
                return self.positions[probe]
            if not probe:
                return None, None
            probe = probe[:-1]

    def line(self, path: Path) -> int | None:
        return self.position(path)[0]


@dataclass
class Source:
    """One file as read: its data, where each field is written, and the problems found so far."""

    filename: str
    data: Any = None
    locator: Locator = field(default_factory=Locator)
    problems: list[Problem] = field(default_factory=list)
    # Field names and values read as the ones they most likely misspell (see ``schema_errors_report``).
    misspellings: list[Misspelling] = field(default_factory=list)

    def problem(self, path: Path, code: str, message: str, *, at: Path | None = None) -> Problem:
        """Record a problem of the field ``path``, shown at the line of ``at`` if given."""
        line, column = self.locator.position(path if at is None else at)
        problem = Problem(self.filename, line, path_text(path), code, message, column)
        self.problems.append(problem)
        return problem


def _walk(node: yaml.Node, path: Path, source: Source, seen: set[int]) -> None:
    if id(node) in seen:
        source.problem(
            path, "yaml_alias", _("Anchors and aliases (& and *) are not supported; write the content out in full.")
        )
        return
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                line = key_node.start_mark.line + 1
                source.problems.append(
                    Problem(
                        source.filename, line, path_text(path), "key_not_text", _("A field name must be plain text.")
                    )
                )
                continue
            key = key_node.value
            child = (*path, key)
            if key in keys:
                source.problems.append(
                    Problem(
                        source.filename,
                        key_node.start_mark.line + 1,
                        path_text(child),
                        "duplicate_key",
                        _("The field “%(key)s” is written twice here; keep only one.") % {"key": key},
                        key_node.start_mark.column + 1,
                    )
                )
                continue
            keys.add(key)
            source.locator.positions[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            _walk(value_node, child, source, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            child = (*path, index)
            source.locator.positions[child] = (item.start_mark.line + 1, item.start_mark.column + 1)
            _walk(item, child, source, seen)


def source_parse(raw: str | bytes, *, filename: str) -> Source:
    """Parse YAML (JSON is YAML too) into data with positions; syntax errors become problems."""
    source = Source(filename=filename)
    if isinstance(raw, bytes):
        if len(raw) > MAX_SOURCE_BYTES:
            source.problem((), "file_too_large", _("The file is larger than 2 MB."))
            return source
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line, column = _byte_position(exc.object, exc.start)
            source.problems.append(
                Problem(
                    filename,
                    line,
                    "",
                    "encoding",
                    _("The file is not UTF-8 text: line %(line)s, column %(column)s (byte %(pos)s).")
                    % {"line": line, "column": column, "pos": exc.start},
                    column,
                )
            )
            return source
    elif len(raw) > MAX_SOURCE_BYTES:
        source.problem((), "file_too_large", _("The file is larger than 2 MB."))
        return source
    raw = raw.removeprefix("\ufeff")
    if _FastLoader is not None:
        fast = Source(filename=filename)
        try:
            if _read(fast, _FastLoader(raw)):
                return fast
        except yaml.YAMLError:
            pass  # read again below, for the Python parser's message
    _read_reporting(source, raw)
    return source


def _byte_position(raw: bytes, offset: int) -> tuple[int, int]:
    """Line and column (1-based, in characters) of a byte offset of a file that is not all UTF-8."""
    start = raw.rfind(b"\n", 0, offset) + 1
    return raw.count(b"\n", 0, offset) + 1, len(raw[start:offset].decode("utf-8", errors="replace")) + 1


def _unclosed_flow(source: Source, raw: str, exc: yaml.MarkedYAMLError) -> bool:
    """A ``{`` or ``[`` not closed: report the line where the closing bracket is missing.

    The parser notices only at the next ``:`` (often a line later, as the plain value before
    it runs on); the bracket belongs after the last line with content before that one.
    """
    problem, opened = exc.problem_mark, exc.context_mark
    if (
        problem is None
        or opened is None
        or not (exc.problem or "").startswith(("expected ',' or '}'", "expected ',' or ']'"))
    ):
        return False
    bracket = "}" if "'}'" in (exc.problem or "") else "]"
    line = problem.line
    lines = raw.splitlines()
    if problem.line > opened.line:
        line = problem.line - 1
        while line > opened.line and not lines[line].split("#", 1)[0].strip():
            line -= 1
    source.problems.append(
        Problem(
            source.filename,
            line + 1,
            "",
            "yaml_syntax",
            _(
                "The file is not valid YAML: the “%(open)s” opened on line %(opened)s is not closed; "
                "a “%(close)s” (or a comma between two entries) is missing here."
            )
            % {"open": "{" if bracket == "}" else "[", "opened": opened.line + 1, "close": bracket},
            len(lines[line]) + 1 if line < len(lines) else None,
        )
    )
    return True


def _read(source: Source, loader: Any) -> bool:
    """Read the document into ``source``; False when the file is empty (nothing recorded)."""
    try:
        node = loader.get_single_node()
        if node is None:
            return False
        source.locator.positions[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
        _walk(node, (), source, set())
        if not any(problem.code == "yaml_alias" for problem in source.problems):
            source.data = loader.construct_document(node)
        return True
    finally:
        loader.dispose()


# PyYAML's commonest complaints about a hand-written file, said in the reader's language (its
# other messages keep PyYAML's English words): what it says (a part of its "problem") → ours.
YAML_PROBLEMS = (
    (
        "found character '\\t' that cannot start any token",
        gettext_lazy("a tab is used here; indent with spaces, not tabs"),
    ),
    (
        "expected <block end>",
        gettext_lazy(
            "the indentation here does not fit the lines above; indent each field like the others of its group"
        ),
    ),
    (
        "mapping values are not allowed here",
        gettext_lazy("a colon starts a value where none fits; put a text holding ': ' in quotes"),
    ),
    (
        "could not find expected ':'",
        gettext_lazy("a field has no colon after its name (name: value), or a text runs over lines without quotes"),
    ),
)


def _unclosed_quote(exc: yaml.MarkedYAMLError) -> bool:
    """PyYAML notices a missing closing quote only at the end of the file; the quote to close
    is where the text began (its "context")."""
    return (exc.context or "").startswith("while scanning a quoted scalar") and exc.context_mark is not None


def _yaml_detail(exc: yaml.MarkedYAMLError) -> str:
    problem = exc.problem or ""
    if _unclosed_quote(exc):
        return str(_("a text in quotes begins here and is never closed; add its closing quote"))
    for words, explanation in YAML_PROBLEMS:
        if words in problem:
            return str(explanation)
    return " ".join(part for part in (exc.context, exc.problem) if part)


def _read_reporting(source: Source, raw: str) -> None:
    """Read with the Python parser, its errors (and an empty file) recorded as problems."""
    filename = source.filename
    try:
        if not _read(source, _Loader(raw)):
            source.problems.append(Problem(filename, 1, "", "empty_file", _("The file is empty.")))
    except yaml.MarkedYAMLError as exc:
        if _unclosed_flow(source, raw, exc):
            return
        mark = exc.context_mark if _unclosed_quote(exc) else exc.problem_mark or exc.context_mark
        detail = _yaml_detail(exc)
        source.problems.append(
            Problem(
                filename,
                mark.line + 1 if mark else None,
                "",
                "yaml_syntax",
                _("The file is not valid YAML: %(detail)s.") % {"detail": detail},
                mark.column + 1 if mark else None,
            )
        )
    except yaml.reader.ReaderError as exc:
        source.problems.append(
            Problem(
                filename,
                raw.count("\n", 0, exc.position) + 1,
                "",
                "yaml_syntax",
                _("The file contains a character that YAML does not allow (code %(code)s).")
                % {"code": f"U+{exc.character:04X}" if isinstance(exc.character, int) else exc.character},
            )
        )
    except yaml.YAMLError as exc:
        source.problems.append(
            Problem(filename, None, "", "yaml_syntax", _("The file is not valid YAML: %(detail)s.") % {"detail": exc})
        )


# --- JSON Schema errors as problems ---------------------------------------------------------

TYPE_NAMES = {
    "string": gettext_lazy("text"),
    "integer": gettext_lazy("a whole number"),
    "number": gettext_lazy("a number"),
    "boolean": gettext_lazy("true or false"),
    "array": gettext_lazy("a list"),
    "object": gettext_lazy("a mapping (field: value)"),
    "null": gettext_lazy("nothing (null)"),
}

# Patterns in the schema, and how to explain them to the person writing the file.
PATTERN_HINTS = {
    "^urn:[a-z0-9][a-z0-9-]*(:[a-z0-9][a-z0-9._-]*)+$": gettext_lazy(
        "an identifier such as “urn:vereinbar:programme:example” (lower case letters, digits, dots, dashes)"
    ),
    "^[0-9A-Za-z][0-9A-Za-z.+_-]*$": gettext_lazy("a version such as “2025.1” (letters, digits, . + _ -)"),
    "^[-a-zA-Z0-9_]+$": gettext_lazy("a short name of letters, digits, - and _"),
    "^[a-z0-9][a-z0-9_-]*$": gettext_lazy("a key of lower case letters, digits, _ and - such as “working_time”"),
    "^([A-Z]{2})?$": gettext_lazy("a country code of two capital letters such as DE, NL or EU"),
    "^[a-z][a-z0-9_]*$": gettext_lazy(
        "a key of lower case letters, digits and _ that starts with a letter, such as “annual_report”"
    ),
    "^[A-Za-z0-9]+([.-][A-Za-z0-9]+)*$": gettext_lazy("a code such as “3.1” or “A-2”"),
    "^https?://[^\\s]+$": gettext_lazy("a web address starting with http:// or https://"),
    "^[0-9]{4}-[0-9]{2}-[0-9]{2}$": gettext_lazy("a date written as year-month-day, such as “2021-12-31”"),
}


def schema_validator(schema: dict[str, Any]) -> Draft202012Validator:
    """A validator for ``schema``, after checking that the schema itself is valid (cache it)."""
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def schema_errors_report(source: Source, validator: Draft202012Validator) -> None:
    """Add a problem for every place where the data does not follow the validator's JSON Schema."""
    if not isinstance(source.data, dict):
        source.problem(
            (),
            "not_a_mapping",
            _("The file must contain one mapping (field: value) at the top, not %(found)s.")
            % {"found": kind_name(source.data)},
        )
        return
    errors = _schema_errors(validator, source.data)
    # A misspelt name or value is read as the one meant and the file checked again, so that it is
    # one problem: the field it stands for is not also missing, its content is still checked, and
    # later checks see it. Each round reads the fields found inside the ones just corrected.
    for _round in range(_MISSPELLING_ROUNDS):
        found = misspellings_find(errors, source.data)
        if not found:
            break
        misspellings_correct(source.data, source.locator.positions, found)
        source.misspellings.extend(found)
        errors = _schema_errors(validator, source.data)
    for misspelling in source.misspellings:
        _misspelling_report(source, misspelling)
    for error in errors:
        _report(error, source)


_MISSPELLING_ROUNDS = 5


def _schema_errors(validator: Draft202012Validator, data: Any) -> list[ValidationError]:
    return sorted(validator.iter_errors(data), key=lambda e: [str(p) for p in e.absolute_path])


def _misspelling_report(source: Source, misspelling: Misspelling) -> None:
    if misspelling.key:
        message = _("Unknown field “%(key)s”. Did you mean “%(suggestion)s”?") % {
            "key": misspelling.written,
            "suggestion": misspelling.meant,
        }
        source.problem(misspelling.path, "unknown_field", message)
    else:
        message = _("“%(value)s” is not allowed here. Did you mean “%(suggestion)s”?") % {
            "value": misspelling.written,
            "suggestion": misspelling.meant,
        }
        source.problem(misspelling.path, "not_allowed", message)


def kind_name(value: Any) -> str:
    """What kind of value this is, in the words of the messages: “a whole number”, “a list”…"""
    for kind, name in (
        (type(None), "null"),
        (bool, "boolean"),
        (int, "integer"),
        (float, "number"),
        (str, "string"),
        (list, "array"),
        (dict, "object"),
    ):
        if isinstance(value, kind):
            return str(TYPE_NAMES[name])
    return _("a value of another kind (%(kind)s)") % {"kind": type(value).__name__}


def _report(error: ValidationError, source: Source) -> None:
    path = tuple(error.absolute_path)
    keyword: Any = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    if keyword == "additionalProperties" and isinstance(instance, dict):
        allowed = list(error.schema.get("properties", {})) if isinstance(error.schema, dict) else []
        for key in instance:
            if key not in allowed:
                # `{en: Exemplary, checked by us}`: YAML reads the words after the comma as a
                # field without a value; say what happened rather than list the allowed fields.
                if instance[key] is None and " " in str(key):
                    message = _(
                        "Unknown field “%(key)s”: a comma in a text between { } starts a new field. "
                        'Put the text in quotes ("…").'
                    ) % {"key": key}
                else:
                    message = _("Unknown field “%(key)s”. Allowed here: %(allowed)s.") % {
                        "key": key,
                        "allowed": ", ".join(allowed),
                    }
                source.problem((*path, key), "unknown_field", message)
        return
    if keyword == "required" and isinstance(instance, dict):
        # jsonschema reports one error per missing field, each with the whole list: each field once.
        for key in value:
            message = _("The field “%(key)s” is missing.") % {"key": key}
            done = any(
                p.code == "missing_field" and p.path == path_text(path) and p.message == message
                for p in source.problems
            )
            if key not in instance and not done:
                source.problem(path, "missing_field", message)
        return
    if keyword == "type":
        expected = value if isinstance(value, list) else [value]
        source.problem(
            path,
            "wrong_type",
            _("Expected %(expected)s, found %(found)s.")
            % {
                "expected": _(" or ").join(str(TYPE_NAMES.get(name, name)) for name in expected),
                "found": kind_name(instance),
            }
            + (_quotes_hint(instance) if "string" in expected else ""),
        )
        return
    if keyword in ("enum", "const"):
        choices = value if keyword == "enum" else [value]
        source.problem(
            path,
            "not_allowed",
            _("“%(value)s” is not allowed here. Choose one of: %(choices)s.")
            % {"value": instance, "choices": ", ".join(str(choice) for choice in choices)},
        )
        return
    if keyword == "pattern" and value in PATTERN_HINTS:
        source.problem(
            path,
            "bad_format",
            _("“%(value)s” is not %(hint)s.") % {"value": instance, "hint": PATTERN_HINTS[value]},
        )
        return
    if keyword in ("pattern", "propertyNames"):
        source.problem(path, "bad_format", _("“%(value)s” is not a valid code here.") % {"value": instance})
        return
    messages = {
        "minItems": _("The list needs at least %(limit)s entries."),
        "maxItems": _("The list may have at most %(limit)s entries."),
        "uniqueItems": _("The list contains the same entry twice."),
        "minLength": _("The text must not be empty."),
        "maxLength": _("The text is too long (at most %(limit)s characters)."),
        "minProperties": _("Give at least one language."),
        "minimum": _("The value must be at least %(limit)s."),
        "maximum": _("The value must be at most %(limit)s."),
        "exclusiveMinimum": _("The value must be greater than %(limit)s."),
        "exclusiveMaximum": _("The value must be less than %(limit)s."),
    }
    message = messages.get(str(keyword), _("The value is not valid here."))
    source.problem(path, f"schema_{keyword}", message % {"limit": value} if "%(limit)s" in message else message)


def _quotes_hint(instance: Any) -> str:
    """Text was expected but YAML read a number or true/false: say how to keep it text."""
    if isinstance(instance, bool):
        return " " + _('YAML reads yes, no, on and off as true or false: put the text in quotes, e.g. "no".')
    if isinstance(instance, (int, float)):
        return " " + _('Put it in quotes, e.g. "%(value)s", so that it is read as text.') % {"value": instance}
    return ""


@dataclass
class Checked:
    """The outcome of checking one file: its source (data and positions), problems, canonical form."""

    source: Source
    definition: dict[str, Any] | None

    @property
    def problems(self) -> list[Problem]:
        return sorted(self.source.problems, key=lambda p: (p.line or 0, p.column or 0, p.path, p.code))

    @property
    def ok(self) -> bool:
        return not self.source.problems


def definition_file_check(
    raw: str | bytes,
    *,
    filename: str,
    checks: Sequence[Callable[[Source], None]],
    canonicalise: Callable[[dict[str, Any]], dict[str, Any]],
) -> Checked:
    """Parse a definition file and run the format's checks in order; every problem is collected,
    none raised. The canonical form only when no check found a problem."""
    source = source_parse(raw, filename=filename)
    if source.data is None and source.problems:
        return Checked(source, None)
    for check in checks:
        check(source)
    if source.problems:
        return Checked(source, None)
    return Checked(source, canonicalise(source.data))
