"""Which connection an HTTP invocation runs with, resolved so a caller cannot reach the server's files
or environment.

The Python API accepts a connection as a path and expands ``${NAME}`` from the environment; over
HTTP that would let any caller read connection files on the server, or have the service send its own
secrets to a token URL the caller picked. So the service takes connection documents as JSON objects
only (in ``connection`` or in the action's connection input, directly or through a config variable),
validates them without environment expansion unless the deployer allows it, and hands the action a
resolved document.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from connector.errors import InputError
from connector.service.ports import resolve_request_connection


def connection_input_keys(description: Mapping[str, Any]) -> tuple[str, ...]:
    """Keys of the inputs of type ``connection`` in an action's ``describe`` JSON."""
    inputs: Iterable[Any] = description.get("inputs") or ()
    return tuple(item["key"] for item in inputs
                 if isinstance(item, Mapping) and item.get("type") == "connection")


def split_connection(inputs: Mapping[str, Any], connection: Mapping[str, Any] | None,
                     config_vars: Mapping[str, Any] | None, *, connection_keys: Iterable[str],
                     default: object | None, expand_env: bool) -> tuple[dict[str, Any], object | None]:
    """The inputs without their connection input, and the resolved connection to run with.

    An explicit ``connection`` wins over the connection input, as in the Python API; with neither,
    ``default`` (the deployer's connection) is used.
    """
    remaining = dict(inputs)
    chosen: tuple[str, Any] | None = ("connection", connection) if connection is not None else None
    for key in connection_keys:
        value = remaining.pop(key, None)
        if chosen is None and value is not None:
            chosen = (key, _dereference(key, value, config_vars))
    if chosen is None:
        return remaining, default
    key, document = chosen
    if not isinstance(document, Mapping):
        raise InputError("must be a connection document given as a JSON object (the service does not "
                         "read paths)", input=key)
    return remaining, resolve_request_connection(document, expand_env=expand_env)


def _dereference(key: str, value: Any, config_vars: Mapping[str, Any] | None) -> Any:
    if isinstance(value, Mapping) and set(value) == {"$configVar"}:
        name = value["$configVar"]
        if config_vars is None or name not in config_vars:
            raise InputError(f"refers to config variable {name!r}, which is not defined", input=key)
        return config_vars[name]
    return value
