"""The ASGI layer in front of every sandbox route: it does, in order, what Zoho's edge does before
an API sees a request, plus the sandbox's own bookkeeping:

1. path hygiene (``..`` segments, encoded slashes) and the body size cap;
2. the request log and per-route counters of the control API (control calls are not counted);
3. CRM concurrency (429 above the limit, counting requests still in flight);
4. injected faults (delay, expire tokens, drop the connection, canned status);
5. authentication of /crm/ and /books/ calls (``Authorization: Zoho-oauthtoken <token>``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Match, Mount
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from connector.sandbox import crm_errors, responses, strict_json
from connector.sandbox.accounts import TokenCheck
from connector.sandbox.state import Fault, SandboxState

AUTH_SCHEME = "zoho-oauthtoken"
REDACTED = "Zoho-oauthtoken [REDACTED]"


class ConnectionDroppedError(Exception):
    """Raised in-process (no socket to cut) when a fault asks to drop the connection."""


def route_template(routes: Sequence[BaseRoute], scope: Scope) -> str | None:
    """The route template a request matches ("/crm/v8/{module}"), walking into mounts."""
    for route in routes:
        match, child = route.matches(scope)
        if match is Match.NONE:
            continue
        if isinstance(route, Mount):
            inner = route_template(route.routes, {**scope, **child})
            return route.path + inner if inner is not None else None
        path: str | None = getattr(route, "path", None)
        return path
    return None


@dataclass(frozen=True)
class _Incoming:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    product: str  # "crm", "books" or "other" (Accounts, control)


class SandboxGate:
    def __init__(self, app: ASGIApp, state: SandboxState, routes: Sequence[BaseRoute]) -> None:
        self.app = app
        self.state = state
        self.routes = routes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = self.state
        path: str = scope["path"]
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if _is_path_trick(path, scope.get("raw_path")):
            await responses.not_found(path)(scope, receive, send)
            return
        body = await _read_body(receive, headers, state.config.max_body_bytes)
        if body is None:
            await responses.body_too_large(path, state.config.max_body_bytes)(scope, receive, send)
            return
        incoming = _Incoming(scope["method"], path, headers, body, responses.product_of(path))
        control = path.startswith("/__sandbox__/")
        if not control:  # the control API is not part of what is measured
            template = route_template(self.routes, scope)
            state.requests[f"{incoming.method} {template or '(unmatched)'}"] += 1
            state.request_log.append(_log_entry(incoming, scope))

        receive = _replay(body, receive)
        if incoming.product != "crm":
            await self._dispatch(incoming, scope, receive, send, control=control)
            return
        state.crm_in_flight += 1
        try:
            if state.crm_in_flight > state.config.crm_concurrency_limit:
                error = crm_errors.too_many_requests(state.config.crm_concurrency_limit)
                await error.response()(scope, receive, send)
                return
            await self._dispatch(incoming, scope, receive, send, control=control)
        finally:
            state.crm_in_flight -= 1

    async def _dispatch(
        self, incoming: _Incoming, scope: Scope, receive: Receive, send: Send, *, control: bool
    ) -> None:
        fault = None if control else self.state.take_fault(incoming.method, incoming.path)
        if fault is not None and await self._apply_fault(fault, incoming, scope, receive, send):
            return
        if incoming.product in ("crm", "books"):
            refusal = self._authenticate(incoming.headers.get("authorization"), incoming.product)
            if refusal is not None:
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)

    async def _apply_fault(
        self, fault: Fault, incoming: _Incoming, scope: Scope, receive: Receive, send: Send
    ) -> bool:
        """Apply a fault; True when it answered (or dropped) the request itself."""
        if fault.delay_ms:
            await asyncio.sleep(fault.delay_ms / 1000)
        if fault.expire_tokens:
            self.state.accounts.expire_access_tokens()
        if fault.drop:
            _drop_connection(send)
            return True
        if fault.status is None:
            return False
        answer: Response
        if fault.status in (204, 304):
            answer = Response(status_code=fault.status, headers=fault.headers)
        else:
            body = fault.body if fault.body is not None else responses.fault_body(incoming.path, fault.status)
            answer = JSONResponse(body, fault.status, headers=fault.headers)
        await answer(scope, receive, send)
        return True

    def _authenticate(self, authorization: str | None, product: str) -> Response | None:
        """None when the token is good, else the 401 answer Zoho gives."""
        scheme, _, token = (authorization or "").strip().partition(" ")
        token = token.strip()
        if scheme.lower() != AUTH_SCHEME or not token:
            return _unauthorized(product, missing=True)
        if self.state.accounts.check(token) is not TokenCheck.VALID:
            return _unauthorized(product, missing=False)
        return None


def _unauthorized(product: str, *, missing: bool) -> Response:
    if product == "books":
        return JSONResponse(responses.BOOKS_UNAUTHORIZED, 401)
    error = crm_errors.authentication_failure() if missing else crm_errors.invalid_token()
    return error.response()


def _is_path_trick(path: str, raw_path: bytes | None) -> bool:
    segments = path.split("/")
    if any(segment in (".", "..") for segment in segments) or "\\" in path:
        return True
    # Decoded control characters (%00, %0A...) name no Zoho resource; Starlette's "$" would also
    # let a trailing newline match a route ("/oauth/v2/token\n").
    if any(ord(char) < 0x20 or ord(char) == 0x7F for char in path):
        return True
    raw = (raw_path or b"").lower()
    return b"%2f" in raw or b"%5c" in raw or b"%2e%2e" in raw


async def _read_body(receive: Receive, headers: dict[str, str], limit: int) -> bytes | None:
    """The whole request body, or None when it is over ``limit`` (checked before reading when declared)."""
    declared = headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        return None
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def _replay(body: bytes, original: Receive) -> Receive:
    """Hand the buffered body to the app, then pass on what the server sends (a disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return await original()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return receive


def _log_entry(incoming: _Incoming, scope: Scope) -> dict[str, Any]:
    shown = {k: (REDACTED if k == "authorization" else v) for k, v in incoming.headers.items()}
    entry: dict[str, Any] = {
        "method": incoming.method,
        "path": incoming.path,
        "query": scope.get("query_string", b"").decode("latin-1"),
        "headers": shown,
        "body_size": len(incoming.body),
        "json": None,
    }
    if incoming.body and "json" in incoming.headers.get("content-type", ""):
        try:
            entry["json"] = strict_json.loads(incoming.body)
        except (ValueError, RecursionError):  # the API answers malformed JSON; the log shrugs
            entry["json"] = None
    return entry


def _drop_connection(send: Send) -> None:
    """Cut the TCP connection without an answer, as a failing proxy would.

    uvicorn's ``send`` is a method of its request cycle, which owns the transport: aborting it
    and marking the cycle disconnected stops uvicorn from answering 500 for us. In-process
    (httpx.ASGITransport) there is no socket, so the client gets an exception instead.
    """
    cycle = getattr(send, "__self__", None)
    transport = getattr(cycle, "transport", None)
    if cycle is None or transport is None:
        raise ConnectionDroppedError("connection dropped by an injected fault")
    cycle.disconnected = True
    transport.abort()
