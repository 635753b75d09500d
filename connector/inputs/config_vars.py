"""Config variables: ``{"$configVar": "NAME"}`` input values, replaced before validation.

A deployer keeps per-customer values (a key/value list of lead defaults, an organization id...) in
config variables; an action input refers to one by name. References are replaced anywhere inside a
value, so a Key Value List item can name a variable too.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from connector.errors import InputProblem

CONFIG_VAR_KEY = "$configVar"


def config_var_name(value: Any) -> str | None:
    """The variable a value refers to, or None when it is not a reference."""
    if isinstance(value, Mapping) and len(value) == 1 and isinstance(value.get(CONFIG_VAR_KEY), str):
        return str(value[CONFIG_VAR_KEY])
    return None


class _UndefinedVariableError(LookupError):
    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def _replace(value: Any, config_vars: Mapping[str, Any]) -> Any:
    name = config_var_name(value)
    if name is not None:
        if name not in config_vars:
            raise _UndefinedVariableError(name)
        return config_vars[name]
    if isinstance(value, Mapping):
        return {key: _replace(item, config_vars) for key, item in value.items()}
    if isinstance(value, list):
        return [_replace(item, config_vars) for item in value]
    return value


def resolve_config_vars(
    given: Mapping[str, Any], config_vars: Mapping[str, Any] | None
) -> tuple[dict[str, Any], list[InputProblem]]:
    """Replace every config variable reference in the inputs.

    Returns the resolved inputs (without those whose reference failed) and one problem per input
    that names an undefined variable.
    """
    known = config_vars or {}
    resolved: dict[str, Any] = {}
    problems: list[InputProblem] = []
    for key, value in given.items():
        try:
            resolved[key] = _replace(value, known)
        except _UndefinedVariableError as missing:
            defined = ", ".join(json.dumps(name) for name in sorted(known)) or "none are defined"
            problems.append(InputProblem(
                key, f"refers to config variable {json.dumps(missing.name)}, which is not defined; "
                     f"expected one of the defined config variables ({defined})"))
    return resolved, problems


def parse_assignment(text: str) -> tuple[str, Any]:
    """``NAME=VALUE`` from the command line; VALUE is JSON when it parses as JSON, else a string."""
    name, sep, raw = text.partition("=")
    if not sep or not name:
        raise ValueError(f"{text!r} is not NAME=VALUE")
    try:
        value: Any = json.loads(raw)
    except json.JSONDecodeError:
        value = raw
    return name, value
