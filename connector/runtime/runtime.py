"""``Runtime``: what invocations in one process share.

One sync ``httpx.Client`` and one async client (aiohttp transport), both created on first use; the
token store; and the resolved sessions, keyed by connection id and refresh-token fingerprint, so
concurrent and successive invocations share token refreshes and Books organization discovery.
Everything expensive happens once; :meth:`Runtime.run` itself only looks things up.
"""

from __future__ import annotations

import contextlib
import hashlib
import inspect
import json
import os
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import AsyncGenerator, Callable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any, Self

if TYPE_CHECKING:  # imported where used: the sync CLI path should not pay ~10 ms for asyncio
    import asyncio

import httpx

from connector.auth.document import ConnectionDocument, connection_id, load_connection, read_document_file
from connector.auth.session import ZohoSession, open_session
from connector.auth.store import TokenStore, refresh_token_fingerprint
from connector.errors import InputError
from connector.http.transports import DEFAULT_TIMEOUT_S, new_async_client, new_sync_client
from connector.runtime.call import Call
from connector.runtime.driver import arun_flow, run_flow
from connector.runtime.flow import RetryPolicy
from connector.runtime.registry import resolve

# Every action's resilience: two retries of 429/5xx/network failures (idempotent requests),
# exponential backoff from 250 ms with jitter, Retry-After honoured, at most a minute in all.
DEFAULT_RETRY = RetryPolicy(max_retries=2, delay_ms=0, exponential=True, max_total_s=60.0)
MAX_CACHED_SESSIONS = 256

SessionKey = tuple[str, str]
# An event loop's async client, and the guard that closes it when the loop shuts down.
_LoopClient = tuple[httpx.AsyncClient, AsyncGenerator[None, None]]


