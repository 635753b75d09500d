"""Talking to a sandbox in tests: an httpx client whose every Zoho answer is checked against the
OpenAPI documents (tests/support/oas.py), so conformance is asserted on the way."""

from __future__ import annotations

import json
from typing import Any

import httpx

from connector.sandbox.server import SandboxServer
from tests.support.oas import books_specs, crm_specs, validate_books_response, validate_crm_response

# One plain client for control calls and raw requests: building an httpx client with certificate
# verification costs ~0.1 s, too much per call; the sandbox is plain HTTP anyway.
HTTP = httpx.Client(verify=False, timeout=30)

# CRM paths the v8 JSON documents do not describe (the org API file is not in the snapshot).
UNDOCUMENTED_CRM = ("/crm/v8/org",)


def body_of(response: httpx.Response) -> Any:
    if not response.content:
        return None
    try:
        return response.json()
    except json.JSONDecodeError:
        return response.content


def check_conformance(response: httpx.Response) -> None:
    """Validate a CRM or Books answer against the OpenAPI documents where they describe it."""
    request = response.request
    path = request.url.path
    method = request.method
    content_type = response.headers.get("content-type", "")
    if response.content and "json" not in content_type:
        return  # attachment downloads: raw bytes
    if path.startswith("/crm/v8/") and path not in UNDOCUMENTED_CRM:
        if crm_specs().has_operation(method, path):
            validate_crm_response(method, path, response.status_code, body_of(response))
    elif path.startswith("/books/v3/") and books_specs().has_operation(method, path):
        validate_books_response(method, path, response.status_code, body_of(response))


def zoho_client(server: SandboxServer, token: str | None = None, *, auth: bool = True) -> httpx.Client:
    """A client for the sandbox's Zoho APIs with the seeded access token and conformance checks."""
    headers = {}
    if auth:
        headers["Authorization"] = f"Zoho-oauthtoken {token or server.connection['token']['access_token']}"
    return httpx.Client(
        base_url=server.url,
        headers=headers,
        timeout=30,
        verify=False,
        event_hooks={"response": [_read_and_check]},
    )


def _read_and_check(response: httpx.Response) -> None:
    response.read()
    check_conformance(response)


def error_code(response: httpx.Response) -> str:
    body = response.json()
    assert body["status"] == "error", body
    code: str = body["code"]
    return code
