"""Zoho Accounts over HTTP: /oauth/v2/auth, /oauth/v2/token and /oauth/v2/token/revoke.

Parameters may come in the query string or a form body, as Zoho accepts both. Token endpoint
errors are HTTP 200 bodies like ``{"error": "invalid_code"}``, as Zoho sends them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from connector.sandbox.accounts import TokenError
from connector.sandbox.state import SandboxState


def base_url(request: Request) -> str:
    return str(request.base_url).rstrip("/")


async def _params(request: Request) -> dict[str, str]:
    params = dict(request.query_params)
    content_type = request.headers.get("content-type", "")
    if request.method == "POST" and ("form" in content_type):
        try:
            form = await request.form()
        except Exception:  # malformed multipart: same as no parameters
            return params
        params.update({k: v for k, v in form.items() if isinstance(v, str)})
    return params


def oauth_routes(state: SandboxState) -> list[Route]:
    accounts = state.accounts

    async def authorize(request: Request) -> Response:
        """Consent is automatic: redirect straight back with a grant code."""
        params = dict(request.query_params)
        redirect_uri = params.get("redirect_uri", "")
        if params.get("response_type", "code") != "code" or not redirect_uri.startswith(
            ("http://", "https://")
        ):
            return JSONResponse({"error": "invalid_redirect_uri"}, 400)
        try:
            code = accounts.issue_code(
                params.get("client_id", ""),
                redirect_uri,
                params.get("scope", ""),
                params.get("access_type", "online"),
            )
        except TokenError as refused:
            return JSONResponse(refused.body, 400)
        answer = {"code": code, "location": "us", "accounts-server": base_url(request)}
        if "state" in params:
            answer["state"] = params["state"]
        separator = "&" if "?" in redirect_uri else "?"
        return RedirectResponse(redirect_uri + separator + urlencode(answer), 302)

    async def token(request: Request) -> Response:
        params = await _params(request)
        grant_type = params.get("grant_type", "")
        client = {"client_id": params.get("client_id", ""), "client_secret": params.get("client_secret", "")}
        try:
            if grant_type == "authorization_code":
                answer = accounts.exchange_code(
                    **client, code=params.get("code", ""), redirect_uri=params.get("redirect_uri")
                )
            elif grant_type == "refresh_token":
                answer = accounts.refresh(**client, refresh_token=params.get("refresh_token", ""))
            else:
                return JSONResponse({"error": "unsupported_grant_type"})
        except TokenError as refused:
            return JSONResponse(refused.body, refused.status)
        return JSONResponse({**answer, "api_domain": base_url(request)})

    async def revoke(request: Request) -> Response:
        params = await _params(request)
        if accounts.revoke(params.get("token", "")):
            return JSONResponse({"status": "success"})
        return JSONResponse({"status": "failure", "error": "invalid_token"}, 400)

    return [
        Route("/oauth/v2/auth", authorize, methods=["GET"]),
        Route("/oauth/v2/token", token, methods=["POST"]),
        Route("/oauth/v2/token/revoke", revoke, methods=["POST"]),
    ]
