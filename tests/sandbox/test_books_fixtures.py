"""Shared helpers for the Books sandbox tests (no tests here).

``BooksHarness`` mounts the Books routes at /books/v3 (as the sandbox app does) on a bare
Starlette app and talks to it in-process through httpx.ASGITransport, with a hand-driven clock.
Every answer is checked for a Books envelope, and success bodies of documented operations
against the Books OpenAPI files (with the known spec errors of
tests.support.oas.BOOKS_SPEC_ERRORS corrected).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import httpx
from starlette.applications import Starlette

from connector.sandbox.app import answer_unmatched_paths_like_zoho, books_mount
from connector.sandbox.books import BooksStore, books_routes
from tests.support.oas import books_specs, validate_books_response

ORG = "10234695"
OTHER_ORG = "10234696"
START = 1790000000.0  # 2026-09-21T14:13:20Z

CRM_RECORDS: dict[tuple[str, str], dict[str, Any]] = {
    ("Accounts", "5725767000000411001"): {
        "id": "5725767000000411001", "Account_Name": "Orbit Freight", "Phone": "+44 20 7946 0000",
        "Website": "orbit.example", "Billing_Street": "1 Dock Road", "Billing_City": "London",
        "Billing_Code": "E1 1AA", "Billing_Country": "UK",
    },
    ("Contacts", "5725767000000411002"): {
        "id": "5725767000000411002", "First_Name": "Ada", "Last_Name": "Byron",
        "Email": "ada@orbit.example", "Account_Name": {"name": "Orbit Freight", "id": "5725767000000411001"},
    },
    ("Vendors", "5725767000000411003"): {
        "id": "5725767000000411003", "Vendor_Name": "Paper Mill Ltd", "Email": "sales@mill.example",
    },
    ("Products", "5725767000000411004"): {
        "id": "5725767000000411004", "Product_Name": "Pallet Wrap", "Unit_Price": 12.5,
        "Product_Code": "PW-1", "Description": "Stretch film",
    },
    ("Accounts", "5725767000000411009"): {"id": "5725767000000411009", "Phone": "0"},  # no name
}


class Clock:
    def __init__(self, now: float = START) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


def assert_envelope(response: httpx.Response) -> dict[str, Any]:
    body = response.json()
    assert isinstance(body, dict), body
    assert isinstance(body.get("code"), int) and isinstance(body.get("message"), str), body
    if response.status_code < 400:
        assert body["code"] == 0, body
    else:
        assert 400 <= response.status_code < 500, (response.status_code, body)
        assert body["code"] != 0, body
    return body


class BooksHarness:
    """A Books store, its routes on a bare app, and a client that checks every answer."""

    def __init__(self, *, rate_limit: int = 100, crm: Mapping[tuple[str, str], dict[str, Any]] | None = None):
        self.clock = Clock()
        self.store = BooksStore(clock=self.clock, rate_limit=rate_limit)
        self.crm = dict(CRM_RECORDS if crm is None else crm)
        self.crm_calls: list[tuple[str, str]] = []
        app = Starlette(routes=[books_mount(books_routes(self.store, self._lookup))])
        answer_unmatched_paths_like_zoho(app.router)
        self._loop = asyncio.new_event_loop()
        self._client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                         base_url="http://books.test")

    def _lookup(self, module: str, record_id: str) -> Mapping[str, Any] | None:
        self.crm_calls.append((module, record_id))
        return self.crm.get((module, record_id))

    def request(self, method: str, path: str, *, org: str | None = ORG,
                params: Mapping[str, str] | None = None, check_spec: bool = True,
                **kwargs: Any) -> httpx.Response:
        query = dict(params or {})
        if org is not None:
            query["organization_id"] = org
        url = "/books/v3" + path
        response = self._loop.run_until_complete(
            self._client.request(method, url, params=query, **kwargs)
        )
        body = assert_envelope(response)
        if check_spec and books_specs().has_operation(method, url):
            validate_books_response(method, url, response.status_code, body)
        return response

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("PUT", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> httpx.Response:
        return self.request("DELETE", path, **kwargs)

    def first_id(self, module: str, **filters: Any) -> str:
        records = self.store.orgs[ORG].records[module].values()
        for record in records:
            if all(record.get(k) == v for k, v in filters.items()):
                return str(next(iter(record.values())))
        raise AssertionError(f"no seeded {module} record with {filters}")

    def close(self) -> None:
        self._loop.run_until_complete(self._client.aclose())
        self._loop.close()


def valid_body(books: BooksHarness, module: str) -> dict[str, Any]:
    """A create body that satisfies the module's required fields, using seeded references."""
    customer = books.first_id("contacts", contact_type="customer")
    vendor = books.first_id("contacts", contact_type="vendor")
    item = books.first_id("items")
    lines = [{"item_id": item, "quantity": 2}, {"name": "Setup", "rate": 12.5, "quantity": 1}]
    bodies: dict[str, dict[str, Any]] = {
        "contacts": {"contact_name": "Fresh Customer", "email": "fresh@example.com"},
        "items": {"name": "Fresh Item", "rate": 42},
        "invoices": {"customer_id": customer, "line_items": lines},
        "estimates": {"customer_id": customer, "line_items": lines},
        "salesorders": {"customer_id": customer, "line_items": lines},
        "purchaseorders": {"vendor_id": vendor, "line_items": lines},
        "bills": {"vendor_id": vendor, "bill_number": "VB-1", "line_items": lines},
        "creditnotes": {"customer_id": customer, "date": "2026-09-01", "creditnote_number": "CN-X1",
                        "line_items": lines},
        "customerpayments": {"customer_id": customer, "payment_mode": "cash", "amount": 100,
                             "date": "2026-09-01"},
        "vendorpayments": {"vendor_id": vendor, "amount": 75},
        "expenses": {"date": "2026-09-02", "account_id": "102346950101", "amount": 30,
                     "paid_through_account_id": "102346950102"},
        "journals": {"journal_date": "2026-09-03", "notes": "Accrual"},
        "projects": {"project_name": "Fresh Project", "customer_id": customer,
                     "billing_type": "fixed_cost_for_project", "user_id": "102346950201"},
        "settings/currencies": {"currency_code": "CHF", "currency_symbol": "Fr"},
        "settings/taxes": {"tax_name": "Green Tax", "tax_percentage": 3},
    }
    return bodies[module]
