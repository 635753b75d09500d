"""The control API under /__sandbox__/ (CONTRACT section 7): stats, faults, reset, seed, requests."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from connector.sandbox import strict_json
from connector.sandbox.state import Fault, SandboxState

MAX_SEED_PER_MODULE = 200_000


def _problem(message: str) -> JSONResponse:
    return JSONResponse({"status": "error", "message": message}, 400)


async def _json_object(request: Request) -> dict[str, Any] | None:
    raw = await request.body()
    if not raw.strip():
        return {}
    try:
        value = strict_json.loads(raw)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def parse_fault(payload: dict[str, Any]) -> Fault | str:
    """A Fault from the request body, or a message saying what is wrong with it."""
    route = payload.get("route")
    if not isinstance(route, str) or " " not in route.strip():
        return 'route must be "<METHOD> <path-glob>", e.g. "GET /crm/v8/*"'
    status = payload.get("status")
    if status is not None and (
        not isinstance(status, int) or isinstance(status, bool) or not 100 <= status <= 599
    ):
        return "status must be an HTTP status code"
    times = payload.get("times", 1)
    if times is not None and (not isinstance(times, int) or isinstance(times, bool) or times < 0):
        return "times must be a non-negative integer, or 0 or null for every request until reset"
    if times == 0:  # the contract's smoke check posts times 0: read it as "no limit", like null
        times = None
    delay = payload.get("delay_ms", 0)
    if not isinstance(delay, int) or isinstance(delay, bool) or not 0 <= delay <= 60_000:
        return "delay_ms must be an integer from 0 to 60000"
    headers = payload.get("headers") or {}
    if not isinstance(headers, dict) or not all(isinstance(v, str) for v in headers.values()):
        return "headers must map names to strings"
    drop, expire = payload.get("drop", False), payload.get("expire_tokens", False)
    if not isinstance(drop, bool) or not isinstance(expire, bool):
        return "drop and expire_tokens must be booleans"
    if status is None and not (drop or expire or delay):
        return "a fault needs status, drop, expire_tokens or delay_ms"
    method, _, glob = route.strip().partition(" ")
    return Fault(
        route=f"{method.upper()} {glob.strip()}",
        status=status,
        times=times,
        delay_ms=delay,
        headers=headers or None,
        body=payload.get("body"),
        drop=drop,
        expire_tokens=expire,
    )


CRM_MODULE_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,49}")  # unknown names become custom modules
MAX_SEED_PER_CALL = 1_000_000  # over all modules of one call: keeps a careless call from eating memory
SEED_EXAMPLE = '{"crm": {"Leads": 5000}, "books": {"contacts": 300}}'


def seed_counts(
    value: Any, product: str, known: Callable[[str], bool], hint: str = ""
) -> dict[str, int] | str:
    """``{module: count}`` from one product's part of a seed request, or what is wrong with it;
    ``hint`` follows the message about an unknown module."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        return f'"{product}" must map module names to counts, e.g. {SEED_EXAMPLE}'
    counts: dict[str, int] = {}
    for name, count in value.items():
        if not known(name):
            return f"unknown {product} module {name[:60]!r}{hint}"
        if isinstance(count, bool) or not isinstance(count, int) or not 0 <= count <= MAX_SEED_PER_MODULE:
            limit = MAX_SEED_PER_MODULE
            return f"the count for {product} module {name!r} must be an integer from 0 to {limit}"
        counts[name] = count
    return counts


def parse_seed(payload: dict[str, Any], state: SandboxState) -> tuple[dict[str, int], dict[str, int]] | str:
    """The CRM and Books counts of a seed request, or a message saying what is wrong with it."""
    crm = seed_counts(payload.get("crm"), "crm", lambda name: bool(CRM_MODULE_NAME.fullmatch(name)))
    if isinstance(crm, str):
        return crm
    if payload.get("books") and state.books is None:
        return "Books is not available in this sandbox"
    names = state.books_module_names()
    known = f" (known: {', '.join(sorted(names))})"
    books = seed_counts(payload.get("books"), "books", names.__contains__, known)
    if isinstance(books, str):
        return books
    if sum(crm.values()) + sum(books.values()) > MAX_SEED_PER_CALL:
        return f"at most {MAX_SEED_PER_CALL} records per seed call"
    return crm, books


def control_routes(state: SandboxState) -> list[Route]:
    async def stats(request: Request) -> Response:
        return JSONResponse(state.stats())

    async def faults(request: Request) -> Response:
        if request.method == "GET":
            return JSONResponse({"faults": [vars(f) for f in state.faults]})
        if request.method == "DELETE":
            state.faults.clear()
            return JSONResponse({"status": "success"})
        payload = await _json_object(request)
        if payload is None:
            return _problem("the body must be a JSON object")
        fault = parse_fault(payload)
        if isinstance(fault, str):
            return _problem(fault)
        state.faults.append(fault)
        return JSONResponse({"status": "success", "fault": vars(fault)}, 201)

    async def reset(request: Request) -> Response:
        state.reset()
        return JSONResponse({"status": "success"})

    async def seed(request: Request) -> Response:
        payload = await _json_object(request)
        if payload is None:
            return _problem("the body must be a JSON object")
        counts = parse_seed(payload, state)
        if isinstance(counts, str):
            return _problem(counts)
        crm, books = counts
        try:
            state.seed(crm, books)
        except ValueError as refused:  # Books names the unknown module or the limit
            return _problem(str(refused))
        return JSONResponse({"status": "success", "records": state.stats()["records"]})

    async def requests(request: Request) -> Response:
        raw_limit = request.query_params.get("limit", "50")
        limit = int(raw_limit) if raw_limit.isdigit() else 50
        entries = list(state.request_log)[-limit:] if limit else []
        return JSONResponse({"requests": entries})

    return [
        Route("/__sandbox__/stats", stats, methods=["GET"]),
        Route("/__sandbox__/faults", faults, methods=["GET", "POST", "DELETE"]),
        Route("/__sandbox__/reset", reset, methods=["POST"]),
        Route("/__sandbox__/seed", seed, methods=["POST"]),
        Route("/__sandbox__/requests", requests, methods=["GET"]),
    ]
