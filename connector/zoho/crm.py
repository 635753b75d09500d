"""Zoho CRM record actions: get, list, create, update, remove, COQL query and add attachment.

Every handler validates its inputs before yielding its first request and returns
``{"data": <Zoho body>}``. Empty answers (204) get a stable shape: list and query reads return
``{"data": [], "info": {... "count": 0, "more_records": false}}``; a single-record read raises
:class:`~connector.errors.ApiError` with code ``RECORD_NOT_FOUND``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connector.errors import ApiError, InputError
from connector.runtime.call import Call
from connector.runtime.flow import Flow
from connector.zoho.api import ParamValue, crm_send, json_body, segment
from connector.zoho.paging import PageParams, crm_fetch_all
from connector.zoho.payloads import file_part, int_input, record_id, record_values, required_text, text_input

MAX_FIELDS = 50  # Zoho's limit on field names per read
MAX_PER_PAGE = 200

# Display names of the original's attachment dropdown that are not CRM API names.
_ATTACHMENT_MODULE_NAMES = {"Price Books": "Price_Books", "Purchase Orders": "Purchase_Orders",
                            "Sales Orders": "Sales_Orders"}


def get_record(call: Call) -> Flow:
    module, record = _module(call.inputs), record_id(call.inputs, "recordId")
    params = {"fields": _fields(call.inputs, required=False)}
    body = json_body((yield from crm_send(call, "GET", f"/{module}/{record}", params=params)))
    if body is None:
        raise ApiError(f"{module} record {record} was not found (Zoho answered 204 No Content)",
                       status=204, code="RECORD_NOT_FOUND")
    return {"data": body}


def get_records(call: Call) -> Flow:
    inputs = call.inputs
    module = _module(inputs)
    per_page = int_input(inputs, "per_page", default=MAX_PER_PAGE, maximum=MAX_PER_PAGE)
    params: PageParams = {"fields": _fields(inputs, required=True), "per_page": per_page,
                          "sort_by": text_input(inputs, "sort_by"),
                          "sort_order": text_input(inputs, "sort_order")}
    token = text_input(inputs, "page_token")
    if token:
        params["page_token"] = token  # Zoho refuses page together with page_token
    else:
        params["page"] = int_input(inputs, "page", default=1)
    max_records = int_input(inputs, "maxRecords", default=None)

    def fetch_page(page_params: PageParams) -> Flow:
        return crm_send(call, "GET", f"/{module}", params=page_params)

    if inputs.get("fetchAll"):
        body = yield from crm_fetch_all(fetch_page, params, max_records=max_records)
    else:
        body = json_body((yield from fetch_page(params)))
    return {"data": body if body is not None else _empty_list(params)}


def create_record(call: Call) -> Flow:
    module = _module(call.inputs)
    record = record_values(call.inputs.get("dynamicValues"), call.inputs.get("fieldValues"))
    response = yield from crm_send(call, "POST", f"/{module}", json={"data": [record]})
    return {"data": json_body(response)}


def update_record(call: Call) -> Flow:
    module, record = _module(call.inputs), record_id(call.inputs, "recordId")
    values = record_values(call.inputs.get("dynamicValues"), call.inputs.get("fieldValues"))
    response = yield from crm_send(call, "PUT", f"/{module}/{record}", json={"data": [values]})
    return {"data": json_body(response)}


def remove_record(call: Call) -> Flow:
    module, record = _module(call.inputs), record_id(call.inputs, "recordId")
    response = yield from crm_send(call, "DELETE", f"/{module}/{record}")
    return {"data": json_body(response)}


def run_query(call: Call) -> Flow:
    query = required_text(call.inputs, "query")
    # A query only reads, so a 5xx or a dropped connection may be retried despite the POST.
    response = yield from crm_send(call, "POST", "/coql", json={"select_query": query}, idempotent=True)
    body = json_body(response)
    return {"data": body if body is not None else {"data": [], "info": {"count": 0, "more_records": False}}}


def add_attachment(call: Call) -> Flow:
    module = _attachment_module(call.inputs)
    record = record_id(call.inputs, "recordId")
    part = file_part(call.inputs.get("file"), call.inputs.get("fileName"))
    response = yield from crm_send(call, "POST", f"/{module}/{record}/Attachments", files={"file": part})
    return {"data": json_body(response)}


def _module(inputs: Mapping[str, Any]) -> str:
    return segment(required_text(inputs, "recordType"), input_name="recordType")


def _attachment_module(inputs: Mapping[str, Any]) -> str:
    name = required_text(inputs, "recordType")
    if name == "Custom":
        raise InputError("'Custom' is not a module; give the custom module's API name", input="recordType")
    # CRM API names never hold spaces; the original's dropdown offered display names.
    api_name = _ATTACHMENT_MODULE_NAMES.get(name, name.replace(" ", "_"))
    return segment(api_name, input_name="recordType")


def _fields(inputs: Mapping[str, Any], *, required: bool) -> str | None:
    """The ``fields`` parameter: names comma-joined, blanks dropped, at most 50 of them."""
    value = inputs.get("fields")
    items = value.split(",") if isinstance(value, str) else list(value or [])
    names = [str(name).strip() for name in items if str(name).strip()]
    if required and not names:
        raise InputError("list at least one field API name; Zoho requires fields to list records",
                         input="fields")
    if len(names) > MAX_FIELDS:
        raise InputError(f"Zoho reads at most {MAX_FIELDS} fields at once, got {len(names)}", input="fields")
    return ",".join(names) or None


def _empty_list(params: Mapping[str, ParamValue]) -> dict[str, Any]:
    """What a list read returns when Zoho answers 204: no records, and an ``info`` saying so."""
    info = {"per_page": params.get("per_page"), "count": 0, "page": params.get("page", 1),
            "more_records": False, "sort_by": params.get("sort_by") or "id",
            "sort_order": params.get("sort_order") or "desc", "next_page_token": None,
            "previous_page_token": None, "page_token_expiry": None}
    return {"data": [], "info": info}
