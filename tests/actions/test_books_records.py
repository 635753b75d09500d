"""The five Books record actions through the Python API against the sandbox over loopback,
including how the organization is chosen (connection, action input, discovery)."""

from __future__ import annotations

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

ORGANIZATIONS_ROUTE = "GET /books/v3/organizations"


@pytest.fixture(scope="module")
def component() -> Any:
    return connector.load_component()


@pytest.fixture
def runtime() -> Iterator[Runtime]:
    with Runtime(token_store=MemoryTokenStore(), sleep=lambda _s: None) as shared:
        yield shared


@pytest.fixture
def run(component: Any, runtime: Runtime, sandbox: SandboxServer) -> Any:
    def invoke(key: str, inputs: dict[str, Any], connection: dict[str, Any] | None = None) -> Any:
        document = connection or sandbox.connection
        return component.invoke(key, inputs, connection=document, runtime=runtime).data
    return invoke


def sent(sandbox: SandboxServer) -> list[dict[str, Any]]:
    answer = httpx.get(f"{sandbox.url}/__sandbox__/requests", params={"limit": "200"})
    answer.raise_for_status()
    entries: list[dict[str, Any]] = answer.json()["requests"]
    return entries


def query_of(entry: dict[str, Any]) -> dict[str, str]:
    return dict(parse_qsl(entry["query"]))


def stats(sandbox: SandboxServer) -> dict[str, Any]:
    body: dict[str, Any] = httpx.get(f"{sandbox.url}/__sandbox__/stats").json()
    return body


def zoho_get(sandbox: SandboxServer, path: str, **params: str) -> Any:
    """A Books GET straight to the sandbox, without the connector."""
    token = sandbox.connection["token"]["access_token"]
    answer = httpx.get(f"{sandbox.url}/books/v3{path}", params=params,
                       headers={"Authorization": f"Zoho-oauthtoken {token}"})
    answer.raise_for_status()
    return answer.json()


def organizations(sandbox: SandboxServer) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = zoho_get(sandbox, "/organizations")["organizations"]
    return listed


def the_organization(sandbox: SandboxServer) -> str:
    """The sandbox user's default Books organization."""
    (default,) = [org["organization_id"] for org in organizations(sandbox) if org["is_default_org"]]
    return str(default)


def first_contact(run: Any) -> dict[str, Any]:
    body = run("booksGetRecords", {"recordType": "contacts", "per_page": "1"})
    contact: dict[str, Any] = body["contacts"][0]
    return contact


# --- booksGetRecords --------------------------------------------------------------------------


def test_get_records_returns_a_page_with_page_context(run: Any, sandbox: SandboxServer) -> None:
    body = run("booksGetRecords", {"recordType": "contacts", "page": "1", "per_page": "2"})
    assert body["code"] == 0
    assert len(body["contacts"]) == 2
    assert body["page_context"]["per_page"] == 2
    assert body["page_context"]["has_more_page"] is True
    (request,) = sent(sandbox)[-1:]
    assert query_of(request)["organization_id"] == the_organization(sandbox)


