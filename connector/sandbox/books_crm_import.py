"""Books' Zoho CRM integration imports (seed 001; research/zoho-api.md section 6.5).

``POST /crm/{account|contact|vendor|item}/{crm_id}/import`` copies a sandbox CRM record into a
Books contact or item and links the two (``zcrm_account_id`` and friends), so lists can find the
Books record by its CRM id afterwards.

What Books answers when a record was imported before is UNVERIFIED; the sandbox answers as for a
fresh import, with the id of the Books record created the first time (idempotent, code 0).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from connector.sandbox.books_errors import does_not_exist
from connector.sandbox.books_modules import MODULES
from connector.sandbox.books_records import create_contact_person, create_record
from connector.sandbox.books_store import BooksStore, OrgData

CrmLookup = Callable[[str, str], Mapping[str, Any] | None]
MAX_ID_DIGITS = 30


@dataclass(frozen=True)
class CrmImport:
    """One import endpoint: which CRM module it reads and what Books record it makes."""

    crm_module: str
    books_module: str
    link_field: str
    result_key: str
    to_books: Callable[[Mapping[str, Any]], dict[str, Any]]


def _text(record: Mapping[str, Any], name: str) -> str:
    value = record.get(name)
    if isinstance(value, dict):  # CRM lookups are {"name": ..., "id": ...}
        value = value.get("name")
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return ""


def _address(record: Mapping[str, Any], prefix: str) -> dict[str, str]:
    return {"address": _text(record, f"{prefix}_Street"), "city": _text(record, f"{prefix}_City"),
            "state": _text(record, f"{prefix}_State"), "zip": _text(record, f"{prefix}_Code"),
            "country": _text(record, f"{prefix}_Country")}


def _from_account(record: Mapping[str, Any]) -> dict[str, Any]:
    name = _text(record, "Account_Name")
    return {"contact_name": name, "company_name": name, "contact_type": "customer",
            "phone": _text(record, "Phone"), "website": _text(record, "Website"),
            "billing_address": _address(record, "Billing"),
            "shipping_address": _address(record, "Shipping")}


def _from_contact(record: Mapping[str, Any]) -> dict[str, Any]:
    first, last = _text(record, "First_Name"), _text(record, "Last_Name")
    name = _text(record, "Full_Name") or f"{first} {last}".strip()
    return {"contact_name": name, "company_name": _text(record, "Account_Name"),
            "contact_type": "customer", "first_name": first, "last_name": last,
            "email": _text(record, "Email"), "phone": _text(record, "Phone"),
            "mobile": _text(record, "Mobile"), "billing_address": _address(record, "Mailing")}


def _from_vendor(record: Mapping[str, Any]) -> dict[str, Any]:
    name = _text(record, "Vendor_Name")
    return {"contact_name": name, "company_name": name, "contact_type": "vendor",
            "email": _text(record, "Email"), "phone": _text(record, "Phone"),
            "website": _text(record, "Website")}


def _from_product(record: Mapping[str, Any]) -> dict[str, Any]:
    price = record.get("Unit_Price")
    rate = price if isinstance(price, int | float) and not isinstance(price, bool) else 0
    return {"name": _text(record, "Product_Name"), "rate": rate,
            "description": _text(record, "Description"), "sku": _text(record, "Product_Code")}


IMPORTS: dict[str, CrmImport] = {
    "account": CrmImport("Accounts", "contacts", "zcrm_account_id", "contact_id", _from_account),
    "contact": CrmImport("Contacts", "contacts", "zcrm_contact_id", "contact_id", _from_contact),
    "vendor": CrmImport("Vendors", "contacts", "zcrm_vendor_id", "contact_id", _from_vendor),
    "item": CrmImport("Products", "items", "zcrm_product_id", "item_id", _from_product),
}


def import_from_crm(store: BooksStore, org: OrgData, spec: CrmImport, crm_id: str,
                    crm_lookup: CrmLookup) -> dict[str, str]:
    """The ``data`` object of the answer: ``{"contact_id": ...}`` or ``{"item_id": ...}``."""
    noun = f"CRM {spec.crm_module[:-1].lower()}"
    if not (crm_id.isascii() and crm_id.isdigit() and len(crm_id) <= MAX_ID_DIGITS):
        raise does_not_exist(noun)
    link = (spec.crm_module, crm_id)
    existing = org.crm_links.get(link)
    if existing is not None and existing in org.records[spec.books_module]:
        return {spec.result_key: existing}
    crm_record = crm_lookup(spec.crm_module, crm_id)
    if crm_record is None:
        raise does_not_exist(noun)
    body = spec.to_books(crm_record)
    body[spec.link_field] = crm_id
    if spec.books_module == "contacts":
        body["is_linked_with_zohocrm"] = True
    record = create_record(store, org, MODULES[spec.books_module], body)
    books_id = str(record[MODULES[spec.books_module].id_field])
    if spec.crm_module == "Contacts" and body.get("last_name"):
        create_contact_person(store, org, {"contact_id": books_id, "first_name": body["first_name"]
                                           or body["last_name"], "last_name": body["last_name"],
                                           "email": body["email"], "phone": body["phone"]})
    org.crm_links[link] = books_id
    return {spec.result_key: books_id}
