"""Reading a Books request body: JSON, or the legacy form field ``JSONString``.

Books takes ``application/json`` bodies (its OpenAPI documents) and historically a form field
``JSONString=<json>`` (research/zoho-api.md section 6.6). Anything that is not a JSON object of a
sane size becomes a Books error envelope, never an exception.
"""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qs

from starlette.requests import Request

from connector.sandbox.books_errors import BooksError, body_too_large, invalid_json_string

MAX_BODY_BYTES = 1_048_576
FORM_TYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


async def read_json_object(request: Request) -> dict[str, Any]:
    """The request's JSON object; an empty body reads as ``{}``."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "multipart/form-data":
        text = await _multipart_json_string(request)
    else:
        raw = await _read_capped(request)
        is_form = content_type == "application/x-www-form-urlencoded"
        text = _form_json_string(raw) if is_form else _decode(raw)
    if text is None or not text.strip():
        text = request.query_params.get("JSONString", "")
    if not text.strip():
        return {}
    return parse_json_object(text)


def parse_json_object(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError):
        raise invalid_json_string() from None
    if not isinstance(value, dict):
        raise invalid_json_string()
    return value


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


async def _read_capped(request: Request) -> bytes:
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise body_too_large(MAX_BODY_BYTES)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise body_too_large(MAX_BODY_BYTES)
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise invalid_json_string() from None


def _form_json_string(raw: bytes) -> str | None:
    try:
        fields = parse_qs(_decode(raw), keep_blank_values=True, max_num_fields=100)
    except ValueError:
        raise invalid_json_string() from None
    values = fields.get("JSONString")
    return values[0] if values else None


async def _multipart_json_string(request: Request) -> str | None:
    declared = request.headers.get("content-length", "")
    if not declared.isdigit():
        raise BooksError(411, 4, "A multipart request needs a Content-Length header.")
    if int(declared) > MAX_BODY_BYTES:
        raise body_too_large(MAX_BODY_BYTES)
    try:
        form = await request.form(max_files=0, max_fields=100)
    except Exception:  # python-multipart reports malformed bodies with several exception types
        raise invalid_json_string() from None
    value = form.get("JSONString")
    return value if isinstance(value, str) else None
