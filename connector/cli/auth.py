"""``connector auth``: get a first token for a connection document, or revoke it.

    connector auth exchange --connection conn.yaml --code 1000.xxxx     # Zoho API console "Self Client"
    connector auth login --connection conn.yaml                         # browser consent, loopback redirect
    connector auth revoke --connection conn.yaml
    connector auth status --connection conn.yaml                        # what would be used, no secrets

The token is written into the connection document (mode 0600) and into the token store. Output on
stdout is one JSON object without secrets; every failure prints a message on stderr and exits 3.
"""

from __future__ import annotations

import json
import sys
import time
import webbrowser
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click
import httpx

from connector.auth.datacentres import api_domain_for
from connector.auth.document import connection_id, load_connection, read_document_file
from connector.auth.document_file import with_token, write_connection_file
from connector.auth.grants import exchange_code, revoke, token_set
from connector.auth.login import login as run_login
from connector.auth.session import stored_token_for
from connector.auth.store import StoredToken, TokenStore, default_token_store, refresh_token_fingerprint
from connector.auth.token_endpoint import IssuedToken
from connector.errors import ConnectorError

EXIT_AUTH = 3
HTTP_TIMEOUT_S = 30.0


def _http_client() -> httpx.Client:
    return httpx.Client(timeout=HTTP_TIMEOUT_S)


@dataclass
class AuthDeps:
    """What the commands reach the outside world with; tests pass their own as the click ``obj``."""

    http_client: Callable[[], httpx.Client] = _http_client
    open_browser: Callable[[str], Any] = webbrowser.open
    token_store: Callable[[], TokenStore] = default_token_store
    clock: Callable[[], float] = field(default=time.time)


connection_option = click.option(
    "--connection", "connection_path", required=True,
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Connection document (JSON or YAML) with fields.clientId, clientSecret and tokenUrl.")
out_option = click.option(
    "--out", "out_path", type=click.Path(dir_okay=False, path_type=Path),
    help="Where to write the document with its token (default: the --connection file).")


@click.group()
@click.pass_context
def auth(ctx: click.Context) -> None:
    """Get, store and revoke Zoho OAuth tokens for a connection document."""
    if not isinstance(ctx.obj, AuthDeps):
        ctx.obj = AuthDeps()


@auth.command()
@connection_option
@click.option("--code", required=True,
              help="Grant code from Zoho's API console (Self Client), valid 3 min; '-' reads it from stdin.")
@click.option("--redirect-uri", help="The redirect URI the code was issued for, if any.")
@out_option
@click.pass_obj
def exchange(deps: AuthDeps, connection_path: Path, code: str, redirect_uri: str | None,
             out_path: Path | None) -> None:
    """Exchange a grant code for an access and a refresh token."""
    if code == "-":
        code = sys.stdin.readline().strip()
    with _failures():
        raw = read_document_file(connection_path)
        document = load_connection(raw)
        with deps.http_client() as client:
            issued = exchange_code(document, code, client=client, redirect_uri=redirect_uri, clock=deps.clock)
        _save(deps, raw, issued, out_path or connection_path, accounts_server=None)


@auth.command("login")
@connection_option
@click.option("--port", default=0, show_default=True, help="Loopback port for the redirect (0: any free).")
@click.option("--no-browser", is_flag=True, help="Print the consent URL instead of opening a browser.")
@click.option("--timeout", "timeout_s", default=300.0, show_default=True, help="Seconds to wait for consent.")
@out_option
@click.pass_obj
def login_command(deps: AuthDeps, connection_path: Path, port: int, no_browser: bool, timeout_s: float,
                  out_path: Path | None) -> None:
    """Authorize in a browser, with a loopback redirect.

    Zoho redirects to http://127.0.0.1:PORT/callback; register that redirect URI (with a fixed
    --port) for the client in Zoho's API console.
    """

    def show(url: str) -> None:
        click.echo(f"Open this URL to authorize the connection:\n  {url}", err=True)
        if not no_browser:
            deps.open_browser(url)

    with _failures():
        raw = read_document_file(connection_path)
        document = load_connection(raw)
        with deps.http_client() as client:
            result = run_login(document, client=client, open_browser=show, port=port, timeout_s=timeout_s,
                               clock=deps.clock)
        _save(deps, raw, result.token, out_path or connection_path, accounts_server=result.accounts_server)


@auth.command("revoke")
@connection_option
@click.pass_obj
def revoke_command(deps: AuthDeps, connection_path: Path) -> None:
    """Revoke the refresh token at Zoho; forget the stored access token.

    Zoho revokes the access tokens made from the refresh token along with it.
    """
    with _failures():
        document = load_connection(read_document_file(connection_path))
        with deps.http_client() as client:
            revoke(document, client=client)
        key = connection_id(document)
        deps.token_store().delete(key)
        click.echo(json.dumps({"revoked": True, "connection_id": key}))


@auth.command("status")
@connection_option
@click.pass_obj
def status_command(deps: AuthDeps, connection_path: Path) -> None:
    """Show what the connection would use, without secrets and without calling Zoho."""
    with _failures():
        document = load_connection(read_document_file(connection_path))
        token = document.token
        usable = stored_token_for(document, deps.token_store())
        click.echo(json.dumps({
            "connection_id": connection_id(document),
            "token_url": document.fields.tokenUrl,
            "api_domain": (token.api_domain if token else None) or api_domain_for(document.fields.tokenUrl),
            "refresh_token": bool(token and token.refresh_token),
            "document_expires_at": token.expires_at if token else None,
            "stored_expires_at": usable.expires_at if usable else None,
            "stored_api_domain": usable.api_domain if usable else None,
            "now": deps.clock(),
        }))


def _save(deps: AuthDeps, raw: dict[str, Any], issued: IssuedToken, out_path: Path, *,
          accounts_server: str | None) -> None:
    previous = load_connection(raw).token
    token = token_set(issued, previous)
    document_data = with_token(raw, token, accounts_server=accounts_server)
    write_connection_file(out_path, document_data)
    document = load_connection(document_data)
    key = connection_id(document)
    if token.refresh_token:  # the store only serves documents that hold the same refresh token
        deps.token_store().put(key, StoredToken(
            access_token=issued.access_token, expires_at=issued.expires_at, api_domain=issued.api_domain,
            refresh_token_fingerprint=refresh_token_fingerprint(token.refresh_token)))
    else:
        click.echo("Warning: Zoho issued no refresh token; the connection works for one hour only. "
                   "Use a Self Client code or `connector auth login` (offline access).", err=True)
    click.echo(json.dumps({"connection": str(out_path), "connection_id": key, "api_domain": issued.api_domain,
                           "expires_at": issued.expires_at, "refresh_token": bool(token.refresh_token)}))


@contextmanager
def _failures() -> Iterator[None]:
    try:
        yield
    except ConnectorError as exc:
        raise _fail(exc.message) from None
    except httpx.HTTPError as exc:
        where = exc.request.url.host if _has_request(exc) else "Zoho"
        raise _fail(f"Could not reach {where}: {type(exc).__name__}") from None
    except OSError as exc:
        raise _fail(f"Could not write or read a file: {exc.strerror or type(exc).__name__}") from None


def _fail(message: str) -> click.exceptions.Exit:
    click.echo(f"Error: {message}", err=True)
    return click.exceptions.Exit(EXIT_AUTH)


def _has_request(exc: httpx.HTTPError) -> bool:
    try:
        exc.request  # noqa: B018  (raises RuntimeError when the error has no request)
    except RuntimeError:
        return False
    return True
