"""The sync and async drivers: run a handler's flow, sending each :class:`Send` it yields.

Per request the driver refuses to send the access token anywhere but the connection's API host,
applies the session's auth and the Send's timeout, retries by the pure policy in
:mod:`connector.http.retry`, logs every attempt when debugging, and turns final error statuses and
transport failures into :class:`connector.ApiError` subclasses. All decisions live in
:class:`_Attempts`, so the sync and async loops differ only in how they wait and send.
"""

from __future__ import annotations

import logging
import random
import time
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

import httpx

from connector.errors import ApiError, ApiTimeoutError, AuthError, ConnectorError, NetworkError
from connector.http import debug as debug_log
from connector.http.redact import mask_secrets, redact_url
from connector.http.retry import Failure, Outcome, parse_retry_after, retry_delay_s
from connector.http.transports import USER_AGENT, classify_failure
from connector.runtime.flow import Flow, Send
from connector.zoho.errors import SERVICE_LABELS, api_error_from_response

# Zoho codes of a 401 that survived the session's refresh-and-retry: the connection is unusable.
AUTH_FAILURE_CODES = frozenset(
    {"INVALID_TOKEN", "AUTHENTICATION_FAILURE", "AUTHENTICATION_FAILED", "INVALID_OAUTHTOKEN", "14"})

_shared_rng = random.Random()


@lru_cache(maxsize=64)
def _origin(base: str) -> tuple[str, str, int | None]:
    url = httpx.URL(base)
    return url.scheme, url.host, url.port


@lru_cache(maxsize=16)
def _timeout_extension(seconds: float | None) -> dict[str, float | None]:
    return httpx.Timeout(seconds).as_dict()


def is_api_url(url: httpx.URL, session: Any) -> bool:
    """Whether ``url`` is on the connection's API origin (its ``api_base``, else its ``api_host``).

    ``api_base`` is parsed once per distinct value: this check runs on every request.
    """
    base = getattr(session, "api_base", None)
    if base:
        return _origin(base) == (url.scheme, url.host, url.port)
    return session.api_host in (url.host, url.netloc.decode("ascii"))


def _secrets(session: Any) -> list[str | None]:
    secrets = getattr(session, "secrets", None)
    return list(secrets()) if callable(secrets) else []


class _Attempts:
    """The attempts of one Send: preparation, logging, retry decisions and the final error."""

    def __init__(self, send: Send, *, session: Any, debug: bool, logger: logging.Logger,
                 clock: Callable[[], float], rng: random.Random, default_timeout: float | None) -> None:
        if not isinstance(send, Send):
            raise TypeError(f"a handler yielded {type(send).__name__}, expected Send")
        self.send = send
        self.session = session
        self.debug = debug
        self.logger = logger
        self.clock = clock
        self.rng = rng
        self.number = 0
        self.timeout = send.timeout if send.timeout is not None else default_timeout
        self._prepare()
        self.started = clock()
        self.attempt_started = self.started

    @property
    def auth(self) -> httpx.Auth | None:
        return self.session.auth if self.send.authenticate else None

    def _prepare(self) -> None:
        request = self.send.request
        if self.send.authenticate and not is_api_url(request.url, self.session):
            raise ConnectorError(
                f"Refusing to send the connection's credentials to {request.url.host or 'a relative URL'}: "
                f"only {getattr(self.session, 'api_base', None) or self.session.api_host} is allowed")
        request.extensions["timeout"] = _timeout_extension(self.timeout)
        request.headers.setdefault("User-Agent", USER_AGENT)

    def begin(self) -> None:
        self.number += 1
        self.attempt_started = self.clock()

    def on_response(self, response: httpx.Response) -> float | None:
        """None when the response is final and good; the delay before retrying; or raises."""
        elapsed = self.clock() - self.attempt_started
        if self.debug:
            # The auth flow's own exchanges (a 401 answer, the token refresh) ride in the history.
            for earlier in response.history:
                token_call = earlier.request.url.path.endswith("/oauth/v2/token")
                service = "accounts" if token_call else self.send.service
                self._log(debug_log.request_record(earlier.request, service=service, attempt=self.number))
                self._log(debug_log.response_record(earlier, service=service, attempt=self.number,
                                                    elapsed_s=elapsed))
            self._log(debug_log.request_record(response.request, service=self.send.service,
                                               attempt=self.number))
            self._log(debug_log.response_record(response, service=self.send.service,
                                                attempt=self.number, elapsed_s=elapsed))
        status = response.status_code
        if status < 300 or status in self.send.pass_statuses:
            return None
        retry_after = parse_retry_after(response.headers.get("retry-after"),
                                        date_header=response.headers.get("date"))
        delay = self._delay(Outcome(status=status, retry_after_s=retry_after))
        if delay is None:
            raise self._api_error(response)
        return delay

    def on_failure(self, exc: Exception) -> float:
        """The delay before retrying after a transport failure, or raises the final error."""
        failure = classify_failure(exc)
        if self.debug:
            self._log(debug_log.request_record(self.send.request, service=self.send.service,
                                               attempt=self.number))
            self._log(debug_log.failure_record(exc, service=self.send.service, attempt=self.number,
                                               elapsed_s=self.clock() - self.attempt_started))
        delay = self._delay(Outcome(failure=failure))
        if delay is None:
            raise self._transport_error(exc, failure) from exc
        return delay

    def _delay(self, outcome: Outcome) -> float | None:
        return retry_delay_s(self.send.retry, self.send.request.method, outcome,
                             retries_done=self.number - 1, elapsed_s=self.clock() - self.started,
                             rng=self.rng, idempotent=self.send.idempotent)

    def _log(self, record: dict[str, Any]) -> None:
        debug_log.emit(self.logger, record, _secrets(self.session))

    def _where(self) -> str:
        request = self.send.request
        return f"{request.method} {redact_url(str(request.url.copy_with(query=None)))}"

    def _api_error(self, response: httpx.Response) -> ConnectorError:
        error = api_error_from_response(self.send.service, response)
        message = mask_secrets(error.message, _secrets(self.session))
        if response.status_code == 401 and error.code in AUTH_FAILURE_CODES:
            return AuthError(message, status=401)
        if message != error.message:
            return ApiError(message, status=error.status, code=error.code, body=error.body,
                            field=error.field, headers=error.headers)
        return error

    def _transport_error(self, exc: Exception, failure: Failure) -> ApiError:
        tries = f" after {self.number} attempts" if self.number > 1 else ""
        if failure is Failure.TIMEOUT:
            return ApiTimeoutError(f"No answer from {self._service_label} within {self.timeout:g}s "
                                   f"({self._where()}){tries}")
        detail = mask_secrets(str(exc) or type(exc).__name__, _secrets(self.session))
        return NetworkError(f"Could not reach {self._service_label} ({self._where()}){tries}: {detail}")

    @property
    def _service_label(self) -> str:
        return SERVICE_LABELS.get(self.send.service, "Zoho")


