"""A small component with one action per outcome the service must map, for tests that need no sandbox."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from connector.errors import ApiError, ApiTimeoutError, AuthError, InputError

SECRET = "s3cr3t-refresh-token-value"


@dataclass
class Result:
    data: Any

    def to_dict(self) -> dict[str, Any]:
        return {"data": self.data}


def _fail(kind: str) -> None:
    if kind == "input":
        raise InputError("must be a number", input="recordId")
    if kind == "auth":
        raise AuthError("The refresh token was refused", reason="invalid_code")
    if kind == "forbidden":
        raise AuthError("Zoho refused access", status=403)
    if kind == "api":
        raise ApiError("Zoho said INVALID_DATA", status=400, code="INVALID_DATA", field="Email")
    if kind == "timeout":
        raise ApiTimeoutError("Zoho did not answer within 0.1 s")
    raise RuntimeError(f"unexpected failure carrying {SECRET}")


class StandInComponent:
    """``echo`` returns its inputs, ``fail`` raises by ``inputs.kind``, ``slow`` sleeps ``inputs.seconds``."""

    def __init__(self) -> None:
        self.actions: dict[str, dict[str, Any]] = {
            "echo": {"label": "Echo", "description": "Return the inputs"},
            "fail": {"label": "Fail", "description": "Raise the error named by kind"},
            "slow": {"label": "Slow", "description": "Sleep, then answer"},
            "binary": {"label": "Binary", "description": "Return bytes"},
        }
        self.in_flight = 0
        self.completed = 0

    def describe(self, key: str) -> dict[str, Any]:
        action = self.actions[key]
        return {"key": key, "label": action["label"], "description": action["description"],
                "inputs": [
                    {"key": "connection", "label": "Connection", "type": "connection", "required": False},
                    {"key": "kind", "label": "Kind", "type": "string", "required": False}]}

    async def ainvoke(self, key: str, inputs: Mapping[str, Any], *, connection: Any = None,
                      config_vars: Mapping[str, Any] | None = None, runtime: Any = None) -> Result:
        if key == "fail":
            _fail(str(inputs.get("kind")))
        if key == "slow":
            self.in_flight += 1
            try:
                await asyncio.sleep(float(inputs.get("seconds", 0.5)))
            finally:
                self.in_flight -= 1
            self.completed += 1
        if key == "binary":
            return Result(b"\x00\xffzoho")
        return Result({"action": key, "inputs": dict(inputs), "configVars": config_vars,
                       "connection": None if connection is None else type(connection).__name__,
                       "clientId": getattr(getattr(connection, "fields", None), "clientId", None),
                       "runtime": runtime is not None})


class NullRuntime:
    """A runtime stand-in that records whether the service closed it."""

    def __init__(self) -> None:
        self.closed = False

    async def aclose(self) -> None:
        self.closed = True
