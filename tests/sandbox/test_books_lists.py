"""Books lists: paging, per_page limits, filters, search, filter_by, sorting and page_context."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from connector.sandbox.books_modules import MODULES
from connector.zoho.books_modules import BOOKS_MODULES, list_key_for
from tests.sandbox.test_books_fixtures import BooksHarness


@pytest.fixture
def books() -> Iterator[BooksHarness]:
    harness = BooksHarness()
    yield harness
    harness.close()


def test_pages_walk_every_record_once(books: BooksHarness) -> None:
    seen: list[str] = []
    page = 1
    while True:
        body = books.get("/contacts", params={"page": str(page), "per_page": "7"}).json()
        context = body["page_context"]
        assert (context["page"], context["per_page"]) == (page, 7)
        seen += [c["contact_id"] for c in body["contacts"]]
        if not context["has_more_page"]:
            break
        page += 1
    assert len(seen) == len(set(seen)) == 40
    assert page == 6


def test_page_context_defaults(books: BooksHarness) -> None:
    context = books.get("/invoices").json()["page_context"]
    assert context == {"page": 1, "per_page": 200, "has_more_page": False, "report_name": "Invoices",
                       "applied_filter": "Status.All", "sort_column": "created_time", "sort_order": "D"}


def test_two_hundred_per_page_at_most(books: BooksHarness) -> None:
    books.store.seed({"items": 450})
    body = books.get("/items", params={"per_page": "200", "page": "3"}).json()
    assert len(body["items"]) == 70
    assert body["page_context"]["has_more_page"] is False
    assert len(books.get("/items", params={"page": "2"}).json()["items"]) == 200
    assert books.get("/items", params={"page": "99"}).json()["items"] == []


@pytest.mark.parametrize(
    ("name", "value"),
    [("per_page", "201"), ("per_page", "0"), ("per_page", "-1"), ("per_page", "ten"), ("page", "0"),
     ("page", "1.5"), ("page", "99999999999"), ("sort_order", "X"), ("sort_column", "password"),
     ("filter_by", "Status.Haunted"), ("filter_by", "Date.Whenever"), ("search_text", "x" * 101),
     ("last_modified_time", "yesterday"), ("date_start", "2026-13-01"), ("per_page", "٣")],
)
def test_bad_list_parameters_are_code_2(books: BooksHarness, name: str, value: str) -> None:
    response = books.get("/invoices", params={name: value})
    assert response.status_code == 400
    assert response.json() == {"code": 2, "message": f"Invalid value passed for {name}"}


def test_field_filters_and_variants(books: BooksHarness) -> None:
    vendors = books.get("/contacts", params={"contact_type": "vendor"}).json()["contacts"]
    assert vendors and all(c["contact_type"] == "vendor" for c in vendors)
    starts = books.get("/contacts", params={"contact_name_startswith": "bow"}).json()["contacts"]
    assert [c["contact_name"] for c in starts] == ["Bowman and Co", "Bowman Ltd"]
    contains = books.get("/items", params={"name_contains": "drive"}).json()["items"]
    assert {i["name"] for i in contains} == {"Hard Drive", "Hard Drive 2"}
    exact = books.get("/contacts", params={"email": "noah.smith2@example.com"}).json()["contacts"]
    assert [c["contact_name"] for c in exact] == ["Acme and Co"]
    ignored = books.get("/contacts", params={"favourite_colour": "blue"}).json()["contacts"]
    assert len(ignored) == 40


def test_status_parameter_and_filter_by(books: BooksHarness) -> None:
    paid = books.get("/invoices", params={"status": "paid"}).json()["invoices"]
    assert paid and {i["status"] for i in paid} == {"paid"}
    via_filter = books.get("/invoices", params={"filter_by": "Status.Paid"}).json()
    assert [i["invoice_id"] for i in via_filter["invoices"]] == [i["invoice_id"] for i in paid]
    assert via_filter["page_context"]["applied_filter"] == "Status.Paid"
    unpaid = books.get("/invoices", params={"filter_by": "Status.Unpaid"}).json()["invoices"]
    assert {i["status"] for i in unpaid} == {"sent", "overdue"}
    customers = books.get("/contacts", params={"filter_by": "Status.Customers"}).json()["contacts"]
    assert len(customers) == 30


def test_search_text(books: BooksHarness) -> None:
    body = books.get("/contacts", params={"search_text": "GLOBEX"}).json()
    assert [c["contact_name"] for c in body["contacts"]] == ["Globex and Co", "Globex Ltd"]
    assert body["page_context"]["search_criteria"][0]["search_text"] == "GLOBEX"


def test_sorting(books: BooksHarness) -> None:
    ascending = books.get("/items", params={"sort_column": "rate", "sort_order": "A"}).json()["items"]
    rates = [i["rate"] for i in ascending]
    assert rates == sorted(rates)
    descending = books.get("/items", params={"sort_column": "rate", "sort_order": "D"}).json()
    assert [i["rate"] for i in descending["items"]] == sorted(rates, reverse=True)
    assert descending["page_context"]["sort_column"] == "rate"
    names = [c["contact_name"] for c in books.get("/contacts").json()["contacts"]]
    assert names == sorted(names, key=str.lower)


def test_last_modified_time_and_date_ranges(books: BooksHarness) -> None:
    books.clock.advance(3600)
    created = books.post("/contacts", json={"contact_name": "Recent Ltd"}).json()["contact"]
    since = books.get("/contacts", params={"last_modified_time": "2026-09-21T15:00:00+0000"}).json()
    assert [c["contact_id"] for c in since["contacts"]] == [created["contact_id"]]
    with_colon = books.get("/contacts", params={"last_modified_time": "2026-09-21T17:00:00+02:00"}).json()
    assert [c["contact_id"] for c in with_colon["contacts"]] == [created["contact_id"]]
    ranged = books.get("/invoices", params={"date_start": "2026-01-05", "date_end": "2026-01-07"}).json()
    assert sorted(i["date"] for i in ranged["invoices"]) == ["2026-01-05", "2026-01-06", "2026-01-07"]
    before = books.get("/invoices", params={"date_before": "2026-01-03"}).json()["invoices"]
    assert sorted(i["date"] for i in before) == ["2026-01-01", "2026-01-02"]


def test_list_rows_leave_out_heavy_fields(books: BooksHarness) -> None:
    invoice = books.get("/invoices", params={"per_page": "1"}).json()["invoices"][0]
    assert "line_items" not in invoice
    assert "line_items" in books.get(f"/invoices/{invoice['invoice_id']}").json()["invoice"]


def test_crm_link_filters_find_imported_records(books: BooksHarness) -> None:
    imported = books.post("/crm/account/5725767000000411001/import").json()["data"]["contact_id"]
    found = books.get("/contacts", params={"zcrm_account_id": "5725767000000411001"}).json()["contacts"]
    assert [c["contact_id"] for c in found] == [imported]
    linked = books.get("/contacts", params={"filter_by": "Status.Crm"}).json()["contacts"]
    assert [c["contact_id"] for c in linked] == [imported]


@pytest.mark.parametrize("path", ["customerpayments", "contacts", "invoices", "settings/taxes"])
def test_the_connector_reads_the_list_key_the_sandbox_answers_with(books: BooksHarness, path: str) -> None:
    body = books.get(f"/{path}").json()
    assert list_key_for(path, body) == MODULES[path].list_key


def test_sandbox_and_connector_tables_agree_on_every_list_key() -> None:
    shared = set(MODULES) & set(BOOKS_MODULES)
    assert "customerpayments" in shared
    assert {p: MODULES[p].list_key for p in shared} == {p: BOOKS_MODULES[p].list_key for p in shared}
