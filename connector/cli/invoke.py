"""``connector invoke``: one JSON request on stdin, one JSON response on stdout.

Request:  {"action": KEY, "inputs": {...}, "connection": {...}, "configVars": {...}}
Response: {"ok": true, "data": ...} or {"ok": false, "error": {"kind", "message", "input"?, "status"?}}
The exit code is that of ``connector run`` (0, 2 input, 3 auth, 4 API, 1 other).
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import click

from connector.cli.output import component_option, configure_logging, dumps
from connector.errors import ConnectorError, InputError
from connector.runtime.component import ActionResult, load_component

REQUEST_FIELDS = ("action", "inputs", "connection", "configVars")


def parse_request(text: str) -> dict[str, Any]:
    """The request object, checked for shape; problems are input errors."""
    try:
        request = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"the request is not valid JSON (line {error.lineno}, column {error.colno}); "
                         "expected one JSON object", input="request") from None
    if not isinstance(request, Mapping):
        raise InputError("the request is not a JSON object; expected {\"action\": KEY, \"inputs\": {...}}",
                         input="request")
    unknown = sorted(set(request) - set(REQUEST_FIELDS))
    if unknown:
        raise InputError(f"unknown request field(s) {', '.join(unknown)}; expected only "
                         f"{', '.join(REQUEST_FIELDS)}", input=unknown[0])
    if not isinstance(request.get("action"), str):
        raise InputError("is missing or not a string; expected an action key such as crmGetRecords",
                         input="action")
    for field in ("inputs", "configVars"):
        if request.get(field) is not None and not isinstance(request[field], Mapping):
            raise InputError("is not an object; expected {NAME: VALUE, ...}", input=field)
    return dict(request)


def handle(text: str, component_path: Path | None = None) -> tuple[dict[str, Any], int]:
    """The response object and exit code for one request text."""
    try:
        request = parse_request(text)
        component = load_component(component_path)
        inputs = request.get("inputs") or {}
        config_vars = request.get("configVars") or {}
        prepared = component.prepare(request["action"], inputs, connection=request.get("connection"),
                                     config_vars=config_vars)
        configure_logging(debug=prepared.debug)
        result: ActionResult = component.invoke(request["action"], inputs,
                                                connection=request.get("connection"),
                                                config_vars=config_vars)
    except ConnectorError as error:
        return {"ok": False, "error": error.to_dict()}, error.exit_code
    except Exception as error:  # a bug: still answer in the protocol
        message = f"internal error ({type(error).__name__}: {error})"
        return {"ok": False, "error": {"kind": "internal", "message": message}}, 1
    return {"ok": True, "data": result.data}, 0


def _response_line(response: dict[str, Any], code: int) -> tuple[str, int]:
    try:
        return dumps(response, pretty=False), code
    except (TypeError, ValueError) as error:
        failure = {"ok": False, "error": {"kind": "internal", "message": f"output is not JSON ({error})"}}
        return dumps(failure, pretty=False), 1


@click.command()
@click.option("--jsonl", is_flag=True,
              help="Read one request per line and answer one response per line, in order, from one "
                   "process (connection pool and tokens are reused). Exit code: that of the first "
                   "failed request, else 0.")
@component_option
def invoke(jsonl: bool, component_path: Path | None) -> None:
    """Read one JSON request on stdin, invoke the action, write one JSON response on stdout."""
    if not jsonl:
        line, code = _response_line(*handle(sys.stdin.read(), component_path))
        click.echo(line)
        sys.exit(code)
    first_failure = 0
    for text in sys.stdin:
        if not text.strip():
            continue
        line, code = _response_line(*handle(text, component_path))
        click.echo(line)  # flushed per line, so a caller can stream
        first_failure = first_failure or code
    sys.exit(first_failure)
