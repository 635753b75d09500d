"""Reading CRM requests: JSON bodies, query parameters and path ids, with Zoho's errors."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request

from connector.sandbox import crm_errors, strict_json
from connector.sandbox.crm_errors import CrmError
from connector.sandbox.crm_store import CrmStore, ModuleData


async def json_body(request: Request) -> Any:
    raw = await request.body()
    if not raw.strip():
        raise CrmError(
            400, "MANDATORY_NOT_FOUND", "required field not found", {"api_name": "data", "json_path": "$"}
        )
    try:
        return strict_json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise crm_errors.invalid_body("the request body is not valid JSON") from None


def module_of(store: CrmStore, request: Request) -> ModuleData:
    data = store.module(request.path_params["module"])
    if data is None:
        raise crm_errors.invalid_module()
    return data


def record_id(request: Request, index: int = 1) -> str:
    value: str = request.path_params["record_id"]
    if not value.isdigit() or len(value) > 19:
        raise crm_errors.invalid_id(index)
    return value


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise crm_errors.invalid_param(name)
    return int(raw)


def id_list(request: Request, limit: int = 100) -> list[str] | None:
    raw = request.query_params.get("ids")
    if raw is None:
        return None
    ids = [part.strip() for part in raw.split(",") if part.strip()]
    if not ids:
        raise crm_errors.required_param("ids")
    if len(ids) > limit:
        raise CrmError(400, "LIMIT_EXCEEDED", "Record count exceeded", {"limit": limit, "param_name": "ids"})
    if not all(i.isdigit() and len(i) <= 19 for i in ids):
        raise crm_errors.invalid_param("ids")
    return ids
