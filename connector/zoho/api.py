"""Building Zoho CRM and Books requests for handlers.

Handlers never format URLs by hand: every path segment that comes from an input goes through
:func:`segment`, and every request goes through :func:`crm_send` or :func:`books_send`, which
yield one :class:`~connector.runtime.flow.Send` carrying the call's retry policy and timeout.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import httpx

from connector.errors import InputError
from connector.runtime.call import Call
from connector.runtime.flow import Flow, ResponseType, Send, Service
from connector.zoho.organizations import resolve_organization_id

# A multipart part: (file name, content, content type), as httpx takes it.
FilePart = tuple[str, bytes, str]
ParamValue = str | int | float | bool | None
Params = Mapping[str, ParamValue]


def segment(value: str, *, input_name: str) -> str:
    """URL-encode one path segment taken from input ``input_name``.

    Rejects values that would change which resource the path names: empty, ``.``, ``..`` or
    anything holding a ``/`` (even when it would be encoded, proxies may decode it).
    """
    text = value.strip() if isinstance(value, str) else ""
    if not text:
        raise InputError("must not be empty", input=input_name)
    if text in {".", ".."} or "/" in text or "\\" in text:
        raise InputError(f"{text!r} is not a single path segment", input=input_name)
    return quote(text, safe="")


def query_params(params: Params | None) -> dict[str, str]:
    """Drop unset values and render the rest as Zoho expects (booleans lower-case)."""
    rendered: dict[str, str] = {}
    for key, value in (params or {}).items():
        if value is None or value == "":
            continue
        rendered[key] = str(value).lower() if isinstance(value, bool) else str(value)
    return rendered


def build_send(call: Call, service: Service, method: str, url: str, *, params: Params | None = None,
               json: Any = None, files: Mapping[str, FilePart] | None = None,
               headers: Mapping[str, str] | None = None, pass_statuses: frozenset[int] = frozenset(),
               response_type: ResponseType = "json", idempotent: bool | None = None) -> Send:
    """One prepared request, with the call's retry policy and timeout."""
    all_headers = {"Accept": "application/json"} if response_type == "json" else {}
    all_headers.update(headers or {})
    request = httpx.Request(method, url, params=query_params(params), json=json,
                            files=dict(files) if files else None, headers=all_headers)
    # Multipart bodies are streams; reading them once makes retries and debug logs see the same bytes.
    request.read()
    return Send(request=request, service=service, retry=call.retry, timeout=call.timeout,
                response_type=response_type, pass_statuses=pass_statuses, idempotent=idempotent)


def crm_send(call: Call, method: str, path: str, *, params: Params | None = None, json: Any = None,
             files: Mapping[str, FilePart] | None = None, headers: Mapping[str, str] | None = None,
             pass_statuses: frozenset[int] = frozenset(), response_type: ResponseType = "json",
             idempotent: bool | None = None) -> Flow:
    """Send one request to ``{crm_base}{path}`` and return the response."""
    send = build_send(call, "crm", method, f"{call.session.crm_base}{path}", params=params, json=json,
                      files=files, headers=headers, pass_statuses=pass_statuses,
                      response_type=response_type, idempotent=idempotent)
    response: httpx.Response = yield send
    return response


def books_send(call: Call, method: str, path: str, *, params: Params | None = None, json: Any = None,
               files: Mapping[str, FilePart] | None = None, headers: Mapping[str, str] | None = None,
               pass_statuses: frozenset[int] = frozenset(), response_type: ResponseType = "json",
               organization_id: str | None = None) -> Flow:
    """Send one request to ``{books_base}{path}`` with the Books ``organization_id``.

    ``organization_id`` overrides the resolved one (used for a legacy ``organization_id``
    search field); otherwise it is resolved, and discovered once per session if need be.
    """
    org = organization_id or (yield from resolve_organization_id(call))
    merged: dict[str, ParamValue] = {**(params or {}), "organization_id": org}
    send = build_send(call, "books", method, f"{call.session.books_base}{path}", params=merged,
                      json=json, files=files, headers=headers, pass_statuses=pass_statuses,
                      response_type=response_type)
    response: httpx.Response = yield send
    return response


def json_body(response: httpx.Response) -> Any:
    """The parsed body, or ``None`` for an empty one (204, 304)."""
    if response.status_code in {204, 304} or not response.content:
        return None
    return response.json()
