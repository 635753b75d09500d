"""Request ids and structured JSON access logs.

Each request gets an id (a sane incoming ``X-Request-ID`` is kept, anything else is replaced), echoed
in the response's ``X-Request-ID`` header and stored in ``scope["state"]["request_id"]``. One log
line per request on the ``connector.access`` logger: method, path, status, duration, request id.
Query strings, headers and bodies are never logged: they can carry tokens and secrets.
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

ACCESS_LOGGER = logging.getLogger("connector.access")
REQUEST_ID_HEADER = "X-Request-ID"
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._:-]{1,128}")


def request_id_of(scope: Scope) -> str | None:
    """The id the access-log middleware gave this request, if it ran."""
    state = scope.get("state")
    value = state.get("request_id") if isinstance(state, dict) else None
    return value if isinstance(value, str) else None


def incoming_request_id(scope: Scope) -> str | None:
    """The caller's ``X-Request-ID``, when it is short and made of safe characters."""
    for name, value in scope.get("headers", ()):
        if name.lower() == b"x-request-id":
            text = value.decode("latin-1")
            return text if _SANE_REQUEST_ID.fullmatch(text) else None
    return None


class AccessLogMiddleware:
    """ASGI middleware: assigns the request id and writes one JSON access line per request."""

    def __init__(self, app: ASGIApp, *, logger: logging.Logger = ACCESS_LOGGER,
                 clock: Callable[[], float] = time.perf_counter,
                 new_id: Callable[[], str] = lambda: uuid.uuid4().hex) -> None:
        self.app = app
        self.logger = logger
        self.clock = clock
        self.new_id = new_id

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = incoming_request_id(scope) or self.new_id()
        scope.setdefault("state", {})["request_id"] = request_id
        status = 500  # what the server answers if the app fails before starting a response

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        started = self.clock()
        try:
            await self.app(scope, receive, send_with_id)
        finally:
            fields: dict[str, Any] = {
                "event": "access",
                "method": scope.get("method"),
                "path": scope.get("path"),
                "status": status,
                "duration_ms": round((self.clock() - started) * 1000, 3),
                "request_id": request_id,
            }
            self.logger.info(json.dumps(fields), extra={"fields": fields})
