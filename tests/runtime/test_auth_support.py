"""A small stateful fake of Zoho Accounts + a CRM endpoint, for httpx.MockTransport tests.

Imported by the other test_auth*/test_connection* modules; holds no tests itself.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs

import httpx

CLIENT_ID = "1000.CLIENTIDXYZ"
CLIENT_SECRET = "client-secret-5f1e2d3c4b5a69788796a5b4c3d2e1f0"
REFRESH_TOKEN = "1000.refresh0123456789abcdef0123456789ab.cdef0123456789abcdef0123456789ab"
TOKEN_URL = "https://accounts.zoho.eu/oauth/v2/token"
API = "https://www.zohoapis.eu"
GRANT_CODE = "1000.grantcode0123456789abcdef01234567.89abcdef0123456789abcdef01234567"


class Clock:
    def __init__(self, now: float = 1_800_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@dataclass
class FakeZoho:
    """Token endpoint that counts grants, plus ``/crm/v8/*`` that checks the access token."""

    api_domain: str | None = API
    error: dict[str, Any] | None = None
    error_status: int = 200
    token_delay_s: float = 0.0
    expires_field: str = "expires_in"
    expires_value: int = 3600
    grants: int = 0
    valid_tokens: set[str] = field(default_factory=set)
    seen: list[httpx.Request] = field(default_factory=list)
    # Number of upcoming API calls answered 401 INVALID_TOKEN whatever the token.
    reject_next: int = 0
    codes: set[str] = field(default_factory=lambda: {GRANT_CODE})
    revoked: bool = False

    def mint(self) -> str:
        self.grants += 1
        token = f"1000.access{self.grants:04d}aaaaaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"
        self.valid_tokens.add(token)
        return token

    def token_response(self, request: httpx.Request) -> httpx.Response:
        form = {key: values[0] for key, values in parse_qs(request.content.decode()).items()}
        if self.error is not None:
            return httpx.Response(self.error_status, json=self.error)
        if form.get("client_id") != CLIENT_ID or form.get("client_secret") != CLIENT_SECRET:
            return httpx.Response(200, json={"error": "invalid_client"})
        if form.get("grant_type") == "refresh_token" and form.get("refresh_token") != REFRESH_TOKEN:
            return httpx.Response(200, json={"error": "invalid_code"})
        if form.get("grant_type") == "authorization_code":
            if form.get("code") not in self.codes:
                return httpx.Response(200, json={"error": "invalid_code"})
            self.codes.discard(form["code"])
        body: dict[str, Any] = {"access_token": self.mint(), "token_type": "Bearer",
                                self.expires_field: self.expires_value}
        if self.expires_field == "expires_in_sec":
            body["expires_in"] = self.expires_value * 1000
        if self.api_domain:
            body["api_domain"] = self.api_domain
        if form.get("grant_type") == "authorization_code":
            body["refresh_token"] = REFRESH_TOKEN
        return httpx.Response(200, json=body)

    def api_response(self, request: httpx.Request) -> httpx.Response:
        header = request.headers.get("Authorization", "")
        token = header.removeprefix("Zoho-oauthtoken ")
        if self.reject_next > 0:
            self.reject_next -= 1
            return _invalid_token()
        if token not in self.valid_tokens:
            return _invalid_token()
        return httpx.Response(200, json={"data": [{"id": "1"}], "info": {"more_records": False}})

    def revoke_response(self, request: httpx.Request) -> httpx.Response:
        form = {key: values[0] for key, values in parse_qs(request.content.decode()).items()}
        if form.get("token") != REFRESH_TOKEN or self.revoked:
            return httpx.Response(400, json={"error": "invalid_token"})
        self.revoked = True
        return httpx.Response(200, json={"status": "success"})

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.url.path == "/oauth/v2/token/revoke":
            return self.revoke_response(request)
        if request.url.path.startswith("/oauth/v2/token"):
            if self.token_delay_s:
                time.sleep(self.token_delay_s)
            return self.token_response(request)
        return self.api_response(request)

    async def ahandle(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        if request.url.path.startswith("/oauth/v2/token"):
            await asyncio.sleep(self.token_delay_s)
            return self.token_response(request)
        await asyncio.sleep(0)
        return self.api_response(request)

    def client(self) -> httpx.Client:
        return httpx.Client(transport=httpx.MockTransport(self.handle))

    def async_client(self) -> httpx.AsyncClient:
        return httpx.AsyncClient(transport=httpx.MockTransport(self.ahandle))

    def token_requests(self) -> list[httpx.Request]:
        return [r for r in self.seen if r.url.path.startswith("/oauth/v2/token")]


def _invalid_token() -> httpx.Response:
    return httpx.Response(401, json={"code": "INVALID_TOKEN", "details": {}, "message": "invalid oauth token",
                                     "status": "error"})


def document(**token: Any) -> dict[str, Any]:
    """A connection document for the fake; ``token`` entries override the default token."""
    base_token: dict[str, Any] = {"refresh_token": REFRESH_TOKEN}
    base_token.update(token)
    return {
        "key": "zohoOAuth",
        "id": "acme-test",
        "fields": {"tokenUrl": TOKEN_URL, "clientId": CLIENT_ID, "clientSecret": CLIENT_SECRET,
                   "authorizeUrl": "https://accounts.zoho.eu/oauth/v2/auth",
                   "revokeUrl": "https://accounts.zoho.eu/oauth/v2/token/revoke",
                   "scopes": "ZohoCRM.modules.ALL"},
        "token": {key: value for key, value in base_token.items() if value is not None},
    }
