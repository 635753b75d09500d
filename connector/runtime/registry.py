"""The explicit registry of action handlers.

Definitions name a handler (``handler: zoho.crm.getRecord``); the name must be listed here, so a
typo fails when the component loads, not at the first invocation. Targets are ``module:function``
strings imported on first use, which keeps ``connector actions`` from paying for httpx and friends.
"""

from __future__ import annotations

import importlib
from functools import cache
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:  # flow imports httpx; listing commands must not pay for it
    from connector.runtime.flow import Flow

HANDLERS: dict[str, str] = {
    "zoho.crm.getRecord": "connector.zoho.crm:get_record",
    "zoho.crm.getRecords": "connector.zoho.crm:get_records",
    "zoho.crm.createRecord": "connector.zoho.crm:create_record",
    "zoho.crm.updateRecord": "connector.zoho.crm:update_record",
    "zoho.crm.removeRecord": "connector.zoho.crm:remove_record",
    "zoho.crm.runQuery": "connector.zoho.crm:run_query",
    "zoho.crm.addAttachment": "connector.zoho.crm:add_attachment",
    "zoho.crm.rawRequest": "connector.zoho.raw:crm_raw_request",
    "zoho.books.getRecord": "connector.zoho.books:get_record",
    "zoho.books.getRecords": "connector.zoho.books:get_records",
    "zoho.books.createRecord": "connector.zoho.books:create_record",
    "zoho.books.updateRecord": "connector.zoho.books:update_record",
    "zoho.books.removeRecord": "connector.zoho.books:remove_record",
    "zoho.books.rawRequest": "connector.zoho.raw:books_raw_request",
}


def is_registered(name: str) -> bool:
    return name in HANDLERS


@cache
def resolve(name: str) -> Any:
    """Import and return the handler function registered under ``name``.

    Raises ``LookupError`` for an unknown name and ``ImportError``/``AttributeError`` when the
    registered target does not exist.
    """
    target = HANDLERS[name]
    module_name, _, attr = target.partition(":")
    module = importlib.import_module(module_name)
    return cast("Any", getattr(module, attr))


def call_handler(name: str, call: Any) -> Flow:
    return cast("Flow", resolve(name)(call))
