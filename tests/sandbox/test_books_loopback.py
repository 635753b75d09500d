"""Books in the full sandbox, over real loopback: auth gate, CRM imports from the sandbox CRM,
the control API's seed, stats and reset."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP, zoho_client

ORG = "10234695"


@pytest.fixture
def books(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with zoho_client(sandbox) as client:
        yield client


def _first_crm_id(sandbox: SandboxServer, module: str) -> str:
    data = sandbox.state.crm.module(module)
    assert data is not None and data.records
    return next(iter(data.records))


def test_organizations_and_budget_headers(books: httpx.Client) -> None:
    orgs = books.get("/books/v3/organizations").json()["organizations"]
    assert [o["is_default_org"] for o in orgs] == [True, False]
    items = books.get("/books/v3/items", params={"organization_id": ORG})
    assert items.status_code == 200
    assert items.headers["X-Rate-Limit-Limit"] == "100"
    assert int(items.headers["X-Rate-Limit-Remaining"]) <= 99


def test_calls_without_a_token_are_refused(sandbox: SandboxServer) -> None:
    with zoho_client(sandbox, auth=False) as anonymous:
        response = anonymous.get("/books/v3/contacts", params={"organization_id": ORG})
    assert response.status_code == 401
    assert response.json()["code"] != 0


@pytest.mark.parametrize(("kind", "module", "key", "name_field"), [
    ("account", "Accounts", "contact_id", "Account_Name"),
    ("vendor", "Vendors", "contact_id", "Vendor_Name"),
    ("item", "Products", "item_id", "Product_Name"),
])
def test_imports_read_the_sandbox_crm(sandbox: SandboxServer, books: httpx.Client, kind: str, module: str,
                                      key: str, name_field: str) -> None:
    crm_id = _first_crm_id(sandbox, module)
    crm_record = sandbox.state.crm.module(module).records[crm_id]  # type: ignore[union-attr]
    answer = books.post(f"/books/v3/crm/{kind}/{crm_id}/import", params={"organization_id": ORG})
    assert answer.status_code == 200
    books_id = answer.json()["data"][key]
    path = "contacts" if key == "contact_id" else "items"
    record = books.get(f"/books/v3/{path}/{books_id}", params={"organization_id": ORG}).json()
    single = record["contact" if path == "contacts" else "item"]
    assert single["contact_name" if path == "contacts" else "name"] == crm_record[name_field]


def test_control_seed_stats_and_reset(sandbox: SandboxServer, books: httpx.Client) -> None:
    before = HTTP.get(f"{sandbox.url}/__sandbox__/stats").json()["records"]["books"]["contacts"]
    seeded = HTTP.post(f"{sandbox.url}/__sandbox__/seed", json={"books": {"contacts": 300}})
    assert seeded.status_code == 200
    assert seeded.json()["records"]["books"]["contacts"] == before + 300
    listed = books.get("/books/v3/contacts", params={"organization_id": ORG, "page": "2"}).json()
    assert len(listed["contacts"]) == 140  # 40 seeded + 300 generated in the default organization
    assert listed["page_context"]["has_more_page"] is False
    HTTP.post(f"{sandbox.url}/__sandbox__/reset").raise_for_status()
    after = HTTP.get(f"{sandbox.url}/__sandbox__/stats").json()["records"]["books"]["contacts"]
    assert after == before
