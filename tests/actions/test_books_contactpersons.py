"""Contact persons through the Books record actions against the sandbox over loopback.

Books files contact persons in two places (contact-persons.yml): reads under the contact
(/contacts/{id}/contactpersons[/{cp}]), writes at /contacts/contactpersons[/{cp}] with the
contact named in the body. Every request must hit a documented operation, and every answer must
conform to it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest

import connector
from connector.auth.store import MemoryTokenStore
from connector.errors import ApiError
from connector.runtime.runtime import Runtime
from connector.sandbox.server import SandboxServer
from tests.support.oas import books_specs, validate_books_response


@pytest.fixture(scope="module")
def component() -> Any:
    return connector.load_component()


@pytest.fixture
def run(component: Any, sandbox: SandboxServer) -> Iterator[Any]:
    with Runtime(token_store=MemoryTokenStore(), sleep=lambda _s: None) as runtime:

        def invoke(key: str, inputs: dict[str, Any]) -> Any:
            return component.invoke(key, inputs, connection=sandbox.connection, runtime=runtime).data

        yield invoke


def books_requests(sandbox: SandboxServer) -> list[dict[str, Any]]:
    answer = httpx.get(f"{sandbox.url}/__sandbox__/requests", params={"limit": "200"})
    answer.raise_for_status()
    return [e for e in answer.json()["requests"] if e["path"].startswith("/books/v3/contacts")]


def a_contact(run: Any) -> str:
    body = run("booksGetRecords", {"recordType": "contacts", "per_page": "1"})
    return str(body["contacts"][0]["contact_id"])


def test_contact_person_lifecycle_through_the_record_actions(run: Any, sandbox: SandboxServer) -> None:
    contact = a_contact(run)
    under = {"recordType": "contactpersons", "parentRecordType": "contacts", "parentRecordId": contact}

    created = run("booksCreateRecord", {**under, "fieldValues": {"first_name": "Ada", "email": "ada@x.test"}})
    person = created["contact_person"]
    assert person["contact_id"] == contact and person["first_name"] == "Ada"
    person_id = person["contact_person_id"]

    fetched = run("booksGetRecord", {**under, "recordId": person_id})
    assert fetched["contact_person"]["email"] == "ada@x.test"

    listed = run("booksGetRecords", {**under, "fetchAll": True})
    assert person_id in [p["contact_person_id"] for p in listed["contact_persons"]]

    updated = run("booksUpdateRecord", {**under, "recordId": person_id, "fieldValues": {"last_name": "L"}})
    assert updated["contact_person"]["last_name"] == "L"

    removed = run("booksRemoveRecord", {**under, "recordId": person_id})
    assert removed["code"] == 0
    with pytest.raises(ApiError) as gone:
        run("booksGetRecord", {**under, "recordId": person_id})
    assert gone.value.status == 404

    sent = [(e["method"], e["path"]) for e in books_requests(sandbox)]
    assert sent == [
        ("GET", "/books/v3/contacts"),
        ("POST", "/books/v3/contacts/contactpersons"),
        ("GET", f"/books/v3/contacts/{contact}/contactpersons/{person_id}"),
        ("GET", f"/books/v3/contacts/{contact}/contactpersons"),
        ("PUT", f"/books/v3/contacts/contactpersons/{person_id}"),
        ("DELETE", f"/books/v3/contacts/contactpersons/{person_id}"),
        ("GET", f"/books/v3/contacts/{contact}/contactpersons/{person_id}"),
    ]
    assert books_requests(sandbox)[1]["json"]["contact_id"] == contact
    for method, path in sent:
        assert books_specs().has_operation(method, path), (method, path)
    for body, method, path in [
        (created, "POST", "/books/v3/contacts/contactpersons"),
        (fetched, "GET", f"/books/v3/contacts/{contact}/contactpersons/{person_id}"),
        (listed, "GET", f"/books/v3/contacts/{contact}/contactpersons"),
        (updated, "PUT", f"/books/v3/contacts/contactpersons/{person_id}"),
        (removed, "DELETE", f"/books/v3/contacts/contactpersons/{person_id}"),
    ]:
        validate_books_response(method, path, 201 if method == "POST" else 200, body)


def test_contact_person_of_another_contact_is_not_found(run: Any) -> None:
    contacts = run("booksGetRecords", {"recordType": "contacts", "per_page": "2"})["contacts"]
    first, second = (str(c["contact_id"]) for c in contacts)
    created = run("booksCreateRecord", {"recordType": "contactpersons", "parentRecordType": "contacts",
                                        "parentRecordId": first, "fieldValues": {"first_name": "Bo"}})
    person_id = created["contact_person"]["contact_person_id"]
    with pytest.raises(ApiError) as missing:
        run("booksGetRecord", {"recordType": "contactpersons", "parentRecordType": "contacts",
                               "parentRecordId": second, "recordId": person_id})
    assert missing.value.status == 404
