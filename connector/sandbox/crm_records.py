"""CRM v8 record endpoints: list, get, create, update (one and bulk), delete (one and ``ids=``)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from connector.sandbox import crm_errors, crm_paging
from connector.sandbox.clock import iso_from_epoch, parse_http_or_iso
from connector.sandbox.crm_errors import CrmError, error_object
from connector.sandbox.crm_request import id_list, int_param, json_body, module_of, record_id
from connector.sandbox.crm_store import SORT_KEYS, CrmStore, ModuleData
from connector.sandbox.crm_values import FieldError
from connector.sandbox.crm_writes import clean_values, records_of, success_item, write_status

MAX_FIELDS = 50


def _no_content(status: int = 204) -> Response:
    return Response(status_code=status)


def _requested_fields(data: ModuleData, request: Request, *, required: bool) -> list[str] | None:
    raw = request.query_params.get("fields")
    if raw is None or not raw.strip():
        if required:
            raise crm_errors.required_param("fields")
        return None
    fields = list(dict.fromkeys(f.strip() for f in raw.split(",") if f.strip()))
    if len(fields) > MAX_FIELDS:
        raise crm_errors.limit_exceeded(MAX_FIELDS, "fields")
    for name in fields:
        if name != "id" and name not in data.definition.by_name:
            raise CrmError(
                400,
                "INVALID_DATA",
                "the field api name given seems to be invalid",
                {"api_name": name, "param_name": "fields"},
            )
    return fields


def _project(record: Mapping[str, Any], fields: list[str] | None) -> dict[str, Any]:
    if fields is None:
        return dict(record)
    shown = {"id": record["id"]}
    for name in fields:
        shown[name] = record.get(name)
    return shown


def _choice(request: Request, name: str, allowed: tuple[str, ...], default: str) -> str:
    value = request.query_params.get(name) or default
    if value not in allowed:
        raise crm_errors.invalid_param(name, supported_values=list(allowed))
    return value


def crm_record_routes(store: CrmStore, clock: Callable[[], float]) -> list[Route]:
    async def list_records(request: Request) -> Response:
        data = module_of(store, request)
        ids = id_list(request)
        fields = _requested_fields(data, request, required=ids is None)
        per_page = int_param(request, "per_page", 200, 1, 200)
        sort_by = _choice(request, "sort_by", SORT_KEYS, "id")
        sort_order = _choice(request, "sort_order", ("asc", "desc"), "desc")
        token = request.query_params.get("page_token")
        if token is not None and "page" in request.query_params:
            raise crm_errors.invalid_param("page", reason="page and page_token cannot be used together")
        ordered = data.ordered_ids(sort_by, sort_order)
        if ids is not None:
            wanted = set(ids)
            ordered = [i for i in ordered if i in wanted]
        since_header = request.headers.get("if-modified-since")
        if since_header is not None:
            since = parse_http_or_iso(since_header)
            if since is None:
                raise CrmError(400, "INVALID_DATA", "invalid data", {"param_name": "If-Modified-Since"})
            cutoff = since.timestamp()
            ordered = [i for i in ordered if data.mtimes[i] > cutoff]
            if not ordered:
                return _no_content(304)
        bound = crm_paging.binding(data.definition.api_name, sort_by, sort_order, ",".join(fields or []))
        now = clock()
        if token is not None:
            offset = crm_paging.decode(token, bound, now)
            end = crm_paging.TOKEN_LIMIT
        else:
            page = int_param(request, "page", 1, 1, 10**6)
            offset = (page - 1) * per_page
            if offset >= crm_paging.DISCRETE_LIMIT:
                raise crm_paging.discrete_limit_error()
            end = crm_paging.DISCRETE_LIMIT
        chunk = ordered[offset : min(offset + per_page, end)]
        if not chunk:
            return _no_content()
        records = data.records
        more = offset + len(chunk) < len(ordered)
        info: dict[str, Any] = {
            "per_page": per_page,
            "count": len(chunk),
            "page": offset // per_page + 1,
            "sort_by": sort_by,
            "sort_order": sort_order,
            "more_records": more,
            "call": False,
            "email": False,
        }
        # Zoho sends null for absent tokens; the v8 OpenAPI types them as plain strings, so absent
        # tokens are left out to keep bodies valid against it.
        if more:
            info["next_page_token"] = crm_paging.PageToken(offset + len(chunk), int(now), bound).encode()
            info["page_token_expiry"] = iso_from_epoch(now + crm_paging.TOKEN_TTL)
        if offset > 0:
            info["previous_page_token"] = crm_paging.PageToken(
                max(0, offset - per_page), int(now), bound
            ).encode()
        return JSONResponse({"data": [_project(records[i], fields) for i in chunk], "info": info})

    async def get_record(request: Request) -> Response:
        data = module_of(store, request)
        rid = record_id(request)
        fields = _requested_fields(data, request, required=False)
        record = data.records.get(rid)
        if record is None:
            return _no_content()
        return JSONResponse({"data": [_project(record, fields)]})

    async def create_records(request: Request) -> Response:
        data = module_of(store, request)
        items: list[dict[str, Any]] = []
        for index, item in enumerate(records_of(await json_body(request))):
            try:
                values = clean_values(store, data, item, index, creating=True)
            except FieldError as problem:
                items.append(problem.item)
                continue
            items.append(success_item(store.create(data, values), "record added"))
        return JSONResponse({"data": items}, write_status(items, 201))

    def _update(data: ModuleData, rid: str | None, item: Any, index: int) -> dict[str, Any]:
        if rid is None:
            raw = item.get("id") if isinstance(item, dict) else None
            if raw is None:
                return error_object(
                    "MANDATORY_NOT_FOUND",
                    "required field not found",
                    {"api_name": "id", "json_path": f"$.data[{index}].id"},
                )
            rid = str(raw)
        if rid not in data.records:
            return error_object(
                "INVALID_DATA",
                "the id given seems to be invalid",
                {"api_name": "id", "json_path": f"$.data[{index}].id", "id": rid},
            )
        try:
            values = clean_values(store, data, item, index, creating=False)
        except FieldError as problem:
            return problem.item
        return success_item(store.update(data, rid, values), "record updated")

    async def update_records(request: Request) -> Response:
        data = module_of(store, request)
        records = records_of(await json_body(request))
        items = [_update(data, None, item, index) for index, item in enumerate(records)]
        return JSONResponse({"data": items}, write_status(items, 200))

    async def update_record(request: Request) -> Response:
        data = module_of(store, request)
        rid = record_id(request)
        records = records_of(await json_body(request))
        items = [_update(data, rid, records[0], 0)]
        return JSONResponse({"data": items}, write_status(items, 200))

    def _delete(data: ModuleData, ids: list[str]) -> Response:
        items: list[dict[str, Any]] = []
        for rid in ids:
            if rid in data.records:
                store.delete(data, [rid])
                items.append(
                    {
                        "code": "SUCCESS",
                        "details": {"id": rid},
                        "message": "record deleted",
                        "status": "success",
                    }
                )
            else:
                items.append(error_object("INVALID_DATA", "the id given seems to be invalid", {"id": rid}))
        return JSONResponse({"data": items}, write_status(items, 200))

    async def delete_records(request: Request) -> Response:
        data = module_of(store, request)
        _choice(request, "wf_trigger", ("true", "false"), "true")
        ids = id_list(request)
        if ids is None:
            raise crm_errors.required_param("ids")
        return _delete(data, ids)

    async def delete_record(request: Request) -> Response:
        data = module_of(store, request)
        _choice(request, "wf_trigger", ("true", "false"), "true")
        return _delete(data, [record_id(request)])

    return [
        Route("/crm/v8/{module}", list_records, methods=["GET"]),
        Route("/crm/v8/{module}", create_records, methods=["POST"]),
        Route("/crm/v8/{module}", update_records, methods=["PUT"]),
        Route("/crm/v8/{module}", delete_records, methods=["DELETE"]),
        Route("/crm/v8/{module}/{record_id}", get_record, methods=["GET"]),
        Route("/crm/v8/{module}/{record_id}", update_record, methods=["PUT"]),
        Route("/crm/v8/{module}/{record_id}", delete_record, methods=["DELETE"]),
    ]
