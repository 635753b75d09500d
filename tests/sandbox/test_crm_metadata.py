"""CRM v8 metadata and account endpoints: /settings/modules, /settings/fields, /org, /users."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP, error_code, zoho_client


@pytest.fixture
def crm(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with zoho_client(sandbox) as client:
        yield client


def test_modules_list_the_standard_and_seeded_modules(sandbox: SandboxServer, crm: httpx.Client) -> None:
    HTTP.post(f"{sandbox.url}/__sandbox__/seed", json={"crm": {"Gadgets": 1}}).raise_for_status()
    modules = crm.get("/crm/v8/settings/modules").json()["modules"]
    names = [m["api_name"] for m in modules]
    assert names[:4] == ["Leads", "Contacts", "Accounts", "Deals"]
    assert {"Vendors", "Products", "Gadgets"} <= set(names)
    gadgets = next(m for m in modules if m["api_name"] == "Gadgets")
    assert (gadgets["generated_type"], gadgets["api_supported"]) == ("custom", True)


def test_one_module_with_its_fields(crm: httpx.Client) -> None:
    module = crm.get("/crm/v8/settings/modules/Deals").json()["modules"][0]
    assert module["singular_label"] == "Deal"
    assert {"Deal_Name", "Stage"} <= {f["api_name"] for f in module["fields"] if f["system_mandatory"]}
    missing = crm.get("/crm/v8/settings/modules/Nope")
    assert (missing.status_code, error_code(missing)) == (400, "INVALID_MODULE")


def test_fields_of_a_module(crm: httpx.Client) -> None:
    fields = {
        f["api_name"]: f
        for f in crm.get("/crm/v8/settings/fields", params={"module": "Contacts"}).json()["fields"]
    }
    assert fields["Last_Name"]["system_mandatory"] is True
    assert fields["Email"]["data_type"] == "email"
    assert fields["Account_Name"]["lookup"]["module"]["api_name"] == "Accounts"
    assert fields["Created_Time"]["read_only"] is True
    lead_source = [v["actual_value"] for v in fields["Lead_Source"]["pick_list_values"]]
    assert lead_source[:2] == ["-None-", "Advertisement"]


def test_fields_errors(crm: httpx.Client) -> None:
    missing = crm.get("/crm/v8/settings/fields")
    assert (missing.status_code, error_code(missing)) == (400, "REQUIRED_PARAM_MISSING")
    unknown = crm.get("/crm/v8/settings/fields", params={"module": "Nope"})
    assert (unknown.status_code, error_code(unknown)) == (400, "INVALID_MODULE")


def test_org(crm: httpx.Client) -> None:
    org = crm.get("/crm/v8/org").json()["org"]
    assert len(org) == 1 and org[0]["company_name"] == "Sandbox Industries" and len(org[0]["id"]) == 19


@pytest.mark.parametrize(
    ("kind", "count"),
    [("AllUsers", 3), ("ActiveUsers", 2), ("DeactiveUsers", 1), ("AdminUsers", 1), ("CurrentUser", 1)],
)
def test_users_by_type(crm: httpx.Client, kind: str, count: int) -> None:
    body = crm.get("/crm/v8/users", params={"type": kind}).json()
    assert len(body["users"]) == count
    assert body["info"]["count"] == count and body["info"]["more_records"] is False


def test_users_paging_and_errors(crm: httpx.Client) -> None:
    first = crm.get("/crm/v8/users", params={"per_page": 2}).json()
    assert first["info"]["more_records"] is True
    assert crm.get("/crm/v8/users", params={"per_page": 2, "page": 3}).status_code == 204
    bad = crm.get("/crm/v8/users", params={"type": "Robots"})
    assert (bad.status_code, error_code(bad)) == (400, "INVALID_DATA")
    user_id = first["users"][1]["id"]
    assert crm.get(f"/crm/v8/users/{user_id}").json()["users"][0]["full_name"] == "Riley Sales"
    assert crm.get("/crm/v8/users/1").status_code == 204
