"""The ``connector`` command. Subcommands live in their own modules and are imported on demand,
so ``connector actions`` does not pay for the HTTP stack or the sandbox."""

from __future__ import annotations

import importlib
from typing import Any

import click

# name -> "module:attribute" of a click command. Keep sorted by name.
COMMANDS: dict[str, str] = {
    "actions": "connector.cli.listing:actions",
    "auth": "connector.cli.auth:auth",
    "connections": "connector.cli.listing:connections",
    "describe": "connector.cli.listing:describe",
    "docs": "connector.cli.docs:docs",
    "invoke": "connector.cli.invoke:invoke",
    "run": "connector.cli.run:run",
    "sandbox": "connector.cli.sandbox:sandbox",
    "serve": "connector.cli.serve:serve",
    "validate": "connector.cli.validate:validate",
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        target = COMMANDS.get(cmd_name)
        if target is None:
            return None
        module_name, _, attr = target.partition(":")
        command: Any = getattr(importlib.import_module(module_name), attr)
        return command  # type: ignore[no-any-return]


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="connector")
def main() -> None:
    """Run declarative Zoho CRM and Zoho Books actions, or the embedded Zoho sandbox."""
