"""``connector sandbox``: serve the Zoho simulator on loopback until interrupted."""

from __future__ import annotations

import sys

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option(
    "--port",
    default=0,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port to listen on; 0 picks a free one (printed in the ready line).",
)
def sandbox(host: str, port: int) -> None:
    """Serve the embedded Zoho sandbox (Accounts, CRM v8, Books v3).

    When ready, prints one JSON line {"url": ..., "connection": {...}} on stdout; runs until
    SIGINT or SIGTERM.
    """
    from connector.sandbox.server import serve_forever

    try:
        status = serve_forever(host, port)
    except OSError as failure:
        raise click.ClickException(f"cannot listen on {host}:{port}: {failure.strerror or failure}") from None
    sys.exit(status)
