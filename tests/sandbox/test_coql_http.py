"""POST /crm/v8/coql over loopback: the engine behind the sandbox route answers like Zoho, never with a 500.

Every response passes through the OpenAPI conformance hook of tests/support/zoho.py.
"""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from connector.sandbox.server import SandboxServer
from tests.sandbox.test_coql_errors import INVALID, OVER_LIMITS, SYNTAX_ERRORS
from tests.support.zoho import zoho_client


@pytest.fixture
def crm(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with zoho_client(sandbox) as client:
        yield client


def coql(client: httpx.Client, query: str) -> httpx.Response:
    return client.post("/crm/v8/coql", json={"select_query": query})


def test_a_query_returns_rows_and_paging_info(crm: httpx.Client) -> None:
    answer = coql(crm, "select Last_Name, Annual_Revenue from leads where Annual_Revenue >= 490000 "
                       "order by Last_Name, id limit 2")
    assert answer.status_code == 200
    body = answer.json()
    assert body["info"] == {"count": 2, "more_records": True}
    assert [set(row) for row in body["data"]] == [{"Last_Name", "Annual_Revenue", "id"}] * 2
    assert all(row["Annual_Revenue"] >= 490000 for row in body["data"])
    names = [row["Last_Name"].casefold() for row in body["data"]]
    assert names == sorted(names)


def test_paging_walks_every_match_exactly_once(crm: httpx.Client) -> None:
    seen: list[str] = []
    offset, more = 0, True
    while more:
        answer = coql(crm, f"select Email from Leads where Email like '%@example.com' limit {offset}, 50")
        body = answer.json()
        seen += [row["id"] for row in body["data"]]
        offset, more = offset + 50, body["info"]["more_records"]
    assert len(seen) == len(set(seen)) == 120
    assert seen == sorted(seen, key=int)


def test_no_match_is_a_204_without_body(crm: httpx.Client) -> None:
    answer = coql(crm, "select Last_Name from Leads where Last_Name = 'Nobody At All'")
    assert (answer.status_code, answer.content) == (204, b"")


CASES = [(query, "SYNTAX_ERROR", details) for query, details in SYNTAX_ERRORS if query.strip()] + [
    (query, code, details) for query, code, _message, details in INVALID if "Wide" not in query
]


@pytest.mark.parametrize(("query", "code", "details"), CASES, ids=[case[0] for case in CASES])
def test_malformed_queries_are_400s_with_zohos_code(
    crm: httpx.Client, query: str, code: str, details: dict[str, object]
) -> None:
    answer = coql(crm, query)
    assert answer.status_code == 400
    assert (answer.json()["code"], answer.json()["details"]) == (code, details)


@pytest.mark.parametrize("query", [query for query, _ in OVER_LIMITS if "Wide" not in query])
def test_over_limit_queries_are_limit_exceeded(crm: httpx.Client, query: str) -> None:
    answer = coql(crm, query)
    assert (answer.status_code, answer.json()["code"]) == (400, "LIMIT_EXCEEDED")
