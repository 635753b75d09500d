"""Deterministic Books seed data: two organizations and generated records for every module.

Values derive from each record's index, never from randomness or the clock, so every start
yields the same data; 100,000 records take well under a second or two. Amounts are whole
numbers because the Books OpenAPI documents type several amount fields as integers.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from connector.sandbox.books_modules import MODULES
from connector.sandbox.books_time import format_date

if TYPE_CHECKING:
    from connector.sandbox.books_store import BooksStore, OrgData

Record = dict[str, Any]

SEED_EPOCH = 1767258000  # 2026-01-01T09:00:00Z: seed records are dated from here, not the clock
DEFAULT_ORG_ID = "10234695"
SECOND_ORG_ID = "10234696"

# Modules are generated in this order so that references (customer, item, contact) resolve.
GENERATION_ORDER = (
    "settings/currencies", "settings/taxes", "items", "contacts", "contactpersons", "projects",
    "invoices", "estimates", "salesorders", "purchaseorders", "bills", "creditnotes",
    "customerpayments", "vendorpayments", "expenses", "journals",
)

DEFAULT_ORG_COUNTS = {
    "settings/currencies": 3, "settings/taxes": 3, "items": 20, "contacts": 40,
    "contactpersons": 40, "projects": 5, "invoices": 30, "estimates": 10, "salesorders": 10,
    "purchaseorders": 5, "bills": 5, "creditnotes": 5, "customerpayments": 10,
    "vendorpayments": 5, "expenses": 8, "journals": 5,
}
SECOND_ORG_COUNTS = {"settings/currencies": 1, "items": 2, "contacts": 3, "contactpersons": 3,
                     "invoices": 2}

FIRST_NAMES = ("Will", "Ava", "Noah", "Mia", "Liam", "Zoe", "Omar", "Ines", "Kenji", "Lena",
               "Ravi", "Sofia", "Yusuf", "Emma", "Diego", "Hana", "Arjun", "Clara", "Tomas", "Priya")
LAST_NAMES = ("Smith", "Garcia", "Chen", "Muller", "Rossi", "Khan", "Tanaka", "Dubois", "Silva",
              "Novak", "Okafor", "Larsen", "Patel", "Kowalski", "Haddad", "Nguyen", "Berg")
COMPANY_WORDS = ("Bowman", "Zylker", "Acme", "Northwind", "Contoso", "Globex", "Initech",
                 "Umbrella", "Stark", "Wayne", "Tyrell", "Hooli", "Vandelay", "Wonka", "Soylent",
                 "Cyberdyne", "Aperture", "Gringotts", "Oscorp", "Dunder")
COMPANY_SUFFIXES = ("and Co", "Ltd", "GmbH", "Inc", "Traders", "Labs")
ITEM_NAMES = ("Hard Drive", "Monitor", "Keyboard", "Consulting Hour", "Support Plan", "Cable",
              "Laptop Stand", "Webcam", "Headset", "Router", "Licence", "Training Day")
CURRENCIES = (("USD", "$", "US Dollar"), ("EUR", "€", "Euro"), ("GBP", "£", "Pound Sterling"),
              ("INR", "₹", "Indian Rupee"), ("JPY", "¥", "Japanese Yen"))
TAXES = (("VAT", 20), ("Sales Tax", 8), ("Reduced VAT", 5))
INVOICE_STATUSES = ("draft", "sent", "paid", "overdue", "void")
PAYMENT_MODES = ("cash", "check", "banktransfer", "creditcard")


@dataclass
class SeedContext:
    """What generated records may refer to: existing customers, vendors, items and contacts."""

    org: OrgData
    customers: list[tuple[str, str]] = field(default_factory=list)  # (contact_id, contact_name)
    vendors: list[tuple[str, str]] = field(default_factory=list)
    items: list[tuple[str, str, int]] = field(default_factory=list)  # (item_id, name, rate)
    contact_ids: list[str] = field(default_factory=list)

    def refresh(self) -> None:
        contacts = self.org.records["contacts"].values()
        self.contact_ids = list(self.org.records["contacts"])
        self.customers = [(c["contact_id"], c["contact_name"]) for c in contacts
                          if c.get("contact_type") == "customer"]
        self.vendors = [(c["contact_id"], c["contact_name"]) for c in contacts
                        if c.get("contact_type") == "vendor"]
        self.items = [(i["item_id"], i["name"], i["rate"]) for i in self.org.records["items"].values()
                      if isinstance(i.get("rate"), int)]


def seed_organizations(store: BooksStore) -> None:
    """Create the two seed organizations and their records."""
    default = store.add_org(_organization(DEFAULT_ORG_ID, "Zylker Sandbox", "USD", "$", default=True))
    second = store.add_org(_organization(SECOND_ORG_ID, "Zylker Europe", "EUR", "€", default=False))
    generate_records(store, default, DEFAULT_ORG_COUNTS)
    generate_records(store, second, SECOND_ORG_COUNTS)
    _seed_comments(store, default)


def generate_records(store: BooksStore, org: OrgData, counts: Mapping[str, int]) -> None:
    """Append ``counts[module]`` generated records per module to ``org``."""
    context = SeedContext(org)
    context.refresh()
    for path in GENERATION_ORDER:
        wanted = counts.get(path, 0)
        if not wanted:
            continue
        module = MODULES[path]
        table = org.records[path]
        build = BUILDERS[path]
        start = len(table)
        for n in range(start, start + wanted):
            record_id = store.new_id()
            stamp = _seed_stamp(n)
            record: Record = {module.id_field: record_id}
            record.update(build(context, n))
            record["created_time"] = stamp
            record["last_modified_time"] = stamp
            table[record_id] = record
        if path in ("contacts", "items"):
            context.refresh()


def _organization(org_id: str, name: str, code: str, symbol: str, *, default: bool) -> Record:
    return {
        "organization_id": org_id, "name": name, "contact_name": "Sandbox Admin",
        "email": "admin@sandbox.example", "is_default_org": default, "plan_type": 130,
        "tax_group_enabled": True, "zi_migration_status": 0, "plan_name": "PROFESSIONAL",
        "plan_period": "Monthly", "language_code": "en", "fiscal_year_start_month": 0,
        "account_created_date": "2025-01-15", "account_created_date_formatted": "15 Jan 2025",
        "time_zone": "UTC", "is_org_active": True, "currency_id": f"{org_id}0001",
        "currency_code": code, "currency_symbol": symbol, "currency_format": "###,##0.00",
        "price_precision": 2,
    }


@functools.cache
def _calendar_day(offset: int) -> str:
    return format_date(SEED_EPOCH + offset * 86400)


def _day(n: int) -> str:
    return _calendar_day(n % 365)


def _seed_stamp(n: int) -> str:
    """The creation timestamp of the n-th seed record: five minutes apart from SEED_EPOCH."""
    days, seconds = divmod(n * 300 + SEED_EPOCH % 86400, 86400)
    hours, rest = divmod(seconds, 3600)
    return f"{_calendar_day(days)}T{hours:02d}:{rest // 60:02d}:{rest % 60:02d}+0000"


def _person(n: int) -> tuple[str, str, str]:
    first = FIRST_NAMES[n % len(FIRST_NAMES)]
    last = LAST_NAMES[(n // len(FIRST_NAMES)) % len(LAST_NAMES)]
    return first, last, f"{first.lower()}.{last.lower()}{n}@example.com"


def _company(n: int) -> str:
    word = COMPANY_WORDS[n % len(COMPANY_WORDS)]
    suffix = COMPANY_SUFFIXES[(n // len(COMPANY_WORDS)) % len(COMPANY_SUFFIXES)]
    cycle = n // (len(COMPANY_WORDS) * len(COMPANY_SUFFIXES))
    return f"{word} {suffix}" + (f" {cycle + 1}" if cycle else "")


def _address(n: int) -> Record:
    return {"attention": "Accounts", "address": f"{100 + n % 900} Market Street", "street2": "",
            "city": "Pleasanton", "state": "CA", "zip": f"{94000 + n % 1000}", "country": "U.S.A",
            "fax": "", "phone": f"+1-925-555-{n % 10000:04d}"}


def _contact(ctx: SeedContext, n: int) -> Record:
    first, last, email = _person(n)
    name = _company(n)
    kind = "vendor" if n % 4 == 3 else "customer"
    return {
        "contact_name": name, "company_name": name, "contact_type": kind,
        "customer_sub_type": "business", "status": "active", "first_name": first,
        "last_name": last, "email": email, "phone": f"+1-925-555-{n % 10000:04d}", "mobile": "",
        "website": f"www.{name.split()[0].lower()}.example", "payment_terms": 15,
        "payment_terms_label": "Net 15", "currency_id": f"{ctx.org.organization_id}0001",
        "currency_code": ctx.org.info["currency_code"], "outstanding_receivable_amount": 0,
        "unused_credits_receivable_amount": 0, "credit_limit": 0, "is_linked_with_zohocrm": False,
        "billing_address": _address(n), "shipping_address": _address(n), "notes": "",
    }


def _contact_person(ctx: SeedContext, n: int) -> Record:
    contacts = ctx.contact_ids
    first, last, email = _person(n + 7)
    return {
        "contact_id": contacts[n % len(contacts)] if contacts else "",
        "salutation": "Mr" if n % 2 else "Ms", "first_name": first, "last_name": last,
        "email": email, "phone": f"+1-925-556-{n % 10000:04d}", "mobile": "",
        "designation": "Accounts", "department": "Finance",
        "is_primary_contact": bool(contacts) and n < len(contacts),
    }


def _item(ctx: SeedContext, n: int) -> Record:
    base = ITEM_NAMES[n % len(ITEM_NAMES)]
    cycle = n // len(ITEM_NAMES)
    return {
        "name": base + (f" {cycle + 1}" if cycle else ""), "status": "active",
        "description": f"{base}, sandbox catalogue entry {n + 1}", "rate": 20 + (n * 7) % 480,
        "unit": "pcs", "sku": f"SKU-{n + 1:05d}", "product_type": "goods" if n % 3 else "service",
        "item_type": "sales_and_purchases", "purchase_rate": 10 + (n * 3) % 200,
    }


def _lines(ctx: SeedContext, n: int) -> tuple[list[Record], int]:
    count = 1 + n % 3
    lines: list[Record] = []
    total = 0
    for position in range(count):
        if ctx.items:
            item_id, name, rate = ctx.items[(n + position) % len(ctx.items)]
        else:
            item_id, name, rate = "", "Consulting Hour", 100
        quantity = 1 + (n + position) % 4
        line: Record = {"line_item_id": f"{ctx.org.organization_id}{n:09d}{position}",
                        "item_id": item_id, "name": name, "description": "", "rate": rate,
                        "quantity": quantity, "unit": "pcs", "discount": 0,
                        "item_order": position + 1, "item_total": rate * quantity}
        lines.append(line)
        total += rate * quantity
    return lines, total


def _transaction(path: str, party_kind: str) -> Callable[[SeedContext, int], Record]:
    module = MODULES[path]
    number_field = module.number_field or "reference_number"
    party = module.party_field or "customer_id"
    party_name = party.replace("_id", "_name")
    statuses = module.statuses

    def build(ctx: SeedContext, n: int) -> Record:
        parties = ctx.customers if party_kind == "customer" else ctx.vendors
        party_id, name = parties[n % len(parties)] if parties else ("", "")
        lines, total = _lines(ctx, n)
        status = INVOICE_STATUSES[n % len(INVOICE_STATUSES)] if path == "invoices" else statuses[n % 2]
        record: Record = {
            number_field: ctx.org.next_number(path, module.number_prefix), party: party_id,
            party_name: name, "status": status, "date": _day(n), "due_date": _day(n + 15),
            "reference_number": f"REF-{n + 1:05d}", "currency_code": ctx.org.info["currency_code"],
            "exchange_rate": 1, "line_items": lines, "sub_total": total, "tax_total": 0,
            "total": total, "balance": 0 if status in ("paid", "void") else total,
            "adjustment": 0, "notes": "", "terms": "",
        }
        return record

    return build


def _payment(party_kind: str) -> Callable[[SeedContext, int], Record]:
    def build(ctx: SeedContext, n: int) -> Record:
        parties = ctx.customers if party_kind == "customer" else ctx.vendors
        party_id, name = parties[n % len(parties)] if parties else ("", "")
        path = "customerpayments" if party_kind == "customer" else "vendorpayments"
        return {
            "payment_number": ctx.org.next_number(path, ""), f"{party_kind}_id": party_id,
            f"{party_kind}_name": name, "payment_mode": PAYMENT_MODES[n % len(PAYMENT_MODES)],
            "amount": 50 + (n * 13) % 950, "date": _day(n), "reference_number": f"PAY-{n + 1:05d}",
            "description": "", "currency_code": ctx.org.info["currency_code"], "exchange_rate": 1,
        }

    return build


def _expense(ctx: SeedContext, n: int) -> Record:
    return {
        "date": _day(n), "account_id": f"{ctx.org.organization_id}0101", "account_name": "Travel",
        "paid_through_account_id": f"{ctx.org.organization_id}0102",
        "paid_through_account_name": "Petty Cash", "amount": 15 + (n * 11) % 300,
        "description": f"Expense {n + 1}", "reference_number": f"EXP-{n + 1:05d}",
        "status": "nonbillable", "currency_code": ctx.org.info["currency_code"],
    }


def _journal(ctx: SeedContext, n: int) -> Record:
    amount = 100 + (n * 17) % 900
    return {
        "entry_number": ctx.org.next_number("journals", "JRN-"), "journal_date": _day(n),
        "reference_number": f"JRN-REF-{n + 1:05d}", "notes": f"Adjustment {n + 1}", "status": "published",
        "total": amount,
        "line_items": [
            {"account_id": f"{ctx.org.organization_id}0101", "debit_or_credit": "debit", "amount": amount},
            {"account_id": f"{ctx.org.organization_id}0102", "debit_or_credit": "credit", "amount": amount},
        ],
    }


def _project(ctx: SeedContext, n: int) -> Record:
    party_id, name = ctx.customers[n % len(ctx.customers)] if ctx.customers else ("", "")
    return {
        "project_name": f"Project {n + 1}", "customer_id": party_id, "customer_name": name,
        "billing_type": "based_on_project_hours", "user_id": f"{ctx.org.organization_id}0201",
        "rate": 50 + n % 100, "status": "active", "description": "",
    }


def _currency(ctx: SeedContext, n: int) -> Record:
    code, symbol, name = CURRENCIES[n % len(CURRENCIES)]
    cycle = n // len(CURRENCIES)
    return {"currency_code": code if not cycle else f"{code[:2]}{cycle}", "currency_symbol": symbol,
            "currency_name": name, "price_precision": 2, "currency_format": "1,234,567.89",
            "is_base_currency": n == 0, "exchange_rate": 1}


def _tax(ctx: SeedContext, n: int) -> Record:
    name, percentage = TAXES[n % len(TAXES)]
    cycle = n // len(TAXES)
    return {"tax_name": name + (f" {cycle + 1}" if cycle else ""), "tax_percentage": percentage,
            "tax_type": "tax", "is_value_added": True}


BUILDERS: dict[str, Callable[[SeedContext, int], Record]] = {
    "settings/currencies": _currency, "settings/taxes": _tax, "items": _item, "contacts": _contact,
    "contactpersons": _contact_person, "projects": _project,
    "invoices": _transaction("invoices", "customer"), "estimates": _transaction("estimates", "customer"),
    "salesorders": _transaction("salesorders", "customer"),
    "purchaseorders": _transaction("purchaseorders", "vendor"),
    "bills": _transaction("bills", "vendor"), "creditnotes": _transaction("creditnotes", "customer"),
    "customerpayments": _payment("customer"), "vendorpayments": _payment("vendor"),
    "expenses": _expense, "journals": _journal,
}


def _seed_comments(store: BooksStore, org: OrgData) -> None:
    """A few comments on the first contacts and invoices, so comment lists are not empty."""
    for path in ("contacts", "invoices"):
        module = MODULES[path]
        for n, record_id in enumerate(list(org.records[path])[:3]):
            org.comments[(path, record_id)] = [{
                "comment_id": store.new_id(), module.id_field: record_id,
                "description": f"Seed note {n + 1}", "commented_by_id": f"{org.organization_id}0301",
                "commented_by": "Sandbox Admin", "comment_type": "internal", "date": _day(n),
                "date_description": "", "time": "9:00 AM", "operation_type": "Added",
                "transaction_id": "", "transaction_type": module.single_key,
            }]
