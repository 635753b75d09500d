"""connector: declarative integration actions for Zoho CRM and Zoho Books.

    import connector
    component = connector.load_component()
    result = component.invoke("crmGetRecords", {"recordType": "Leads", "fields": "Last_Name"},
                              connection="connection.json")

The runtime and token stores are imported on first use, so ``import connector`` stays light.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from connector.errors import (
    ApiError,
    ApiTimeoutError,
    AuthError,
    ConnectorError,
    DefinitionError,
    InputError,
    NetworkError,
)
from connector.runtime.component import ActionResult, Component, load_component

if TYPE_CHECKING:
    from connector.auth.store import MemoryTokenStore, SqliteTokenStore
    from connector.runtime.runtime import Runtime

# Public names imported on first access: name -> module.
_LAZY: dict[str, str] = {
    "MemoryTokenStore": "connector.auth.store",
    "Runtime": "connector.runtime.runtime",
    "SqliteTokenStore": "connector.auth.store",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'connector' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "ActionResult",
    "ApiError",
    "ApiTimeoutError",
    "AuthError",
    "Component",
    "ConnectorError",
    "DefinitionError",
    "InputError",
    "MemoryTokenStore",
    "NetworkError",
    "Runtime",
    "SqliteTokenStore",
    "load_component",
]
