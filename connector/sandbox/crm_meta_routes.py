"""CRM v8 metadata and account endpoints: /settings/modules, /settings/fields, /org, /users."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from connector.sandbox import crm_errors
from connector.sandbox.crm_metadata import field_document, module_document
from connector.sandbox.crm_request import int_param
from connector.sandbox.crm_store import CrmStore

USER_TYPES: dict[str, Any] = {
    "AllUsers": lambda u: True,
    "ActiveUsers": lambda u: u["status"] == "active",
    "DeactiveUsers": lambda u: u["status"] == "disabled",
    "ConfirmedUsers": lambda u: u["confirm"],
    "NotConfirmedUsers": lambda u: not u["confirm"],
    "DeletedUsers": lambda u: False,
    "ActiveConfirmedUsers": lambda u: u["status"] == "active" and u["confirm"],
    "AdminUsers": lambda u: u["profile"]["name"] == "Administrator",
    "ActiveConfirmedAdmins": lambda u: u["profile"]["name"] == "Administrator" and u["status"] == "active",
    "CurrentUser": None,
}


def crm_meta_routes(store: CrmStore) -> list[Route]:
    def definitions() -> dict[str, Any]:
        return {name: data.definition for name, data in store.modules.items()}

    async def modules(request: Request) -> Response:
        me = store.current_user
        docs = [module_document(data.definition, n + 1, me) for n, data in enumerate(store.modules.values())]
        return JSONResponse({"modules": docs})

    async def module(request: Request) -> Response:
        data = store.module(request.path_params["module"])
        if data is None:
            raise crm_errors.invalid_module(3)
        sequence = list(store.modules).index(data.definition.api_name) + 1
        document = module_document(data.definition, sequence, store.current_user)
        all_modules = definitions()
        document["fields"] = [
            field_document(data.definition, n, f, all_modules) for n, f in enumerate(data.definition.fields)
        ]
        return JSONResponse({"modules": [document]})

    async def fields(request: Request) -> Response:
        name = request.query_params.get("module")
        if not name:
            raise crm_errors.required_param("module")
        data = store.module(name)
        if data is None:
            raise crm_errors.CrmError(
                400, "INVALID_MODULE", "The module name given seems to be invalid", {"param_name": "module"}
            )
        all_modules = definitions()
        docs = [
            field_document(data.definition, n, f, all_modules) for n, f in enumerate(data.definition.fields)
        ]
        return JSONResponse({"fields": docs})

    async def org(request: Request) -> Response:
        return JSONResponse({"org": [dict(store.org)]})

    async def users(request: Request) -> Response:
        kind = request.query_params.get("type", "AllUsers")
        if kind not in USER_TYPES:
            raise crm_errors.invalid_param("type", supported_values=sorted(USER_TYPES))
        keep = USER_TYPES[kind]
        chosen = store.users[:1] if keep is None else [u for u in store.users if keep(u)]
        per_page = int_param(request, "per_page", 200, 1, 200)
        page = int_param(request, "page", 1, 1, 10**6)
        chunk = chosen[(page - 1) * per_page : page * per_page]
        if not chunk:
            return Response(status_code=204)
        info = {
            "per_page": per_page,
            "count": len(chunk),
            "page": page,
            "more_records": page * per_page < len(chosen),
        }
        return JSONResponse({"users": chunk, "info": info})

    async def user(request: Request) -> Response:
        user_id = request.path_params["user_id"]
        found = [u for u in store.users if u["id"] == user_id]
        if not found:
            return Response(status_code=204)
        return JSONResponse(
            {"users": found, "info": {"per_page": 200, "count": 1, "page": 1, "more_records": False}}
        )

    return [
        Route("/crm/v8/settings/modules", modules, methods=["GET"]),
        Route("/crm/v8/settings/modules/{module}", module, methods=["GET"]),
        Route("/crm/v8/settings/fields", fields, methods=["GET"]),
        Route("/crm/v8/org", org, methods=["GET"]),
        Route("/crm/v8/users", users, methods=["GET"]),
        Route("/crm/v8/users/{user_id}", user, methods=["GET"]),
    ]
