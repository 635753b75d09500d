"""What the sandbox's edge refuses before any API sees a request: path tricks, huge bodies,
unknown paths and methods, and CRM concurrency above the limit."""

from __future__ import annotations

import asyncio
import json
import socket
from collections.abc import Iterator

import httpx
import pytest

from connector.sandbox.config import SandboxConfig
from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP, error_code, zoho_client

LEAD_ID = "5725767000101000001"


@pytest.fixture
def crm(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with zoho_client(sandbox) as client:
        yield client


def raw_get(server: SandboxServer, target: str) -> tuple[int, dict[str, object]]:
    """GET with the request target exactly as given (httpx would normalise dot segments)."""
    token = server.connection["token"]["access_token"]
    request = (
        f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Zoho-oauthtoken {token}\r\n"
        "Connection: close\r\n\r\n"
    )
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        sock.sendall(request.encode())
        raw = b""
        while chunk := sock.recv(65536):
            raw += chunk
    head, _, body = raw.partition(b"\r\n\r\n")
    return int(head.split()[1]), json.loads(body)


@pytest.mark.parametrize(
    "target",
    [
        "/crm/v8/Leads/../settings/modules",
        "/crm/v8/Leads/%2e%2e/x",
        "/crm/v8/Leads%2F..%2Fsettings",
        "/crm/v8/./Leads",
        "/crm/v8/Leads/%5c..",
        "/books/v3/../crm/v8/Leads",
    ],
)
def test_path_tricks_are_refused(sandbox: SandboxServer, target: str) -> None:
    status, body = raw_get(sandbox, target)
    assert status == 404
    assert body.get("code") in ("INVALID_URL_PATTERN", 5)


def test_unknown_paths_and_methods(crm: httpx.Client) -> None:
    unknown = crm.get("/crm/v8/Leads/1/2/3/4")
    assert (unknown.status_code, error_code(unknown)) == (404, "INVALID_URL_PATTERN")
    other_version = crm.get("/crm/v2/Leads")
    assert other_version.status_code == 404
    wrong_method = crm.patch(f"/crm/v8/Leads/{LEAD_ID}")
    assert (wrong_method.status_code, error_code(wrong_method)) == (405, "INVALID_REQUEST_METHOD")
    books = crm.get("/books/v3/nothing/here/at/all")
    assert books.status_code in (400, 404) and books.json()["code"] != 0


def test_huge_bodies_are_413() -> None:
    with SandboxServer(config=SandboxConfig(max_body_bytes=1000)) as server, zoho_client(server) as crm:
        declared = crm.post("/crm/v8/Leads", json={"data": [{"Last_Name": "x" * 2000}]})
        assert (declared.status_code, error_code(declared)) == (413, "BODY_SIZE_REACHED")

        def chunks() -> Iterator[bytes]:  # no Content-Length: the cap applies while reading
            yield b'{"data": [{"Last_Name": "'
            for _ in range(10):
                yield b"y" * 200
            yield b'"}]}'

        streamed = crm.post("/crm/v8/Leads", content=chunks(), headers={"Content-Type": "application/json"})
        assert (streamed.status_code, error_code(streamed)) == (413, "BODY_SIZE_REACHED")
        books = crm.post("/books/v3/contacts", content=b"x" * 2000)
        assert books.status_code == 413 and books.json()["code"] != 0
        assert server.state.crm.counts()["Leads"] == 120


def test_concurrency_above_the_limit_is_429() -> None:
    config = SandboxConfig(crm_concurrency_limit=2)
    with SandboxServer(config=config) as server:
        HTTP.post(
            f"{server.url}/__sandbox__/faults",
            json={"route": "GET /crm/v8/Leads/*", "delay_ms": 800, "times": None},
        ).raise_for_status()
        token = server.connection["token"]["access_token"]

        async def burst() -> list[httpx.Response]:
            async with httpx.AsyncClient(
                base_url=server.url, verify=False, headers={"Authorization": f"Zoho-oauthtoken {token}"}
            ) as client:
                return await asyncio.gather(*(client.get(f"/crm/v8/Leads/{LEAD_ID}") for _ in range(5)))

        answers = asyncio.run(burst())
    statuses = sorted(a.status_code for a in answers)
    assert statuses == [200, 200, 429, 429, 429]
    refused = next(a for a in answers if a.status_code == 429)
    assert refused.json() == {
        "code": "TOO_MANY_REQUESTS",
        "details": {"limit": 2},
        "message": "Too many requests",
        "status": "error",
    }


def test_no_500_for_odd_inputs(crm: httpx.Client) -> None:
    odd = [
        crm.get("/crm/v8/Leads", params={"fields": "Last_Name", "per_page": "9" * 40}),
        crm.get("/crm/v8/Leads", params={"fields": "Last_Name", "page": "-1"}),
        crm.get(f"/crm/v8/Leads/{'9' * 40}"),
        crm.put("/crm/v8/Leads", content=b"\xff\xfe", headers={"Content-Type": "application/json"}),
        crm.post("/crm/v8/Leads", json={"data": [{"Last_Name": "A", "Owner": [1]}]}),
        crm.post("/crm/v8/Leads", content=b'{"data": [{"Last_Name": "A", "Annual_Revenue": 1e999}]}'),
        crm.post("/crm/v8/Leads", content=b'{"data": [{"Last_Name": "A", "Annual_Revenue": NaN}]}'),
        crm.get("/crm/v8/Leads", params={"fields": "Last_Name", "ids": "abc"}),
        crm.post("/crm/v8/Leads", content=b'{"data": [' * 5000, headers={"Content-Type": "application/json"}),
    ]
    assert all(400 <= a.status_code < 500 for a in odd), [
        (a.status_code, a.text[:60]) for a in odd if a.status_code >= 500
    ]
