"""Running the service on uvicorn: socket binding, readiness and graceful shutdown.

``ServiceServer`` runs it on a background thread (tests, benchmarks); ``connector serve`` runs the
same uvicorn server on the main thread, where uvicorn handles SIGINT/SIGTERM itself. Either way a
stop request finishes in-flight invocations (up to ``graceful_timeout_s``) before the runtime closes.
"""

from __future__ import annotations

import asyncio
import math
import socket
import threading
from collections.abc import Callable
from types import TracebackType

import uvicorn
from starlette.types import ASGIApp

from connector.service.settings import DEFAULT_GRACEFUL_TIMEOUT_S


def build_server(app: ASGIApp, *, host: str = "127.0.0.1", port: int = 8080,
                 graceful_timeout_s: float = DEFAULT_GRACEFUL_TIMEOUT_S,
                 log_level: str = "warning") -> tuple[uvicorn.Server, socket.socket]:
    """A uvicorn server for ``app`` and its bound socket (``port=0`` picks a free port)."""
    config = uvicorn.Config(
        app, host=host, port=port, lifespan="on",
        access_log=False,  # our access log has the request id and leaves query strings out
        log_config=None, log_level=log_level,
        timeout_graceful_shutdown=math.ceil(graceful_timeout_s),
        server_header=False,
        # Keep-alive longer than typical client pools so idle connections are reused, not reset.
        timeout_keep_alive=30,
    )
    server = uvicorn.Server(config)
    return server, bind_tcp_socket(host, port)


def bind_tcp_socket(host: str, port: int) -> socket.socket:
    """A bound TCP socket created with ``IPPROTO_TCP``.

    asyncio only turns on TCP_NODELAY for accepted connections whose listening socket says
    ``IPPROTO_TCP``; with uvicorn's own ``bind_socket`` (protocol 0) every keep-alive response
    (headers and body written separately) waits ~40 ms for a delayed ACK.
    """
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError:
        sock.close()
        raise
    return sock


def url_of(sock: socket.socket) -> str:
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}"


async def serve_until_stopped(server: uvicorn.Server, sock: socket.socket,
                              on_ready: Callable[[], None] | None = None) -> None:
    """Serve on ``sock``; call ``on_ready()`` once uvicorn has started (lifespan done, listening)."""
    task = asyncio.create_task(server.serve(sockets=[sock]))
    while not server.started and not task.done():
        await asyncio.sleep(0.01)
    if server.started and on_ready is not None:
        on_ready()
    await task


class ServiceServer:
    """The service on a loopback port in a background thread::

        with ServiceServer(create_app(...)) as server:
            httpx.get(server.url + "/healthz")
    """

    def __init__(self, app: ASGIApp, *, host: str = "127.0.0.1", port: int = 0,
                 graceful_timeout_s: float = DEFAULT_GRACEFUL_TIMEOUT_S,
                 start_timeout_s: float = 10.0) -> None:
        self.server, self.socket = build_server(app, host=host, port=port,
                                                graceful_timeout_s=graceful_timeout_s)
        self.url = url_of(self.socket)
        self.start_timeout_s = start_timeout_s
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, name="connector-service", daemon=True)
        self.error: BaseException | None = None

    def _run(self) -> None:
        try:
            asyncio.run(serve_until_stopped(self.server, self.socket, self._ready.set))
        except BaseException as exc:  # surfaced to the caller by start()/stop()
            self.error = exc
        finally:
            self._ready.set()

    def start(self) -> ServiceServer:
        self._thread.start()
        if not self._ready.wait(self.start_timeout_s) or not self.server.started:
            raise RuntimeError("the service did not start") from self.error
        return self

    def request_stop(self) -> None:
        """Begin a graceful shutdown, as SIGTERM does; in-flight requests still get their answers."""
        self.server.should_exit = True

    def stop(self, timeout_s: float = 60.0) -> None:
        self.request_stop()
        self._thread.join(timeout_s)
        self.socket.close()
        if self._thread.is_alive():
            raise RuntimeError("the service did not stop in time")

    def __enter__(self) -> ServiceServer:
        return self.start()

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.stop()
