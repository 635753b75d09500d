"""``ZohoAuth``: the httpx authentication flow of one Zoho connection.

Before a request to the API host it makes sure the access token is fresh, refreshing it when it is
missing or expires within a minute; after a 401 ``INVALID_TOKEN``/``AUTHENTICATION_FAILURE`` (Books:
code 57) it refreshes once and re-sends once. The token refresh request is yielded from the flow, so it
travels through the same client and transport as the API request.

Refreshes are single-flight: one refresh at a time per connection, across threads (a
``threading.Lock``) and across asyncio tasks (one ``asyncio.Lock`` per event loop, in front of the
thread lock). Whoever gets the lock first re-checks whether someone else already refreshed, so N
concurrent callers with an expired token cause one grant. Zoho allows only 10 access tokens per
refresh token per 10 minutes, so this matters.

The logic is written once, as a generator of steps (send this request / take the lock / release
it); :meth:`sync_auth_flow` and :meth:`async_auth_flow` only differ in how they wait for the lock.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections import deque
from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:  # imported where used: the sync CLI path should not pay ~10 ms for asyncio
    import asyncio

import httpx

from connector.auth.datacentres import origin
from connector.auth.document import ConnectionFields
from connector.auth.store import StoredToken, TokenStore, refresh_token_fingerprint
from connector.auth.token_endpoint import TOKEN_TIMEOUT_S, read_token_response, refresh_request
from connector.errors import AuthError

logger = logging.getLogger("connector.auth")

# Refresh a little before expiry so a token does not lapse between check and use.
REFRESH_MARGIN_S = 60.0
# How long a caller waits for another caller's refresh before giving up.
LOCK_WAIT_S = 2 * TOKEN_TIMEOUT_S + 10.0
# CRM answers INVALID_TOKEN or AUTHENTICATION_FAILURE; Invoice answers code 14; Books answers an
# expired or invalidated token with code 57, the code it also uses for a missing scope. One refresh
# and re-send tells them apart: a 57 that survives it is reported as the API error it is.
INVALID_TOKEN_CODES: Final = frozenset(
    {"INVALID_TOKEN", "AUTHENTICATION_FAILURE", "INVALID_OAUTHTOKEN", "14", "57"})


@dataclass(frozen=True)
class ActiveToken:
    """The access token in use and the API origin it belongs to (replaced whole, never mutated)."""

    access_token: str | None = field(repr=False)
    expires_at: float | None
    api_base: str


class _Lock:
    def __init__(self, name: str) -> None:
        self.name = name

    def __repr__(self) -> str:
        return self.name


_ACQUIRE: Final = _Lock("ACQUIRE")
_RELEASE: Final = _Lock("RELEASE")
_Step = httpx.Request | _Lock
_Steps = Generator[_Step, httpx.Response | None, None]


class ZohoAuth(httpx.Auth):
    requires_request_body = True  # the request may be sent twice (after a 401)
    requires_response_body = True  # the 401 body tells INVALID_TOKEN from other 401s

    def __init__(self, *, fields: ConnectionFields, refresh_token: str | None, connection_id: str,
                 store: TokenStore, token: ActiveToken, clock: Callable[[], float] = time.time) -> None:
        self._fields = fields
        self._refresh_token = refresh_token
        self._fingerprint = refresh_token_fingerprint(refresh_token)
        self._connection_id = connection_id
        self._store = store
        self._clock = clock
        self._token = token
        self._thread_lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = (
            weakref.WeakKeyDictionary())
        self._loop_locks_guard = threading.Lock()
        # Access tokens this session has held, for value-matching redaction of debug output.
        self._access_tokens: deque[str] = deque(maxlen=8)
        self._remember(token.access_token)

    @property
    def token(self) -> ActiveToken:
        return self._token

    def secrets(self) -> list[str]:
        values = [self._fields.clientSecret, self._refresh_token, *self._access_tokens]
        return [value for value in values if value]

    # -- the flow, written once ------------------------------------------------------------------

    def _steps(self, request: httpx.Request) -> _Steps:
        start = self._token
        if origin(request.url) != start.api_base:
            yield request  # never send the token to any other host
            return
        token = start
        if self._needs_refresh(token):
            yield _ACQUIRE
            if self._needs_refresh(self._token):
                yield from self._refresh(rejected=None)
            yield _RELEASE
            token = self._token
        self._prepare(request, start, token)
        response = yield request
        if response is None or not _is_invalid_token(response):
            return
        yield _ACQUIRE
        if self._token is token:  # nobody refreshed since this token was sent
            yield from self._refresh(rejected=token.access_token, status=401)
        yield _RELEASE
        self._prepare(request, start, self._token)
        yield request

    def _refresh(self, *, rejected: str | None, status: int | None = None) -> _Steps:
        if self._adopt_stored(rejected):
            return
        if not self._refresh_token:
            raise AuthError("The connection's access token is missing, expired or rejected, and it has no "
                            "refresh token", status=status,
                            hint="Add token.refresh_token, e.g. with `connector auth login`")
        response = yield refresh_request(self._fields, self._refresh_token)
        if response is None:
            raise AuthError("The token endpoint did not answer")
        issued = read_token_response(response, grant="refresh_token", token_url=self._fields.tokenUrl,
                                     now=self._clock(), secrets=self.secrets())
        if issued.refresh_token:
            self._refresh_token = issued.refresh_token  # Zoho does not rotate, but keep one if sent
        self._token = ActiveToken(issued.access_token, issued.expires_at, origin(issued.api_domain))
        self._remember(issued.access_token)
        self._save(StoredToken(access_token=issued.access_token, expires_at=issued.expires_at,
                               api_domain=self._token.api_base,
                               refresh_token_fingerprint=self._fingerprint))
        logger.info("refreshed the access token of connection %s", self._connection_id)

    def _adopt_stored(self, rejected: str | None) -> bool:
        """Use a token another process stored meanwhile, instead of asking Zoho for one more."""
        try:
            stored = self._store.get(self._connection_id)
        except Exception as exc:  # the store is a cache: a broken one must not fail the call
            logger.warning("token store read failed (%s); refreshing instead", type(exc).__name__)
            return False
        if (stored is None or not self._fingerprint or stored.refresh_token_fingerprint != self._fingerprint
                or stored.access_token in (rejected, self._token.access_token)):
            return False
        candidate = ActiveToken(stored.access_token, stored.expires_at,
                                origin(stored.api_domain) if stored.api_domain else self._token.api_base)
        if self._needs_refresh(candidate):
            return False
        self._token = candidate
        self._remember(candidate.access_token)
        return True

    def _save(self, token: StoredToken) -> None:
        try:
            self._store.put(self._connection_id, token)
        except Exception as exc:  # the store is a cache: a broken one must not fail the call
            logger.warning("token store write failed (%s); the token is kept in memory", type(exc).__name__)

    def _needs_refresh(self, token: ActiveToken) -> bool:
        if not token.access_token:
            return True
        return token.expires_at is not None and token.expires_at - REFRESH_MARGIN_S <= self._clock()

    def _prepare(self, request: httpx.Request, start: ActiveToken, token: ActiveToken) -> None:
        if token.api_base != start.api_base:
            # The refresh answered with another data centre's API domain: follow it, as the token
            # is valid only there.
            target = httpx.URL(token.api_base)
            request.url = request.url.copy_with(scheme=target.scheme, host=target.host, port=target.port)
            request.headers["Host"] = target.netloc.decode("ascii")
        request.headers["Authorization"] = f"Zoho-oauthtoken {token.access_token}"

    def _remember(self, access_token: str | None) -> None:
        if access_token and access_token not in self._access_tokens:
            self._access_tokens.append(access_token)

    # -- drivers ---------------------------------------------------------------------------------

    def sync_auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        if self.requires_request_body:
            request.read()
        steps = self._steps(request)
        held = False
        try:
            step = next(steps)
            while True:
                if step is _ACQUIRE:
                    if not self._thread_lock.acquire(timeout=LOCK_WAIT_S):
                        raise AuthError("Timed out waiting for another refresh of this connection's token")
                    held = True
                    step = next(steps)
                elif step is _RELEASE:
                    self._thread_lock.release()
                    held = False
                    step = next(steps)
                else:
                    assert isinstance(step, httpx.Request)
                    response = yield step
                    if self.requires_response_body:
                        response.read()
                    step = steps.send(response)
        except StopIteration:
            return
        finally:
            if held:
                self._thread_lock.release()

    async def async_auth_flow(self, request: httpx.Request) -> AsyncGenerator[httpx.Request, httpx.Response]:
        if self.requires_request_body:
            await request.aread()
        steps = self._steps(request)
        loop_lock: asyncio.Lock | None = None
        holds_thread_lock = False
        try:
            step = next(steps)
            while True:
                if step is _ACQUIRE:
                    lock = self._loop_lock()
                    await lock.acquire()
                    loop_lock = lock
                    await self._acquire_thread_lock_async()
                    holds_thread_lock = True
                    step = next(steps)
                elif step is _RELEASE:
                    self._thread_lock.release()
                    holds_thread_lock = False
                    if loop_lock is not None:
                        loop_lock.release()
                        loop_lock = None
                    step = next(steps)
                else:
                    assert isinstance(step, httpx.Request)
                    response = yield step
                    if self.requires_response_body:
                        await response.aread()
                    step = steps.send(response)
        except StopIteration:
            return
        finally:
            if holds_thread_lock:
                self._thread_lock.release()
            if loop_lock is not None:
                loop_lock.release()

    def _loop_lock(self) -> asyncio.Lock:
        import asyncio

        loop = asyncio.get_running_loop()
        with self._loop_locks_guard:
            lock = self._loop_locks.get(loop)
            if lock is None:
                lock = self._loop_locks[loop] = asyncio.Lock()
            return lock

    async def _acquire_thread_lock_async(self) -> None:
        # Tasks of this loop queue on the loop lock; this only waits for other threads or loops,
        # without blocking the event loop.
        import asyncio

        deadline = time.monotonic() + LOCK_WAIT_S
        while not self._thread_lock.acquire(blocking=False):
            if time.monotonic() > deadline:
                raise AuthError("Timed out waiting for another refresh of this connection's token")
            await asyncio.sleep(0.005)


def _is_invalid_token(response: httpx.Response) -> bool:
    if response.status_code != 401:
        return False
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and str(body.get("code")) in INVALID_TOKEN_CODES
