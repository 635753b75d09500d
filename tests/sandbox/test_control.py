"""The control API: stats, faults, reset, seed and the request log."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from connector.sandbox.server import SandboxServer
from tests.support.oas import validate_crm_request
from tests.support.zoho import HTTP, error_code, zoho_client

LEAD_ID = "5725767000101000001"


@pytest.fixture
def crm(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with zoho_client(sandbox) as client:
        yield client


def control(server: SandboxServer, name: str, payload: Any = None) -> httpx.Response:
    if payload is None and name == "stats":
        return HTTP.get(f"{server.url}/__sandbox__/stats")
    return HTTP.post(f"{server.url}/__sandbox__/{name}", json=payload)


def test_stats_count_requests_per_route_template(sandbox: SandboxServer, crm: httpx.Client) -> None:
    crm.get("/crm/v8/Leads", params={"fields": "Last_Name"})
    crm.get("/crm/v8/Contacts", params={"fields": "Last_Name"})
    crm.get(f"/crm/v8/Leads/{LEAD_ID}")
    crm.get("/crm/v8/no/such/path/here")
    stats = control(sandbox, "stats").json()
    assert stats["requests"] == {
        "GET /crm/v8/{module}": 2,
        "GET /crm/v8/{module}/{record_id}": 1,
        "GET (unmatched)": 1,
    }
    assert stats["token_grants"] == {"refresh_token": 0, "authorization_code": 0}
    assert stats["records"]["crm"]["Leads"] == 120
    assert stats["records"]["books"]["contacts"] > 0


def test_fault_answers_a_status_a_number_of_times(sandbox: SandboxServer, crm: httpx.Client) -> None:
    added = control(
        sandbox,
        "faults",
        {"route": "GET /crm/v8/Leads*", "status": 503, "times": 2, "headers": {"Retry-After": "1"}},
    )
    assert added.status_code == 201
    for _ in range(2):
        failed = crm.get(f"/crm/v8/Leads/{LEAD_ID}")
        assert failed.status_code == 503 and failed.headers["Retry-After"] == "1"
        assert error_code(failed) == "SERVICE_UNAVAILABLE"
    assert crm.get(f"/crm/v8/Leads/{LEAD_ID}").status_code == 200
    assert crm.get("/crm/v8/Contacts", params={"fields": "Last_Name"}).status_code == 200


def test_fault_with_a_custom_body_and_until_reset(sandbox: SandboxServer, crm: httpx.Client) -> None:
    body = {
        "code": "INTERNAL_ERROR",
        "details": {},
        "message": "Internal server error occurred.",
        "status": "error",
    }
    control(sandbox, "faults", {"route": "POST /crm/v8/*", "status": 500, "times": None, "body": body})
    for _ in range(3):
        answer = crm.post("/crm/v8/Leads", json={"data": [{"Last_Name": "X"}]})
        assert (answer.status_code, answer.json()) == (500, body)
    assert HTTP.get(f"{sandbox.url}/__sandbox__/faults").json()["faults"][0]["times"] is None
    control(sandbox, "reset")
    assert crm.post("/crm/v8/Leads", json={"data": [{"Last_Name": "X"}]}).status_code == 201


def test_fault_delay(sandbox: SandboxServer, crm: httpx.Client) -> None:
    control(sandbox, "faults", {"route": "GET /crm/v8/Leads/*", "delay_ms": 300})
    started = time.perf_counter()
    assert crm.get(f"/crm/v8/Leads/{LEAD_ID}").status_code == 200
    assert time.perf_counter() - started >= 0.3


def test_fault_drops_the_connection(sandbox: SandboxServer, crm: httpx.Client) -> None:
    control(sandbox, "faults", {"route": "GET /crm/v8/*", "drop": True})
    with pytest.raises(httpx.RemoteProtocolError):
        crm.get(f"/crm/v8/Leads/{LEAD_ID}")
    assert crm.get(f"/crm/v8/Leads/{LEAD_ID}").status_code == 200


def test_fault_expires_tokens(sandbox: SandboxServer, crm: httpx.Client) -> None:
    control(sandbox, "faults", {"route": "GET /crm/v8/*", "expire_tokens": True})
    answer = crm.get(f"/crm/v8/Leads/{LEAD_ID}")
    assert (answer.status_code, error_code(answer)) == (401, "INVALID_TOKEN")
    fields = sandbox.connection["fields"]
    fresh = HTTP.post(
        fields["tokenUrl"],
        data={
            "grant_type": "refresh_token",
            "client_id": fields["clientId"],
            "client_secret": fields["clientSecret"],
            "refresh_token": sandbox.connection["token"]["refresh_token"],
        },
    ).json()["access_token"]
    with zoho_client(sandbox, fresh) as client:
        assert client.get(f"/crm/v8/Leads/{LEAD_ID}").status_code == 200
    assert control(sandbox, "stats").json()["token_grants"]["refresh_token"] == 1


def test_fault_on_books_and_token_endpoint(sandbox: SandboxServer) -> None:
    control(sandbox, "faults", {"route": "POST /oauth/v2/token", "status": 500})
    assert HTTP.post(sandbox.connection["fields"]["tokenUrl"], data={}).status_code == 500
    control(sandbox, "faults", {"route": "GET /books/v3/*", "status": 429})
    token = sandbox.connection["token"]["access_token"]
    answer = HTTP.get(
        f"{sandbox.url}/books/v3/organizations", headers={"Authorization": f"Zoho-oauthtoken {token}"}
    )
    assert answer.status_code == 429 and answer.json()["code"] != 0


def test_times_zero_means_until_reset(sandbox: SandboxServer, crm: httpx.Client) -> None:
    fault = {"route": "GET /crm/v8/Leads*", "status": 503, "times": 0}
    assert control(sandbox, "faults", fault).status_code == 201
    statuses = [crm.get("/crm/v8/Leads", params={"fields": "Last_Name"}).status_code for _ in range(3)]
    assert statuses == [503, 503, 503]
    control(sandbox, "reset", {})
    assert crm.get("/crm/v8/Leads", params={"fields": "Last_Name"}).status_code == 200


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"route": "GET"},
        {"route": "GET /x", "status": 99},
        {"route": "GET /x", "status": "500"},
        {"route": "GET /x", "status": 500, "times": -1},
        {"route": "GET /x", "status": 500, "delay_ms": -1},
        {"route": "GET /x", "status": 500, "headers": {"A": 1}},
        {"route": "GET /x", "drop": "yes"},
        {"route": "GET /x"},
        [1, 2],
    ],
)
def test_invalid_faults_are_400(sandbox: SandboxServer, payload: Any) -> None:
    answer = control(sandbox, "faults", payload)
    assert answer.status_code == 400
    assert answer.json()["status"] == "error"
    assert HTTP.get(f"{sandbox.url}/__sandbox__/faults").json()["faults"] == []


def test_faults_can_be_listed_and_cleared(sandbox: SandboxServer) -> None:
    control(sandbox, "faults", {"route": "get /crm/*", "status": 500})
    listed = HTTP.get(f"{sandbox.url}/__sandbox__/faults").json()["faults"]
    assert [f["route"] for f in listed] == ["GET /crm/*"]
    assert HTTP.delete(f"{sandbox.url}/__sandbox__/faults").status_code == 200
    assert HTTP.get(f"{sandbox.url}/__sandbox__/faults").json()["faults"] == []


def test_reset_restores_seed_data_and_clears_counters(sandbox: SandboxServer, crm: httpx.Client) -> None:
    before = crm.get(f"/crm/v8/Leads/{LEAD_ID}").json()
    crm.delete(f"/crm/v8/Leads/{LEAD_ID}")
    control(sandbox, "seed", {"crm": {"Leads": 10, "Gadgets": 5}})
    assert control(sandbox, "reset").json() == {"status": "success"}
    stats = control(sandbox, "stats").json()
    assert stats["requests"] == {}
    assert "Gadgets" not in stats["records"]["crm"] and stats["records"]["crm"]["Leads"] == 120
    assert crm.get(f"/crm/v8/Leads/{LEAD_ID}").json() == before


def test_seed_adds_generated_records_and_custom_modules(sandbox: SandboxServer, crm: httpx.Client) -> None:
    answer = control(sandbox, "seed", {"crm": {"Leads": 30, "Gadgets": 3}, "books": {"contacts": 7}})
    assert answer.status_code == 200
    records = answer.json()["records"]
    assert records["crm"]["Leads"] == 150 and records["crm"]["Gadgets"] == 3
    gadgets = crm.get("/crm/v8/Gadgets", params={"fields": "Name,Email", "sort_order": "asc"}).json()["data"]
    assert [g["Name"] for g in gadgets] == ["Gadgets 1", "Gadgets 2", "Gadgets 3"]
    created = crm.post("/crm/v8/Gadgets", json={"data": [{"Email": "x@example.com"}]})
    assert created.json()["data"][0]["details"]["api_name"] == "Name"
    assert records["books"]["contacts"] == control(sandbox, "stats").json()["records"]["books"]["contacts"]


@pytest.mark.parametrize(
    "payload",
    [
        {"crm": {"Leads": -1}},
        {"crm": {"Leads": "5"}},
        {"crm": ["Leads"]},
        {"crm": {"../x": 1}},
        {"crm": {"Leads": 10**7}},
        {"books": {"nonsense": 3}},
        {"books": {"contacts": -1}},
        {"crm": {"Leads": 5}, "books": {"nonsense": 3}},
    ],
)
def test_invalid_seeds_are_400(sandbox: SandboxServer, payload: Any) -> None:
    assert control(sandbox, "seed", payload).status_code == 400
    assert control(sandbox, "stats").json()["records"]["crm"]["Leads"] == 120


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ({"books": {"nope": 3}}, "unknown books module 'nope' (known: bills, contactpersons, contacts"),
        ({"books": {"Contacts": 3}}, "unknown books module 'Contacts'"),
        ({"books": {"settings/nope": 1}}, "unknown books module 'settings/nope'"),
        ({"books": {"contacts": 2.5}}, "the count for books module 'contacts' must be an integer from 0 to"),
        ({"books": {"contacts": True}}, "the count for books module 'contacts' must be an integer"),
        ({"books": {"contacts": None}}, "the count for books module 'contacts' must be an integer"),
        ({"books": ["contacts"]}, '"books" must map module names to counts'),
        ({"crm": {"Le ads": 1}}, "unknown crm module 'Le ads'"),
        (
            {
                "crm": {
                    "Leads": 200_000,
                    "Contacts": 200_000,
                    "Deals": 200_000,
                    "Accounts": 200_000,
                    "Gadgets": 200_000,
                },
                "books": {"contacts": 1},
            },
            "at most 1000000 records per seed call",
        ),
    ],
)
def test_refused_seeds_say_why_and_change_nothing(sandbox: SandboxServer, payload: Any, message: str) -> None:
    before = control(sandbox, "stats").json()["records"]
    answer = control(sandbox, "seed", payload)
    assert answer.status_code == 400
    assert answer.json()["status"] == "error" and answer.json()["message"].startswith(message)
    assert control(sandbox, "stats").json()["records"] == before


def test_every_books_module_the_store_knows_can_be_seeded(sandbox: SandboxServer) -> None:
    before = control(sandbox, "stats").json()["records"]["books"]
    answer = control(sandbox, "seed", {"books": dict.fromkeys(before, 1)})
    assert answer.status_code == 200, answer.text
    after = answer.json()["records"]["books"]
    assert "settings/currencies" in after
    assert all(after[name] > before[name] for name in before)


def test_request_log_shows_what_clients_sent(sandbox: SandboxServer, crm: httpx.Client) -> None:
    crm.post("/crm/v8/Leads", json={"data": [{"Last_Name": "Logged"}]}, params={"x": "1"})
    crm.get(f"/crm/v8/Leads/{LEAD_ID}")
    entries = HTTP.get(f"{sandbox.url}/__sandbox__/requests", params={"limit": 2}).json()["requests"]
    assert [(e["method"], e["path"]) for e in entries] == [
        ("POST", "/crm/v8/Leads"),
        ("GET", f"/crm/v8/Leads/{LEAD_ID}"),
    ]
    assert entries[0]["json"] == {"data": [{"Last_Name": "Logged"}]} and entries[0]["query"] == "x=1"
    assert entries[0]["headers"]["authorization"] == "Zoho-oauthtoken [REDACTED]"
    assert entries[1]["json"] is None
    validate_crm_request(entries[0]["method"], entries[0]["path"], entries[0]["json"])


def test_request_log_survives_bodies_json_cannot_return(sandbox: SandboxServer, crm: httpx.Client) -> None:
    for content in (b'{"data": [{"Last_Name": NaN}]}', b'{"a": 1e999}', b"[" * 5000):
        answer = crm.post("/crm/v8/Leads", content=content, headers={"Content-Type": "application/json"})
        assert answer.status_code == 400
    log = HTTP.get(f"{sandbox.url}/__sandbox__/requests")
    assert log.status_code == 200
    assert [e["json"] for e in log.json()["requests"]] == [None, None, None]


def test_books_modules_with_paths_can_be_seeded(sandbox: SandboxServer) -> None:
    before = control(sandbox, "stats").json()["records"]["books"]["settings/taxes"]
    answer = control(sandbox, "seed", {"books": {"settings/taxes": 2}})
    assert answer.status_code == 200
    assert answer.json()["records"]["books"]["settings/taxes"] == before + 2
