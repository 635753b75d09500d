"""HTTP clients the runtime shares, and how transport exceptions are classified for retries.

The async client runs over the aiohttp-backed httpx transport (httpx-aiohttp): at 16-way
concurrency httpx's own async transport measured several times slower than aiohttp, while this
transport keeps the httpx API our drivers and ``httpx.Auth`` flows use (see bench/async_throughput.py).
"""

from __future__ import annotations

from http.cookiejar import Cookie, CookieJar
from typing import Any

import httpx

from connector.http.retry import Failure

DEFAULT_TIMEOUT_S = 30.0
USER_AGENT = "connector-zoho/0.1 (+python-httpx)"
LIMITS = httpx.Limits(max_connections=100, max_keepalive_connections=32, keepalive_expiry=30.0)

# httpx-aiohttp maps every aiohttp.ClientConnectionError (refused connection, server disconnect,
# socket read timeout alike) to httpx.ConnectTimeout, so the original aiohttp exception (kept as
# __cause__) is what tells whether the request could have reached the server.
_AIOHTTP_NOT_SENT = frozenset({"ClientConnectorError", "ConnectionTimeoutError", "ClientConnectorDNSError"})
_AIOHTTP_TIMEOUT = frozenset({"ServerTimeoutError", "SocketTimeoutError"})


def classify_failure(exc: BaseException) -> Failure:
    """How a request failed, for the retry policy and for choosing the error raised."""
    cause = exc.__cause__
    if cause is not None and type(cause).__module__.startswith("aiohttp"):
        names = {klass.__name__ for klass in type(cause).__mro__}
        if names & _AIOHTTP_NOT_SENT:
            return Failure.NOT_SENT
        if names & _AIOHTTP_TIMEOUT:
            return Failure.TIMEOUT
        return Failure.NETWORK
    if isinstance(exc, httpx.ConnectError | httpx.ConnectTimeout | httpx.PoolTimeout):
        return Failure.NOT_SENT
    if isinstance(exc, httpx.TimeoutException | TimeoutError):
        return Failure.TIMEOUT
    if isinstance(exc, httpx.UnsupportedProtocol | httpx.LocalProtocolError | httpx.ProxyError):
        return Failure.FATAL
    return Failure.NETWORK


class NoCookies(CookieJar):
    """A jar that keeps nothing. The Zoho APIs are stateless, a shared client must not carry one
    connection's cookies into another's requests, and parsing Set-Cookie on every response costs."""

    def extract_cookies(self, response: Any, request: Any) -> None:
        return None

    def set_cookie(self, cookie: Cookie) -> None:
        return None


def new_sync_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(transport=transport, timeout=DEFAULT_TIMEOUT_S, limits=LIMITS, cookies=NoCookies(),
                        headers={"User-Agent": USER_AGENT}, follow_redirects=False)


def new_async_client(transport: httpx.AsyncBaseTransport | None = None, *,
                     use_aiohttp: bool = True) -> httpx.AsyncClient:
    """An async client; over aiohttp unless a transport is given or ``use_aiohttp`` is off."""
    if transport is None and use_aiohttp:
        from httpx_aiohttp import AiohttpTransport  # imported only when async is used

        transport = AiohttpTransport(limits=LIMITS)
    return httpx.AsyncClient(transport=transport, timeout=DEFAULT_TIMEOUT_S, limits=LIMITS,
                             cookies=NoCookies(), headers={"User-Agent": USER_AGENT}, follow_redirects=False)
