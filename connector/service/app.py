"""The HTTP service for workflow engines: list, describe and invoke actions over JSON.

    GET  /healthz                  liveness, never behind the API key
    GET  /actions                  [{key, label, description}]
    GET  /actions/{key}            the same JSON as ``connector describe KEY --json``
    POST /actions/{key}/invoke     {"inputs", "connection", "configVars"} -> {"data": ...}
    GET  /openapi.json             FastAPI's document, with one invoke operation per action whose
                                   inputs are typed from the action's definition (openapi.py)

One process holds one :class:`Runtime` (HTTP pool, token store, session cache), so concurrent
invocations on a connection share its token refresh. Middleware order, outermost first: access log
and request id, API key, body size limit.
"""

from __future__ import annotations

import asyncio
import base64
import dataclasses
import json
import logging
import traceback
from collections.abc import AsyncIterator, Awaitable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from connector.errors import ApiTimeoutError, ConnectorError
from connector.service.access_log import AccessLogMiddleware, request_id_of
from connector.service.api_key import ApiKeyMiddleware
from connector.service.body_limit import BodyLimitMiddleware
from connector.service.connection_guard import connection_input_keys, split_connection
from connector.service.models import ActionSummary, ErrorResponse, Health, InvokeRequest, InvokeResponse
from connector.service.openapi import customize_openapi
from connector.service.ports import (
    ClosableRuntime,
    ServableComponent,
    load_default_component,
    new_default_runtime,
    summarize,
)
from connector.service.responses import (
    error_response,
    internal_error_response,
    plain_error_response,
)
from connector.service.settings import DEFAULT_MAX_BODY_BYTES, ServiceSettings

logger = logging.getLogger("connector.service")


def _error(description: str) -> dict[str, Any]:
    return {"model": ErrorResponse, "description": description}


COMMON_ERRORS: dict[int | str, dict[str, Any]] = {
    413: _error("Request body too large"),
    422: _error("Invalid request body"),
}
ACTION_ERRORS: dict[int | str, dict[str, Any]] = {**COMMON_ERRORS, 404: _error("No action with this key")}
INVOKE_ERRORS: dict[int | str, dict[str, Any]] = {
    **ACTION_ERRORS,
    401: _error("Missing or invalid API key, or the Zoho connection could not be authorised"),
    403: _error("Zoho refused the connection access (forbidden)"),
    422: _error("Invalid request body or action inputs (``error.input`` names the input)"),
    500: _error("Unexpected internal error"),
    502: _error("Zoho answered with an error, or could not be reached"),
    504: _error("Zoho did not answer in time"),
}


@dataclass
class ServiceState:
    component: ServableComponent
    settings: ServiceSettings
    runtime: ClosableRuntime | None


def create_app(*, component: ServableComponent | None = None, runtime: ClosableRuntime | None = None,
               api_key: str | None = None, max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
               invoke_timeout_s: float | None = None, default_connection: object | None = None,
               expand_connection_env: bool = False) -> FastAPI:
    """Build the service application.

    ``component`` defaults to the bundled Zoho component. ``runtime`` defaults to a new runtime on
    the default token store, created at startup and closed at shutdown; a runtime passed in stays
    the caller's to close. ``api_key`` turns on bearer authentication for every route but
    ``/healthz``. ``default_connection`` is used by invocations that send no connection. The other
    settings are described on :class:`ServiceSettings`.
    """
    settings = ServiceSettings(api_key=api_key, max_body_bytes=max_body_bytes,
                               invoke_timeout_s=invoke_timeout_s, default_connection=default_connection,
                               expand_connection_env=expand_connection_env)
    state = ServiceState(component=component or load_default_component(), settings=settings,
                         runtime=runtime)

    @asynccontextmanager
    async def lifespan(_: FastAPI) -> AsyncIterator[None]:
        owned = new_default_runtime() if state.runtime is None else None
        if owned is not None:
            state.runtime = owned
        try:
            yield
        finally:
            if owned is not None:
                await owned.aclose()

    app = FastAPI(title="connector", summary="Invoke Zoho CRM and Zoho Books actions over HTTP",
                  version=_version(), lifespan=lifespan, redoc_url=None)
    app.state.service = state
    _add_routes(app, state)
    _add_exception_handlers(app)
    # add_middleware wraps: the last one added runs first.
    app.add_middleware(BodyLimitMiddleware, max_body_bytes=settings.max_body_bytes)
    if settings.api_key:
        app.add_middleware(ApiKeyMiddleware, api_key=settings.api_key)
    actions = {key: state.component.describe(key) for key in state.component.actions}
    customize_openapi(app, actions=actions, bearer_auth=bool(settings.api_key))
    app.add_middleware(AccessLogMiddleware)
    return app


