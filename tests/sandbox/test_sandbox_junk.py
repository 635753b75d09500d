"""Junk thrown at the CRM, Accounts and control endpoints in-process: never a 500; unknown paths of
every product get that product's JSON 404, never plain text or a redirect."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from connector.sandbox.app import create_app
from tests.support.zoho import check_conformance

APP = create_app()
TOKEN = APP.state.sandbox.accounts.seed_access_token
SEGMENTS = st.sampled_from(
    [
        "Leads",
        "Contacts",
        "Deals",
        "Nope",
        "coql",
        "settings",
        "modules",
        "fields",
        "users",
        "org",
        "Attachments",
        "5725767000101000001",
        "1",
        "",
        "%00",
        "a%0Ab",
        "Leads%0A",
        "%0D%0A",
        "x" * 300,
        "..",
        "actions",
        "count",
        "upsert",
        "search",
    ]
)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=12,
)
BODIES = st.one_of(
    st.none(),
    st.binary(max_size=300),
    JSON_VALUES.map(lambda v: {"json": v}),
    st.lists(
        st.dictionaries(
            st.sampled_from(
                [
                    "Last_Name",
                    "Email",
                    "Owner",
                    "Stage",
                    "id",
                    "No_of_Employees",
                    "Account_Name",
                    "Closing_Date",
                ]
            ),
            JSON_VALUES,
            max_size=4,
        ),
        max_size=3,
    ).map(lambda records: {"json": {"data": records}}),
    st.text(max_size=200).map(lambda q: {"json": {"select_query": q}}),
    JSON_VALUES.map(
        lambda v: {"json": {"data": [{"Last_Name": "A"}], "trigger": v, "duplicate_check_fields": v}}
    ),
)
PARAMS = st.dictionaries(
    st.sampled_from(
        [
            "fields",
            "page",
            "per_page",
            "sort_by",
            "sort_order",
            "ids",
            "page_token",
            "module",
            "criteria",
            "word",
            "email",
            "phone",
            "type",
            "wf_trigger",
            "attachmentUrl",
        ]
    ),
    st.text(max_size=30),
    max_size=4,
)


async def _send(method: str, path: str, params: dict[str, str], body: Any, auth: bool) -> httpx.Response:
    headers = {"Authorization": f"Zoho-oauthtoken {TOKEN}"} if auth else {}
    kwargs: dict[str, Any] = {}
    if isinstance(body, bytes):
        kwargs["content"] = body
        headers["Content-Type"] = "application/json"
    elif isinstance(body, dict):
        kwargs.update(body)
    transport = httpx.ASGITransport(app=APP)
    async with httpx.AsyncClient(transport=transport, base_url="http://sandbox") as client:
        return await client.request(method, path, params=params, headers=headers, **kwargs)


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    method=st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
    segments=st.lists(SEGMENTS, min_size=1, max_size=4),
    params=PARAMS,
    body=BODIES,
    auth=st.booleans(),
)
def test_junk_never_gets_a_500(
    method: str, segments: list[str], params: dict[str, str], body: Any, auth: bool
) -> None:
    path = "/crm/v8/" + "/".join(segments)
    response = asyncio.run(_send(method, path, params, body, auth))
    assert response.status_code < 500, (method, path, params, body, response.text[:300])
    if response.status_code >= 400:
        answer = response.json()
        # Writes answer per record ({"data": [{"status": "error", ...}]}), everything else at the top.
        statuses = [item["status"] for item in answer["data"]] if "data" in answer else [answer["status"]]
        assert "error" in statuses
    check_conformance(response)


@settings(max_examples=60, deadline=None, derandomize=True)
@given(
    path=st.sampled_from(
        [
            "/oauth/v2/token",
            "/oauth/v2/token/revoke",
            "/oauth/v2/auth",
            "/__sandbox__/faults",
            "/__sandbox__/seed",
        ]
    ),
    method=st.sampled_from(["GET", "POST"]),
    params=st.dictionaries(st.text(max_size=15), st.text(max_size=30), max_size=4),
    body=BODIES,
)
def test_junk_at_accounts_and_control_never_gets_a_500(
    path: str, method: str, params: dict[str, str], body: Any
) -> None:
    response = asyncio.run(_send(method, path, params, body, auth=False))
    assert response.status_code < 500, (method, path, params, body, response.text[:300])
    APP.state.sandbox.faults.clear()  # a junk fault that happens to be valid must not leak


CRM_NOT_FOUND = {
    "code": "INVALID_URL_PATTERN",
    "details": {},
    "message": "Please check if the URL trying to access is a correct one",
    "status": "error",
}
BOOKS_NOT_FOUND = {"code": 5, "message": "Invalid URL Passed"}


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/books/v3", BOOKS_NOT_FOUND),  # was a 307 to /books/v3/
        ("/books/v3/", BOOKS_NOT_FOUND),
        ("/books/v3/a%0Ab", BOOKS_NOT_FOUND),  # misses the /books/v3 Mount: "." stops at newlines
        ("/books/v3/contacts%0A", BOOKS_NOT_FOUND),
        ("/books/v3/contacts/1%0D%0A/comments", BOOKS_NOT_FOUND),
        ("/books%0A/v3/contacts", CRM_NOT_FOUND),
        ("/crm/v8/a%0Ab", CRM_NOT_FOUND),
        ("/crm/v8/Leads%0A", CRM_NOT_FOUND),  # Starlette's "$" would match before the newline
        ("/crm/v8/Leads/", CRM_NOT_FOUND),  # was a 307 to /crm/v8/Leads
        ("/crm/v8/Leads/5725767000101000001/", CRM_NOT_FOUND),
        ("/crm/v8", CRM_NOT_FOUND),
        ("/oauth/v2/token%0A", CRM_NOT_FOUND),
        ("/oauth/v2/token/", CRM_NOT_FOUND),
        ("/__sandbox__/stats/", CRM_NOT_FOUND),
        ("/nowhere", CRM_NOT_FOUND),
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
def test_unmatched_paths_get_the_json_404_of_their_product(
    method: str, path: str, expected: dict[str, Any]
) -> None:
    response = asyncio.run(_send(method, path, {}, {"json": {"data": [{"Last_Name": "A"}]}}, auth=True))
    assert (response.status_code, response.json()) == (404, expected), response.text[:200]
    assert response.headers["content-type"].startswith("application/json")
