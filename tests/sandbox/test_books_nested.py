"""Books sub-resources: contact persons, comments, status changes, (in)activation."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.sandbox.test_books_fixtures import BooksHarness


@pytest.fixture
def books() -> Iterator[BooksHarness]:
    harness = BooksHarness()
    yield harness
    harness.close()


def test_contact_person_lifecycle(books: BooksHarness) -> None:
    contact_id = books.first_id("contacts")
    created = books.post("/contacts/contactpersons", json={"contact_id": contact_id, "first_name": "Kim",
                                                           "email": "kim@x.example"})
    assert created.status_code == 201
    assert created.json()["message"] == "The contactperson has been Created"
    person = created.json()["contact_person"]
    assert person["is_primary_contact"] is False  # the seeded person stays primary

    listed = books.get(f"/contacts/{contact_id}/contactpersons").json()
    assert [p["first_name"] for p in listed["contact_persons"]][-1] == "Kim"
    assert listed["page_context"]["sort_column"] == "contact_person_id"

    one = books.get(f"/contacts/{contact_id}/contactpersons/{person['contact_person_id']}").json()
    assert one["contact_person"]["email"] == "kim@x.example"

    updated = books.put(f"/contacts/contactpersons/{person['contact_person_id']}",
                        json={"last_name": "Lee", "contact_id": "1"}).json()
    assert updated["message"] == "The contactperson details has been updated."
    assert updated["contact_person"]["last_name"] == "Lee"
    assert updated["contact_person"]["contact_id"] == contact_id

    primary = books.post(f"/contacts/contactpersons/{person['contact_person_id']}/primary").json()
    assert primary["message"] == "This contact person has been marked as your primary contact person."
    contact = books.get(f"/contacts/{contact_id}").json()["contact"]
    assert contact["primary_contact_id"] == person["contact_person_id"]
    assert sum(p["is_primary_contact"] for p in contact["contact_persons"]) == 1

    deleted = books.delete(f"/contacts/contactpersons/{person['contact_person_id']}").json()
    assert deleted == {"code": 0, "message": "The contact person has been deleted."}
    gone = books.get(f"/contacts/{contact_id}/contactpersons/{person['contact_person_id']}")
    assert gone.status_code == 404


def test_contact_person_errors(books: BooksHarness) -> None:
    contact_id = books.first_id("contacts")
    missing_contact = books.post("/contacts/contactpersons", json={"first_name": "A"})
    assert missing_contact.status_code == 400 and "contact_id" in missing_contact.json()["message"]
    unknown_contact = books.post("/contacts/contactpersons", json={"contact_id": "460000000099999",
                                                                   "first_name": "A"})
    assert unknown_contact.status_code == 404
    assert unknown_contact.json()["message"] == "Contact does not exist."
    no_name = books.post("/contacts/contactpersons", json={"contact_id": contact_id})
    assert "first_name" in no_name.json()["message"]
    other_contact = list(books.store.orgs["10234695"].records["contacts"])[1]
    person_id = books.first_id("contactpersons")
    assert books.get(f"/contacts/{other_contact}/contactpersons/{person_id}").status_code == 404
    assert books.get("/contacts/460000000099999/contactpersons").json()["code"] == 1002
    assert books.get("/contactpersons").json()["code"] == 5  # not a top-level module
    assert books.get("/contacts/contactpersons").status_code == 405
    assert books.post(f"/contacts/{contact_id}/contactpersons", json={}).status_code == 405


def test_contact_comments_are_read_only(books: BooksHarness) -> None:
    contact_id = books.first_id("contacts")
    body = books.get(f"/contacts/{contact_id}/comments").json()
    assert [c["description"] for c in body["contact_comments"]] == ["Seed note 1"]
    assert body["page_context"]["page"] == 1
    assert books.post(f"/contacts/{contact_id}/comments", json={"description": "x"}).status_code == 405


def test_invoice_comments(books: BooksHarness) -> None:
    invoice_id = books.first_id("invoices")
    added = books.post(f"/invoices/{invoice_id}/comments", json={"description": "Call on Monday"})
    assert (added.status_code, added.json()["message"]) == (200, "Comments added.")
    comment = added.json()["comment"]
    assert (comment["date"], comment["time"]) == ("2026-09-21", "2:13 PM")
    comments = books.get(f"/invoices/{invoice_id}/comments").json()["comments"]
    assert [c["description"] for c in comments] == ["Seed note 1", "Call on Monday"]

    updated = books.put(f"/invoices/{invoice_id}/comments/{comment['comment_id']}",
                        json={"description": "Call on Tuesday"}).json()
    assert updated["comment"]["description"] == "Call on Tuesday"
    assert books.put(f"/invoices/{invoice_id}/comments/{comment['comment_id']}",
                     json={"description": ""}).status_code == 400
    deleted = books.delete(f"/invoices/{invoice_id}/comments/{comment['comment_id']}").json()
    assert deleted["message"] == "The comment has been deleted."
    missing = books.delete(f"/invoices/{invoice_id}/comments/{comment['comment_id']}")
    assert (missing.status_code, missing.json()["code"]) == (404, 1002)
    empty = books.post(f"/invoices/{invoice_id}/comments", json={})
    assert "description" in empty.json()["message"]
    assert books.get("/items/460000000010001/comments").json()["code"] == 5  # items have none


@pytest.mark.parametrize(("module", "action", "message"), [
    ("invoices", "sent", "Invoice status has been changed to Sent."),
    ("invoices", "void", "Invoice status has been changed to Void."),
    ("estimates", "accepted", "Estimate status has been changed to Accepted."),
    ("purchaseorders", "cancelled", "Purchase order status has been changed to Cancelled."),
])
def test_status_changes(books: BooksHarness, module: str, action: str, message: str) -> None:
    record_id = books.first_id(module)
    response = books.post(f"/{module}/{record_id}/status/{action}")
    assert response.json() == {"code": 0, "message": message}
    assert books.store.orgs["10234695"].records[module][record_id]["status"] == action


def test_unknown_status_actions_and_sub_paths(books: BooksHarness) -> None:
    invoice_id = books.first_id("invoices")
    assert books.post(f"/invoices/{invoice_id}/status/teleported").json()["code"] == 5
    assert books.get(f"/invoices/{invoice_id}/status/sent").status_code == 405
    assert books.get(f"/invoices/{invoice_id}/attachments").json()["code"] == 5
    assert books.post("/invoices/460000000099999/status/sent").status_code == 404


def test_activation(books: BooksHarness) -> None:
    contact_id = books.first_id("contacts")
    inactive = books.post(f"/contacts/{contact_id}/inactive").json()
    assert inactive["message"] == "The contact has been marked as inactive."
    listed = books.get("/contacts", params={"filter_by": "Status.Inactive"}).json()["contacts"]
    assert [c["contact_id"] for c in listed] == [contact_id]
    active = books.post(f"/contacts/{contact_id}/active").json()
    assert active["message"] == "The contact has been marked as active."
    item_id = books.first_id("items")
    item_inactive = books.post(f"/items/{item_id}/inactive").json()
    assert item_inactive["message"] == "The item has been marked as inactive."
    assert books.post(f"/invoices/{books.first_id('invoices')}/active").json()["code"] == 5
