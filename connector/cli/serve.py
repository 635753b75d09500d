"""``connector serve``: the HTTP service for workflow engines, on uvicorn.

Prints ``{"url": "http://HOST:PORT"}`` on stdout once it accepts requests (so ``--port 0`` is usable
by scripts and tests); logs go to stderr as JSON lines. SIGINT/SIGTERM stop accepting connections,
let in-flight invocations finish (up to ``--graceful-timeout``), close the runtime, and exit 0.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import signal
from pathlib import Path

import click

from connector.service.settings import (
    DEFAULT_GRACEFUL_TIMEOUT_S,
    INVOKE_TIMEOUT_ENV,
    MAX_BODY_ENV,
    ServiceSettings,
)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to listen on.")
@click.option("--port", default=8080, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on; 0 picks a free one (see the ready line).")
@click.option("--max-body-bytes", type=click.IntRange(min=0), default=None,
              help=f"Refuse larger request bodies with 413 [env {MAX_BODY_ENV}; default 10 MiB].")
@click.option("--invoke-timeout", type=click.FloatRange(min=0, min_open=True), default=None,
              help=f"Answer 504 to invocations running longer (seconds) [env {INVOKE_TIMEOUT_ENV}].")
@click.option("--graceful-timeout", type=click.FloatRange(min=0), default=DEFAULT_GRACEFUL_TIMEOUT_S,
              show_default=True, help="Seconds in-flight invocations get to finish on shutdown.")
@click.option("--connection", "connection_file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              default=None, help="Connection document used by requests that send none.")
@click.option("--log-level", type=click.Choice(["debug", "info", "warning", "error"]), default="info",
              show_default=True)
def serve(host: str, port: int, max_body_bytes: int | None, invoke_timeout: float | None,
          graceful_timeout: float, connection_file: Path | None, log_level: str) -> None:
    """Serve the actions over HTTP (GET /actions, POST /actions/{key}/invoke, GET /openapi.json).

    Set CONNECTOR_API_KEY to require "Authorization: Bearer <key>" on every route but /healthz.
    """
    try:
        settings = ServiceSettings.from_env()
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    overrides: dict[str, object] = {}
    if max_body_bytes is not None:
        overrides["max_body_bytes"] = max_body_bytes
    if invoke_timeout is not None:
        overrides["invoke_timeout_s"] = invoke_timeout
    if connection_file is not None:
        overrides["default_connection"] = _load_default_connection(connection_file)
    settings = dataclasses.replace(settings, **overrides)  # type: ignore[arg-type]

    # Imported here so `connector --help` does not pay for FastAPI and uvicorn.
    from connector.service.app import create_app
    from connector.service.log_format import configure_service_logging
    from connector.service.server import build_server, serve_until_stopped, url_of

    configure_service_logging(log_level)
    app = create_app(**dataclasses.asdict(settings))
    try:
        server, sock = build_server(app, host=host, port=port, graceful_timeout_s=graceful_timeout,
                                    log_level=log_level)
    except OSError as failure:
        raise click.ClickException(f"cannot listen on {host}:{port}: {failure.strerror or failure}") from None

    def announce() -> None:
        click.echo(json.dumps({"url": url_of(sock)}))

    # uvicorn re-raises the stop signal after its graceful shutdown; with these handlers in place
    # that re-raise is a no-op and the process exits 0 instead of dying by the signal.
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        signal.signal(stop_signal, lambda *_: None)
    asyncio.run(serve_until_stopped(server, sock, announce))


def _load_default_connection(path: Path) -> object:
    from connector.auth.document import load_connection
    from connector.errors import ConnectorError

    try:
        return load_connection(path)
    except ConnectorError as exc:
        raise click.BadParameter(exc.message, param_hint="--connection") from None
