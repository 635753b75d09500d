"""POST /crm/v8/coql: the HTTP side of COQL; the query engine is connector/sandbox/coql.py."""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from connector.sandbox.crm_errors import CrmError
from connector.sandbox.crm_request import json_body
from connector.sandbox.crm_store import CrmStore


class _ModuleRecords(Mapping[str, Sequence[Mapping[str, Any]]]):
    """Records per module, listed only for the module a query asks for."""

    def __init__(self, store: CrmStore) -> None:
        self.store = store

    def __getitem__(self, name: str) -> Sequence[Mapping[str, Any]]:
        data = self.store.modules.get(name)
        if data is None:
            raise KeyError(name)
        return list(data.records.values())

    def __iter__(self) -> Iterator[str]:
        return iter(self.store.modules)

    def __len__(self) -> int:
        return len(self.store.modules)


def crm_coql_routes(store: CrmStore) -> list[Route]:
    async def coql(request: Request) -> Response:
        body = await json_body(request)
        if not isinstance(body, dict):
            raise CrmError(
                400, "INVALID_DATA", "invalid data", {"expected_data_type": "jsonobject", "json_path": "$"}
            )
        query = body.get("select_query")
        if query is None:
            raise CrmError(
                400,
                "MANDATORY_NOT_FOUND",
                "required field not found",
                {"api_name": "select_query", "json_path": "$.select_query"},
            )
        if not isinstance(query, str) or not query.strip():
            raise CrmError(
                400,
                "INVALID_DATA",
                "invalid data",
                {"expected_data_type": "string", "api_name": "select_query", "json_path": "$.select_query"},
            )
        coql_engine = importlib.import_module("connector.sandbox.coql")  # written separately
        fields = {name: set(data.definition.by_name) | {"id"} for name, data in store.modules.items()}
        try:
            rows, info = coql_engine.run_query(query, _ModuleRecords(store), fields)
        except coql_engine.CoqlError as refused:
            error = {
                "code": refused.code,
                "details": refused.details,
                "message": refused.message,
                "status": "error",
            }
            return JSONResponse(error, refused.status)
        if not rows:
            return Response(status_code=204)
        return JSONResponse({"data": rows, "info": info})

    return [Route("/crm/v8/coql", coql, methods=["POST"])]
