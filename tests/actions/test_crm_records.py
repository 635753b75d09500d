"""The seven CRM record actions through the Python API against the sandbox over loopback.

Every request the connector sent is read back from GET /__sandbox__/requests after each test and
its JSON body checked against Zoho's CRM v8 OpenAPI documents.
"""

from __future__ import annotations

import asyncio
import base64
from collections.abc import Iterator
from typing import Any
from urllib.parse import parse_qsl

import httpx
import pytest

import connector
from connector.auth.store import MemoryTokenStore
from connector.errors import ApiError, InputError
from connector.runtime.runtime import Runtime
from connector.sandbox.server import SandboxServer
from tests.support.oas import validate_crm_request


@pytest.fixture(scope="module")
def component() -> Any:
    return connector.load_component()


@pytest.fixture
def runtime() -> Iterator[Runtime]:
    with Runtime(token_store=MemoryTokenStore(), sleep=lambda _s: None) as shared:
        yield shared


def sent(sandbox: SandboxServer) -> list[dict[str, Any]]:
    """The Zoho requests the sandbox received since its reset, oldest first."""
    answer = httpx.get(f"{sandbox.url}/__sandbox__/requests", params={"limit": "200"})
    answer.raise_for_status()
    entries: list[dict[str, Any]] = answer.json()["requests"]
    return entries


def query_of(entry: dict[str, Any]) -> dict[str, str]:
    return dict(parse_qsl(entry["query"]))


@pytest.fixture(autouse=True)
def crm_requests_conform(sandbox: SandboxServer) -> Iterator[None]:
    yield
    for entry in sent(sandbox):
        if entry["path"].startswith("/crm/v8/"):
            validate_crm_request(entry["method"], entry["path"], entry["json"])


@pytest.fixture
def run(component: Any, runtime: Runtime, sandbox: SandboxServer) -> Any:
    def invoke(key: str, inputs: dict[str, Any]) -> Any:
        return component.invoke(key, inputs, connection=sandbox.connection, runtime=runtime).data
    return invoke


def lead_ids(run: Any, count: int) -> list[str]:
    body = run("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name", "per_page": str(count)})
    return [record["id"] for record in body["data"]]


def leads_in_sandbox(sandbox: SandboxServer) -> int:
    count: int = httpx.get(f"{sandbox.url}/__sandbox__/stats").json()["records"]["crm"]["Leads"]
    return count


# --- crmGetRecords ----------------------------------------------------------------------------


def test_get_records_returns_one_page_with_info(run: Any) -> None:
    body = run("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name,Email", "per_page": "3",
                                 "sort_by": "id", "sort_order": "asc"})
    assert len(body["data"]) == 3
    assert set(body["data"][0]) == {"id", "Last_Name", "Email"}
    ids = [record["id"] for record in body["data"]]
    assert ids == sorted(ids, key=int)
    assert body["info"]["per_page"] == 3
    assert body["info"]["more_records"] is True


def test_get_records_next_page_token_continues_without_overlap(run: Any, sandbox: SandboxServer) -> None:
    first = run("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name", "per_page": "5"})
    token = first["info"]["next_page_token"]
    second = run("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name", "per_page": "5",
                                   "page_token": token})
    assert len(second["data"]) == 5
    assert not {r["id"] for r in first["data"]} & {r["id"] for r in second["data"]}
    assert "page" not in query_of(sent(sandbox)[-1])


def test_fetch_all_reads_past_the_2000_record_page_limit(run: Any, sandbox: SandboxServer) -> None:
    httpx.post(f"{sandbox.url}/__sandbox__/seed", json={"crm": {"Leads": 2100}}).raise_for_status()
    total = leads_in_sandbox(sandbox)
    assert total > 2000
    body = run("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name", "fetchAll": "true"})
    ids = [record["id"] for record in body["data"]]
    assert len(ids) == len(set(ids)) == total
    assert body["info"]["count"] == total
    assert body["info"]["more_records"] is False
    queries = [query_of(entry) for entry in sent(sandbox) if entry["path"] == "/crm/v8/Leads"]
    assert len(queries) == -(-total // 200)
    assert all(not ("page" in query and "page_token" in query) for query in queries)
    assert "page_token" in queries[-1]


def test_fetch_all_stops_at_max_records(run: Any, sandbox: SandboxServer) -> None:
    body = run("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name", "fetchAll": "true",
                                 "per_page": "10", "maxRecords": "25"})
    assert len(body["data"]) == 25
    assert body["info"]["more_records"] is True
    assert len(sent(sandbox)) == 3


