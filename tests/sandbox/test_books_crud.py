"""Books modules: create, get, update and delete with Zoho's envelopes, statuses and errors."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connector.sandbox.books_modules import MODULES
from tests.sandbox.test_books_fixtures import BooksHarness, valid_body

TOP_LEVEL = [path for path in MODULES if path != "contactpersons"]


@pytest.fixture
def books() -> Iterator[BooksHarness]:
    harness = BooksHarness()
    yield harness
    harness.close()


@pytest.mark.parametrize("path", TOP_LEVEL)
def test_create_get_update_delete_round_trip(books: BooksHarness, path: str) -> None:
    module = MODULES[path]
    created = books.post(f"/{path}", json=valid_body(books, path))
    assert created.status_code == module.create_status
    body = created.json()
    assert body["message"] == module.message("created")
    record = body[module.single_key]
    record_id = record[module.id_field]
    assert record_id.isdigit()
    assert record["created_time"] == "2026-09-21T14:13:20+0000"

    fetched = books.get(f"/{path}/{record_id}").json()
    assert fetched["message"] == "success"
    assert fetched[module.single_key][module.id_field] == record_id

    books.clock.advance(90)
    updated = books.put(f"/{path}/{record_id}", json={"notes": "changed", module.id_field: "1"}).json()
    assert updated["message"] == module.message("updated")
    assert updated[module.single_key]["notes"] == "changed"
    assert updated[module.single_key][module.id_field] == record_id  # the id is not writable
    assert updated[module.single_key]["last_modified_time"] == "2026-09-21T14:14:50+0000"

    deleted = books.delete(f"/{path}/{record_id}")
    assert deleted.status_code == 200
    assert deleted.json() == {"code": 0, "message": module.message("deleted")}
    gone = books.get(f"/{path}/{record_id}")
    assert gone.status_code == 404
    assert gone.json()["code"] == 1002


@pytest.mark.parametrize(("path", "field"), [(p, f) for p in TOP_LEVEL for f in MODULES[p].required])
def test_create_without_a_required_field_names_it(books: BooksHarness, path: str, field: str) -> None:
    body = valid_body(books, path)
    body.pop(field, None)
    response = books.post(f"/{path}", json=body)
    assert response.status_code == 400
    assert response.json()["code"] == 4
    assert field in response.json()["message"]
    assert sum(books.store.counts().values()) == sum(BooksHarness().store.counts().values())


def test_messages_and_statuses_follow_zoho(books: BooksHarness) -> None:
    contact = books.post("/contacts", json={"contact_name": "Message Co"})
    assert contact.json()["message"] == "The contact has been created"
    item = books.post("/items", json={"name": "Thing", "rate": 3})
    assert (item.status_code, item.json()["message"]) == (201, "The item has been added.")
    expense = books.post("/expenses", json=valid_body(books, "expenses"))
    assert expense.status_code == 200  # POST /expenses answers 200 in the spec
    contact_id = contact.json()["contact"]["contact_id"]
    assert books.delete(f"/contacts/{contact_id}").json()["message"] == "The contact has been deleted."


def test_invoice_lines_are_priced_from_items_and_numbered(books: BooksHarness) -> None:
    item_id = books.first_id("items")
    rate = books.store.orgs["10234695"].records["items"][item_id]["rate"]
    body = valid_body(books, "invoices")
    invoice = books.post("/invoices", json=body).json()["invoice"]
    assert invoice["line_items"][0]["name"] == books.store.orgs["10234695"].records["items"][item_id]["name"]
    assert invoice["line_items"][0]["item_total"] == rate * 2
    assert invoice["line_items"][1]["item_total"] == 12.5
    assert invoice["sub_total"] == invoice["total"] == invoice["balance"] == rate * 2 + 12.5
    assert invoice["invoice_number"] == "INV-000031"  # 30 seeded invoices before it
    assert invoice["status"] == "draft"
    assert invoice["customer_name"]
    assert invoice["date"] == "2026-09-21"  # today on the injected clock
    assert len({line["line_item_id"] for line in invoice["line_items"]}) == 2

    again = books.put(f"/invoices/{invoice['invoice_id']}", json={"line_items": [{"name": "X", "rate": 5,
                                                                                   "quantity": 3}]})
    assert (again.json()["invoice"]["total"], again.json()["invoice"]["balance"]) == (15, 15)
    assert again.json()["message"] == "Invoice information has been updated."


def test_repricing_keeps_what_was_paid(books: BooksHarness) -> None:
    invoice_id = books.first_id("invoices", status="paid")
    old_total = books.store.orgs["10234695"].records["invoices"][invoice_id]["total"]
    lines = [{"name": "More work", "rate": old_total + 10, "quantity": 1}]
    answer = books.put(f"/invoices/{invoice_id}", json={"line_items": lines, "adjustment": 5})
    invoice = answer.json()["invoice"]
    assert (invoice["total"], invoice["balance"]) == (old_total + 15, 15)


def test_references_to_unknown_contacts_and_items_are_refused(books: BooksHarness) -> None:
    body = valid_body(books, "invoices")
    response = books.post("/invoices", json={**body, "customer_id": "460000000099999"})
    assert (response.status_code, response.json()["code"]) == (400, 4)
    assert "customer_id" in response.json()["message"]
    response = books.post("/invoices", json={**body, "line_items": [{"item_id": "460000000099999"}]})
    assert "line_items[0].item_id" in response.json()["message"]
    response = books.post("/invoices", json={**body, "line_items": [{"name": "no rate"}]})
    assert "line_items[0].rate" in response.json()["message"]


@pytest.mark.parametrize(
    ("path", "payload", "field"),
    [
        ("/contacts", {"contact_name": ["a list"]}, "contact_name"),
        ("/contacts", {"contact_name": "X", "payment_terms": "soon"}, "payment_terms"),
        ("/contacts", {"contact_name": "X", "contact_type": "alien"}, "contact_type"),
        ("/contacts", {"contact_name": "X", "billing_address": "street"}, "billing_address"),
        ("/contacts", {"contact_name": "X", "is_taxable": 3}, "is_taxable"),
        ("/items", {"name": "X", "rate": "cheap"}, "rate"),
        ("/items", {"name": "X", "rate": True}, "rate"),
        ("/items", {"name": "X", "rate": 1e400}, "JSONString"),  # Infinity is not JSON
        ("/invoices", {"customer_id": "abc", "line_items": [{}]}, "customer_id"),
        ("/invoices", {"customer_id": "CUSTOMER", "line_items": "none"}, "line_items"),
        ("/invoices", {"customer_id": "CUSTOMER", "line_items": [7]}, "line_items"),
        ("/journals", {"journal_date": "21/09/2026"}, "journal_date"),
        ("/journals", {"journal_date": "2026-02-30"}, "journal_date"),
    ],
)
def test_wrong_types_get_code_4_naming_the_field(books: BooksHarness, path: str, payload: dict[str, object],
                                                 field: str) -> None:
    if payload.get("customer_id") == "CUSTOMER":
        payload = {**payload, "customer_id": books.first_id("contacts", contact_type="customer")}
    response = books.post(path, json=payload) if field != "JSONString" else books.post(
        path, content=b'{"name": "X", "rate": Infinity}', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["code"] == 4
    assert field in response.json()["message"]


def test_numbers_in_strings_and_null_values_are_accepted(books: BooksHarness) -> None:
    body = {"name": "Coerced", "rate": "19.5", "sku": 1234, "unit": None}
    item = books.post("/items", json=body).json()["item"]
    assert item["rate"] == 19.5
    assert item["sku"] == "1234"
    assert "unit" not in item


@pytest.mark.parametrize("path", ["/contacts/460000000099999", "/contacts/abc", "/contacts/" + "9" * 40,
                                  "/settings/taxes/460000000099999"])
def test_unknown_ids_are_1002(books: BooksHarness, path: str) -> None:
    for method in ("GET", "PUT", "DELETE"):
        response = books.request(method, path, json={} if method == "PUT" else None)
        assert response.status_code == 404
        assert response.json()["code"] == 1002
        assert response.json()["message"].endswith("does not exist.")


def test_get_contact_includes_its_contact_persons(books: BooksHarness) -> None:
    contact_id = books.first_id("contacts")
    contact = books.get(f"/contacts/{contact_id}").json()["contact"]
    assert len(contact["contact_persons"]) == 1
    assert contact["primary_contact_id"] == contact["contact_persons"][0]["contact_person_id"]


def test_create_contact_with_persons(books: BooksHarness) -> None:
    body = {"contact_name": "People Inc", "contact_persons": [{"first_name": "Ann", "email": "a@x.example"},
                                                              {"first_name": "Bo"}]}
    contact = books.post("/contacts", json=body).json()["contact"]
    persons = contact["contact_persons"]
    assert [p["first_name"] for p in persons] == ["Ann", "Bo"]
    assert [p["is_primary_contact"] for p in persons] == [True, False]
    bad = books.post("/contacts", json={"contact_name": "Y", "contact_persons": ["Ann"]})
    assert bad.status_code == 400 and "contact_persons" in bad.json()["message"]


def test_deleting_a_contact_removes_its_persons_and_comments(books: BooksHarness) -> None:
    contact_id = books.first_id("contacts")
    before = books.store.counts()["contactpersons"]
    books.delete(f"/contacts/{contact_id}")
    assert books.store.counts()["contactpersons"] == before - 1
    assert ("contacts", contact_id) not in books.store.orgs["10234695"].comments


def test_records_belong_to_their_organization(books: BooksHarness) -> None:
    contact_id = books.first_id("contacts")
    assert books.get(f"/contacts/{contact_id}", org="10234696").status_code == 404
    created = books.post("/contacts", org="10234696", json={"contact_name": "Euro GmbH"}).json()["contact"]
    names = [c["contact_name"] for c in books.get("/contacts", params={"per_page": "200"}).json()["contacts"]]
    assert "Euro GmbH" not in names
    assert books.get(f"/contacts/{created['contact_id']}", org="10234696").status_code == 200


def test_settings_modules(books: BooksHarness) -> None:
    currencies = books.get("/settings/currencies").json()
    assert [c["currency_code"] for c in currencies["currencies"]] == ["EUR", "GBP", "USD"]
    taxes = books.get("/settings/taxes", params={"sort_column": "tax_percentage"}).json()["taxes"]
    assert [t["tax_percentage"] for t in taxes] == [5, 8, 20]
    assert books.get("/settings/nothing").status_code == 404
    assert books.get("/settings").json()["code"] == 5


def test_update_and_upsert_by_unique_custom_field(books: BooksHarness) -> None:
    custom = [{"api_name": "cf_erp_id", "value": "ERP-7"}]
    created = books.post("/contacts", json={"contact_name": "Keyed Co", "custom_fields": custom}).json()
    headers = {"X-Unique-Identifier-Key": "cf_erp_id", "X-Unique-Identifier-Value": "ERP-7"}
    updated = books.put("/contacts", json={"notes": "found by key"}, headers=headers)
    assert updated.status_code == 200
    assert updated.json()["contact"]["contact_id"] == created["contact"]["contact_id"]
    assert updated.json()["contact"]["notes"] == "found by key"

    missing = {**headers, "X-Unique-Identifier-Value": "ERP-8"}
    assert books.put("/contacts", json={"notes": "x"}, headers=missing).json()["code"] == 1002
    upserted = books.put("/contacts", json={"contact_name": "New Keyed", "custom_fields": custom},
                         headers={**missing, "X-Upsert": "true"})
    assert upserted.status_code == 201
    assert upserted.json()["contact"]["contact_name"] == "New Keyed"
    no_value = books.put("/contacts", json={}, headers={"X-Unique-Identifier-Key": "cf_erp_id"})
    assert "X-Unique-Identifier-Value" in no_value.json()["message"]
    assert books.put("/journals", json={}, headers=headers).status_code == 405  # not supported there