def run_flow(flow: Flow, *, client: httpx.Client, session: Any, debug: bool, logger: logging.Logger,
             sleep: Callable[[float], None] = time.sleep, clock: Callable[[], float] = time.monotonic,
             rng: random.Random | None = None) -> Any:
    """Drive ``flow`` to completion with a sync client; returns the handler's output.

    Errors are thrown into the flow at the ``yield`` that caused them, so a handler may catch them.
    """
    rng = rng or _shared_rng
    response: httpx.Response | None = None
    error: BaseException | None = None
    while True:
        try:
            send = flow.throw(error) if error is not None else flow.send(response)  # type: ignore[arg-type]
        except StopIteration as stop:
            return stop.value
        response, error = None, None
        try:
            attempts = _Attempts(send, session=session, debug=debug, logger=logger, clock=clock, rng=rng,
                                 default_timeout=_client_timeout(client))
            response = _send_sync(attempts, client, sleep)
        except ConnectorError as exc:
            error = exc


def _send_sync(attempts: _Attempts, client: httpx.Client, sleep: Callable[[float], None]) -> httpx.Response:
    while True:
        attempts.begin()
        try:
            response = client.send(attempts.send.request, auth=attempts.auth)
        except httpx.TransportError as exc:
            sleep(attempts.on_failure(exc))
            continue
        delay = attempts.on_response(response)
        if delay is None:
            return response
        sleep(delay)


async def arun_flow(flow: Flow, *, client: httpx.AsyncClient, session: Any, debug: bool,
                    logger: logging.Logger, sleep: Callable[[float], Awaitable[Any]] | None = None,
                    clock: Callable[[], float] = time.monotonic, rng: random.Random | None = None) -> Any:
    """The async twin of :func:`run_flow` (same flow, same decisions, awaited I/O)."""
    import asyncio  # here, not at module level: `connector run` is sync and asyncio costs ~10 ms to import

    sleep = sleep or asyncio.sleep
    rng = rng or _shared_rng
    response: httpx.Response | None = None
    error: BaseException | None = None
    while True:
        try:
            send = flow.throw(error) if error is not None else flow.send(response)  # type: ignore[arg-type]
        except StopIteration as stop:
            return stop.value
        response, error = None, None
        try:
            attempts = _Attempts(send, session=session, debug=debug, logger=logger, clock=clock, rng=rng,
                                 default_timeout=_client_timeout(client))
            response = await _send_async(attempts, client, sleep)
        except ConnectorError as exc:
            error = exc


async def _send_async(attempts: _Attempts, client: httpx.AsyncClient,
                      sleep: Callable[[float], Awaitable[Any]]) -> httpx.Response:
    import asyncio

    while True:
        attempts.begin()
        try:
            # Transports time phases (connect, read...); this also bounds the whole attempt.
            async with asyncio.timeout(attempts.timeout):
                response = await client.send(attempts.send.request, auth=attempts.auth)
        except (httpx.TransportError, TimeoutError) as exc:
            await sleep(attempts.on_failure(exc))
            continue
        delay = attempts.on_response(response)
        if delay is None:
            return response
        await sleep(delay)


def _client_timeout(client: httpx.Client | httpx.AsyncClient) -> float | None:
    return client.timeout.read
