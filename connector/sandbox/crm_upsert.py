"""POST /crm/v8/{module}/upsert: update the record a duplicate check finds, insert otherwise.

Without ``duplicate_check_fields`` Zoho checks the module's system-defined unique field
(research 2.1): Email for Leads and Contacts, the name field for the others. The answer is 200
even for inserts; each item says ``action`` insert or update and the ``duplicate_field`` matched.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from connector.sandbox.crm_errors import CrmError
from connector.sandbox.crm_request import json_body, module_of
from connector.sandbox.crm_store import CrmStore, ModuleData
from connector.sandbox.crm_values import FieldError
from connector.sandbox.crm_writes import clean_values, records_of, success_item, write_status

UNIQUE_FIELDS = {"Leads": "Email", "Contacts": "Email"}


def _check_fields(data: ModuleData, body: Any) -> list[str]:
    given = body.get("duplicate_check_fields") if isinstance(body, dict) else None
    if given is None:
        return [UNIQUE_FIELDS.get(data.definition.api_name, data.definition.name_field)]
    if (
        not isinstance(given, list)
        or not given
        or not all(isinstance(f, str) and f in data.definition.by_name for f in given)
    ):
        raise CrmError(
            400,
            "INVALID_DATA",
            "invalid data",
            {"api_name": "duplicate_check_fields", "json_path": "$.duplicate_check_fields"},
        )
    return list(given)


def _find_duplicate(data: ModuleData, item: Any, fields: list[str]) -> tuple[str, str] | None:
    """(record id, field) of the first existing record sharing a checked field's value."""
    if not isinstance(item, dict):
        return None
    for field in fields:
        value = item.get(field)
        if value in (None, ""):
            continue
        for record in data.records.values():
            if record.get(field) == value:
                return record["id"], field
    return None


def crm_upsert_routes(store: CrmStore) -> list[Route]:
    async def upsert(request: Request) -> Response:
        data = module_of(store, request)
        body = await json_body(request)
        records = records_of(body)
        fields = _check_fields(data, body)
        items: list[dict[str, Any]] = []
        for index, item in enumerate(records):
            duplicate = _find_duplicate(data, item, fields)
            try:
                values = clean_values(store, data, item, index, creating=duplicate is None)
            except FieldError as problem:
                items.append(problem.item)
                continue
            if duplicate is None:
                result = success_item(store.create(data, values), "record added")
                result["action"] = "insert"
            else:
                result = success_item(store.update(data, duplicate[0], values), "record updated")
                result["action"] = "update"
                result["duplicate_field"] = duplicate[1]
            items.append(result)
        return JSONResponse({"data": items}, write_status(items, 200))

    return [Route("/crm/v8/{module}/upsert", upsert, methods=["POST"])]