def test_get_records_of_an_unknown_module_is_an_api_error(run: Any) -> None:
    with pytest.raises(ApiError) as caught:
        run("crmGetRecords", {"recordType": "NoSuchModule", "fields": "Last_Name"})
    assert (caught.value.status, caught.value.code) == (400, "INVALID_MODULE")


def test_get_records_without_fields_fails_before_any_request(run: Any, sandbox: SandboxServer) -> None:
    with pytest.raises(InputError) as caught:
        run("crmGetRecords", {"recordType": "Leads"})
    assert caught.value.input == "fields"
    assert sent(sandbox) == []


# --- crmGetRecord -----------------------------------------------------------------------------


def test_get_record_reads_the_requested_fields(run: Any) -> None:
    (record_id,) = lead_ids(run, 1)
    body = run("crmGetRecord", {"recordType": "Leads", "recordId": record_id, "fields": "Last_Name,Email"})
    assert [record["id"] for record in body["data"]] == [record_id]
    assert {"Last_Name", "Email"} <= set(body["data"][0])


def test_get_record_of_a_missing_id_is_not_found(run: Any) -> None:
    with pytest.raises(ApiError) as caught:
        run("crmGetRecord", {"recordType": "Leads", "recordId": "1234567890123456789"})
    assert (caught.value.status, caught.value.code) == (204, "RECORD_NOT_FOUND")


def test_get_record_with_a_path_trick_id_fails_before_any_request(run: Any, sandbox: SandboxServer) -> None:
    with pytest.raises(InputError) as caught:
        run("crmGetRecord", {"recordType": "Leads", "recordId": "../Contacts"})
    assert caught.value.input == "recordId"
    assert sent(sandbox) == []


# --- crmCreateRecord / crmUpdateRecord / crmRemoveRecord ---------------------------------------


def test_create_record_merges_dynamic_fields_and_values(run: Any, sandbox: SandboxServer) -> None:
    body = run("crmCreateRecord", {
        "recordType": "Leads",
        "dynamicValues": [{"key": "Company", "value": "Acme"}, {"key": "Last_Name", "value": "Dynamic"}],
        "fieldValues": [{"key": "Last_Name", "value": "Doe"}, {"key": "Email", "value": "doe@example.com"}],
    })
    (item,) = body["data"]
    assert item["code"] == "SUCCESS"
    assert sent(sandbox)[-1]["json"] == {"data": [{"Company": "Acme", "Last_Name": "Doe",
                                                   "Email": "doe@example.com"}]}
    stored = run("crmGetRecord", {"recordType": "Leads", "recordId": item["details"]["id"],
                                  "fields": "Last_Name,Company,Email"})["data"][0]
    assert (stored["Last_Name"], stored["Company"], stored["Email"]) == ("Doe", "Acme", "doe@example.com")


def test_create_record_missing_a_mandatory_field_is_an_api_error(run: Any) -> None:
    with pytest.raises(ApiError) as caught:
        run("crmCreateRecord", {"recordType": "Leads", "fieldValues": [{"key": "Company", "value": "Acme"}]})
    assert caught.value.status == 400
    assert caught.value.code == "MANDATORY_NOT_FOUND"


def test_create_record_with_bad_dynamic_fields_sends_nothing(run: Any, sandbox: SandboxServer) -> None:
    with pytest.raises(InputError) as caught:
        run("crmCreateRecord", {"recordType": "Leads", "dynamicValues": "{oops",
                                "fieldValues": [{"key": "Last_Name", "value": "Doe"}]})
    assert caught.value.input == "dynamicValues"
    assert sent(sandbox) == []


def test_update_record_changes_the_record(run: Any) -> None:
    (record_id,) = lead_ids(run, 1)
    body = run("crmUpdateRecord", {"recordType": "Leads", "recordId": record_id,
                                   "fieldValues": [{"key": "Last_Name", "value": "Renamed"}]})
    assert body["data"][0]["code"] == "SUCCESS"
    stored = run("crmGetRecord", {"recordType": "Leads", "recordId": record_id, "fields": "Last_Name"})
    assert stored["data"][0]["Last_Name"] == "Renamed"


def test_update_of_a_missing_record_is_an_api_error(run: Any) -> None:
    with pytest.raises(ApiError) as caught:
        run("crmUpdateRecord", {"recordType": "Leads", "recordId": "1234567890123456789",
                                "fieldValues": [{"key": "Last_Name", "value": "X"}]})
    assert caught.value.status == 400
    assert caught.value.code == "INVALID_DATA"


def test_remove_record_deletes_it(run: Any) -> None:
    (record_id,) = lead_ids(run, 1)
    body = run("crmRemoveRecord", {"recordType": "Leads", "recordId": record_id})
    assert body["data"][0]["details"]["id"] == record_id
    with pytest.raises(ApiError):
        run("crmGetRecord", {"recordType": "Leads", "recordId": record_id})


