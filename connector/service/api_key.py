"""Bearer API-key check for every route but the open ones (``/healthz``)."""

from __future__ import annotations

import hmac

from starlette.types import ASGIApp, Receive, Scope, Send

from connector.service.responses import plain_error_response

OPEN_PATHS = frozenset({"/healthz"})


def bearer_token(scope: Scope) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, if there is one."""
    for name, value in scope.get("headers", ()):
        if name.lower() == b"authorization":
            scheme, _, token = value.decode("latin-1").partition(" ")
            return token.strip() if scheme.lower() == "bearer" else None
    return None


class ApiKeyMiddleware:
    """ASGI middleware: answers 401 unless the request carries the service's API key.

    The comparison is constant-time (:func:`hmac.compare_digest`) so the key cannot be guessed
    byte by byte from response times.
    """

    def __init__(self, app: ASGIApp, *, api_key: str, open_paths: frozenset[str] = OPEN_PATHS) -> None:
        if not api_key:
            raise ValueError("api_key must not be empty")
        self.app = app
        self.expected = api_key.encode()
        self.open_paths = open_paths

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") in self.open_paths:
            await self.app(scope, receive, send)
            return
        token = bearer_token(scope)
        # compare_digest on bytes also accepts non-ASCII keys.
        if token is not None and hmac.compare_digest(token.encode("latin-1", "replace"), self.expected):
            await self.app(scope, receive, send)
            return
        response = plain_error_response(
            401, "auth", "Missing or invalid API key: send Authorization: Bearer <key>",
            headers={"WWW-Authenticate": "Bearer"})
        await response(scope, receive, send)