def create_app_from_env() -> FastAPI:
    """Factory for ``uvicorn --factory connector.service.app:create_app_from_env``."""
    return create_app(**dataclasses.asdict(ServiceSettings.from_env()))


def _add_routes(app: FastAPI, state: ServiceState) -> None:
    component = state.component
    connection_keys = {key: connection_input_keys(component.describe(key)) for key in component.actions}

    @app.get("/healthz", response_model=Health, tags=["service"])
    async def healthz() -> dict[str, str]:
        """Liveness: the process is up. Open even when an API key is configured."""
        return {"status": "ok"}

    @app.get("/actions", response_model=list[ActionSummary], responses=COMMON_ERRORS, tags=["actions"])
    async def list_actions() -> list[dict[str, Any]]:
        """Every action of the component: key, label and description."""
        return [summarize(component.describe(key)) for key in component.actions]

    @app.get("/actions/{key}", response_model=dict[str, Any], responses=ACTION_ERRORS, tags=["actions"])
    async def describe_action(key: str) -> Response:
        """One action with its inputs, as ``connector describe KEY --json``."""
        if key not in component.actions:
            return _unknown_action(key)
        return JSONResponse(component.describe(key))

    @app.post("/actions/{key}/invoke", response_model=InvokeResponse, responses=INVOKE_ERRORS,
              tags=["actions"])
    async def invoke_action(key: str, body: InvokeRequest, request: Request) -> Response:
        """Run an action. Errors come back as ``{"error": {kind, message, input, status}}``."""
        if key not in component.actions:
            return _unknown_action(key)
        settings = state.settings
        try:
            inputs, connection = split_connection(
                body.inputs, body.connection, body.config_vars, connection_keys=connection_keys[key],
                default=settings.default_connection, expand_env=settings.expand_connection_env)
            result = await _within(settings.invoke_timeout_s, component.ainvoke(
                key, inputs, connection=connection, config_vars=body.config_vars, runtime=state.runtime))
            payload = json_bytes(result.to_dict() if hasattr(result, "to_dict") else {"data": result})
        except ConnectorError as error:
            return error_response(error)
        except Exception as error:
            return _internal_error(request, error)
        return Response(payload, media_type="application/json")


async def _within(timeout_s: float | None, invocation: Awaitable[Any]) -> Any:
    """Await ``invocation``; past ``timeout_s`` it is cancelled and reported as a Zoho timeout (504)."""
    try:
        async with asyncio.timeout(timeout_s) as deadline:
            return await invocation
    except TimeoutError:
        if deadline.expired():
            raise ApiTimeoutError(f"The action did not finish within {timeout_s:g} s") from None
        raise


def _add_exception_handlers(app: FastAPI) -> None:
    async def invalid_request(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, RequestValidationError)
        # Locations and messages only: pydantic's "input" echo could hold a client secret.
        problems = "; ".join(
            f"{'.'.join(str(part) for part in err.get('loc', ()))}: {err.get('msg', 'invalid')}"
            for err in exc.errors())
        return plain_error_response(422, "input", f"Invalid request: {problems}")

    async def http_error(_: Request, exc: Exception) -> Response:
        assert isinstance(exc, StarletteHTTPException)
        if exc.status_code == 400:
            # FastAPI's answer to a body it cannot decode (not UTF-8...): one status for every bad body.
            return plain_error_response(422, "input", "Invalid request: the body is not JSON text")
        kind = "not_found" if exc.status_code == 404 else "request"
        headers = dict(exc.headers) if exc.headers else None
        return plain_error_response(exc.status_code, kind, str(exc.detail), headers=headers)

    app.add_exception_handler(RequestValidationError, invalid_request)
    app.add_exception_handler(StarletteHTTPException, http_error)


def _unknown_action(key: str) -> Response:
    shown = key if len(key) <= 100 else key[:100] + "..."
    return plain_error_response(404, "not_found", f"No action with key {shown!r}")


def _internal_error(request: Request, error: Exception) -> Response:
    """Log an unexpected exception by type and stack (never its text: it could hold a secret), answer 500."""
    request_id = request_id_of(request.scope)
    stack = [line.rstrip() for line in traceback.format_tb(error.__traceback__)]
    fields = {"event": "internal_error", "request_id": request_id, "path": request.url.path,
              "error_type": type(error).__name__, "stack": stack}
    logger.error(json.dumps(fields), extra={"fields": fields})
    return internal_error_response(request_id)


def json_bytes(value: Any) -> bytes:
    """Compact JSON; binary outputs (raw requests) travel as {"base64": ...}, as ``connector run`` shows."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), default=_encode_extra).encode()


def _encode_extra(value: Any) -> Any:
    if isinstance(value, bytes | bytearray | memoryview):
        return {"base64": base64.b64encode(bytes(value)).decode("ascii")}
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("connector")
    except PackageNotFoundError:
        return "0"