def test_remove_record_with_a_non_numeric_id_sends_nothing(run: Any, sandbox: SandboxServer) -> None:
    with pytest.raises(InputError) as caught:
        run("crmRemoveRecord", {"recordType": "Leads", "recordId": "all"})
    assert caught.value.input == "recordId"
    assert sent(sandbox) == []


# --- crmRunQuery ------------------------------------------------------------------------------


def test_run_query_returns_rows_and_info(run: Any) -> None:
    body = run("crmRunQuery", {"query": "select Last_Name from Leads where Last_Name is not null limit 2"})
    assert len(body["data"]) == 2
    assert all("Last_Name" in row for row in body["data"])
    assert body["info"]["count"] == 2


def test_run_query_with_no_match_is_an_empty_result(run: Any) -> None:
    body = run("crmRunQuery", {"query": "select Last_Name from Leads where Last_Name = 'No Such Name'"})
    assert body == {"data": [], "info": {"count": 0, "more_records": False}}


def test_run_query_syntax_error_is_an_api_error(run: Any) -> None:
    with pytest.raises(ApiError) as caught:
        run("crmRunQuery", {"query": "select from where"})
    assert caught.value.status == 400
    assert caught.value.code == "SYNTAX_ERROR"


# --- crmAddAttachment -------------------------------------------------------------------------


def attachments_of(run: Any, record_id: str) -> list[dict[str, Any]]:
    body = run("crmRawRequest", {"url": f"/Leads/{record_id}/Attachments", "method": "GET",
                                 "queryParams": [{"key": "fields", "value": "File_Name,Size"}]})
    return list(body["data"]) if body else []


@pytest.mark.parametrize(("data", "expected"), [
    ("hello, attachment", b"hello, attachment"),
    ("data:application/pdf;base64," + base64.b64encode(b"%PDF-1.4 tiny").decode(), b"%PDF-1.4 tiny"),
    ({"base64": base64.b64encode(bytes(range(64))).decode(), "contentType": "application/octet-stream"},
     bytes(range(64))),
])
def test_add_attachment_uploads_the_file(run: Any, sandbox: SandboxServer, data: Any,
                                         expected: bytes) -> None:
    (record_id,) = lead_ids(run, 1)
    body = run("crmAddAttachment", {"recordType": "Leads", "recordId": record_id, "file": data,
                                    "fileName": "report.pdf"})
    assert body["data"][0]["code"] == "SUCCESS"
    upload = sent(sandbox)[-1]
    assert upload["headers"]["content-type"].startswith("multipart/form-data")
    (attachment,) = attachments_of(run, record_id)
    assert attachment["File_Name"] == "report.pdf"
    assert int(attachment["Size"]) == len(expected)


def test_add_attachment_to_a_missing_record_is_an_api_error(run: Any) -> None:
    with pytest.raises(ApiError) as caught:
        run("crmAddAttachment", {"recordType": "Leads", "recordId": "1234567890123456789", "file": "x",
                                 "fileName": "a.txt"})
    assert (caught.value.status, caught.value.code) == (400, "INVALID_DATA")


def test_add_attachment_with_invalid_base64_sends_nothing(run: Any, sandbox: SandboxServer) -> None:
    with pytest.raises(InputError) as caught:
        run("crmAddAttachment", {"recordType": "Leads", "recordId": "1", "file": {"base64": "%%%"},
                                 "fileName": "a.txt"})
    assert caught.value.input == "file"
    assert sent(sandbox) == []


# --- the async driver runs the same flows -----------------------------------------------------


def test_fetch_all_and_organization_discovery_under_ainvoke(component: Any, runtime: Runtime,
                                                             sandbox: SandboxServer) -> None:
    async def both() -> tuple[Any, Any]:
        leads = await component.ainvoke("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name",
                                                          "per_page": "7", "fetchAll": "true",
                                                          "maxRecords": "20"},
                                        connection=sandbox.connection, runtime=runtime)
        contacts = await component.ainvoke("booksGetRecords", {"recordType": "contacts", "per_page": "2"},
                                           connection=sandbox.connection, runtime=runtime)
        return leads.data, contacts.data

    leads, contacts = asyncio.run(both())
    assert len(leads["data"]) == 20
    assert leads["info"]["count"] == 20
    assert len(contacts["contacts"]) == 2
    paths = [entry["path"] for entry in sent(sandbox)]
    assert paths == ["/crm/v8/Leads"] * 3 + ["/books/v3/organizations", "/books/v3/contacts"]
