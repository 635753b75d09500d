"""Fetch-all paging for collection reads, and the merged body it returns.

CRM pages with ``page`` up to the 2,000-record limit and with ``info.next_page_token`` beyond it;
Books pages with ``page`` while ``page_context.has_more_page``. Both stop at ``max_records``, on an
empty page, and when Zoho hands back the token we just used, so a misbehaving server cannot keep
us looping. The merged body is the last page's body with every record under the list key and
``info``/``page_context`` rewritten to describe the merged result.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from connector.runtime.flow import Flow
from connector.zoho.api import ParamValue, json_body

PageParams = dict[str, ParamValue]
# Sends the request for one page and returns the httpx.Response.
PageFetcher = Callable[[PageParams], Flow]


@dataclass
class Collected:
    """Records gathered so far and the body of the last page read (None: no page had a body)."""

    records: list[Any] = field(default_factory=list)
    last_body: dict[str, Any] | None = None

    def kept(self, max_records: int | None) -> tuple[list[Any], bool]:
        """The records to return, and whether any were cut off by ``max_records``."""
        if max_records is None or len(self.records) <= max_records:
            return self.records, False
        return self.records[:max_records], True


def _reached(collected: Collected, max_records: int | None) -> bool:
    return max_records is not None and len(collected.records) >= max_records


def crm_fetch_all(fetch_page: PageFetcher, params: PageParams, *, max_records: int | None) -> Flow:
    """Read every CRM page from ``params`` on; return the merged body, or None if Zoho sent 204."""
    collected = Collected()
    while True:
        body = json_body((yield from fetch_page(params)))
        if not isinstance(body, dict):
            break
        collected.last_body = body
        page_records = body.get("data")
        if isinstance(page_records, list):
            collected.records.extend(page_records)
        info = body.get("info") or {}
        if _reached(collected, max_records) or not info.get("more_records") or not page_records:
            break
        token = info.get("next_page_token")
        if token:
            if token == params.get("page_token"):
                break
            # Zoho refuses page together with page_token; everything else must stay the same.
            params = {key: value for key, value in params.items() if key != "page"} | {"page_token": token}
        elif params.get("page_token"):
            break
        else:
            params = {**params, "page": int(params.get("page") or 1) + 1}
    return merge_crm(collected, max_records)


def merge_crm(collected: Collected, max_records: int | None) -> dict[str, Any] | None:
    if collected.last_body is None:
        return None
    records, cut = collected.kept(max_records)
    last_info = collected.last_body.get("info") or {}
    more = cut or bool(last_info.get("more_records"))
    # Resuming from the last page's token is exact only when no record of that page was dropped.
    token = last_info.get("next_page_token") if more and not cut else None
    info = {**last_info, "per_page": len(records), "count": len(records), "page": 1, "more_records": more,
            "next_page_token": token, "previous_page_token": None,
            "page_token_expiry": last_info.get("page_token_expiry") if token else None}
    return {**collected.last_body, "data": records, "info": info}


def books_fetch_all(fetch_page: PageFetcher, params: PageParams, *, list_key: Callable[[Any], str | None],
                    max_records: int | None) -> Flow:
    """Read every Books page from ``params`` on; return the merged body.

    ``list_key`` finds the key holding the records in a body. A body without one (a module that is
    not a collection) is returned as it is.
    """
    collected = Collected()
    key: str | None = None
    while True:
        body = json_body((yield from fetch_page(params)))
        if not isinstance(body, dict):
            break
        key = key or list_key(body)
        page_records = body.get(key) if key else None
        if not isinstance(page_records, list):
            return body if collected.last_body is None else merge_books(collected, key, max_records)
        collected.last_body = body
        collected.records.extend(page_records)
        has_more = bool((body.get("page_context") or {}).get("has_more_page"))
        if _reached(collected, max_records) or not has_more or not page_records:
            break
        params = {**params, "page": int(params.get("page") or 1) + 1}
    return merge_books(collected, key, max_records)


def merge_books(collected: Collected, key: str | None, max_records: int | None) -> dict[str, Any] | None:
    if collected.last_body is None or key is None:
        return collected.last_body
    records, cut = collected.kept(max_records)
    last_context = collected.last_body.get("page_context") or {}
    context = {**last_context, "page": 1, "per_page": len(records),
               "has_more_page": cut or bool(last_context.get("has_more_page"))}
    return {**collected.last_body, key: records, "page_context": context}
