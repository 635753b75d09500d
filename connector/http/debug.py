"""``debugRequest`` logging: every attempt's request and response (or failure), redacted.

One log record per request and per response, each a JSON object, on the ``connector`` logger at
INFO (the CLI sends it to stderr). Unlike the original, error responses and network failures are
logged too, and credentials never are (see :mod:`connector.http.redact`).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

import httpx

from connector.http.redact import mask_secrets, redact_headers, redact_json, redact_query, redact_url

DEBUG_LOG_LEVEL = logging.INFO
MAX_LOGGED_BODY = 10 * 1024
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/x-www-form-urlencoded",
               "application/javascript", "+json", "+xml")


def describe_body(content: bytes, content_type: str | None) -> Any:
    """What to log for a body: parsed and redacted JSON, redacted form data, text, or a size marker."""
    if not content:
        return None
    kind = (content_type or "").lower()
    if len(content) > MAX_LOGGED_BODY:
        return f"<body: {len(content)} bytes>"
    if kind and not any(marker in kind for marker in _TEXT_TYPES):
        return f"<binary body: {len(content)} bytes>"
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return f"<binary body: {len(content)} bytes>"
    if "json" in kind or (not kind and text.lstrip()[:1] in ("{", "[")):
        try:
            return redact_json(json.loads(text))
        except ValueError:
            return text
    if "x-www-form-urlencoded" in kind:
        return redact_query(text)
    return text


def _request_body(request: httpx.Request) -> Any:
    try:
        content = request.content
    except httpx.RequestNotRead:
        return "<streamed body>"
    return describe_body(content, request.headers.get("content-type"))


def request_record(request: httpx.Request, *, service: str, attempt: int) -> dict[str, Any]:
    return {
        "type": "request",
        "service": service,
        "attempt": attempt,
        "method": request.method,
        "url": redact_url(str(request.url)),
        "headers": redact_headers(request.headers.multi_items()),
        "body": _request_body(request),
    }


def response_record(response: httpx.Response, *, service: str, attempt: int,
                    elapsed_s: float) -> dict[str, Any]:
    return {
        "type": "response",
        "service": service,
        "attempt": attempt,
        "status": response.status_code,
        "reason": response.reason_phrase,
        "elapsed_ms": round(elapsed_s * 1000, 1),
        "headers": redact_headers(response.headers.multi_items()),
        "body": describe_body(response.content, response.headers.get("content-type")),
    }


def failure_record(exc: BaseException, *, service: str, attempt: int, elapsed_s: float) -> dict[str, Any]:
    return {
        "type": "failure",
        "service": service,
        "attempt": attempt,
        "error": type(exc).__name__,
        "message": str(exc),
        "elapsed_ms": round(elapsed_s * 1000, 1),
    }


def emit(logger: logging.Logger, record: dict[str, Any], secrets: Iterable[str | None]) -> None:
    """Log one record as JSON, with every secret value masked in the final text."""
    if not logger.isEnabledFor(DEBUG_LOG_LEVEL):
        return
    text = json.dumps(record, ensure_ascii=False, default=str)
    logger.log(DEBUG_LOG_LEVEL, "http %s %s", record["type"], mask_secrets(text, secrets))
