"""Checks a JSON Schema cannot express: duplicate input keys, defaults that their own cleaner or
model rejects, inconsistent limits, file names that differ from keys, and handler references."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from connector.definitions.models import ActionDef, ComponentDef, ConnectionDef, InputDef
from connector.errors import Problem
from connector.inputs.cleaning import CleanError, clean_value

_NUMERIC_CLEANERS = frozenset({"integer", "number"})


def check_input(spec: InputDef, file: str, path: str) -> list[Problem]:
    problems = []
    for name in ("pattern", "keyPattern"):
        try:
            re.compile(getattr(spec, name) or "")
        except re.error as error:
            problems.append(Problem(file, f"{path}.{name}",
                                    f"is not a valid regular expression ({error}); expected a Python regex"))
    if problems:
        return problems
    if spec.keyPattern is not None and spec.collection != "keyvaluelist":
        problems.append(Problem(file, f"{path}.keyPattern", f"input {spec.key!r} has keyPattern but is not "
                                                            "a Key Value List; expected collection: "
                                                            "keyvaluelist"))
    if (spec.min is not None or spec.max is not None) and spec.cleaner not in _NUMERIC_CLEANERS:
        problems.append(Problem(file, path, f"input {spec.key!r} has min/max but is cleaned as "
                                            f"{spec.cleaner}; expected clean: integer or number"))
    if spec.min is not None and spec.max is not None and spec.min > spec.max:
        problems.append(Problem(file, f"{path}.min", f"min {spec.min:g} is above max {spec.max:g}; "
                                                     "expected min <= max"))
    if spec.default is not None and not problems:
        try:
            clean_value(spec, spec.default)
        except CleanError as error:
            problems.append(Problem(file, f"{path}.default",
                                    f"default of input {spec.key!r} is rejected by its own definition: "
                                    f"{error}"))
    return problems


def _check_inputs(specs: Sequence[InputDef], file: str, section: str, seen: set[str],
                  already_checked: Sequence[InputDef] = ()) -> list[Problem]:
    problems = []
    for index, spec in enumerate(specs):
        path = f"{section}[{index}]"
        if spec.key in seen:
            problems.append(Problem(file, f"{path}.key", f"duplicate input key {spec.key!r}; "
                                                         "expected every input key once per definition"))
        seen.add(spec.key)
        # A shared input used unchanged was checked in component.yaml; do not report it per action.
        if not any(spec == checked for checked in already_checked):
            problems += check_input(spec, file, path)
    return problems


def check_component(component: ComponentDef, file: str) -> list[Problem]:
    problems = []
    for name, spec in component.inputs.items():
        problems += check_input(spec, file, f"inputs.{name}")
    return problems


def _check_file_name(key: str, path: Path) -> list[Problem]:
    if path.stem != key:
        return [Problem(str(path), "key", f"key {key!r} differs from the file name; expected the file "
                                          f"to be named {key}.yaml")]
    return []


def check_action(action: ActionDef, path: Path, shared: Sequence[InputDef], *,
                 import_handlers: bool = False) -> list[Problem]:
    file = str(path)
    problems = _check_file_name(action.key, path)
    seen: set[str] = set()
    problems += _check_inputs(action.inputs, file, "inputs", seen, shared)
    problems += _check_inputs(action.options, file, "options", seen, shared)
    problems += check_handler(action.handler, file, import_handlers=import_handlers)
    return problems


def salvage_action(data: Any, path: Path, *, import_handlers: bool) -> list[Problem]:
    """The cross-field checks that still make sense when the schema rejected an action file.

    So that one `connector validate` run lists every problem: the handler, the file name, duplicate
    keys, and each input that is well-formed on its own (its default, limits and patterns).
    """
    if not isinstance(data, dict):
        return []
    file = str(path)
    problems = []
    if isinstance(data.get("key"), str):
        problems += _check_file_name(data["key"], path)
    if isinstance(data.get("handler"), str):
        problems += check_handler(data["handler"], file, import_handlers=import_handlers)
    seen: set[str] = set()
    for section in ("inputs", "options"):
        entries = data.get(section)
        for index, entry in enumerate(entries if isinstance(entries, list) else []):
            key = entry.get("key") if isinstance(entry, dict) else None
            if not isinstance(key, str):
                continue
            if key in seen:
                problems.append(Problem(file, f"{section}[{index}].key", f"duplicate input key {key!r}; "
                                        "expected every input key once per definition"))
            seen.add(key)
            try:
                spec = InputDef.model_validate(entry)
            except ValidationError:
                continue  # the schema already said what is wrong with it
            problems += check_input(spec, file, f"{section}[{index}]")
    return problems


def check_handler(name: str, file: str, *, import_handlers: bool) -> list[Problem]:
    # Imported here: the registry pulls in the HTTP types, which `import connector` does not need.
    from connector.runtime import registry

    if not registry.is_registered(name):
        known = ", ".join(sorted(registry.HANDLERS))
        return [Problem(file, "handler", f"unknown handler {name!r}; expected one of {known}")]
    if import_handlers:
        try:
            registry.resolve(name)
        except (ImportError, AttributeError) as error:
            return [Problem(file, "handler", f"handler {name!r} is registered as "
                                             f"{registry.HANDLERS[name]!r} but cannot be imported "
                                             f"({type(error).__name__}: {error}); expected an importable "
                                             "function")]
    return []


def check_connection(connection: ConnectionDef, path: Path) -> list[Problem]:
    problems = _check_file_name(connection.key, path)
    problems += _check_inputs(connection.inputs, str(path), "inputs", set())
    return problems
