"""Helpers shared by the CLI commands: JSON output, errors and exit codes, input parsing."""

from __future__ import annotations

import base64
import json
import logging
import sys
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from connector.errors import ConnectorError, InputError

T = TypeVar("T")

component_option = click.option(
    "--component", "component_path", type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="A component directory to use instead of the bundled Zoho component.")


def _jsonable(value: Any) -> Any:
    # Binary responses (responseType "binary") cannot be JSON; they travel as base64 text.
    if isinstance(value, bytes | bytearray | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def dumps(data: Any, *, pretty: bool = True) -> str:
    return json.dumps(data, indent=2 if pretty else None, ensure_ascii=False, default=_jsonable)


def print_json(data: Any, *, pretty: bool = True) -> None:
    click.echo(dumps(data, pretty=pretty))


def fail(error: ConnectorError) -> NoReturn:
    """Report a connector error on stderr and exit with its exit code."""
    click.echo(f"error: {error.message}", err=True)
    sys.exit(error.exit_code)


def run_or_exit(action: Callable[[], T]) -> T:
    """Run ``action``; a ConnectorError exits with its code, anything else with 1."""
    try:
        return action()
    except ConnectorError as error:
        fail(error)
    except Exception as error:  # a bug: say what it was, exit 1
        click.echo(f"error: internal error ({type(error).__name__}: {error})", err=True)
        sys.exit(1)


def parse_value(raw: str) -> Any:
    """A command-line value: JSON when it parses as JSON, else the string itself."""
    try:
        return json.loads(raw)
    except json.JSONDecodeError:
        return raw


def parse_assignments(assignments: Iterable[str], option: str) -> dict[str, Any]:
    """``NAME=VALUE`` options -> dict; a malformed one is an input error (exit 2)."""
    values: dict[str, Any] = {}
    for text in assignments:
        name, sep, raw = text.partition("=")
        if not sep or not name:
            raise InputError(f"{option} {text!r} is not NAME=VALUE; expected for example "
                             f"{option} recordType=Leads", input=name or option)
        values[name] = parse_value(raw)
    return values


def read_mapping_file(path: Path, what: str) -> dict[str, Any]:
    """A JSON or YAML file holding one object (an inputs file, config variables)."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}", input=what) from None
    if path.suffix == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as error:
            raise _unparsable(path, what, error) from None
    else:
        data = _load_yaml(text, path, what)
    if not isinstance(data, Mapping):
        raise InputError(f"{path} holds {type(data).__name__}; expected an object of NAME: VALUE",
                         input=what)
    return dict(data)


def _load_yaml(text: str, path: Path, what: str) -> Any:
    import yaml  # on use: a run given only -i options and JSON files never loads the YAML parser

    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise _unparsable(path, what, error) from None


def _unparsable(path: Path, what: str, error: Exception) -> InputError:
    # Positions only: parser messages quote the offending line, which may hold a secret.
    return InputError(f"{path} is not valid JSON/YAML ({_position(error)})", input=what)


def _position(error: Exception) -> str:
    if isinstance(error, json.JSONDecodeError):
        return f"line {error.lineno}, column {error.colno}"
    mark = getattr(error, "problem_mark", None)
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else "syntax error"


def configure_logging(*, debug: bool) -> None:
    """Logs go to stderr, so stdout stays the action's JSON; INFO and up when debugging.

    Otherwise the level is left to the root logger (WARNING in a fresh process): a CLI command run
    inside another program (tests, embedding) must not pin the level it leaves behind.
    """
    logger = logging.getLogger("connector")
    handler = next((h for h in logger.handlers if getattr(h, "_connector_cli", False)), None)
    if handler is None:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        handler._connector_cli = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
    elif isinstance(handler, logging.StreamHandler):
        handler.setStream(sys.stderr)  # stderr may have been replaced since (tests, embedding)
    logger.setLevel(logging.INFO if debug else logging.NOTSET)
