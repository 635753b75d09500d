"""debugRequest shows the whole exchange behind one call: the rejected attempt and the token refresh."""

from __future__ import annotations

import json
import logging
from typing import Any

import httpx
import pytest

import connector
from connector.sandbox.server import SandboxServer


def test_debug_log_shows_the_401_and_the_refresh_with_secrets_masked(
        sandbox: SandboxServer, caplog: pytest.LogCaptureFixture) -> None:
    connection = sandbox.connection
    # The document still believes its token is valid; the server has expired it, so Zoho answers 401.
    httpx.post(f"{sandbox.url}/__sandbox__/faults",
               json={"route": "GET /crm/v8/*", "expire_tokens": True}).raise_for_status()
    runtime = connector.Runtime(token_store=connector.MemoryTokenStore())
    with caplog.at_level(logging.DEBUG, logger="connector"), runtime:
        connector.load_component().invoke(
            "crmGetRecords",
            {"recordType": "Leads", "fields": "Last_Name", "per_page": 1, "debugRequest": True},
            connection=connection, runtime=runtime)

    records: list[dict[str, Any]] = []
    for message in caplog.messages:
        _, _, payload = message.partition(" {")
        if payload:
            records.append(json.loads("{" + payload))
    seen = [(r["type"], r["service"], r.get("status")) for r in records]
    assert seen == [("request", "crm", None), ("response", "crm", 401),
                    ("request", "accounts", None), ("response", "accounts", 200),
                    ("request", "crm", None), ("response", "crm", 200)]
    text = "\n".join(caplog.messages)
    for secret in (connection["fields"]["clientSecret"], connection["token"]["refresh_token"],
                   connection["token"]["access_token"]):
        assert secret not in text
    assert "client_secret=[REDACTED]" in text
