"""OpenAPI additions FastAPI cannot infer from the routes: bearer auth applied by middleware."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI

from connector.service.api_key import OPEN_PATHS

SCHEME = "bearerApiKey"
UNAUTHORIZED = {
    "description": "Missing or invalid API key",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
}


def document_bearer_auth(app: FastAPI) -> None:
    """Declare the API key in the app's OpenAPI document: a bearer scheme and a 401 on guarded routes."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is not None:
            return app.openapi_schema
        schema = generate()
        schema.setdefault("components", {}).setdefault("securitySchemes", {})[SCHEME] = {
            "type": "http", "scheme": "bearer",
            "description": "The service's CONNECTOR_API_KEY"}
        for path, operations in schema.get("paths", {}).items():
            for operation in operations.values():
                if path in OPEN_PATHS:
                    operation["security"] = []
                else:
                    operation["security"] = [{SCHEME: []}]
                    operation.setdefault("responses", {}).setdefault("401", UNAUTHORIZED)
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
