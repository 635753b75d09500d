"""Zoho error responses -> :class:`connector.ApiError`.

CRM answers request-level errors with a bare ``{"code", "message", "status", "details"}`` object
and record-level errors inside ``{"data": [items]}``; Books with ``{"code": <non-zero int>,
"message"}``; the Accounts server with OAuth's ``{"error": ...}``. Anything else (HTML from a
proxy, an empty 502) still becomes an ApiError with the HTTP status.
"""

from __future__ import annotations

import json
from typing import Any

import httpx

from connector.errors import ApiError

SERVICE_LABELS = {"crm": "Zoho CRM", "books": "Zoho Books", "accounts": "Zoho Accounts"}
MAX_TEXT_SNIPPET = 200

HINTS: dict[str, str] = {
    "INVALID_MODULE": "Check the module's API name (for example Leads, Contacts, Price_Books)",
    "INVALID_URL_PATTERN": "Check the URL path; it is relative to the CRM base URL (/crm/v8)",
    "OAUTH_SCOPE_MISMATCH": "The connection's scopes do not cover this request; add the scope and "
                            "re-authorize the connection",
    "NO_PERMISSION": "The Zoho user of this connection lacks the permission named in the details",
    "DISCRETE_PAGINATION_LIMIT_EXCEEDED": "Only the first 2000 records can be read by page number; "
                                          "use fetch all or page tokens",
    "PAGINATION_LIMIT_EXCEEDED": "Zoho returns at most 100000 records through page tokens",
    "REQUIRED_PARAM_MISSING": "Add the missing parameter named in the details",
    "MANDATORY_NOT_FOUND": "A mandatory field is missing from the record",
    "INVALID_TOKEN": "The access token was rejected even after a refresh; re-authorize the connection",
    "AUTHENTICATION_FAILURE": "The access token was rejected; re-authorize the connection",
    "TOO_MANY_REQUESTS": "Zoho's API limit was reached; retry later or lower the concurrency",
    "57": "The connection is not authorized for this operation; check its Books scopes",
    "1002": "The Books record does not exist in this organization",
    "6024": "This Zoho user belongs to several Books organizations; set organizationId on the connection "
            "or the action",
    "6041": "The organization ID is not one of this Zoho user's Books organizations",
}


def _json_body(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _first_error_item(body: dict[str, Any]) -> dict[str, Any] | None:
    """The first failed item of a CRM ``{"data": [...]}`` write response."""
    items = body.get("data")
    if not isinstance(items, list):
        return None
    dict_items = [item for item in items if isinstance(item, dict)]
    for item in dict_items:
        if str(item.get("status", "")).lower() == "error":
            return item
    return dict_items[0] if dict_items else None


def _field_from(details: Any) -> str | None:
    if not isinstance(details, dict):
        return None
    for key in ("api_name", "param_name"):
        value = details.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _describe(body: Any) -> tuple[str | None, str | None, str | None]:
    """(code, message, field) from any Zoho error body shape."""
    if not isinstance(body, dict):
        return None, None, None
    error = _first_error_item(body) if "code" not in body else body
    if error is None:
        error = body
    if "code" in error:
        code = str(error["code"])
        message = error.get("message")
        return code, str(message) if message is not None else None, _field_from(error.get("details"))
    if isinstance(error.get("error"), str):  # OAuth error from the Accounts server
        description = error.get("error_description")
        return error["error"], str(description) if description else None, None
    return None, None, None


def _text_snippet(response: httpx.Response) -> str | None:
    content_type = response.headers.get("content-type", "")
    if not response.content or not content_type.startswith("text/"):
        return None
    text = " ".join(response.text.split())
    return text[:MAX_TEXT_SNIPPET] + ("..." if len(text) > MAX_TEXT_SNIPPET else "")


def api_error_from_response(service: str, response: httpx.Response) -> ApiError:
    """The ApiError for a Zoho error response (status >= 300), with Zoho's code, message, field."""
    label = SERVICE_LABELS.get(service, f"Zoho {service}")
    status = response.status_code
    body = _json_body(response)
    code, message, field = _describe(body)
    if body is None and response.content:
        body = response.text

    text = f"{label} returned HTTP {status}"
    if code:
        text += f" {code}"
    if message:
        text += f": {message}"
    elif body is None:
        text += " with no body"
    else:
        snippet = _text_snippet(response)
        if snippet:
            text += f": {snippet}"
    if field:
        text += f" (field: {field})"
    hint = HINTS.get(code or "")
    if hint:
        text += f". {hint}"
    headers = {name: value for name, value in response.headers.items() if name.lower() != "set-cookie"}
    return ApiError(text, status=status, code=code, body=body, field=field, headers=headers)
