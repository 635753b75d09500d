"""CRM v8 records over loopback: list, get, create, update, delete, and every error path.
Each answer is checked against Zoho's OpenAPI documents by the client (tests/support/zoho.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

from connector.sandbox import crm_paging
from connector.sandbox.server import SandboxServer
from tests.support.zoho import HTTP, error_code, zoho_client

LEAD_ID = "5725767000101000001"
ACCOUNT_ID = "5725767000103000001"
LEADS = 120


@pytest.fixture
def crm(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with zoho_client(sandbox) as client:
        yield client


def seed(server: SandboxServer, **counts: int) -> None:
    HTTP.post(f"{server.url}/__sandbox__/seed", json={"crm": counts}).raise_for_status()


def leads(crm: httpx.Client, headers: dict[str, str] | None = None, **params: Any) -> httpx.Response:
    return crm.get("/crm/v8/Leads", params={"fields": "Last_Name,Email", **params}, headers=headers)


# -- list ----------------------------------------------------------------------------------------


def test_list_returns_the_requested_fields_and_info(crm: httpx.Client) -> None:
    answer = leads(crm, per_page=5)
    assert answer.status_code == 200
    body = answer.json()
    assert [set(r) for r in body["data"]] == [{"id", "Last_Name", "Email"}] * 5
    assert body["data"][0]["id"] > body["data"][1]["id"]  # default order: id descending
    info = body["info"]
    assert (info["per_page"], info["count"], info["page"], info["more_records"]) == (5, 5, 1, True)
    assert (info["sort_by"], info["sort_order"]) == ("id", "desc")
    assert len(info["next_page_token"]) <= 96


def test_list_sorts_and_pages(crm: httpx.Client) -> None:
    first = leads(crm, sort_by="id", sort_order="asc", per_page=50).json()
    assert first["data"][0]["id"] == LEAD_ID
    last = leads(crm, sort_order="asc", per_page=50, page=3).json()
    assert (last["info"]["count"], last["info"]["more_records"]) == (LEADS - 100, False)
    assert "next_page_token" not in last["info"]
    newest_modified = leads(crm, sort_by="Modified_Time", per_page=1).json()["data"][0]
    assert newest_modified["id"] == f"57257670001010{LEADS:05d}"


def test_list_by_ids(crm: httpx.Client) -> None:
    answer = crm.get("/crm/v8/Leads", params={"ids": f"{LEAD_ID},5725767000101000002,5725767000101999999"})
    assert answer.status_code == 200
    assert {r["id"] for r in answer.json()["data"]} == {LEAD_ID, "5725767000101000002"}


def test_module_names_are_case_insensitive(crm: httpx.Client) -> None:
    assert crm.get("/crm/v8/leads", params={"fields": "Last_Name"}).status_code == 200


@pytest.mark.parametrize(
    ("params", "code", "detail"),
    [
        ({}, "REQUIRED_PARAM_MISSING", {"param_name": "fields"}),
        (
            {"fields": ",".join(["Last_Name"] * 1 + [f"F{i}" for i in range(50)])},
            "LIMIT_EXCEEDED",
            {"limit": 50},
        ),
        ({"fields": "Last_Name,Nope"}, "INVALID_DATA", {"api_name": "Nope"}),
        ({"fields": "Last_Name", "per_page": "201"}, "INVALID_DATA", {"param_name": "per_page"}),
        ({"fields": "Last_Name", "per_page": "abc"}, "INVALID_DATA", {"param_name": "per_page"}),
        ({"fields": "Last_Name", "page": "0"}, "INVALID_DATA", {"param_name": "page"}),
        ({"fields": "Last_Name", "sort_by": "Email"}, "INVALID_DATA", {"param_name": "sort_by"}),
        ({"fields": "Last_Name", "sort_order": "up"}, "INVALID_DATA", {"param_name": "sort_order"}),
        ({"fields": "Last_Name", "page": "2", "page_token": "x"}, "INVALID_DATA", {"param_name": "page"}),
        ({"fields": "Last_Name", "page_token": "garbage"}, "INVALID_DATA", {"param_name": "page_token"}),
        ({"ids": ""}, "REQUIRED_PARAM_MISSING", {"param_name": "ids"}),
        (
            {"ids": ",".join(str(5725767000101000001 + i) for i in range(101))},
            "LIMIT_EXCEEDED",
            {"limit": 100},
        ),
    ],
)
def test_list_parameter_errors(
    crm: httpx.Client, params: dict[str, str], code: str, detail: dict[str, Any]
) -> None:
    answer = crm.get("/crm/v8/Leads", params=params)
    assert answer.status_code == 400
    assert error_code(answer) == code
    assert detail.items() <= answer.json()["details"].items()


def test_unknown_module_is_invalid_module(crm: httpx.Client) -> None:
    for answer in (
        crm.get("/crm/v8/Nope", params={"fields": "Name"}),
        crm.get(f"/crm/v8/Nope/{LEAD_ID}"),
        crm.post("/crm/v8/Nope", json={"data": [{}]}),
        crm.delete("/crm/v8/Nope", params={"ids": "1"}),
    ):
        assert answer.status_code == 400
        assert error_code(answer) == "INVALID_MODULE"


def test_empty_module_is_204(sandbox: SandboxServer, crm: httpx.Client) -> None:
    seed(sandbox, Widgets=0)
    answer = crm.get("/crm/v8/Widgets", params={"fields": "Name"})
    assert (answer.status_code, answer.content) == (204, b"")


def test_page_past_the_last_record_is_204(crm: httpx.Client) -> None:
    assert leads(crm, page=7).status_code == 204


def test_page_paging_stops_at_2000_records(sandbox: SandboxServer, crm: httpx.Client) -> None:
    seed(sandbox, Leads=2500 - LEADS)
    tenth = leads(crm, page=10).json()
    assert tenth["info"]["more_records"] is True and tenth["info"]["count"] == 200
    eleventh = leads(crm, page=11)
    assert eleventh.status_code == 400
    assert eleventh.json() == {
        "code": "DISCRETE_PAGINATION_LIMIT_EXCEEDED",
        "details": {"limit": 2000},
        "message": "You can only get the first 2000 records without using page_token param",
        "status": "error",
    }
    # Past 2,000 the page token of the last page continues, to the end.
    token = tenth["info"]["next_page_token"]
    seen = {r["id"] for r in tenth["data"]}
    while token:
        page = leads(crm, page_token=token).json()
        seen.update(r["id"] for r in page["data"])
        token = page["info"].get("next_page_token")
    assert len(seen) == 2500 - 1800
    assert min(seen) == LEAD_ID


def test_page_tokens_are_bound_to_their_parameters(crm: httpx.Client) -> None:
    token = leads(crm, per_page=10).json()["info"]["next_page_token"]
    moved = crm.get("/crm/v8/Leads", params={"fields": "Last_Name", "page_token": token})
    assert moved.status_code == 400 and error_code(moved) == "TOKEN_BOUND_DATA_MISMATCH"
    assert leads(crm, page_token=token, per_page=10).json()["info"]["page"] == 2


def test_page_tokens_expire_and_stop_at_100000(sandbox: SandboxServer, crm: httpx.Client) -> None:
    bound = crm_paging.binding("Leads", "id", "desc", "Last_Name,Email")
    stale = crm_paging.PageToken(10, int(sandbox.state.config.clock()) - 86_401, bound).encode()
    expired = leads(crm, page_token=stale)
    assert (expired.status_code, error_code(expired)) == (400, "EXPIRED_VALUE")
    deep = crm_paging.PageToken(100_000, int(sandbox.state.config.clock()), bound).encode()
    beyond = leads(crm, page_token=deep)
    assert (beyond.status_code, error_code(beyond)) == (400, "PAGINATION_LIMIT_EXCEEDED")


def test_a_hundred_thousand_records_seed_and_page_by_token(sandbox: SandboxServer, crm: httpx.Client) -> None:
    seed(sandbox, Leads=100_000)  # how long seeding takes is measured in bench/sandbox_work.py
    assert len(sandbox.state.crm.modules["Leads"].records) == 100_000 + LEADS
    bound = crm_paging.binding("Leads", "id", "asc", "Last_Name,Email")
    near_end = crm_paging.PageToken(99_800, int(sandbox.state.config.clock()), bound).encode()
    page = leads(crm, page_token=near_end, sort_order="asc").json()
    assert page["info"]["count"] == 200 and page["info"]["page"] == 500
    assert page["info"]["more_records"] is True  # 100,120 records: more exist, beyond the reach


def test_if_modified_since(sandbox: SandboxServer, crm: httpx.Client) -> None:
    newest_seed = sandbox.state.crm.modules["Leads"].records[f"57257670001010{LEADS:05d}"]["Modified_Time"]
    unchanged = leads(crm, headers={"If-Modified-Since": newest_seed})
    assert (unchanged.status_code, unchanged.content) == (304, b"")
    crm.put(f"/crm/v8/Leads/{LEAD_ID}", json={"data": [{"Email": "changed@example.com"}]})
    changed = leads(crm, headers={"If-Modified-Since": newest_seed})
    assert changed.status_code == 200
    assert [r["id"] for r in changed.json()["data"]] == [LEAD_ID]
    http_date = leads(crm, headers={"If-Modified-Since": "Mon, 01 Jan 2024 10:59:00 GMT"})
    assert [r["id"] for r in http_date.json()["data"]] == [LEAD_ID]
    bad = leads(crm, headers={"If-Modified-Since": "last tuesday"})
    assert (bad.status_code, error_code(bad)) == (400, "INVALID_DATA")


# -- get one -------------------------------------------------------------------------------------


def test_get_one_record_with_system_fields(crm: httpx.Client) -> None:
    answer = crm.get(f"/crm/v8/Leads/{LEAD_ID}")
    assert answer.status_code == 200
    body = answer.json()
    assert "info" not in body
    record = body["data"][0]
    assert record["id"] == LEAD_ID and len(record["id"]) == 19
    assert set(record["Owner"]) == {"name", "id", "email"}
    assert record["Created_Time"] == "2024-01-01T09:00:00+00:00"


def test_get_one_is_deterministic_across_instances(sandbox: SandboxServer) -> None:
    with SandboxServer() as other, zoho_client(other) as second, zoho_client(sandbox) as first:
        assert (
            first.get("/crm/v8/Deals/5725767000104000007").json()
            == second.get("/crm/v8/Deals/5725767000104000007").json()
        )


def test_get_one_with_fields(crm: httpx.Client) -> None:
    record = crm.get(f"/crm/v8/Leads/{LEAD_ID}", params={"fields": "Email"}).json()["data"][0]
    assert set(record) == {"id", "Email"}


def test_get_missing_record_is_204_and_bad_id_is_400(crm: httpx.Client) -> None:
    assert crm.get("/crm/v8/Leads/5725767000101999999").status_code == 204
    bad = crm.get("/crm/v8/Leads/not-an-id")
    assert (bad.status_code, error_code(bad)) == (400, "INVALID_DATA")


# -- create --------------------------------------------------------------------------------------


def test_create_is_201_with_success_details(crm: httpx.Client) -> None:
    answer = crm.post(
        "/crm/v8/Leads",
        json={
            "data": [
                {
                    "Last_Name": "Nguyen",
                    "Email": "n@example.com",
                    "No_of_Employees": "12",
                    "Annual_Revenue": 5,
                }
            ],
            "trigger": ["workflow"],
        },
    )
    assert answer.status_code == 201
    item = answer.json()["data"][0]
    assert (item["code"], item["message"], item["status"]) == ("SUCCESS", "record added", "success")
    created = crm.get(f"/crm/v8/Leads/{item['details']['id']}").json()["data"][0]
    assert created["Full_Name"] == "Nguyen" and created["No_of_Employees"] == 12
    assert created["Annual_Revenue"] == 5.0 and created["Owner"]["name"] == "Sandbox Admin"


def test_create_with_a_lookup(crm: httpx.Client) -> None:
    answer = crm.post(
        "/crm/v8/Contacts", json={"data": [{"Last_Name": "Lee", "Account_Name": {"id": ACCOUNT_ID}}]}
    )
    record_id = answer.json()["data"][0]["details"]["id"]
    record = crm.get(f"/crm/v8/Contacts/{record_id}").json()["data"][0]
    assert record["Account_Name"] == {"name": "Acme Labs 1", "id": ACCOUNT_ID}
    missing = crm.post("/crm/v8/Contacts", json={"data": [{"Last_Name": "Lee", "Account_Name": {"id": "1"}}]})
    assert missing.status_code == 400
    assert missing.json()["data"][0]["details"]["api_name"] == "Account_Name"


def test_mixed_create_is_207_in_input_order(crm: httpx.Client) -> None:
    answer = crm.post(
        "/crm/v8/Leads",
        json={
            "data": [
                {"Last_Name": "Ok"},
                {"Email": "x@example.com"},
                {"Last_Name": "Typed", "Email_Opt_Out": "yes"},
            ]
        },
    )
    assert answer.status_code == 207
    first, second, third = answer.json()["data"]
    assert first["status"] == "success"
    assert (second["code"], second["details"]) == (
        "MANDATORY_NOT_FOUND",
        {"api_name": "Last_Name", "json_path": "$.data[1].Last_Name"},
    )
    assert third["code"] == "INVALID_DATA"
    assert third["details"] == {
        "api_name": "Email_Opt_Out",
        "json_path": "$.data[2].Email_Opt_Out",
        "expected_data_type": "boolean",
    }


@pytest.mark.parametrize(
    ("record", "code", "api_name"),
    [
        ({}, "MANDATORY_NOT_FOUND", "Last_Name"),
        ({"Last_Name": ""}, "MANDATORY_NOT_FOUND", "Last_Name"),
        ({"Last_Name": 5}, "INVALID_DATA", "Last_Name"),
        ({"Last_Name": "x" * 81}, "INVALID_DATA", "Last_Name"),
        ({"Last_Name": "A", "Email": "not-an-email"}, "INVALID_DATA", "Email"),
        ({"Last_Name": "A", "No_of_Employees": 1.5}, "INVALID_DATA", "No_of_Employees"),
        ({"Last_Name": "A", "Annual_Revenue": "lots"}, "INVALID_DATA", "Annual_Revenue"),
        ({"Last_Name": "A", "Owner": {"id": "42"}}, "INVALID_DATA", "Owner"),
        ({"Last_Name": "A", "Favourite_Colour": "red"}, "INVALID_DATA", "Favourite_Colour"),
    ],
)
def test_create_rejections_are_400_per_record(
    crm: httpx.Client, record: dict[str, Any], code: str, api_name: str
) -> None:
    answer = crm.post("/crm/v8/Leads", json={"data": [record]})
    assert answer.status_code == 400
    item = answer.json()["data"][0]
    assert (item["code"], item["details"]["api_name"]) == (code, api_name)


def test_deal_needs_name_and_stage_and_dates_are_checked(crm: httpx.Client) -> None:
    answer = crm.post(
        "/crm/v8/Deals",
        json={
            "data": [
                {"Deal_Name": "D"},
                {"Deal_Name": "D", "Stage": "Qualification", "Closing_Date": "2024-02-30"},
            ]
        },
    )
    assert answer.status_code == 400
    assert [i["details"]["api_name"] for i in answer.json()["data"]] == ["Stage", "Closing_Date"]


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"{not json", "INVALID_DATA"),
        (b"", "MANDATORY_NOT_FOUND"),
        (b"[]", "INVALID_DATA"),
        (b'{"data": {}}', "INVALID_DATA"),
        (b'{"data": []}', "MANDATORY_NOT_FOUND"),
        (b'{"other": 1}', "MANDATORY_NOT_FOUND"),
        (b'{"data": [{"Last_Name": "A"}], "trigger": "workflow"}', "INVALID_DATA"),
    ],
)
def test_malformed_write_bodies(crm: httpx.Client, content: bytes, code: str) -> None:
    answer = crm.post("/crm/v8/Leads", content=content, headers={"Content-Type": "application/json"})
    assert answer.status_code == 400
    assert error_code(answer) == code


def test_create_takes_at_most_100_records(crm: httpx.Client) -> None:
    answer = crm.post("/crm/v8/Leads", json={"data": [{"Last_Name": f"L{i}"} for i in range(101)]})
    assert (answer.status_code, error_code(answer)) == (400, "LIMIT_EXCEEDED")
    assert answer.json()["details"] == {"limit": 100, "api_name": "data"}
    assert (
        crm.post("/crm/v8/Leads", json={"data": [{"Last_Name": f"L{i}"} for i in range(100)]}).status_code
        == 201
    )


def test_non_record_items_are_rejected(crm: httpx.Client) -> None:
    answer = crm.post("/crm/v8/Leads", json={"data": ["Smith", {"Last_Name": "Ok"}]})
    assert answer.status_code == 207
    assert answer.json()["data"][0]["details"]["json_path"] == "$.data[0]"


# -- update --------------------------------------------------------------------------------------


def test_update_one(crm: httpx.Client) -> None:
    answer = crm.put(f"/crm/v8/Leads/{LEAD_ID}", json={"data": [{"First_Name": "Ava"}]})
    assert answer.status_code == 200
    assert answer.json()["data"][0]["message"] == "record updated"
    record = crm.get(f"/crm/v8/Leads/{LEAD_ID}").json()["data"][0]
    assert (record["First_Name"], record["Full_Name"]) == ("Ava", "Ava Anders")
    assert record["Modified_Time"] > record["Created_Time"]


def test_update_one_errors(crm: httpx.Client) -> None:
    missing = crm.put("/crm/v8/Leads/5725767000101999999", json={"data": [{"First_Name": "A"}]})
    assert missing.status_code == 400
    assert missing.json()["data"][0]["code"] == "INVALID_DATA"
    cleared = crm.put(f"/crm/v8/Leads/{LEAD_ID}", json={"data": [{"Last_Name": None}]})
    assert cleared.json()["data"][0]["code"] == "MANDATORY_NOT_FOUND"


def test_bulk_update_is_207_when_mixed(crm: httpx.Client) -> None:
    answer = crm.put(
        "/crm/v8/Leads",
        json={
            "data": [
                {"id": LEAD_ID, "City": "Oslo"},
                {"City": "Rome"},
                {"id": "5725767000101999999", "City": "Bonn"},
            ]
        },
    )
    assert answer.status_code == 207
    codes = [item["code"] for item in answer.json()["data"]]
    assert codes == ["SUCCESS", "MANDATORY_NOT_FOUND", "INVALID_DATA"]
    assert crm.get(f"/crm/v8/Leads/{LEAD_ID}").json()["data"][0]["City"] == "Oslo"
    assert crm.put("/crm/v8/Leads", json={"data": [{"id": LEAD_ID, "City": "Paris"}]}).status_code == 200


# -- delete --------------------------------------------------------------------------------------


def test_delete_one(crm: httpx.Client) -> None:
    answer = crm.delete(f"/crm/v8/Leads/{LEAD_ID}")
    assert answer.status_code == 200
    assert answer.json()["data"] == [
        {"code": "SUCCESS", "details": {"id": LEAD_ID}, "message": "record deleted", "status": "success"}
    ]
    assert crm.get(f"/crm/v8/Leads/{LEAD_ID}").status_code == 204
    again = crm.delete(f"/crm/v8/Leads/{LEAD_ID}")
    assert again.status_code == 400 and again.json()["data"][0]["code"] == "INVALID_DATA"


def test_delete_by_ids(crm: httpx.Client) -> None:
    answer = crm.delete(
        "/crm/v8/Leads", params={"ids": f"{LEAD_ID},5725767000101999999", "wf_trigger": "false"}
    )
    assert answer.status_code == 207
    assert [i["status"] for i in answer.json()["data"]] == ["success", "error"]
    missing = crm.delete("/crm/v8/Leads")
    assert (missing.status_code, error_code(missing)) == (400, "REQUIRED_PARAM_MISSING")
    assert missing.json()["details"] == {"param_name": "ids"}
    wrong = crm.delete("/crm/v8/Leads", params={"ids": LEAD_ID, "wf_trigger": "maybe"})
    assert (wrong.status_code, error_code(wrong)) == (400, "INVALID_DATA")


# -- upsert --------------------------------------------------------------------------------------


def test_upsert_updates_by_the_unique_field_and_inserts_otherwise(crm: httpx.Client) -> None:
    existing = crm.get(f"/crm/v8/Leads/{LEAD_ID}").json()["data"][0]
    answer = crm.post(
        "/crm/v8/Leads/upsert",
        json={
            "data": [
                {"Email": existing["Email"], "Last_Name": existing["Last_Name"], "City": "Porto"},
                {"Email": "new.person@example.com", "Last_Name": "New"},
            ]
        },
    )
    assert answer.status_code == 200
    updated, inserted = answer.json()["data"]
    assert (updated["action"], updated["duplicate_field"], updated["details"]["id"]) == (
        "update",
        "Email",
        LEAD_ID,
    )
    assert inserted["action"] == "insert" and "duplicate_field" not in inserted
    assert crm.get(f"/crm/v8/Leads/{LEAD_ID}").json()["data"][0]["City"] == "Porto"


def test_upsert_with_chosen_duplicate_fields(crm: httpx.Client) -> None:
    answer = crm.post(
        "/crm/v8/Accounts/upsert",
        json={
            "data": [{"Account_Name": "Acme Labs 1", "Phone": "1"}],
            "duplicate_check_fields": ["Account_Name"],
        },
    )
    assert answer.json()["data"][0]["details"]["id"] == "5725767000103000001"
    bad = crm.post(
        "/crm/v8/Accounts/upsert", json={"data": [{"Account_Name": "A"}], "duplicate_check_fields": ["Nope"]}
    )
    assert (bad.status_code, error_code(bad)) == (400, "INVALID_DATA")
    missing = crm.post("/crm/v8/Leads/upsert", json={"data": [{"Email": "only@example.com"}]})
    assert (missing.status_code, missing.json()["data"][0]["code"]) == (400, "MANDATORY_NOT_FOUND")


# -- search and count ----------------------------------------------------------------------------


def search(crm: httpx.Client, **params: str) -> httpx.Response:
    return crm.get("/crm/v8/Leads/search", params=params)


def test_search_by_criteria(crm: httpx.Client) -> None:
    found = search(
        crm, criteria="((Last_Name:equals:anders)and(First_Name:starts_with:A))", fields="Last_Name"
    )
    assert found.status_code == 200
    rows = found.json()["data"]
    assert rows and all(r["Last_Name"] == "Anders" for r in rows) and set(rows[0]) == {"id", "Last_Name"}
    either = search(crm, criteria="((City:equals:Berlin)or(City:equals:Lisbon))").json()["data"]
    assert {r["City"] for r in either} == {"Berlin", "Lisbon"}
    numbers = search(crm, criteria="(No_of_Employees:between:5,10)").json()["data"]
    assert {r["No_of_Employees"] for r in numbers} == {5, 10}
    some = search(crm, criteria=f"(id:in:{LEAD_ID},5725767000101000002)").json()["info"]
    assert some["count"] == 2 and some["more_records"] is False
    owner = search(crm, criteria="(Owner:equals:Sandbox Admin)").json()["info"]["count"]
    assert owner == 60


def test_search_by_email_phone_and_word(crm: httpx.Client) -> None:
    lead = crm.get(f"/crm/v8/Leads/{LEAD_ID}").json()["data"][0]
    by_email = search(crm, email=lead["Email"].upper()).json()["data"]
    assert [r["id"] for r in by_email] == [LEAD_ID]
    assert search(crm, phone="555-0100").json()["info"]["count"] >= 1
    assert all("acme" in r["Company"].lower() for r in search(crm, word="ACME").json()["data"])
    assert search(crm, word="no-such-word-anywhere").status_code == 204


@pytest.mark.parametrize(
    "criteria",
    [
        "Last_Name:equals:A",
        "(Last_Name:equals:A",
        "(Nope:equals:A)",
        "(Last_Name:like:A)",
        "((Last_Name:equals:A)xor(City:equals:B))",
        "(Last_Name:between:A)",
        "(" * 40 + "Last_Name:equals:A" + ")" * 40,
        "(Last_Name:equals:A)trailing",
    ],
)
def test_bad_criteria_are_invalid_query(crm: httpx.Client, criteria: str) -> None:
    answer = search(crm, criteria=criteria)
    assert (answer.status_code, error_code(answer)) == (400, "INVALID_QUERY")


def test_search_needs_a_condition_and_pages_to_2000(crm: httpx.Client) -> None:
    missing = search(crm)
    assert (missing.status_code, error_code(missing)) == (400, "REQUIRED_PARAM_MISSING")
    beyond = search(crm, word="a", page="11")
    assert (beyond.status_code, error_code(beyond)) == (400, "DISCRETE_PAGINATION_LIMIT_EXCEEDED")


def test_count(crm: httpx.Client) -> None:
    assert crm.get("/crm/v8/Leads/actions/count").json() == {"count": str(LEADS)}
    assert crm.get("/crm/v8/Leads/actions/count", params={"criteria": "(City:equals:Berlin)"}).json() == {
        "count": "15"
    }
