"""What the service needs from the component and the runtime, stated as protocols.

The service depends on these shapes only, so tests can serve a small stand-in component and the
real :class:`connector.runtime.component.Component` plugs in unchanged.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class ServableComponent(Protocol):
    @property
    def actions(self) -> Mapping[str, Any]: ...

    def describe(self, key: str) -> dict[str, Any]: ...

    async def ainvoke(self, key: str, inputs: Mapping[str, Any], *, connection: Any = ...,
                      config_vars: Mapping[str, Any] | None = ..., runtime: Any = ...) -> Any: ...


class ClosableRuntime(Protocol):
    async def aclose(self) -> None: ...


def load_default_component() -> ServableComponent:
    """The bundled Zoho component."""
    import connector

    component: ServableComponent = connector.load_component()
    return component


def new_default_runtime() -> ClosableRuntime:
    """One runtime per service process: shared HTTP pool, token store and session cache."""
    from connector.auth.store import default_token_store
    from connector.runtime.runtime import Runtime

    return Runtime(token_store=default_token_store())


def resolve_request_connection(document: Mapping[str, Any], *, expand_env: bool) -> Any:
    """A connection document sent by a client, validated (InputError on ``connection`` otherwise).

    ``${NAME}`` references are refused unless ``expand_env``: expanding them from the service's
    environment would let a caller send the service's own secrets to a token URL of its choosing.
    """
    from connector.auth.document import load_connection

    return load_connection(document, environ=None if expand_env else {})


def summarize(description: Mapping[str, Any]) -> dict[str, Any]:
    """``{key, label, description}`` of an action from its ``describe`` JSON, as ``connector actions``."""
    return {"key": description["key"], "label": description["label"],
            "description": description["description"]}
