"""``connector run KEY``: invoke one action and print its output as JSON on stdout.

Inputs come from ``--inputs FILE`` (JSON or YAML) overridden by ``-i NAME=VALUE`` options; a value
that parses as JSON is taken as JSON, otherwise as a string. Logs and debug output go to stderr.
Exit codes: 0 success, 2 invalid input, 3 connection/authentication failure, 4 Zoho API error,
1 anything else.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from connector.cli.output import (
    component_option,
    configure_logging,
    parse_assignments,
    print_json,
    read_mapping_file,
    run_or_exit,
)
from connector.runtime.component import ActionResult, Component, load_component


@click.command()
@click.argument("key")
@click.option("-i", "--input", "assignments", multiple=True, metavar="NAME=VALUE",
              help="An input value (repeatable); JSON when it parses as JSON, else a string.")
@click.option("--inputs", "inputs_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A JSON or YAML file with an object of inputs; -i options override it.")
@click.option("--connection", "connection_source", metavar="FILE",
              help="A connection document (JSON or YAML file).")
@click.option("--config-var", "config_var_assignments", multiple=True, metavar="NAME=VALUE",
              help="A config variable (repeatable) for {\"$configVar\": NAME} input values.")
@click.option("--config-vars", "config_vars_file", type=click.Path(dir_okay=False, path_type=Path),
              help="A JSON or YAML file with an object of config variables.")
@click.option("--sandbox", is_flag=True,
              help="Run against an embedded, seeded Zoho sandbox with a ready connection.")
@click.option("--compact", is_flag=True, help="Print the JSON on one line.")
@component_option
def run(key: str, assignments: tuple[str, ...], inputs_file: Path | None, connection_source: str | None,
        config_var_assignments: tuple[str, ...], config_vars_file: Path | None, sandbox: bool,
        compact: bool, component_path: Path | None) -> None:
    """Run action KEY and print {"data": ...} as JSON."""
    component = run_or_exit(lambda: load_component(component_path))

    def gather() -> tuple[dict[str, Any], dict[str, Any]]:
        inputs = read_mapping_file(inputs_file, "inputs") if inputs_file else {}
        inputs.update(parse_assignments(assignments, "-i"))
        config_vars = read_mapping_file(config_vars_file, "configVars") if config_vars_file else {}
        config_vars.update(parse_assignments(config_var_assignments, "--config-var"))
        return inputs, config_vars

    inputs, config_vars = run_or_exit(gather)
    # Validate before anything else (and before starting a sandbox): input errors exit 2 at once.
    placeholder = "sandbox" if sandbox else connection_source
    prepared = run_or_exit(lambda: component.prepare(key, inputs, connection=placeholder,
                                                     config_vars=config_vars))
    configure_logging(debug=prepared.debug)
    if sandbox:
        result = run_or_exit(lambda: _run_on_sandbox(component, key, inputs, config_vars))
    else:
        result = run_or_exit(lambda: component.invoke_prepared(key, prepared))
    print_json(result.to_dict(), pretty=not compact)


@contextmanager
def _sandbox_runtime() -> Iterator[tuple[Any, Any]]:
    """An embedded sandbox and a runtime whose tokens stay in memory (never in the user's store)."""
    from connector.auth.store import MemoryTokenStore
    from connector.runtime.runtime import Runtime
    from connector.sandbox.server import SandboxServer

    with SandboxServer() as server, Runtime(token_store=MemoryTokenStore()) as runtime:
        yield server, runtime


def _run_on_sandbox(component: Component, key: str, inputs: dict[str, Any],
                    config_vars: dict[str, Any]) -> ActionResult:
    with _sandbox_runtime() as (server, runtime):
        return component.invoke(key, inputs, connection=server.connection, config_vars=config_vars,
                                runtime=runtime)
