"""POST /crm/v8/coql over HTTP: the request envelope, 200/204 answers and COQL errors.
(The query language itself is tested with the engine, in test_coql*.py.)"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from connector.sandbox.server import SandboxServer
from tests.support.zoho import error_code, zoho_client


@pytest.fixture
def crm(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with zoho_client(sandbox) as client:
        yield client


def coql(crm: httpx.Client, query: str) -> httpx.Response:
    return crm.post("/crm/v8/coql", json={"select_query": query})


def test_query_returns_rows_and_info(crm: httpx.Client) -> None:
    answer = coql(crm, "select Last_Name, Email from Leads where Last_Name = 'Anders' order by id limit 2")
    assert answer.status_code == 200
    body = answer.json()
    assert [set(r) >= {"Last_Name", "Email", "id"} for r in body["data"]] == [True] * len(body["data"])
    assert all(r["Last_Name"] == "Anders" for r in body["data"])
    assert set(body["info"]) >= {"count", "more_records"} and body["info"]["count"] == len(body["data"])


def test_query_sees_writes(crm: httpx.Client) -> None:
    crm.post("/crm/v8/Leads", json={"data": [{"Last_Name": "Zyxwv"}]})
    rows = coql(crm, "select Last_Name from Leads where Last_Name = 'Zyxwv'").json()["data"]
    assert len(rows) == 1


def test_no_rows_is_204(crm: httpx.Client) -> None:
    answer = coql(crm, "select Last_Name from Leads where Last_Name = 'Nobody At All'")
    assert (answer.status_code, answer.content) == (204, b"")


@pytest.mark.parametrize(
    ("body", "code"),
    [
        ({}, "MANDATORY_NOT_FOUND"),
        ({"select_query": 5}, "INVALID_DATA"),
        ({"select_query": "   "}, "INVALID_DATA"),
        (["select"], "INVALID_DATA"),
    ],
)
def test_bad_envelopes(crm: httpx.Client, body: Any, code: str) -> None:
    answer = crm.post("/crm/v8/coql", json=body)
    assert (answer.status_code, error_code(answer)) == (400, code)


def test_malformed_json_body(crm: httpx.Client) -> None:
    answer = crm.post("/crm/v8/coql", content=b"{select", headers={"Content-Type": "application/json"})
    assert (answer.status_code, error_code(answer)) == (400, "INVALID_DATA")


@pytest.mark.parametrize(
    "query",
    [
        "select from Leads",
        "select Last_Name from",
        "delete from Leads",
        "select Last_Name from Leads limit 5000",
        "select Nope from Leads",
        "select Last_Name from Nowhere",
    ],
)
def test_engine_errors_come_back_as_zoho_errors(crm: httpx.Client, query: str) -> None:
    answer = coql(crm, query)
    assert 400 <= answer.status_code < 500
    body = answer.json()
    assert body["status"] == "error" and body["code"] and isinstance(body["details"], dict)
