"""The Zoho Books record types of the Record Type dropdown: where they live and how lists are keyed.

The original read list responses from ``body[recordType]``, which misses every type whose URL
path is not also its response key (``bankaccounts/rules`` lists under ``rules``,
``recurringinvoices`` under ``recurring_invoices``...). This table says it per module. Types not
in it (custom modules, newer endpoints) fall back to the one list-valued key of the body.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class BooksModule:
    """``path``: URL path under ``/books/v3``; ``list_key``: key of the records in a list
    response (None: the endpoint returns one object, not a collection); ``id_field``: the
    records' id attribute."""

    path: str
    list_key: str | None
    id_field: str


BOOKS_MODULES: dict[str, BooksModule] = {
    module.path: module
    for module in (
        BooksModule("bankaccounts", "bankaccounts", "account_id"),
        BooksModule("banktransactions", "banktransactions", "transaction_id"),
        BooksModule("bankaccounts/rules", "rules", "rule_id"),
        BooksModule("basecurrencyadjustment", "base_currency_adjustments", "base_currency_adjustment_id"),
        BooksModule("bills", "bills", "bill_id"),
        BooksModule("chartofaccounts", "chartofaccounts", "account_id"),
        BooksModule("contacts", "contacts", "contact_id"),
        BooksModule("contactpersons", "contact_persons", "contact_person_id"),
        BooksModule("creditnotes", "creditnotes", "creditnote_id"),
        BooksModule("settings/currencies", "currencies", "currency_id"),
        # Zoho's Books spec (list-customer-payments-response) and research/zoho-api.md 6.3 agree.
        BooksModule("customerpayments", "customer_payments", "payment_id"),
        BooksModule("employees", "employees", "employee_id"),
        BooksModule("estimates", "estimates", "estimate_id"),
        BooksModule("expenses", "expenses", "expense_id"),
        BooksModule("invoices", "invoices", "invoice_id"),
        BooksModule("items", "items", "item_id"),
        BooksModule("journals", "journals", "journal_id"),
        BooksModule("settings/openingbalances", None, "opening_balance_id"),
        BooksModule("projects", "projects", "project_id"),
        BooksModule("purchaseorders", "purchaseorders", "purchaseorder_id"),
        BooksModule("recurringbills", "recurring_bills", "recurring_bill_id"),
        BooksModule("recurringexpenses", "recurring_expenses", "recurring_expense_id"),
        BooksModule("recurringinvoices", "recurring_invoices", "recurrence_id"),
        BooksModule("retainerinvoices", "retainerinvoices", "retainerinvoice_id"),
        BooksModule("salesorders", "salesorders", "salesorder_id"),
        BooksModule("tasks", "tasks", "task_id"),
        BooksModule("settings/taxes", "taxes", "tax_id"),
        BooksModule("projects/timeentries", "time_entries", "time_entry_id"),
        BooksModule("users", "users", "user_id"),
        BooksModule("vendorcredits", "vendor_credits", "vendor_credit_id"),
        BooksModule("vendorpayments", "vendorpayments", "payment_id"),
    )
}

Operation = Literal["list", "get", "create", "update", "delete"]


@dataclass(frozen=True)
class ChildRoutes:
    """A child record type that Books does not keep wholly under ``/{parent}/{parent_id}/{child}``.

    ``paths`` maps each operation to its path template (``{parent_id}``, ``{record_id}``); a
    template without ``{parent_id}`` works without the parent inputs. ``parent_field`` names the
    body field that carries the parent id on writes whose path does not.
    """

    parent: str
    child: str
    paths: Mapping[Operation, str]
    parent_field: str


# contact-persons.yml: reads are nested under the contact, writes are not.
CHILD_ROUTES: dict[str, ChildRoutes] = {
    routes.child: routes
    for routes in (
        ChildRoutes(
            parent="contacts", child="contactpersons", parent_field="contact_id",
            paths={
                "list": "contacts/{parent_id}/contactpersons",
                "get": "contacts/{parent_id}/contactpersons/{record_id}",
                "create": "contacts/contactpersons",
                "update": "contacts/contactpersons/{record_id}",
                "delete": "contacts/contactpersons/{record_id}",
            },
        ),
    )
}


def child_routes(record_type: str, parent_type: str | None) -> ChildRoutes | None:
    """The special routes of ``record_type`` when its parent (if one is named) is the documented one."""
    routes = CHILD_ROUTES.get(record_type)
    if routes is None or parent_type not in (None, routes.parent):
        return None
    return routes


# Top-level keys of a Books body that never hold the records.
_ENVELOPE_KEYS = frozenset({"code", "message", "page_context", "instrumentation"})


def books_module(record_type: str) -> BooksModule | None:
    return BOOKS_MODULES.get(record_type)


def list_key_for(record_type: str, body: Any) -> str | None:
    """The key of ``body`` that holds the records of a ``record_type`` list response."""
    if not isinstance(body, dict):
        return None
    module = books_module(record_type)
    if module is not None:
        if module.list_key is None:
            return None
        if module.list_key in body:
            return module.list_key
    lists = [key for key, value in body.items() if key not in _ENVELOPE_KEYS and isinstance(value, list)]
    return lists[0] if len(lists) == 1 else None
