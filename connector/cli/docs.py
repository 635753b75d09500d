"""``connector docs [--out DIR] [--check]``: generate the Markdown reference from the definitions."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from connector.cli.output import component_option, run_or_exit
from connector.runtime.component import load_component

DEFAULT_OUT = Path("docs") / "reference"


@click.command()
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path), default=DEFAULT_OUT,
              show_default=True, help="Directory to write the pages (and the definition JSON Schema) into.")
@click.option("--check", is_flag=True,
              help="Write nothing; exit 1 listing every file that is missing or out of date.")
@component_option
def docs(out: Path, check: bool, component_path: Path | None) -> None:
    """Generate reference pages: the component, each connection and each action with its inputs
    and example output, in the layout of the component reference."""
    from connector.reference.examples import example_calls
    from connector.reference.files import differences, write_reference

    component = run_or_exit(lambda: load_component(component_path))
    # The example inputs are those of the bundled Zoho component.
    examples = example_calls() if component_path is None else None
    if check:
        problems = differences(component, out, examples)
        for problem in problems:
            click.echo(f"{out}/{problem}", err=True)
        if problems:
            click.echo("the reference is stale; run `connector docs` to regenerate it", err=True)
            sys.exit(1)
        return
    written = write_reference(component, out, examples)
    click.echo(f"wrote {len(written)} files to {out}", err=True)