class Runtime:
    """Shared HTTP clients, token store and session cache for invoking handlers."""

    def __init__(self, *, token_store: TokenStore | None = None,
                 transport: httpx.BaseTransport | None = None,
                 async_transport: httpx.AsyncBaseTransport | None = None,
                 sleep: Callable[[float], Any] | None = None,
                 clock: Callable[[], float] | None = None) -> None:
        self._token_store = token_store
        self._transport = transport
        self._async_transport = async_transport
        self._sleep = sleep
        self._clock = clock or time.time
        # Reentrant: creating a session may create the default token store under the same lock.
        self._lock = threading.RLock()
        self._client: httpx.Client | None = None
        # One async client per event loop: aiohttp sessions and httpx pools are bound to their loop.
        self._async_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _LoopClient] = (
            weakref.WeakKeyDictionary())
        self._sessions: OrderedDict[SessionKey, tuple[ConnectionDocument, ZohoSession]] = OrderedDict()
        self._documents: OrderedDict[bytes, ConnectionDocument] = OrderedDict()

    # -- invocation ------------------------------------------------------------------------------

    def run(self, handler: str, inputs: Mapping[str, Any], *,
            connection: ConnectionDocument | Mapping[str, Any], action_key: str, debug: bool = False) -> Any:
        """Run the handler registered as ``handler`` with cleaned ``inputs``; returns its output."""
        session = self.session_for(connection)
        call = self._call(action_key, inputs, session, debug)
        flow = resolve(handler)(call)
        return run_flow(flow, client=self.client, session=session, debug=debug, logger=call.logger,
                        sleep=self._sleep or time.sleep)

    async def arun(self, handler: str, inputs: Mapping[str, Any], *,
                   connection: ConnectionDocument | Mapping[str, Any], action_key: str,
                   debug: bool = False) -> Any:
        """The async :meth:`run`, over the shared async client of the running event loop."""
        session = self.session_for(connection)
        call = self._call(action_key, inputs, session, debug)
        flow = resolve(handler)(call)
        return await arun_flow(flow, client=self.async_client, session=session, debug=debug,
                               logger=call.logger, sleep=self._async_sleep)

    @staticmethod
    def _call(action_key: str, inputs: Mapping[str, Any], session: ZohoSession, debug: bool) -> Call:
        return Call(action=action_key, inputs=inputs, session=session, debug=debug, retry=DEFAULT_RETRY,
                    timeout=DEFAULT_TIMEOUT_S)

    async def _async_sleep(self, seconds: float) -> None:
        if self._sleep is None:
            import asyncio

            await asyncio.sleep(seconds)
            return
        result = self._sleep(seconds)
        if inspect.isawaitable(result):
            await result

    # -- shared state ----------------------------------------------------------------------------

    @property
    def token_store(self) -> TokenStore:
        if self._token_store is None:
            with self._lock:
                if self._token_store is None:
                    from connector.auth.store import default_token_store

                    self._token_store = default_token_store()
        return self._token_store

    def connection_document(self, source: Any) -> ConnectionDocument:
        """``source`` (a document, a mapping, a JSON/YAML file path or inline JSON) validated into a
        ConnectionDocument; mappings are remembered by content digest.

        Validation parses several URLs and costs more than the rest of an invocation's local work;
        callers pass the same document again and again. Documents with ``${VAR}`` references are
        not remembered, as the environment may change between calls.
        """
        if isinstance(source, ConnectionDocument):
            return source
        if isinstance(source, str | os.PathLike):
            source = read_document_file(source)
        if not isinstance(source, Mapping):
            raise InputError(f"is {type(source).__name__}; expected a connection document (an object, or "
                             "the path of a JSON/YAML file)", input="connection")
        try:
            text = json.dumps(source, sort_keys=True, separators=(",", ":"))
        except (TypeError, ValueError):
            return load_connection(source)
        if "${" in text:
            return load_connection(source)
        digest = hashlib.sha256(text.encode()).digest()
        document = self._documents.get(digest)
        if document is None:
            document = load_connection(source)
            with self._lock:
                self._documents[digest] = document
                while len(self._documents) > MAX_CACHED_SESSIONS:
                    self._documents.popitem(last=False)
        return document

    def session_for(self, connection: ConnectionDocument | Mapping[str, Any]) -> ZohoSession:
        """The shared session of ``connection`` (one per connection id and refresh token)."""
        document = self.connection_document(connection)
        token = document.token
        key = (connection_id(document), refresh_token_fingerprint(token.refresh_token if token else None))
        cached = self._sessions.get(key)
        # Same id and refresh token but another document (client secret, organization, an access
        # token the caller refreshed itself...): a new session, which still adopts a fresher token
        # from the store.
        if cached is not None and (cached[0] is document or cached[0] == document):
            return cached[1]
        with self._lock:
            cached = self._sessions.get(key)
            if cached is not None and (cached[0] is document or cached[0] == document):
                return cached[1]
            session = open_session(document, store=self.token_store, clock=self._clock)
            self._sessions[key] = (document, session)
            while len(self._sessions) > MAX_CACHED_SESSIONS:
                self._sessions.popitem(last=False)
            return session

    @property
    def client(self) -> httpx.Client:
        if self._client is None:
            with self._lock:
                if self._client is None:
                    self._client = new_sync_client(self._transport)
        return self._client

    @property
    def async_client(self) -> httpx.AsyncClient:
        """The async client of the running event loop (aiohttp sessions cannot cross loops)."""
        import asyncio

        loop = asyncio.get_running_loop()
        entry = self._async_clients.get(loop)
        if entry is None:
            with self._lock:
                entry = self._async_clients.get(loop)
                if entry is None:
                    client = new_async_client(self._async_transport)
                    guard = _close_when_loop_shuts_down(client, forget=lambda: self._forget_loop(loop))
                    entry = self._async_clients[loop] = (client, guard)
        return entry[0]

    def _forget_loop(self, loop: asyncio.AbstractEventLoop) -> None:
        # The entry's client references its loop, so the weak key alone would never let it go.
        with self._lock:
            self._async_clients.pop(loop, None)

    # -- lifecycle -------------------------------------------------------------------------------

    def close(self) -> None:
        """Close the sync client (the async one needs :meth:`aclose`)."""
        with self._lock:
            client, self._client = self._client, None
        if client is not None:
            client.close()

    async def aclose(self) -> None:
        """Close the sync client and the running loop's async client."""
        import asyncio

        self.close()
        with self._lock:
            entry = self._async_clients.pop(asyncio.get_running_loop(), None)
        if entry is not None:
            await entry[0].aclose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                        tb: TracebackType | None) -> None:
        await self.aclose()


async def _closing(client: httpx.AsyncClient, forget: Callable[[], None]) -> AsyncGenerator[None, None]:
    try:
        yield
    finally:
        forget()
        await client.aclose()


def _close_when_loop_shuts_down(client: httpx.AsyncClient,
                                forget: Callable[[], None]) -> AsyncGenerator[None, None]:
    """Close ``client`` (and call ``forget``) when the running loop finalizes its async generators.

    ``asyncio.run`` (and well-behaved loop owners) call ``loop.shutdown_asyncgens()`` before closing
    the loop; a started async generator registered with the loop is closed there, inside the loop,
    so the client's aiohttp session is closed instead of leaking "Unclosed client session" errors.
    Calling ``__anext__`` registers the generator with the running loop; stepping it once enters
    the ``try`` (it awaits nothing before its ``yield``). The caller keeps the generator alive.
    """
    guard = _closing(client, forget)
    step = guard.__anext__()
    with contextlib.suppress(StopIteration):
        step.send(None)
    return guard


_default: Runtime | None = None
_default_lock = threading.Lock()


def default_runtime() -> Runtime:
    """The process-wide runtime (default token store), created on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Runtime()
    return _default


__all__ = ["DEFAULT_RETRY", "Runtime", "default_runtime"]
