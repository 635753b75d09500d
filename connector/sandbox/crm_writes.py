"""The parts of CRM writes that create, update and upsert share: reading ``{"data": [...]}``,
checking one record's values, and Zoho's per-record result items and overall status."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from connector.sandbox import crm_errors
from connector.sandbox.crm_errors import CrmError, error_object
from connector.sandbox.crm_store import CrmStore, ModuleData
from connector.sandbox.crm_values import FieldError, coerce

MAX_WRITE = 100
TRIGGERS = frozenset({"workflow", "approval", "blueprint", "pathfinder", "orchestration"})
IGNORED_ON_WRITE = frozenset(
    {"id", "Created_By", "Created_Time", "Modified_By", "Modified_Time", "Tag", "Full_Name"}
)


def write_status(items: list[dict[str, Any]], success: int) -> int:
    failures = sum(1 for item in items if item["status"] == "error")
    if failures == 0:
        return success
    return 400 if failures == len(items) else 207


def success_item(record: Mapping[str, Any], message: str) -> dict[str, Any]:
    by = {k: {"name": record[k]["name"], "id": record[k]["id"]} for k in ("Created_By", "Modified_By")}
    details = {
        "Modified_Time": record["Modified_Time"],
        "Modified_By": by["Modified_By"],
        "Created_Time": record["Created_Time"],
        "id": record["id"],
        "Created_By": by["Created_By"],
    }
    return {"code": "SUCCESS", "details": details, "message": message, "status": "success"}


def records_of(body: Any) -> list[Any]:
    if not isinstance(body, dict):
        raise crm_errors.invalid_body("the body must be a JSON object with a data array")
    records = body.get("data")
    if records is None:
        raise CrmError(
            400,
            "MANDATORY_NOT_FOUND",
            "required field not found",
            {"api_name": "data", "json_path": "$.data"},
        )
    if not isinstance(records, list):
        raise CrmError(
            400,
            "INVALID_DATA",
            "invalid data",
            {"api_name": "data", "json_path": "$.data", "expected_data_type": "jsonarray"},
        )
    if not records:
        raise CrmError(
            400,
            "MANDATORY_NOT_FOUND",
            "required field not found",
            {"api_name": "data", "json_path": "$.data"},
        )
    if len(records) > MAX_WRITE:
        raise CrmError(
            400, "LIMIT_EXCEEDED", "Record count exceeded", {"limit": MAX_WRITE, "api_name": "data"}
        )
    trigger = body.get("trigger")
    known = isinstance(trigger, list) and all(isinstance(t, str) and t in TRIGGERS for t in trigger)
    if trigger is not None and not known:
        raise CrmError(
            400,
            "INVALID_DATA",
            "invalid data",
            {"api_name": "trigger", "json_path": "$.trigger", "expected_data_type": "jsonarray"},
        )
    return records


def clean_values(
    store: CrmStore, data: ModuleData, item: Any, index: int, *, creating: bool
) -> dict[str, Any]:
    """Checked field values of one record of a write, or FieldError."""
    path = f"$.data[{index}]"
    if not isinstance(item, dict):
        raise FieldError(
            error_object(
                "INVALID_DATA", "invalid data", {"json_path": path, "expected_data_type": "jsonobject"}
            )
        )
    definition = data.definition
    values: dict[str, Any] = {}
    for name, value in item.items():
        if name in IGNORED_ON_WRITE or name.startswith("$"):
            continue
        field = definition.by_name.get(name)
        if field is None:
            raise FieldError(
                error_object(
                    "INVALID_DATA",
                    "the field api name given seems to be invalid",
                    {"api_name": name, "json_path": f"{path}.{name}"},
                )
            )
        values[name] = coerce(field, value, f"{path}.{name}", store.resolve)
    for name in definition.mandatory:
        present = name in values
        if (creating and not present) or (present and values[name] in (None, "")):
            raise FieldError(
                error_object(
                    "MANDATORY_NOT_FOUND",
                    "required field not found",
                    {"api_name": name, "json_path": f"{path}.{name}"},
                )
            )
    return values
