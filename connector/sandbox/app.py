"""The sandbox ASGI application: Zoho Accounts, CRM v8 and Books v3 behind one base URL.

Use it in-process with ``httpx.ASGITransport(app=create_app())`` or serve it with
:class:`connector.sandbox.server.SandboxServer`.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Mount, Router
from starlette.types import ASGIApp, Receive, Scope, Send

from connector.sandbox import responses
from connector.sandbox.config import SandboxConfig
from connector.sandbox.control import control_routes
from connector.sandbox.crm_errors import CrmError
from connector.sandbox.crm_routes import crm_routes
from connector.sandbox.gate import SandboxGate
from connector.sandbox.oauth_routes import oauth_routes
from connector.sandbox.state import SandboxState


def _books_routes(state: SandboxState) -> list[BaseRoute]:
    if state.books is None:
        return []
    books = importlib.import_module("connector.sandbox.books")
    routes: list[BaseRoute] = books.books_routes(state.books, state.crm_lookup)
    return [books_mount(routes)]


def books_mount(routes: Sequence[BaseRoute]) -> Mount:
    """The Books routes under /books/v3, routed as the rest of the sandbox is (see below)."""
    router = Router(list(routes))
    answer_unmatched_paths_like_zoho(router)
    return Mount("/books/v3", app=router)


def answer_unmatched_paths_like_zoho(router: Router) -> None:
    """Paths no route matches (``/books/v3``, ``/crm/v8/Leads/``...) get the JSON 404 of their
    product, never Starlette's plain-text 404 or a 307 to the path with(out) a trailing slash:
    Zoho redirects nothing, and following a redirect would re-send the body and the token."""
    router.redirect_slashes = False
    router.default = _not_found


async def _not_found(scope: Scope, receive: Receive, send: Send) -> None:
    await responses.not_found(scope["path"])(scope, receive, send)


async def _crm_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, CrmError)
    return exc.response()


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    if exc.status_code == 405:
        return responses.method_not_allowed(request.url.path)
    return responses.not_found(request.url.path)


async def _unexpected(request: Request, exc: Exception) -> Response:
    return responses.internal_error(request.url.path)


class SandboxApp(Starlette):
    """Starlette with the gate outermost, outside even the error middleware, so that it sees the
    server's own ``send`` (needed to drop connections) and counts every request."""

    def __init__(self, state: SandboxState, **kwargs: Any) -> None:
        self.sandbox_state = state
        super().__init__(**kwargs)

    def build_middleware_stack(self) -> ASGIApp:
        return SandboxGate(super().build_middleware_stack(), self.sandbox_state, self.routes)


def create_app(config: SandboxConfig | None = None) -> Starlette:
    """A fresh sandbox with its seed data; ``app.state.sandbox`` is its :class:`SandboxState`."""
    state = SandboxState(config or SandboxConfig())
    routes: list[BaseRoute] = [
        *control_routes(state),
        *oauth_routes(state),
        *_books_routes(state),
        *crm_routes(state),
    ]
    handlers: dict[Any, Any] = {CrmError: _crm_error, HTTPException: _http_error, Exception: _unexpected}
    app = SandboxApp(state, routes=routes, exception_handlers=handlers)
    answer_unmatched_paths_like_zoho(app.router)
    app.state.sandbox = state
    return app
