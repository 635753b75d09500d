"""Books mounted in the sandbox: authenticated by the sandbox's gate and fed CRM records for
Books' CRM import endpoints (the Books API itself is tested in test_books*.py)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP, zoho_client

ACCOUNT_ID = "5725767000103000001"
PRODUCT_ID = "5725767000106000001"


@pytest.fixture
def client(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with zoho_client(sandbox) as zoho:
        yield zoho


def _default_org(client: httpx.Client) -> str:
    organizations = client.get("/books/v3/organizations").json()["organizations"]
    assert len(organizations) > 1
    (default,) = [o["organization_id"] for o in organizations if o["is_default_org"]]
    return str(default)


def test_crm_account_and_product_import_into_books(sandbox: SandboxServer, client: httpx.Client) -> None:
    org = _default_org(client)
    account = client.get(f"/crm/v8/Accounts/{ACCOUNT_ID}").json()["data"][0]
    imported = client.post(f"/books/v3/crm/account/{ACCOUNT_ID}/import", params={"organization_id": org})
    assert imported.status_code == 200
    contact_id = imported.json()["data"]["contact_id"]
    contact = client.get(f"/books/v3/contacts/{contact_id}", params={"organization_id": org}).json()[
        "contact"
    ]
    assert contact["contact_name"] == account["Account_Name"]
    item = client.post(f"/books/v3/crm/item/{PRODUCT_ID}/import", params={"organization_id": org})
    assert item.status_code == 200 and item.json()["data"]["item_id"]
    stats = HTTP.get(f"{sandbox.url}/__sandbox__/stats").json()
    assert stats["requests"]["POST /books/v3/crm/{kind}/{crm_id}/import"] == 2


def test_books_needs_the_sandbox_token(sandbox: SandboxServer) -> None:
    with zoho_client(sandbox, "1000.revoked.token") as stranger:
        answer = stranger.get("/books/v3/organizations")
    assert (answer.status_code, answer.json()["code"]) == (401, 57)
