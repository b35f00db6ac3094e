"""Reading a programme file: YAML (or JSON) into plain data, keeping the line of every field.

Mapping keys are always read as the text written in the file (``3.10:`` stays "3.10"),
duplicate keys are reported instead of silently overwritten, and anchors/aliases are
refused: they are not needed for programmes and would let an upload expand without bound.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from django.utils.translation import gettext as _

from .problems import Path, Problem, path_text

MAX_SOURCE_BYTES = 2 * 1024 * 1024


class _Loader(yaml.SafeLoader):
    """SafeLoader whose mapping keys are the literal key text."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:  # type: ignore[override]
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else "?"
            mapping[key] = self.construct_object(value_node, deep=deep)  # type: ignore[no-untyped-call]
        return mapping


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
    filename: str
    data: Any = None
    locator: Locator = field(default_factory=Locator)
    problems: list[Problem] = field(default_factory=list)

    def problem(self, path: Path, code: str, message: str) -> Problem:
        line, column = self.locator.position(path)
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
            source.problems.append(
                Problem(
                    filename, None, "", "encoding", _("The file is not UTF-8 text (byte %(pos)s).") % {"pos": exc.start}
                )
            )
            return source
    elif len(raw) > MAX_SOURCE_BYTES:
        source.problem((), "file_too_large", _("The file is larger than 2 MB."))
        return source
    raw = raw.removeprefix("\ufeff")
    loader = None
    try:
        loader = _Loader(raw)
        node = loader.get_single_node()  # type: ignore[no-untyped-call]
        if node is None:
            source.problems.append(Problem(filename, 1, "", "empty_file", _("The file is empty.")))
            return source
        source.locator.positions[()] = (node.start_mark.line + 1, node.start_mark.column + 1)
        _walk(node, (), source, set())
        if any(problem.code == "yaml_alias" for problem in source.problems):
            return source
        source.data = loader.construct_document(node)  # type: ignore[no-untyped-call]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        detail = " ".join(part for part in (exc.context, exc.problem) if part)
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
    finally:
        if loader is not None:
            loader.dispose()  # type: ignore[no-untyped-call]
    return source
