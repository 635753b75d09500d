"""``${ENV_VAR}`` expansion in the string values of a connection document.

Only the ``${NAME}`` form is expanded (``$NAME`` is left alone, since secrets may contain ``$``);
``$${`` writes a literal ``${``. An unset variable is an error naming the variable and where it was
used, never the value around it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_REFERENCE = re.compile(r"\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)\}")


class UnsetVariableError(LookupError):
    def __init__(self, variable: str, path: str) -> None:
        super().__init__(f"{path}: environment variable {variable} is not set")
        self.variable = variable
        self.path = path


def expand_env(value: Any, environ: Mapping[str, str], path: str = "") -> Any:
    """Return ``value`` with ``${NAME}`` expanded in every string inside it (dicts and lists walked)."""
    if isinstance(value, str):
        return _expand_string(value, environ, path)
    if isinstance(value, Mapping):
        return {key: expand_env(item, environ, _join(path, str(key))) for key, item in value.items()}
    if isinstance(value, list):
        return [expand_env(item, environ, _join(path, str(index))) for index, item in enumerate(value)]
    return value


def _expand_string(text: str, environ: Mapping[str, str], path: str) -> str:
    def replace(match: re.Match[str]) -> str:
        name = match.group(1)
        if name is None:
            return "${"
        if name not in environ:
            raise UnsetVariableError(name, path or "(document)")
        return environ[name]

    return _REFERENCE.sub(replace, text)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
