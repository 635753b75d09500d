"""The browser authorization-code flow with a loopback redirect (``connector auth login``).

A one-shot HTTP server on 127.0.0.1 receives Zoho's redirect; the ``state`` value ties the redirect
to this login. Zoho's redirect names the user's data centre in ``accounts-server``; the code must be
exchanged there, so the flow follows it, but only to a known Zoho accounts server (or, for the local
sandbox, the token URL's own origin), because the client secret goes with the exchange.
"""

from __future__ import annotations

import hmac
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx

from connector.auth.datacentres import find_data_centre, is_zoho_host, origin
from connector.auth.document import ConnectionDocument
from connector.auth.grants import exchange_code
from connector.auth.token_endpoint import IssuedToken
from connector.errors import AuthError

AUTHORIZE_PATH = "/oauth/v2/auth"
CALLBACK_PATH = "/callback"
_PAGE = (b"<!doctype html><title>connector</title><p>Authorization received. "
         b"You can close this window and return to the terminal.</p>")


@dataclass(frozen=True)
class LoginResult:
    token: IssuedToken
    accounts_server: str
    redirect_uri: str


def authorization_url(document: ConnectionDocument, *, redirect_uri: str, state: str) -> str:
    """Zoho's consent URL: offline access and forced consent, so a refresh token is always issued."""
    fields = document.fields
    base = httpx.URL(fields.authorizeUrl or origin(fields.tokenUrl) + AUTHORIZE_PATH)
    scopes = ",".join(part for part in (fields.scopes or "").replace(",", " ").split() if part)
    params = dict(base.params)
    params.update({"scope": scopes, "client_id": fields.clientId, "response_type": "code",
                   "redirect_uri": redirect_uri, "access_type": "offline", "prompt": "consent",
                   "state": state})
    return str(base.copy_with(params=params))


def login(document: ConnectionDocument, *, client: httpx.Client, open_browser: Callable[[str], Any],
          port: int = 0, timeout_s: float = 300.0, clock: Callable[[], float] = time.time) -> LoginResult:
    """Run the consent flow and exchange the code; ``open_browser`` receives the consent URL."""
    state = secrets.token_urlsafe(24)
    with _CallbackServer(port) as server:
        redirect_uri = f"http://127.0.0.1:{server.port}{CALLBACK_PATH}"
        open_browser(authorization_url(document, redirect_uri=redirect_uri, state=state))
        params = server.wait(timeout_s)
    if params is None:
        raise AuthError(f"No authorization arrived within {timeout_s:.0f} s",
                        hint="Open the printed URL in a browser and approve the access")
    if not hmac.compare_digest(params.get("state", ""), state):
        raise AuthError("The authorization redirect carried the wrong state; it was not started here")
    if "error" in params:
        raise AuthError("Zoho did not authorize the connection", reason=params["error"],
                        hint="Approve the access on Zoho's consent page")
    code = params.get("code")
    if not code:
        raise AuthError("The authorization redirect carried no code")
    accounts_server = _accounts_server(params.get("accounts-server"), document.fields.tokenUrl)
    token_url = accounts_server + httpx.URL(document.fields.tokenUrl).path
    issued = exchange_code(document, code, client=client, redirect_uri=redirect_uri, token_url=token_url,
                           clock=clock)
    return LoginResult(token=issued, accounts_server=accounts_server, redirect_uri=redirect_uri)


def _accounts_server(named: str | None, token_url: str) -> str:
    """Where to exchange the code: the redirect's ``accounts-server`` when it is trustworthy."""
    own = origin(token_url)
    if not named:
        return own
    try:
        candidate = origin(named)
    except httpx.InvalidURL:
        candidate = ""
    if candidate == own:
        return own
    host = httpx.URL(candidate).host if candidate else ""
    dc = find_data_centre(candidate) if candidate and is_zoho_host(host) else None
    if dc is not None and host in dc.accounts_hosts and candidate.startswith("https://"):
        return candidate
    raise AuthError(f"The authorization redirect named an unexpected accounts server: {named!r}",
                    hint="Only Zoho's accounts servers (or the token URL's own host) get the client secret")


class _CallbackServer:
    """A loopback HTTP server that records the query of the first request to the callback path."""

    def __init__(self, port: int) -> None:
        self._received = threading.Event()
        self._params: dict[str, str] | None = None
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                if parts.path != CALLBACK_PATH:
                    self.send_error(404)
                    return
                if outer._params is None:
                    outer._params = {key: values[0] for key, values in parse_qs(parts.query).items()}
                    outer._received.set()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(_PAGE)))
                self.end_headers()
                self.wfile.write(_PAGE)

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
                pass  # the request line holds the grant code: never log it

        self._server = HTTPServer(("127.0.0.1", port), Handler)
        # A short poll interval keeps shutdown (which waits for one poll) quick.
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        name="connector-auth-callback", daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.server_address[1])

    def wait(self, timeout_s: float) -> dict[str, str] | None:
        self._received.wait(timeout_s)
        return self._params

    def __enter__(self) -> _CallbackServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)
