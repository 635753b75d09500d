"""Zoho Books record actions: get, list, create, update and remove.

Paths are ``/{recordType}[/{recordId}]``, or ``/{parentRecordType}/{parentRecordId}/{recordType}
[/{recordId}]`` when both parent inputs are given (one without the other is an input error; the
original silently ignored it). Every request carries ``organization_id``
(:mod:`connector.zoho.organizations`). Outputs are ``{"data": <Zoho body>}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connector.errors import InputError
from connector.runtime.call import Call
from connector.runtime.flow import Flow
from connector.zoho.api import books_send, json_body, segment
from connector.zoho.books_modules import books_module, list_key_for
from connector.zoho.paging import PageParams, books_fetch_all
from connector.zoho.payloads import int_input, record_id, record_values, required_text, text_input

MAX_PER_PAGE = 200
# Search-field names that would clash with paging; the Page/Per Page inputs own them.
_PAGING_PARAMS = frozenset({"page", "per_page"})


def get_record(call: Call) -> Flow:
    path = books_path(call.inputs, record_id(call.inputs, "recordId"))
    return {"data": json_body((yield from books_send(call, "GET", path)))}


def get_records(call: Call) -> Flow:
    inputs = call.inputs
    record_type = required_text(inputs, "recordType")
    path = books_path(inputs)
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
    path = books_path(call.inputs)
    record = record_values(call.inputs.get("dynamicValues"), call.inputs.get("fieldValues"))
    return {"data": json_body((yield from books_send(call, "POST", path, json=record)))}


def update_record(call: Call) -> Flow:
    path = books_path(call.inputs, record_id(call.inputs, "recordId"))
    record = record_values(call.inputs.get("dynamicValues"), call.inputs.get("fieldValues"))
    return {"data": json_body((yield from books_send(call, "PUT", path, json=record)))}


def remove_record(call: Call) -> Flow:
    path = books_path(call.inputs, record_id(call.inputs, "recordId"))
    return {"data": json_body((yield from books_send(call, "DELETE", path)))}


def books_path(inputs: Mapping[str, Any], record: str | None = None) -> str:
    """The request path for the record type (and record) named by ``inputs``."""
    parts = [_type_path(required_text(inputs, "recordType"), "recordType")]
    parent_type, parent_id = text_input(inputs, "parentRecordType"), text_input(inputs, "parentRecordId")
    if parent_type and parent_id:
        parts[:0] = [_type_path(parent_type, "parentRecordType"), record_id(inputs, "parentRecordId")]
    elif parent_type:
        raise InputError("is required when Parent Record Type is given", input="parentRecordId")
    elif parent_id:
        raise InputError("is required when Parent Record ID is given", input="parentRecordType")
    if record is not None:
        parts.append(record)
    return "/" + "/".join(parts)


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
