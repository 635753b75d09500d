"""Creating, updating and deleting Books records: body checks, references, numbering, totals."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from connector.sandbox.books_errors import does_not_exist, invalid_value
from connector.sandbox.books_modules import (
    ARRAY,
    BOOLEAN,
    CONTACT_PERSONS,
    DATE,
    ID,
    INTEGER,
    NUMBER,
    OBJECT,
    STRING,
    BooksModule,
    field_kind,
)
from connector.sandbox.books_store import BooksStore, OrgData
from connector.sandbox.books_time import is_date

Record = dict[str, Any]

SERVER_FIELDS = ("created_time", "last_modified_time")
MAX_FIELD_NAME = 100
MAX_ID_DIGITS = 30


def clean_fields(body: Mapping[str, Any], *, where: str = "") -> Record:
    """``body`` with every known field checked against its kind; ``null`` values are dropped."""
    cleaned: Record = {}
    for name, value in body.items():
        if len(name) > MAX_FIELD_NAME or not name.isprintable():
            raise invalid_value("JSONString", "a field name is too long or not printable")
        if value is None:
            continue
        label = f"{where}{name}"
        kind = field_kind(name)
        cleaned[name] = _clean_value(label, kind, value) if kind else value
    return cleaned


def create_record(store: BooksStore, org: OrgData, module: BooksModule, body: Mapping[str, Any]) -> Record:
    fields = _without_server_fields(module, clean_fields(body))
    persons = fields.pop("contact_persons", None) if module.path == "contacts" else None
    for name in module.required:
        if _is_blank(fields.get(name)):
            raise invalid_value(name, "a value is required")
    _resolve_party(org, module, fields)
    if module.priced_lines and "line_items" in fields:
        _price_lines(store, org, fields, None)
    if module.number_field and _is_blank(fields.get(module.number_field)):
        fields[module.number_field] = org.next_number(module.path, module.number_prefix)
    if module.initial_status and "status" not in fields:
        fields["status"] = module.initial_status
    if module.date_field == "date" and "date" not in fields:
        fields["date"] = store.today()
    if module.path == "contacts":
        fields.setdefault("contact_type", "customer")
        if fields["contact_type"] not in ("customer", "vendor"):
            raise invalid_value("contact_type")
    now = store.now()
    record: Record = {module.id_field: store.new_id(), **fields, "created_time": now,
                      "last_modified_time": now}
    org.records[module.path][record[module.id_field]] = record
    if persons is not None:
        for person in _person_list(persons):
            create_contact_person(store, org, {**person, "contact_id": record["contact_id"]})
    return record


def update_record(store: BooksStore, org: OrgData, module: BooksModule, record: Record,
                  body: Mapping[str, Any]) -> Record:
    fields = _without_server_fields(module, clean_fields(body))
    fields.pop("contact_persons", None)  # persons change through their own endpoints
    if module is CONTACT_PERSONS:
        fields.pop("contact_id", None)  # a person stays with its contact
    for name in module.required:
        if name in fields and _is_blank(fields[name]):
            raise invalid_value(name, "a value is required")
    _resolve_party(org, module, fields)
    if module.priced_lines and "line_items" in fields:
        _price_lines(store, org, fields, record)
    if module.path == "contacts" and fields.get("contact_type", "customer") not in ("customer", "vendor"):
        raise invalid_value("contact_type")
    record.update(fields)
    record["last_modified_time"] = store.now()
    return record


def delete_record(org: OrgData, module: BooksModule, record_id: str) -> None:
    org.records[module.path].pop(record_id, None)
    org.comments.pop((module.path, record_id), None)
    if module.path == "contacts":
        persons = org.records[CONTACT_PERSONS.path]
        for person_id in [p for p, person in persons.items() if person.get("contact_id") == record_id]:
            del persons[person_id]
        for key in [k for k, v in org.crm_links.items() if v == record_id]:
            del org.crm_links[key]
    if module.path == "items":
        for key in [k for k, v in org.crm_links.items() if v == record_id]:
            del org.crm_links[key]


def create_contact_person(store: BooksStore, org: OrgData, body: Mapping[str, Any]) -> Record:
    """POST /contacts/contactpersons: the contact is named by ``contact_id`` in the body."""
    fields = _without_server_fields(CONTACT_PERSONS, clean_fields(body))
    contact_id = fields.get("contact_id")
    if _is_blank(contact_id):
        raise invalid_value("contact_id", "a value is required")
    if contact_id not in org.records["contacts"]:
        raise does_not_exist("contact")
    if _is_blank(fields.get("first_name")):
        raise invalid_value("first_name", "a value is required")
    siblings = contact_persons_of(org, str(contact_id))
    fields.setdefault("is_primary_contact", not siblings)
    now = store.now()
    person: Record = {CONTACT_PERSONS.id_field: store.new_id(), **fields, "created_time": now,
                      "last_modified_time": now}
    if person["is_primary_contact"]:
        for sibling in siblings:
            sibling["is_primary_contact"] = False
    org.records[CONTACT_PERSONS.path][person[CONTACT_PERSONS.id_field]] = person
    return person


def contact_persons_of(org: OrgData, contact_id: str) -> list[Record]:
    return [p for p in org.records[CONTACT_PERSONS.path].values() if p.get("contact_id") == contact_id]


def make_primary(org: OrgData, person: Record) -> None:
    for sibling in contact_persons_of(org, str(person.get("contact_id"))):
        sibling["is_primary_contact"] = sibling is person


def with_details(org: OrgData, module: BooksModule, record: Record) -> Record:
    """A record as GET returns it: contacts carry their contact persons."""
    if module.path != "contacts":
        return record
    persons = contact_persons_of(org, record["contact_id"])
    primary = next((p for p in persons if p.get("is_primary_contact")), None)
    return {**record, "contact_persons": persons,
            "primary_contact_id": primary["contact_person_id"] if primary else ""}


def find_by_unique_field(org: OrgData, module: BooksModule, key: str, value: str) -> Record | None:
    """The record whose custom field ``key`` (its api_name or label) or plain field holds ``value``."""
    for record in org.records[module.path].values():
        for custom in record.get("custom_fields") or ():
            if (key in (custom.get("api_name"), custom.get("label"))
                    and str(custom.get("value")) == value):
                return record
        if key in record and str(record[key]) == value:
            return record
    return None


def list_row(module: BooksModule, record: Record) -> Record:
    if not module.list_omit:
        return record
    return {k: v for k, v in record.items() if k not in module.list_omit}


# -- helpers --------------------------------------------------------------------------------


def _without_server_fields(module: BooksModule, fields: Record) -> Record:
    fields.pop(module.id_field, None)
    for name in SERVER_FIELDS:
        fields.pop(name, None)
    return fields


def _is_blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _resolve_party(org: OrgData, module: BooksModule, fields: Record) -> None:
    """customer_id / vendor_id must name a contact of this organization; copy its name."""
    party = module.party_field
    if not party or party not in fields or fields[party] == "":
        return
    contact = org.records["contacts"].get(str(fields[party]))
    if contact is None:
        raise invalid_value(party, "no such contact")
    fields[party.replace("_id", "_name")] = contact.get("contact_name", "")


def _price_lines(store: BooksStore, org: OrgData, fields: Record, previous: Record | None) -> None:
    """Fill ``fields["line_items"]`` from their items; set item_total, sub_total, total, balance.

    ``previous`` is the stored record on an update: what was already paid on it stays paid.
    """
    items = org.records["items"]
    lines: list[Record] = []
    sub_total = 0.0
    for position, raw in enumerate(fields["line_items"]):  # clean_fields made them objects
        line = clean_fields(raw, where=f"line_items[{position}].")
        item_id = line.get("item_id")
        if item_id:
            item = items.get(str(item_id))
            if item is None:
                raise invalid_value(f"line_items[{position}].item_id", "no such item")
            line.setdefault("name", item.get("name", ""))
            line.setdefault("rate", item.get("rate", 0))
        if "rate" not in line:
            raise invalid_value(f"line_items[{position}].rate", "a value is required")
        line.setdefault("quantity", 1)
        if _is_blank(line.get("line_item_id")):
            line["line_item_id"] = store.new_id()
        line["item_order"] = position + 1
        line["item_total"] = _money(float(line["rate"]) * float(line["quantity"]))
        sub_total += float(line["item_total"])
        lines.append(line)
    before = previous or {}
    adjustment = fields.get("adjustment", before.get("adjustment"))
    total = _money(sub_total + _number(adjustment))
    paid = _number(before.get("total")) - _number(before.get("balance")) if previous else 0.0
    fields.update(line_items=lines, sub_total=_money(sub_total), tax_total=0, total=total,
                  balance=_money(max(0.0, total - paid)))


def _money(value: float) -> float | int:
    rounded = round(value, 2)
    return int(rounded) if rounded.is_integer() else rounded


def _number(value: Any) -> float:
    return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else 0.0


def _person_list(value: Any) -> list[Mapping[str, Any]]:
    if not isinstance(value, list) or not all(isinstance(p, dict) for p in value):
        raise invalid_value("contact_persons", "expected a list of objects")
    return value


def _clean_value(label: str, kind: str, value: Any) -> Any:
    if kind == STRING:
        if isinstance(value, str):
            return value
        if isinstance(value, int | float) and not isinstance(value, bool):
            return str(value)
    elif kind in (NUMBER, INTEGER):
        number = _as_number(value)
        if number is not None and (kind == NUMBER or float(number).is_integer()):
            return int(number) if kind == INTEGER else number
    elif kind == BOOLEAN:
        if isinstance(value, bool):
            return value
        if value in ("true", "false"):
            return value == "true"
    elif kind == DATE:
        if isinstance(value, str) and (value == "" or is_date(value)):
            return value
    elif kind == ID:
        if isinstance(value, str) and (value == "" or (value.isascii() and value.isdigit()
                                                      and len(value) <= MAX_ID_DIGITS)):
            return value
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value < 10**MAX_ID_DIGITS:
            return str(value)
    elif kind == ARRAY:
        # Every list Books takes in a body (line items, persons, custom fields...) holds objects.
        if isinstance(value, list) and all(isinstance(element, dict) for element in value):
            return value
    elif kind == OBJECT and isinstance(value, dict):
        # Addresses and template choices: flat objects of text.
        return {key: _clean_value(f"{label}.{key}", STRING, inner) for key, inner in value.items()
                if inner is not None}
    raise invalid_value(label)


def _as_number(value: Any) -> int | float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 10**15 else None
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, str) and len(value) <= 30:
        try:
            number = float(value)
        except ValueError:
            return None
        if not math.isfinite(number):
            return None
        return int(number) if number.is_integer() and "." not in value else number
    return None


def lookup(org: OrgData, module: BooksModule, record_id: str) -> Record:
    record = org.records[module.path].get(record_id)
    if record is None:
        raise does_not_exist(module.noun)
    return record

