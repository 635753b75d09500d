"""Serving the sandbox over real loopback sockets with uvicorn.

``SandboxServer`` runs it in a background thread for tests and ``--sandbox`` runs;
``serve_forever`` is ``connector sandbox``: print the ready line, serve until SIGINT/SIGTERM.
"""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import sys
import threading
import time
from types import FrameType, TracebackType
from typing import Any, TextIO

import uvicorn
from starlette.applications import Starlette

from connector.sandbox.app import create_app
from connector.sandbox.config import SandboxConfig
from connector.sandbox.state import SandboxState

STARTUP_TIMEOUT = 10.0


def connection_document(state: SandboxState, url: str) -> dict[str, Any]:
    """A ``zohoOAuth`` connection document (CONTRACT sections 3 and 7) that works against ``url``."""
    config = state.config
    return {
        "key": "zohoOAuth",
        "id": "sandbox",
        "fields": {
            "authorizeUrl": f"{url}/oauth/v2/auth",
            "tokenUrl": f"{url}/oauth/v2/token",
            "revokeUrl": f"{url}/oauth/v2/token/revoke",
            "clientId": config.client_id,
            "clientSecret": config.client_secret,
            "scopes": config.scopes,
        },
        "token": {
            "access_token": state.accounts.seed_access_token,
            "refresh_token": config.refresh_token,
            "expires_at": int(state.accounts.seed_expires_at),
            "api_domain": url,
        },
    }


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted connections only when the
    # listening socket says TCP, and without it each answer waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(2048)
    sock.setblocking(False)
    return sock


def _uvicorn_config(app: Starlette) -> uvicorn.Config:
    # h11 (httptools/uvloop are not installed), no access log: the sandbox must not be a bottleneck.
    return uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        http="h11",
        loop="asyncio",
        ws="none",
        timeout_keep_alive=30,
        server_header=False,
    )


def _url(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


class SandboxServer:
    """A sandbox served on loopback in a background thread; a context manager.

    ``url`` is its base URL, ``connection`` a fresh connection document for it, ``state`` the
    app state (tests inspect and change it directly), ``stop()`` shuts it down.
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, *, config: SandboxConfig | None = None
    ) -> None:
        self.app = create_app(config)
        self.state: SandboxState = self.app.state.sandbox
        self._socket = _bind(host, port)
        self.host = host
        self.port: int = self._socket.getsockname()[1]
        self.url = _url(host, self.port)
        self._server = uvicorn.Server(_uvicorn_config(self.app))
        self._thread: threading.Thread | None = None

    @property
    def connection(self) -> dict[str, Any]:
        return connection_document(self.state, self.url)

    @property
    def listening_socket(self) -> socket.socket:
        """The bound listening socket (tests check it was created with proto IPPROTO_TCP)."""
        return self._socket

    def start(self) -> SandboxServer:
        if self._thread is not None:
            return self
        self._thread = threading.Thread(
            target=self._server.run,
            kwargs={"sockets": [self._socket]},
            name=f"sandbox:{self.port}",
            daemon=True,
        )
        self._thread.start()
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the sandbox server did not start")
            time.sleep(0.005)
        return self

    def stop(self) -> None:
        if self._thread is None:
            self._socket.close()
            return
        self._server.should_exit = True
        self._thread.join(STARTUP_TIMEOUT)
        self._thread = None
        self._socket.close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.stop()


def serve_forever(
    host: str = "127.0.0.1", port: int = 0, *, config: SandboxConfig | None = None, out: TextIO | None = None
) -> int:
    """Serve until SIGINT/SIGTERM, printing the ready JSON line first. Returns the exit status."""
    app = create_app(config)
    state: SandboxState = app.state.sandbox
    sock = _bind(host, port)
    url = _url(host, sock.getsockname()[1])
    server = uvicorn.Server(_uvicorn_config(app))
    stream = out or sys.stdout

    async def announce_when_ready() -> None:
        while not server.started:
            if server.should_exit:
                return
            await asyncio.sleep(0.01)
        stream.write(json.dumps({"url": url, "connection": connection_document(state, url)}) + "\n")
        stream.flush()

    async def main() -> None:
        announcer = asyncio.create_task(announce_when_ready())
        try:
            await server.serve(sockets=[sock])  # installs SIGINT/SIGTERM handlers (main thread)
        finally:
            announcer.cancel()

    # uvicorn handles SIGINT/SIGTERM while serving, then restores the previous handlers and raises
    # the signal again; no-op handlers make that second delivery harmless, so we exit 0.
    previous = {sig: signal.signal(sig, _ignore_signal) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        asyncio.run(main())
    finally:
        sock.close()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    return 0


def _ignore_signal(signum: int, frame: FrameType | None) -> None:
    """Stand-in handler while and after uvicorn serves (see serve_forever)."""
