"""OpenAPI additions FastAPI cannot infer from the routes: one documented operation per action, the
action keys, and the bearer API key."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI

from connector.service.api_key import OPEN_PATHS
from connector.service.input_schemas import invoke_request_schema

GENERIC_INVOKE = "/actions/{key}/invoke"

SCHEME = "bearerApiKey"
UNAUTHORIZED = {
    "description": "Missing or invalid API key",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
}


def customize_openapi(app: FastAPI, *, actions: Mapping[str, Mapping[str, Any]], bearer_auth: bool) -> None:
    """Wrap ``app.openapi`` so the generated document has one invoke operation per action (its
    inputs typed from the action's definition) in place of the generic one, lists the action keys
    as the ``{key}`` enum (unknown keys still get a 404), and, with ``bearer_auth``, declares the
    bearer scheme and the 401 of every guarded operation. ``actions`` maps keys to ``describe`` JSON."""
    generate = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()
            _document_actions(schema, actions)
            _document_action_keys(schema, list(actions))
            if bearer_auth:
                _document_bearer_auth(schema)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _operations(schema: dict[str, Any]) -> Any:
    for path, operations in schema.get("paths", {}).items():
        for operation in operations.values():
            yield path, operation


def _document_actions(schema: dict[str, Any], actions: Mapping[str, Mapping[str, Any]]) -> None:
    """Replace the generic invoke operation by one per action, each with its own request schema."""
    paths = schema["paths"]
    generic = paths.pop(GENERIC_INVOKE)["post"]
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    for key, description in actions.items():
        operation = copy.deepcopy(generic)
        operation["operationId"] = f"invoke_{key}"
        operation["summary"] = str(description.get("label", key))
        operation["description"] = str(description.get("description", ""))
        operation["parameters"] = [parameter for parameter in operation.get("parameters", ())
                                   if parameter.get("name") != "key"]
        if not operation["parameters"]:
            del operation["parameters"]
        operation["responses"].pop("404", None)
        name = f"{key}InvokeRequest"
        components[name] = invoke_request_schema(description)
        operation["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}}
        if description.get("examplePayload") is not None:
            answer = operation["responses"]["200"]["content"]["application/json"]
            answer["example"] = description["examplePayload"]
        paths[f"/actions/{key}/invoke"] = {"post": operation}


def _document_action_keys(schema: dict[str, Any], action_keys: list[str]) -> None:
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
