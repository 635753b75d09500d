"""The sans-IO protocol between action handlers and the HTTP drivers.

A handler is a generator function: it *yields* :class:`Send` objects (a prepared ``httpx.Request``
plus how to send it) and receives the ``httpx.Response`` back, then *returns* the action output.
The same handler therefore runs under the sync driver (``Component.invoke``) and the async driver
(``Component.ainvoke``) with no duplicated logic::

    def get_record(call: Call) -> Flow:
        response = yield from call.crm("GET", f"/{seg(module)}/{seg(record_id)}")
        return {"data": response.json()}

Drivers (:mod:`connector.runtime.driver`) apply authentication, retries, timeouts, debug logging
and Zoho error mapping; handlers only build requests and shape outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

ResponseType = Literal["json", "text", "binary"]
Service = Literal["crm", "books", "accounts"]


@dataclass(frozen=True)
class RetryPolicy:
    """When and how to retry one request.

    By default only network errors, 429 and 5xx are retried, and only for idempotent methods;
    ``retry_all_errors`` retries any failure of any method. ``Retry-After`` always wins over the
    computed delay; no retry starts once ``max_total_s`` would be exceeded.
    """

    max_retries: int = 2
    delay_ms: int = 0
    exponential: bool = True
    retry_all_errors: bool = False
    max_total_s: float = 60.0
    # Base delay used for exponential backoff when ``delay_ms`` is 0, so that "backoff" never means
    # "hammer the server"; jitter is added on top.
    min_backoff_ms: int = 250


NO_RETRY = RetryPolicy(max_retries=0)


@dataclass
class Send:
    """One request a handler wants sent, and how."""

    request: httpx.Request
    service: Service
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    timeout: float | None = 30.0
    response_type: ResponseType = "json"
    # Statuses (>= 300) handed back to the handler instead of raised as ApiError (e.g. 304).
    pass_statuses: frozenset[int] = frozenset()
    # Whether the driver attaches the connection's Authorization header.
    authenticate: bool = True
    # Whether repeating the request is safe; None means "as its method says". COQL is a read sent as POST.
    idempotent: bool | None = None


Flow = Generator[Send, httpx.Response, Any]
Handler = Callable[["Any"], Flow]
