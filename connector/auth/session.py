"""``ZohoSession``: one resolved connection, shared by every invocation that uses it.

``open_session`` does no I/O beyond one token-store read: it picks the freshest usable access token
(the document's, or the store's when it came from the same refresh token) and the API origin, and
leaves refreshing to :class:`~connector.auth.zoho_auth.ZohoAuth` when a request is sent.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import httpx

from connector.auth.datacentres import api_domain_for, origin
from connector.auth.document import ConnectionDocument, TokenSet, connection_id
from connector.auth.store import StoredToken, TokenStore, refresh_token_fingerprint
from connector.auth.zoho_auth import ActiveToken, ZohoAuth

logger = logging.getLogger("connector.auth")


class ZohoSession:
    """The resolved connection: where to send requests and how to authenticate them."""

    def __init__(self, *, connection_id: str, organization_id: str | None, auth: ZohoAuth) -> None:
        self.connection_id = connection_id
        self.organization_id = organization_id
        self.books_org_cache: dict[str, str] = {}
        self._auth = auth

    @property
    def auth(self) -> httpx.Auth:
        return self._auth

    @property
    def api_base(self) -> str:
        """The API origin, e.g. ``https://www.zohoapis.eu``; follows the latest token's ``api_domain``."""
        return self._auth.token.api_base

    @property
    def crm_base(self) -> str:
        return self.api_base + "/crm/v8"

    @property
    def books_base(self) -> str:
        return self.api_base + "/books/v3"

    @property
    def api_host(self) -> str:
        """``host[:port]`` of :attr:`api_base`: the only host the access token is sent to."""
        return httpx.URL(self.api_base).netloc.decode("ascii")

    def secrets(self) -> list[str]:
        """Client secret, refresh token and access tokens, for value-matching redaction."""
        return self._auth.secrets()

    def __repr__(self) -> str:
        return f"ZohoSession(connection_id={self.connection_id!r}, api_base={self.api_base!r})"


def open_session(document: ConnectionDocument, *, store: TokenStore,
                 clock: Callable[[], float] = time.time) -> ZohoSession:
    """Resolve ``document`` into a session; the token store supplies a fresher token when it has one."""
    key = connection_id(document)
    token = document.token or TokenSet()
    fingerprint = refresh_token_fingerprint(token.refresh_token)
    active = _choose(token, _stored(store, key, fingerprint), document.fields.tokenUrl)
    auth = ZohoAuth(fields=document.fields, refresh_token=token.refresh_token, connection_id=key,
                    store=store, token=active, clock=clock)
    return ZohoSession(connection_id=key, organization_id=document.fields.organizationId, auth=auth)


def stored_token_for(document: ConnectionDocument, store: TokenStore) -> StoredToken | None:
    """The store's token for ``document``, when it came from the document's refresh token."""
    token = document.token
    return _stored(store, connection_id(document),
                   refresh_token_fingerprint(token.refresh_token if token else None))


def _stored(store: TokenStore, key: str, fingerprint: str) -> StoredToken | None:
    try:
        stored = store.get(key)
    except Exception as exc:  # the store is a cache: a broken one must not fail the call
        logger.warning("token store read failed (%s); using the document's token", type(exc).__name__)
        return None
    # A token obtained with another refresh token belongs to another grant (maybe another account);
    # a document without a refresh token proves nothing, so it never gets a stored token.
    if stored is None or not fingerprint or stored.refresh_token_fingerprint != fingerprint:
        return None
    return stored


def _choose(token: TokenSet, stored: StoredToken | None, token_url: str) -> ActiveToken:
    fallback_base = origin(token.api_domain) if token.api_domain else api_domain_for(token_url)
    document_token = ActiveToken(token.access_token, token.expires_at, fallback_base)
    if stored is None:
        return document_token
    if token.access_token and (stored.expires_at or 0.0) <= (token.expires_at or 0.0):
        return document_token
    stored_base = origin(stored.api_domain) if stored.api_domain else fallback_base
    return ActiveToken(stored.access_token, stored.expires_at, stored_base)
