"""``connector actions``, ``connector describe KEY`` and ``connector connections``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from connector.cli.output import component_option, print_json, run_or_exit
from connector.definitions.models import InputDef
from connector.runtime.component import Component, load_component


def _component(path: Path | None) -> Component:
    return run_or_exit(lambda: load_component(path))


def _columns(rows: list[tuple[str, ...]]) -> str:
    widths = [max(len(row[index]) for row in rows) for index in range(len(rows[0]) - 1)]
    return "\n".join("  ".join([*(cell.ljust(width) for cell, width in zip(row, widths, strict=False)),
                                row[-1]]).rstrip() for row in rows)


def _input_rows(specs: list[InputDef]) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = [("KEY", "TYPE", "REQUIRED", "DEFAULT", "LABEL / NOTES")]
    for spec in specs:
        kind = spec.type + (f" ({spec.collection})" if spec.collection else "")
        notes = spec.label + (f" - {spec.comments}" if spec.comments else "")
        if spec.model:
            notes += f" [one of: {', '.join(spec.choices)}]"
        default = "" if spec.default is None else str(spec.default)
        if len(default) > 24:
            default = default[:21] + "..."
        rows.append((spec.key, kind, "yes" if spec.required else "", default, notes))
    return rows


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of {key, label, description}.")
@component_option
def actions(as_json: bool, component_path: Path | None) -> None:
    """List the component's actions."""
    component = _component(component_path)
    summaries = [action.summary() for action in component.actions.values()]
    if as_json:
        print_json(summaries)
        return
    click.echo(_columns([("KEY", "LABEL", "DESCRIPTION")]
                        + [(s["key"], s["label"], s["description"]) for s in summaries]))


@click.command()
@click.argument("key")
@click.option("--json", "as_json", is_flag=True, help="Print the action and its inputs as JSON.")
@component_option
def describe(key: str, as_json: bool, component_path: Path | None) -> None:
    """Show one action: its inputs (and our additional options)."""
    component = _component(component_path)
    action = run_or_exit(lambda: component.action(key))
    if as_json:
        print_json(action.describe())
        return
    lines = [f"{action.key}: {action.display.label}", action.display.description,
             f"handler: {action.handler}", "", "Inputs:", _columns(_input_rows(action.inputs))]
    if action.options:
        lines += ["", "Options (additions beyond the reference):", _columns(_input_rows(action.options))]
    click.echo("\n".join(lines))


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON: a list of connections with inputs.")
@component_option
def connections(as_json: bool, component_path: Path | None) -> None:
    """List the component's connections and the fields they need."""
    component = _component(component_path)
    described: list[dict[str, Any]] = [c.describe() for c in component.connections.values()]
    if as_json:
        print_json(described)
        return
    blocks = []
    for connection in component.connections.values():
        blocks.append(f"{connection.key}: {connection.display.label} (OAuth 2.0 {connection.oauth2Type})\n"
                      + _columns(_input_rows(connection.inputs)))
    click.echo("\n\n".join(blocks))
