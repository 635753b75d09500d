"""OpenAPI additions FastAPI cannot infer from the routes: the action keys and the bearer API key."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from fastapi import FastAPI

from connector.service.api_key import OPEN_PATHS

SCHEME = "bearerApiKey"
UNAUTHORIZED = {
    "description": "Missing or invalid API key",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
}


def customize_openapi(app: FastAPI, *, action_keys: Sequence[str], bearer_auth: bool) -> None:
    """Wrap ``app.openapi`` so the generated document lists the action keys as the ``{key}`` enum
    (clients and fuzzers see the valid values; unknown keys still get a 404), and, with
    ``bearer_auth``, declares the bearer scheme and the 401 of every guarded operation."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            _document_action_keys(schema, action_keys)
            if bearer_auth:
                _document_bearer_auth(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _operations(schema: dict[str, Any]) -> Any:
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            yield path, operation


def _document_action_keys(schema: dict[str, Any], action_keys: Sequence[str]) -> None:
    for _, operation in _operations(schema):
        for parameter in operation.get("parameters", ()):
            if parameter.get("in") == "path" and parameter.get("name") == "key":
                parameter["description"] = "An action key, as listed by GET /actions"
                parameter["schema"]["enum"] = list(action_keys)


def _document_bearer_auth(schema: dict[str, Any]) -> None:
    schema.setdefault("components", {}).setdefault("securitySchemes", {})[SCHEME] = {
        "type": "http", "scheme": "bearer", "description": "The service's CONNECTOR_API_KEY"}
    for path, operation in _operations(schema):
        if path in OPEN_PATHS:
            operation["security"] = []
        else:
            operation["security"] = [{SCHEME: []}]
            operation.setdefault("responses", {}).setdefault("401", UNAUTHORIZED)
