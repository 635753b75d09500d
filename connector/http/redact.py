"""Masking of credentials in anything the connector logs.

Two layers: by *name* (headers, query parameters and body keys known to carry credentials) and by
*value* (every secret of the session is masked wherever it appears in the final text), so a token
that ends up somewhere unexpected (an echoed error body, a user-supplied header) is still hidden.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus, unquote_plus

REDACTED = "[REDACTED]"

SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
SECRET_KEYS = frozenset({"access_token", "refresh_token", "client_secret", "code", "token"})
# In JSON bodies "code" is Zoho's status code ("SUCCESS", 0, "INVALID_DATA"), needed to debug; OAuth
# authorization codes only travel in queries and form bodies.
SECRET_JSON_KEYS = SECRET_KEYS - {"code"}


def redact_headers(headers: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Headers as a dict (repeated names joined), credential-bearing values replaced."""
    result: dict[str, str] = {}
    for name, value in headers:
        shown = REDACTED if name.lower() in SECRET_HEADERS else value
        result[name] = f"{result[name]}, {shown}" if name in result else shown
    return result


def redact_query(query: str) -> str:
    """An ``a=1&b=2`` string (URL query or form body) with credential parameters masked."""
    if not query:
        return query
    parts = []
    for pair in query.split("&"):
        key, sep, _ = pair.partition("=")
        parts.append(f"{key}={REDACTED}" if sep and unquote_plus(key).lower() in SECRET_KEYS else pair)
    return "&".join(parts)


def redact_url(url: str) -> str:
    base, sep, query = url.partition("?")
    return f"{base}?{redact_query(query)}" if sep else url


def redact_json(value: Any) -> Any:
    """A JSON value with every member named like a credential (but ``code``) masked, at any depth."""
    if isinstance(value, dict):
        return {
            key: REDACTED if isinstance(key, str) and key.lower() in SECRET_JSON_KEYS else redact_json(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [redact_json(item) for item in value]
    return value


def mask_secrets(text: str, secrets: Iterable[str | None]) -> str:
    """Replace every occurrence of each secret (raw, percent-encoded or form-encoded) in ``text``."""
    for secret in secrets:
        if not secret:
            continue
        for form in dict.fromkeys((secret, quote(secret, safe=""), quote_plus(secret, safe=""))):
            text = text.replace(form, REDACTED)
    return text
