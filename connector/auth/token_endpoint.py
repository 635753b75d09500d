"""Requests to Zoho's token endpoint and the reading of its answers (sans-IO).

Zoho reports most token errors with HTTP 200 and ``{"error": ...}``, so the body is always read.
Errors become :class:`AuthError` carrying Zoho's reason and a hint; secrets never appear in them,
even if Zoho were to echo one back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal

import httpx

from connector.auth.datacentres import api_domain_for, is_trusted_api_domain
from connector.auth.document import ConnectionFields
from connector.errors import AuthError

Grant = Literal["refresh_token", "authorization_code"]

# A hung token endpoint must not hang every caller waiting on the single-flight refresh.
TOKEN_TIMEOUT_S = 30.0
DEFAULT_LIFETIME_S = 3600.0


@dataclass(frozen=True)
class IssuedToken:
    access_token: str = field(repr=False)
    expires_at: float
    api_domain: str
    refresh_token: str | None = field(default=None, repr=False)


def refresh_request(fields: ConnectionFields, refresh_token: str, *,
                    token_url: str | None = None) -> httpx.Request:
    return _post(token_url or fields.tokenUrl, {
        "grant_type": "refresh_token",
        "client_id": fields.clientId,
        "client_secret": fields.clientSecret,
        "refresh_token": refresh_token,
    })


def code_request(fields: ConnectionFields, code: str, *, redirect_uri: str | None = None,
                 token_url: str | None = None) -> httpx.Request:
    data = {
        "grant_type": "authorization_code",
        "client_id": fields.clientId,
        "client_secret": fields.clientSecret,
        "code": code,
    }
    if redirect_uri:
        data["redirect_uri"] = redirect_uri
    return _post(token_url or fields.tokenUrl, data)


def revoke_request(revoke_url: str, token: str) -> httpx.Request:
    return _post(revoke_url, {"token": token})


def read_token_response(response: httpx.Response, *, grant: Grant, token_url: str, now: float,
                        secrets: Iterable[str | None] = ()) -> IssuedToken:
    """The token in a token-endpoint response, or :class:`AuthError` explaining Zoho's refusal."""
    body = _json_object(response)
    if body is None or "error" in body or not isinstance(body.get("access_token"), str):
        raise token_error(response, body, grant=grant, token_url=token_url, secrets=secrets)
    api_domain = body.get("api_domain")
    if isinstance(api_domain, str) and api_domain:
        if not is_trusted_api_domain(api_domain, token_url):
            raise AuthError(f"The token endpoint named an API domain that is not Zoho's: {api_domain!r}",
                            hint="Check fields.tokenUrl")
    else:
        api_domain = api_domain_for(token_url)
    refresh_token = body.get("refresh_token")
    return IssuedToken(
        access_token=body["access_token"],
        expires_at=now + _lifetime_s(body),
        api_domain=api_domain.rstrip("/"),
        refresh_token=refresh_token if isinstance(refresh_token, str) and refresh_token else None,
    )


def token_error(response: httpx.Response, body: dict[str, Any] | None, *, grant: Grant, token_url: str,
                secrets: Iterable[str | None] = ()) -> AuthError:
    host = response.request.url.host if _has_request(response) else token_url
    status = response.status_code
    if body is None:
        return AuthError(f"The token endpoint at {host} answered HTTP {status} without a JSON body",
                         status=status, hint="Check fields.tokenUrl; it should end in /oauth/v2/token")
    reason = _scrub(str(body.get("error") or "no access_token in the answer"), secrets)
    description = body.get("error_description")
    detail = f": {_scrub(str(description), secrets)}" if description else ""
    what = "refresh the access token" if grant == "refresh_token" else "exchange the grant code"
    message = f"Could not {what} at {host}{detail}"
    return AuthError(message, reason=reason, hint=_hint(reason, grant, token_url), status=status)


def _hint(reason: str, grant: Grant, token_url: str) -> str:
    lowered = reason.lower()
    if lowered == "invalid_client":
        return (f"Zoho does not know fields.clientId at {token_url}: check the client ID, and that "
                "tokenUrl is the accounts server of the data centre where the client and the user's "
                "account live (accounts.zoho.eu for EU, accounts.zohocloud.ca for Canada...)")
    if lowered == "invalid_client_secret":
        return "Check fields.clientSecret; a client can have a different secret in each data centre"
    if lowered == "invalid_code" and grant == "refresh_token":
        return ("The refresh token is invalid, revoked, or was pushed out by newer ones (Zoho keeps 20 per "
                "user and client); get a new one with `connector auth login` or `connector auth exchange`")
    if lowered == "invalid_code":
        return ("The grant code is wrong, already used or expired (codes live 3 minutes by default); "
                "generate a new one and exchange it right away, at the accounts server of the same "
                "data centre")
    if lowered == "access denied":
        return ("Zoho allows 10 access tokens per refresh token per 10 minutes; wait up to 10 minutes "
                "and make sure workers share refreshed tokens through one token store")
    if lowered == "access_denied":
        return "Zoho allows 10 grant codes per client per 10 minutes; wait and try again"
    if lowered == "invalid_redirect_uri":
        return "The redirect URI must be registered for the client in Zoho's API console, exactly"
    return "Check the connection's tokenUrl, clientId and clientSecret"


def _lifetime_s(body: dict[str, Any]) -> float:
    # Older answers carry expires_in_sec, and then expires_in is in milliseconds.
    for key in ("expires_in_sec", "expires_in"):
        value = body.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool) and value > 0:
            return float(value)
        if isinstance(value, str) and value.isdigit():
            return float(value)
    return DEFAULT_LIFETIME_S


def _json_object(response: httpx.Response) -> dict[str, Any] | None:
    try:
        body = response.json()
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


def _scrub(text: str, secrets: Iterable[str | None]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, "***")
    return text


def _has_request(response: httpx.Response) -> bool:
    try:
        response.request  # noqa: B018  (raises RuntimeError when the response was built without one)
    except RuntimeError:
        return False
    return True


def _post(url: str, data: dict[str, str]) -> httpx.Request:
    return httpx.Request("POST", url, data=data, headers={"Accept": "application/json"},
                         extensions={"timeout": httpx.Timeout(TOKEN_TIMEOUT_S).as_dict()})
