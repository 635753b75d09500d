"""Clean and validate all inputs of one action call, collecting every problem before raising."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from connector.definitions.models import ActionDef, InputDef
from connector.errors import InputError, InputProblem
from connector.inputs.cleaning import CleanError, clean_value
from connector.inputs.config_vars import resolve_config_vars


def is_missing(value: Any) -> bool:
    # Platforms store an untouched field as an empty string, so "" counts as not given.
    return value is None or value == ""


def clean_inputs(action: ActionDef, given: Mapping[str, Any]) -> tuple[dict[str, Any], list[InputProblem]]:
    """Clean the given inputs of ``action``.

    Returns every declared input (connection inputs excepted) with its cleaned value, its default,
    or None when omitted, and the problems found.
    """
    specs = {spec.key: spec for spec in action.all_inputs}
    problems = [
        InputProblem(key, f"is not an input of {action.key}; expected one of {', '.join(specs)}")
        for key in given
        if key not in specs
    ]
    cleaned: dict[str, Any] = {}
    for spec in action.all_inputs:
        if spec.type == "connection":
            continue
        try:
            cleaned[spec.key] = _clean_one(spec, given.get(spec.key))
        except CleanError as error:
            problems.append(InputProblem(spec.key, str(error)))
    return cleaned, problems


def _clean_one(spec: InputDef, value: Any) -> Any:
    if is_missing(value):
        if spec.default is not None:
            return clean_value(spec, spec.default)
        if spec.required:
            raise CleanError(f"is required but was not given; expected {spec.label}"
                             + (f" ({spec.comments})" if spec.comments else ""))
        return None
    cleaned = clean_value(spec, value)
    if spec.required and spec.collection and not cleaned:
        raise CleanError(f"is required but empty; expected at least one {spec.label} entry")
    return cleaned


@dataclass(frozen=True)
class PreparedInputs:
    """The inputs of one call, ready for the handler."""

    values: dict[str, Any]
    # The raw value of the action's connection input (a document, a path...), or None.
    connection: Any = None

    @property
    def debug(self) -> bool:
        return bool(self.values.get("debugRequest"))


def prepare_inputs(
    action: ActionDef, given: Mapping[str, Any], config_vars: Mapping[str, Any] | None = None, *,
    connection: Any = None,
) -> PreparedInputs:
    """Resolve config variables, then clean and validate; raise one InputError with every problem.

    ``connection`` (when not None) is the value of the action's connection input, as the Python API
    passes it beside the other inputs.
    """
    # Callers in other languages (invoke, the HTTP service) can send anything; say what was expected.
    if not isinstance(given, Mapping):
        raise InputError("the inputs are not an object; expected {NAME: VALUE, ...}", input="inputs")
    if config_vars is not None and not isinstance(config_vars, Mapping):
        raise InputError("the config variables are not an object; expected {NAME: VALUE, ...}",
                         input="configVars")
    resolved, problems = resolve_config_vars(given, config_vars)
    declared = {spec.key for spec in action.all_inputs}
    # A reference in an unknown input is reported as the unknown input it is.
    problems = [problem for problem in problems if problem.input in declared]
    unresolved = {problem.input for problem in problems}
    cleaned, cleaning_problems = clean_inputs(action, resolved)
    # An input whose config variable is undefined has already been reported; do not also call it missing.
    problems += [problem for problem in cleaning_problems if problem.input not in unresolved]
    connection_value = None
    for spec in action.all_inputs:
        if spec.type != "connection":
            continue
        value = connection if connection is not None else resolved.get(spec.key)
        if is_missing(value) and spec.required and spec.key not in unresolved:
            problems.append(InputProblem(spec.key, "is required but was not given; expected a connection "
                                                   "document (an object, or the path of a JSON/YAML file)"))
        connection_value = value
    if problems:
        raise InputError(sorted(problems, key=_problem_order(action)))
    return PreparedInputs(cleaned, connection_value)


def _problem_order(action: ActionDef) -> Callable[[InputProblem], int]:
    """Problems in the order of the action's inputs, unknown inputs last."""
    position = {spec.key: index for index, spec in enumerate(action.all_inputs)}
    return lambda problem: position.get(problem.input, len(position))
