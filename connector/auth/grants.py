"""Getting a first token (grant-code exchange) and revoking one, with a plain httpx client.

These run outside any action, from ``connector auth``; the refresh path lives in ``zoho_auth``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import httpx

from connector.auth.datacentres import origin
from connector.auth.document import ConnectionDocument, TokenSet
from connector.auth.token_endpoint import IssuedToken, code_request, read_token_response, revoke_request
from connector.errors import AuthError

REVOKE_PATH = "/oauth/v2/token/revoke"


def exchange_code(document: ConnectionDocument, code: str, *, client: httpx.Client,
                  redirect_uri: str | None = None, token_url: str | None = None,
                  clock: Callable[[], float] = time.time) -> IssuedToken:
    """Trade a grant code (Self Client or browser consent) for tokens at ``token_url`` (default tokenUrl)."""
    url = token_url or document.fields.tokenUrl
    request = code_request(document.fields, code, redirect_uri=redirect_uri, token_url=url)
    response = client.send(request)
    return read_token_response(response, grant="authorization_code", token_url=url, now=clock(),
                               secrets=[document.fields.clientSecret, code])


def token_set(issued: IssuedToken, previous: TokenSet | None = None) -> TokenSet:
    """The document's new ``token``; a refresh token not re-issued by Zoho is kept from ``previous``."""
    refresh = issued.refresh_token or (previous.refresh_token if previous else None)
    return TokenSet(access_token=issued.access_token, refresh_token=refresh, expires_at=issued.expires_at,
                    api_domain=issued.api_domain)


def revoke_url(document: ConnectionDocument) -> str:
    return document.fields.revokeUrl or origin(document.fields.tokenUrl) + REVOKE_PATH


def revoke(document: ConnectionDocument, *, client: httpx.Client) -> None:
    """Revoke the document's refresh token (Zoho revokes its access tokens with it)."""
    token = document.token.refresh_token if document.token else None
    if not token:
        raise AuthError("The connection has no refresh token to revoke")
    url = revoke_url(document)
    # The token goes in the form body, not the query string, so it stays out of access logs.
    response = client.send(revoke_request(url, token))
    try:
        body = response.json()
    except ValueError:
        body = None
    if response.is_success and isinstance(body, dict) and body.get("status") == "success":
        return
    reason = body.get("error") if isinstance(body, dict) else None
    host = httpx.URL(url).host
    raise AuthError(f"Zoho did not revoke the refresh token at {host} (HTTP {response.status_code})",
                    reason=str(reason) if reason else None, status=response.status_code,
                    hint="The token may already be revoked; check fields.revokeUrl")
