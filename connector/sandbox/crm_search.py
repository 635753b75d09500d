"""GET /crm/v8/{module}/search and /actions/count: records matching ``criteria``, ``email``,
``phone`` or ``word``. Search pages like a list (at most 2,000 records reachable, 204 when none)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from connector.sandbox import crm_errors, crm_paging
from connector.sandbox.crm_criteria import Predicate, parse_criteria
from connector.sandbox.crm_modules import TEXT_TYPES, ModuleDef
from connector.sandbox.crm_request import int_param, module_of
from connector.sandbox.crm_store import CrmStore, ModuleData

SEARCH_KEYS = ("criteria", "email", "phone", "word")


def _digits(text: str) -> str:
    return "".join(c for c in text if c.isdigit())


def _filters(module: ModuleDef, request: Request) -> list[Predicate]:
    params = request.query_params
    filters: list[Predicate] = []
    if "criteria" in params:
        filters.append(parse_criteria(module, params["criteria"]))
    email = params.get("email", "").strip().lower()
    if email:
        emails = [f.api_name for f in module.fields if f.data_type == "email"]
        filters.append(lambda r: any(str(r.get(f) or "").lower() == email for f in emails))
    phone = _digits(params.get("phone", ""))
    if phone:
        phones = [f.api_name for f in module.fields if f.data_type == "phone"]
        filters.append(lambda r: any(phone in _digits(str(r.get(f) or "")) for f in phones))
    word = params.get("word", "").strip().lower()
    if word:
        texts = [f.api_name for f in module.fields if f.data_type in TEXT_TYPES]
        filters.append(lambda r: any(word in str(r.get(f) or "").lower() for f in texts))
    if not filters:
        raise crm_errors.required_param("criteria")
    return filters


def _matching(data: ModuleData, request: Request) -> list[Mapping[str, Any]]:
    filters = _filters(data.definition, request)
    return [r for r in data.records.values() if all(f(r) for f in filters)]


def crm_search_routes(store: CrmStore) -> list[Route]:
    async def search(request: Request) -> Response:
        data = module_of(store, request)
        raw_fields = request.query_params.get("fields")
        fields = [f.strip() for f in raw_fields.split(",") if f.strip()] if raw_fields else None
        if fields and any(f != "id" and f not in data.definition.by_name for f in fields):
            raise crm_errors.CrmError(
                400, "INVALID_DATA", "the field api name given seems to be invalid", {"param_name": "fields"}
            )
        per_page = int_param(request, "per_page", 200, 1, 200)
        page = int_param(request, "page", 1, 1, 10**6)
        offset = (page - 1) * per_page
        if offset >= crm_paging.DISCRETE_LIMIT:
            raise crm_paging.discrete_limit_error()
        found = _matching(data, request)
        chunk = found[offset : min(offset + per_page, crm_paging.DISCRETE_LIMIT)]
        if not chunk:
            return Response(status_code=204)
        rows = [
            dict(r) if fields is None else {"id": r["id"], **{f: r.get(f) for f in fields}} for r in chunk
        ]
        info = {
            "per_page": per_page,
            "count": len(rows),
            "page": page,
            "more_records": offset + len(rows) < min(len(found), crm_paging.DISCRETE_LIMIT),
        }
        return JSONResponse({"data": rows, "info": info})

    async def count(request: Request) -> Response:
        data = module_of(store, request)
        if any(key in request.query_params for key in SEARCH_KEYS):
            total = len(_matching(data, request))
        else:
            total = len(data.records)
        return JSONResponse({"count": str(total)})

    return [
        Route("/crm/v8/{module}/search", search, methods=["GET"]),
        Route("/crm/v8/{module}/actions/count", count, methods=["GET"]),
    ]
