"""``connector validate [PATH]``: check definition files; exit 0, or 2 listing every problem."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from connector.cli.output import print_json


@click.command()
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print {ok, problems: [{file, path, message}]}.")
@click.option("--print-schema", is_flag=True,
              help="Print the JSON Schema of definition files (for editors) and exit.")
def validate(path: Path | None, as_json: bool, print_schema: bool) -> None:
    """Validate a component directory or one definition file (default: the bundled component).

    Checks YAML syntax, the shipped JSON Schema, duplicate input keys, defaults against their own
    type and model, shared inputs (`use:`) and that every handler is registered and importable.
    """
    from connector.definitions.locate import bundled_root
    from connector.definitions.schema import definition_schema
    from connector.definitions.validation import validate_path

    if print_schema:
        print_json(definition_schema())
        return
    target = path if path is not None else bundled_root()
    problems = validate_path(target)
    if as_json:
        print_json({"ok": not problems, "problems": [
            {"file": p.file, "path": p.path, "message": p.message} for p in problems]})
    elif problems:
        click.echo(f"{len(problems)} problem(s) in {target}:")
        for problem in problems:
            click.echo(f"  {problem}")
    else:
        click.echo(f"{target}: valid")
    if problems:
        sys.exit(2)
