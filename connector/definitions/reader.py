"""Read one YAML definition file, rejecting what plain YAML loading would silently accept."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DefinitionSyntaxError(ValueError):
    """The file is not readable YAML; the message says where."""


class _UniqueKeyLoader(_BaseLoader):  # type: ignore[valid-type,misc]
    """A safe loader that refuses duplicate mapping keys instead of keeping the last one."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        self.flatten_mapping(node)
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                mark = key_node.start_mark
                raise DefinitionSyntaxError(
                    f"line {mark.line + 1}: duplicate key {key!r}; expected each key once per mapping")
            seen.add(key)
        return super().construct_mapping(node, deep=deep)  # type: ignore[no-any-return]


def read_yaml(path: Path) -> Any:
    """Parse ``path``; raise DefinitionSyntaxError with a line number when it is not valid YAML."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DefinitionSyntaxError(f"cannot be read: {error}") from None
    try:
        return yaml.load(text, Loader=_UniqueKeyLoader)  # a SafeLoader subclass: no arbitrary objects
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise DefinitionSyntaxError(f"{where}{error.problem}; expected valid YAML") from None
    except yaml.YAMLError as error:
        raise DefinitionSyntaxError(f"{error}; expected valid YAML") from None
