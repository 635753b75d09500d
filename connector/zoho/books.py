"""Zoho Books record actions: get, list, create, update and remove.

Paths are ``/{recordType}[/{recordId}]``, or ``/{parentRecordType}/{parentRecordId}/{recordType}
[/{recordId}]`` when both parent inputs are given (one without the other is an input error; the
original silently ignored it). Child types that Books files elsewhere for some operations (contact
persons: written at ``/contacts/contactpersons`` with ``contact_id`` in the body) follow
:data:`connector.zoho.books_modules.CHILD_ROUTES`. Every request carries ``organization_id``
(:mod:`connector.zoho.organizations`). Outputs are ``{"data": <Zoho body>}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connector.errors import InputError
from connector.runtime.call import Call
from connector.runtime.flow import Flow
from connector.zoho.api import books_send, json_body, segment
from connector.zoho.books_modules import ChildRoutes, Operation, books_module, child_routes, list_key_for
from connector.zoho.paging import PageParams, books_fetch_all
from connector.zoho.payloads import int_input, record_id, record_values, required_text, text_input

MAX_PER_PAGE = 200
# Search-field names that would clash with paging; the Page/Per Page inputs own them.
_PAGING_PARAMS = frozenset({"page", "per_page"})


def get_record(call: Call) -> Flow:
    path = books_path(call.inputs, "get", record_id(call.inputs, "recordId"))
    return {"data": json_body((yield from books_send(call, "GET", path)))}


def get_records(call: Call) -> Flow:
    inputs = call.inputs
    record_type = required_text(inputs, "recordType")
    path = books_path(inputs, "list")
    search = _search_params(inputs.get("searchFields"))
    # The original's only way to choose an organization was an organization_id search field; keep
    # honouring it, below the Organization ID input.
    legacy_organization = search.pop("organization_id", None)
    explicit = text_input(inputs, "organizationId")
    organization_id = str(legacy_organization) if legacy_organization and not explicit else None
    per_page = int_input(inputs, "per_page", default=MAX_PER_PAGE, maximum=MAX_PER_PAGE)
    params: PageParams = {**search, "page": int_input(inputs, "page", default=1), "per_page": per_page}
    max_records = int_input(inputs, "maxRecords", default=None)

    def fetch_page(page_params: PageParams) -> Flow:
        return books_send(call, "GET", path, params=page_params, organization_id=organization_id)

    if inputs.get("fetchAll"):
        body = yield from books_fetch_all(fetch_page, params, max_records=max_records,
                                          list_key=lambda page: list_key_for(record_type, page))
    else:
        body = json_body((yield from fetch_page(params)))
    return {"data": body}


def create_record(call: Call) -> Flow:
    path = books_path(call.inputs, "create")
    record = with_parent_field(call.inputs, "create", record_values(call.inputs.get("dynamicValues"),
                                                                    call.inputs.get("fieldValues")))
    return {"data": json_body((yield from books_send(call, "POST", path, json=record)))}


def update_record(call: Call) -> Flow:
    path = books_path(call.inputs, "update", record_id(call.inputs, "recordId"))
    record = with_parent_field(call.inputs, "update", record_values(call.inputs.get("dynamicValues"),
                                                                    call.inputs.get("fieldValues")))
    return {"data": json_body((yield from books_send(call, "PUT", path, json=record)))}


def remove_record(call: Call) -> Flow:
    path = books_path(call.inputs, "delete", record_id(call.inputs, "recordId"))
    return {"data": json_body((yield from books_send(call, "DELETE", path)))}


def books_path(inputs: Mapping[str, Any], operation: Operation, record: str | None = None) -> str:
    """The request path of ``operation`` on the record type (and record) named by ``inputs``."""
    record_type = required_text(inputs, "recordType")
    parent = _parent(inputs)
    special = child_routes(record_type, parent[0] if parent else None)
    if special is not None:
        return "/" + _child_path(special, operation, parent[1] if parent else None, record)
    parts = [_type_path(record_type, "recordType")]
    if parent is not None:
        parts[:0] = [_type_path(parent[0], "parentRecordType"), parent[1]]
    if record is not None:
        parts.append(record)
    return "/" + "/".join(parts)


def with_parent_field(inputs: Mapping[str, Any], operation: Operation,
                      record: dict[str, Any]) -> dict[str, Any]:
    """The body of a write, naming the parent where Books wants it in the body, not the path."""
    parent = _parent(inputs)
    special = child_routes(required_text(inputs, "recordType"), parent[0] if parent else None)
    if special is None:
        return record
    field = special.parent_field
    if parent is None:
        if operation == "create" and not record.get(field):
            raise InputError(f"is required to create {special.child} (or give {field} in the values)",
                             input="parentRecordId")
        return record
    given = record.get(field)
    if given not in (None, "") and str(given).strip() != parent[1]:
        raise InputError(f"names {special.parent} {parent[1]} but the values give {field} "
                         f"{str(given)[:40]!r}", input="parentRecordId")
    return {**record, field: parent[1]}


def _parent(inputs: Mapping[str, Any]) -> tuple[str, str] | None:
    """(parent type, parent id) when both parent inputs are given; one alone is an input error."""
    parent_type, parent_id = text_input(inputs, "parentRecordType"), text_input(inputs, "parentRecordId")
    if parent_type and parent_id:
        return parent_type, record_id(inputs, "parentRecordId")
    if parent_type:
        raise InputError("is required when Parent Record Type is given", input="parentRecordId")
    if parent_id:
        raise InputError("is required when Parent Record ID is given", input="parentRecordType")
    return None


def _child_path(routes: ChildRoutes, operation: Operation, parent_id: str | None,
                record: str | None) -> str:
    template = routes.paths[operation]
    if "{parent_id}" in template and parent_id is None:
        raise InputError(f"is required: Books reads {routes.child} under their {routes.parent} record "
                         f"(Parent Record Type {routes.parent})", input="parentRecordId")
    return template.format(parent_id=parent_id, record_id=record)


def _type_path(record_type: str, input_name: str) -> str:
    """Known types keep their nested path (``settings/taxes``); anything else is one segment."""
    module = books_module(record_type)
    return module.path if module is not None else segment(record_type, input_name=input_name)


def _search_params(value: Any) -> dict[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise InputError("must be a list of field names and values", input="searchFields")
    clashing = sorted(_PAGING_PARAMS & set(value))
    if clashing:
        raise InputError(f"{', '.join(clashing)} is set by the Page and Per Page inputs, not here",
                         input="searchFields")
    return {str(key): item for key, item in value.items() if item is not None}
