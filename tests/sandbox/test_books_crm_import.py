"""Books' CRM import endpoints (seed 001): CRM records become Books contacts and items."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sandbox.test_books_fixtures import BooksHarness


@pytest.fixture
def books() -> Iterator[BooksHarness]:
    harness = BooksHarness()
    yield harness
    harness.close()


def test_import_account_creates_a_linked_customer(books: BooksHarness) -> None:
    response = books.post("/crm/account/5725767000000411001/import")
    assert response.status_code == 200
    data = response.json()["data"]
    assert response.json()["message"] == "success"
    contact = books.get(f"/contacts/{data['contact_id']}").json()["contact"]
    assert contact["contact_name"] == "Orbit Freight"
    assert contact["contact_type"] == "customer"
    assert contact["zcrm_account_id"] == "5725767000000411001"
    assert contact["is_linked_with_zohocrm"] is True
    assert contact["billing_address"]["city"] == "London"
    assert books.crm_calls == [("Accounts", "5725767000000411001")]


def test_import_contact_adds_a_contact_person(books: BooksHarness) -> None:
    data = books.post("/crm/contact/5725767000000411002/import").json()["data"]
    contact = books.get(f"/contacts/{data['contact_id']}").json()["contact"]
    assert contact["contact_name"] == "Ada Byron"
    assert contact["company_name"] == "Orbit Freight"
    assert [p["email"] for p in contact["contact_persons"]] == ["ada@orbit.example"]
    assert contact["zcrm_contact_id"] == "5725767000000411002"


def test_import_vendor_and_item(books: BooksHarness) -> None:
    vendor = books.post("/crm/vendor/5725767000000411003/import").json()["data"]
    contact = books.get(f"/contacts/{vendor['contact_id']}").json()["contact"]
    assert (contact["contact_name"], contact["contact_type"]) == ("Paper Mill Ltd", "vendor")
    item = books.post("/crm/item/5725767000000411004/import").json()["data"]
    assert set(item) == {"item_id"}
    stored = books.get(f"/items/{item['item_id']}").json()["item"]
    assert (stored["name"], stored["rate"], stored["sku"]) == ("Pallet Wrap", 12.5, "PW-1")


def test_importing_twice_returns_the_first_record(books: BooksHarness) -> None:
    first = books.post("/crm/account/5725767000000411001/import").json()["data"]
    before = books.store.counts()["contacts"]
    second = books.post("/crm/account/5725767000000411001/import").json()["data"]
    assert second == first
    assert books.store.counts()["contacts"] == before
    books.delete(f"/contacts/{first['contact_id']}")
    third = books.post("/crm/account/5725767000000411001/import").json()["data"]
    assert third != first  # the link went with the deleted contact


@pytest.mark.parametrize("path", ["/crm/account/5725767000000411999/import", "/crm/vendor/abc/import",
                                  "/crm/item/" + "1" * 31 + "/import"])
def test_unknown_crm_records(books: BooksHarness, path: str) -> None:
    response = books.post(path)
    assert response.status_code == 404
    assert response.json()["code"] == 1002
    assert "CRM" in response.json()["message"]


def test_crm_record_without_a_name_is_refused(books: BooksHarness) -> None:
    response = books.post("/crm/account/5725767000000411009/import")
    assert (response.status_code, response.json()["code"]) == (400, 4)
    assert "contact_name" in response.json()["message"]


def test_import_routes_refuse_other_kinds_and_methods(books: BooksHarness) -> None:
    assert books.post("/crm/deal/5725767000000411001/import").json()["code"] == 5
    assert books.get("/crm/account/5725767000000411001/import").status_code == 405
    assert books.post("/crm/account/5725767000000411001/import", org=None).json()["code"] == 6024