def test_fetch_all_merges_every_page(run: Any, sandbox: SandboxServer) -> None:
    httpx.post(f"{sandbox.url}/__sandbox__/seed", json={"books": {"contacts": 30}}).raise_for_status()
    listed = zoho_get(sandbox, "/contacts", organization_id=the_organization(sandbox), per_page="200")
    assert listed["page_context"]["has_more_page"] is False
    total = len(listed["contacts"])
    assert total > 30
    body = run("booksGetRecords", {"recordType": "contacts", "per_page": "10", "fetchAll": "true"})
    ids = [contact["contact_id"] for contact in body["contacts"]]
    assert len(ids) == len(set(ids)) == total
    assert body["page_context"]["has_more_page"] is False
    assert body["page_context"]["per_page"] == total
    pages = [query_of(e)["page"] for e in sent(sandbox)
             if e["path"] == "/books/v3/contacts" and query_of(e)["per_page"] == "10"]
    assert pages == [str(n) for n in range(1, len(pages) + 1)]
    assert len(pages) == -(-total // 10)


def test_fetch_all_stops_at_max_records(run: Any) -> None:
    body = run("booksGetRecords", {"recordType": "contacts", "per_page": "2", "fetchAll": "true",
                                   "maxRecords": "3"})
    assert len(body["contacts"]) == 3
    assert body["page_context"]["has_more_page"] is True


def test_search_fields_filter_the_list(run: Any, sandbox: SandboxServer) -> None:
    contact = first_contact(run)
    body = run("booksGetRecords", {"recordType": "contacts",
                                   "searchFields": [{"key": "email", "value": contact["email"]}]})
    assert [c["contact_id"] for c in body["contacts"]] == [contact["contact_id"]]
    assert query_of(sent(sandbox)[-1])["email"] == contact["email"]


def test_get_records_under_a_parent_record(run: Any, sandbox: SandboxServer) -> None:
    contact = first_contact(run)
    body = run("booksGetRecords", {"recordType": "contactpersons", "parentRecordType": "contacts",
                                   "parentRecordId": contact["contact_id"]})
    assert body["contact_persons"]
    assert {p["contact_id"] for p in body["contact_persons"]} == {contact["contact_id"]}
    assert sent(sandbox)[-1]["path"] == f"/books/v3/contacts/{contact['contact_id']}/contactpersons"


def test_a_parent_type_without_its_id_fails_before_any_request(run: Any, sandbox: SandboxServer) -> None:
    with pytest.raises(InputError) as caught:
        run("booksGetRecords", {"recordType": "contactpersons", "parentRecordType": "contacts"})
    assert caught.value.input == "parentRecordId"
    assert sent(sandbox) == []


# --- booksGetRecord ---------------------------------------------------------------------------


def test_get_record_returns_the_envelope(run: Any) -> None:
    contact = first_contact(run)
    body = run("booksGetRecord", {"recordType": "contacts", "recordId": contact["contact_id"]})
    assert body["code"] == 0
    assert body["contact"]["contact_id"] == contact["contact_id"]


def test_get_record_of_a_missing_id_is_an_api_error(run: Any) -> None:
    with pytest.raises(ApiError) as caught:
        run("booksGetRecord", {"recordType": "contacts", "recordId": "460000000000001"})
    assert (caught.value.status, caught.value.code) == (404, "1002")


def test_get_record_with_a_non_numeric_id_fails_before_any_request(run: Any, sandbox: SandboxServer) -> None:
    with pytest.raises(InputError) as caught:
        run("booksGetRecord", {"recordType": "contacts", "recordId": "..%2f"})
    assert caught.value.input == "recordId"
    assert sent(sandbox) == []


# --- booksCreateRecord / booksUpdateRecord / booksRemoveRecord -----------------------------------


def test_create_record_posts_the_merged_record(run: Any, sandbox: SandboxServer) -> None:
    body = run("booksCreateRecord", {
        "recordType": "contacts",
        "dynamicValues": {"contact_name": "From Config", "company_name": "Bowman Furniture"},
        "fieldValues": [{"key": "contact_name", "value": "Bowman and Co"}],
    })
    assert body["code"] == 0
    assert sent(sandbox)[-1]["json"] == {"contact_name": "Bowman and Co", "company_name": "Bowman Furniture"}
    stored = run("booksGetRecord", {"recordType": "contacts", "recordId": body["contact"]["contact_id"]})
    assert stored["contact"]["contact_name"] == "Bowman and Co"
    assert stored["contact"]["company_name"] == "Bowman Furniture"


def test_create_record_without_a_required_field_is_an_api_error(run: Any) -> None:
    with pytest.raises(ApiError) as caught:
        run("booksCreateRecord", {"recordType": "contacts",
                                  "fieldValues": [{"key": "company_name", "value": "Nameless"}]})
    assert caught.value.status == 400


def test_update_record_changes_the_record(run: Any) -> None:
    contact = first_contact(run)
    body = run("booksUpdateRecord", {"recordType": "contacts", "recordId": contact["contact_id"],
                                     "fieldValues": [{"key": "company_name", "value": "Renamed Ltd"}]})
    assert body["code"] == 0
    stored = run("booksGetRecord", {"recordType": "contacts", "recordId": contact["contact_id"]})
    assert stored["contact"]["company_name"] == "Renamed Ltd"


def test_update_of_a_missing_record_is_an_api_error(run: Any) -> None:
    with pytest.raises(ApiError) as caught:
        run("booksUpdateRecord", {"recordType": "contacts", "recordId": "460000000000001",
                                  "fieldValues": [{"key": "company_name", "value": "X"}]})
    assert caught.value.code == "1002"


def test_remove_record_deletes_it(run: Any) -> None:
    created = run("booksCreateRecord", {"recordType": "contacts",
                                        "fieldValues": [{"key": "contact_name", "value": "Short Lived"}]})
    contact_id = created["contact"]["contact_id"]
    body = run("booksRemoveRecord", {"recordType": "contacts", "recordId": contact_id})
    assert body["code"] == 0
    with pytest.raises(ApiError) as caught:
        run("booksGetRecord", {"recordType": "contacts", "recordId": contact_id})
    assert caught.value.code == "1002"


def test_remove_record_with_a_parent_id_but_no_type_sends_nothing(run: Any, sandbox: SandboxServer) -> None:
    with pytest.raises(InputError) as caught:
        run("booksRemoveRecord", {"recordType": "contactpersons", "recordId": "1", "parentRecordId": "2"})
    assert caught.value.input == "parentRecordType"
    assert sent(sandbox) == []


# --- the organization -------------------------------------------------------------------------


def test_the_default_organization_is_discovered_once_per_connection(run: Any, sandbox: SandboxServer) -> None:
    assert "organizationId" not in sandbox.connection["fields"]
    assert len(organizations(sandbox)) > 1  # so discovery must pick the default one
    first_contact(run)
    first_contact(run)
    assert stats(sandbox)["requests"].get(ORGANIZATIONS_ROUTE) == 2  # ours above, and one discovery
    organization_id = the_organization(sandbox)
    books_calls = [e for e in sent(sandbox) if e["path"] == "/books/v3/contacts"]
    assert [query_of(e)["organization_id"] for e in books_calls] == [organization_id] * 2


def test_connection_organization_skips_discovery(run: Any, sandbox: SandboxServer) -> None:
    organization_id = the_organization(sandbox)
    document = {**sandbox.connection, "id": "sandbox-with-org"}
    document["fields"] = {**document["fields"], "organizationId": organization_id}
    run("booksGetRecords", {"recordType": "items"}, connection=document)
    assert stats(sandbox)["requests"][ORGANIZATIONS_ROUTE] == 1  # the_organization() above, only
    assert query_of(sent(sandbox)[-1])["organization_id"] == organization_id


def test_organization_input_chooses_another_organization(run: Any, sandbox: SandboxServer) -> None:
    (other,) = [org["organization_id"] for org in organizations(sandbox) if not org["is_default_org"]]
    expected = zoho_get(sandbox, "/contacts", organization_id=other)["contacts"]
    assert expected
    body = run("booksGetRecords", {"recordType": "contacts", "organizationId": other})
    assert [c["contact_id"] for c in body["contacts"]] == [c["contact_id"] for c in expected]
    assert query_of(sent(sandbox)[-1])["organization_id"] == other


def test_a_foreign_organization_input_is_an_api_error(run: Any, sandbox: SandboxServer) -> None:
    with pytest.raises(ApiError) as caught:
        run("booksGetRecords", {"recordType": "contacts", "organizationId": "999"})
    assert caught.value.code == "6041"
    assert query_of(sent(sandbox)[-1])["organization_id"] == "999"
    assert ORGANIZATIONS_ROUTE not in stats(sandbox)["requests"]
