"""HTTP clients the runtime shares, and how transport exceptions are classified for retries.

The async client runs over the aiohttp-backed httpx transport (httpx-aiohttp): at 16-way
concurrency httpx's own async transport measured several times slower than aiohttp, while this
transport keeps the httpx API our drivers and ``httpx.Auth`` flows use (see bench/async_throughput.py).
"""

from __future__ import annotations

import threading
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


class LazyTransport(httpx.BaseTransport):
    """One transport per URL scheme, each created on first use.

    A verifying TLS context loads the CA bundle (tens of milliseconds); a ``connector run`` against
    the sandbox (plain http) never needs it, and https calls pay for it once, when first used.
    """

    def __init__(self) -> None:
        self._transports: dict[bool, httpx.HTTPTransport] = {}
        self._lock = threading.Lock()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return self._for(request.url.scheme == "https").handle_request(request)

    def _for(self, tls: bool) -> httpx.HTTPTransport:
        transport = self._transports.get(tls)
        if transport is None:
            with self._lock:
                transport = self._transports.get(tls)
                if transport is None:
                    # verify is off only for the plain-http transport, which never opens TLS.
                    transport = httpx.HTTPTransport(limits=LIMITS, verify=tls)
                    self._transports[tls] = transport
        return transport

    def close(self) -> None:
        with self._lock:
            transports, self._transports = list(self._transports.values()), {}
        for transport in transports:
            transport.close()


class LazyAsyncTransport(httpx.AsyncBaseTransport):
    """The async :class:`LazyTransport`, over aiohttp (or httpx's own transport)."""

    def __init__(self, *, use_aiohttp: bool = True) -> None:
        self._use_aiohttp = use_aiohttp
        self._transports: dict[bool, httpx.AsyncBaseTransport] = {}

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        tls = request.url.scheme == "https"
        transport = self._transports.get(tls)
        if transport is None:  # one event loop: no await between the check and the store
            transport = self._transports[tls] = self._create(tls)
        return await transport.handle_async_request(request)

    def _create(self, tls: bool) -> httpx.AsyncBaseTransport:
        if self._use_aiohttp:
            from httpx_aiohttp import AiohttpTransport  # imported only when async is used

            return AiohttpTransport(limits=LIMITS, verify=tls)
        return httpx.AsyncHTTPTransport(limits=LIMITS, verify=tls)

    async def aclose(self) -> None:
        transports, self._transports = list(self._transports.values()), {}
        for transport in transports:
            await transport.aclose()


def new_sync_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(transport=transport or LazyTransport(), timeout=DEFAULT_TIMEOUT_S, limits=LIMITS,
                        cookies=NoCookies(), headers={"User-Agent": USER_AGENT}, follow_redirects=False)


def new_async_client(transport: httpx.AsyncBaseTransport | None = None, *,
                     use_aiohttp: bool = True) -> httpx.AsyncClient:
    """An async client; over aiohttp unless a transport is given or ``use_aiohttp`` is off."""
    return httpx.AsyncClient(transport=transport or LazyAsyncTransport(use_aiohttp=use_aiohttp),
                             timeout=DEFAULT_TIMEOUT_S, limits=LIMITS, cookies=NoCookies(),
                             headers={"User-Agent": USER_AGENT}, follow_redirects=False)
