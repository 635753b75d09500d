"""Zoho Accounts as a state machine: grant codes, refresh tokens, access tokens and their limits.

Zoho's rules (research/zoho-api.md section 1): a grant code works once and for a few minutes;
a refresh token mints at most 10 access tokens per 10 minutes, after which the token endpoint
answers "Access Denied"; revoking a refresh token revokes its access tokens; access tokens live
an hour. Errors are data here; the HTTP layer (oauth_routes.py) decides how they are sent.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from enum import Enum

from connector.sandbox.clock import hex_token
from connector.sandbox.config import SandboxConfig

THROTTLED = {
    "error_description": "You have made too many requests continuously. Please try again after some time.",
    "error": "Access Denied",
    "status": "failure",
}


class TokenCheck(Enum):
    VALID = "valid"
    UNKNOWN = "unknown"
    EXPIRED = "expired"
    REVOKED = "revoked"


@dataclass
class AccessToken:
    refresh_token: str
    expires_at: float
    revoked: bool = False


@dataclass
class RefreshToken:
    client_id: str
    scope: str
    revoked: bool = False
    recent_grants: deque[float] = field(default_factory=deque)  # mint times inside the window


@dataclass
class GrantCode:
    client_id: str
    redirect_uri: str
    scope: str
    access_type: str
    expires_at: float
    used: bool = False


class TokenError(Exception):
    """The token endpoint refuses; ``body`` is Zoho's answer (sent with HTTP 200 unless ``status``)."""

    def __init__(self, body: dict[str, str], status: int = 200) -> None:
        super().__init__(body.get("error", "error"))
        self.body = body
        self.status = status


class AccountsStore:
    def __init__(self, config: SandboxConfig) -> None:
        self.config = config
        self.access_tokens: dict[str, AccessToken] = {}
        self.refresh_tokens: dict[str, RefreshToken] = {}
        self.codes: dict[str, GrantCode] = {}
        self.grants = {"refresh_token": 0, "authorization_code": 0}
        self._minted = 0
        self.seed_access_token = "1000." + hex_token("seed-access") + "." + hex_token("seed-access", 2)
        self.reset()

    def reset(self) -> None:
        """Back to the seeded client, refresh token and one fresh access token.

        Access tokens minted earlier stay valid (unless revoked or expired): a client that cached
        one across a reset behaves as it would against Zoho, where nothing was reset.
        """
        cfg = self.config
        self.refresh_tokens[cfg.refresh_token] = RefreshToken(cfg.client_id, cfg.scopes)
        self.access_tokens[self.seed_access_token] = AccessToken(
            cfg.refresh_token, cfg.clock() + cfg.access_token_ttl
        )
        self.codes.clear()
        self.grants = {"refresh_token": 0, "authorization_code": 0}

    @property
    def seed_expires_at(self) -> float:
        return self.access_tokens[self.seed_access_token].expires_at

    # -- grant codes -------------------------------------------------------------------------

    def issue_code(self, client_id: str, redirect_uri: str, scope: str, access_type: str) -> str:
        if client_id != self.config.client_id:
            raise TokenError({"error": "invalid_client"})
        self._minted += 1
        code = "1000." + hex_token("code", self._minted) + "." + hex_token("code", self._minted, 2)
        self.codes[code] = GrantCode(
            client_id, redirect_uri, scope, access_type, self.config.clock() + self.config.grant_code_ttl
        )
        return code

    def exchange_code(
        self, *, client_id: str, client_secret: str, code: str, redirect_uri: str | None
    ) -> dict[str, str | int]:
        self._check_client(client_id, client_secret)
        grant = self.codes.get(code)
        if grant is None or grant.used or grant.expires_at <= self.config.clock():
            raise TokenError({"error": "invalid_code"})
        if redirect_uri is not None and redirect_uri != grant.redirect_uri:
            raise TokenError({"error": "invalid_redirect_uri"})
        grant.used = True
        self.grants["authorization_code"] += 1
        answer: dict[str, str | int] = {}
        if grant.access_type == "offline":
            self._minted += 1
            refresh = (
                "1000." + hex_token("refresh", self._minted) + "." + hex_token("refresh", self._minted, 2)
            )
            self.refresh_tokens[refresh] = RefreshToken(client_id, grant.scope)
            answer["refresh_token"] = refresh
            access = self._mint_access(refresh)
        else:
            access = self._mint_access("")
        return {"access_token": access, **answer, **self._token_fields(grant.scope)}

    # -- refresh and revoke ------------------------------------------------------------------

    def refresh(self, *, client_id: str, client_secret: str, refresh_token: str) -> dict[str, str | int]:
        self._check_client(client_id, client_secret)
        stored = self.refresh_tokens.get(refresh_token)
        if stored is None or stored.revoked or stored.client_id != client_id:
            raise TokenError({"error": "invalid_code"})
        now = self.config.clock()
        window_start = now - self.config.refresh_window
        while stored.recent_grants and stored.recent_grants[0] <= window_start:
            stored.recent_grants.popleft()
        if len(stored.recent_grants) >= self.config.refresh_limit:
            raise TokenError(dict(THROTTLED), status=self.config.throttle_status)
        stored.recent_grants.append(now)
        self.grants["refresh_token"] += 1
        return {"access_token": self._mint_access(refresh_token), **self._token_fields(stored.scope)}

    def revoke(self, token: str) -> bool:
        """Revoke a refresh token (with its access tokens) or one access token. False if unknown."""
        stored = self.refresh_tokens.get(token)
        if stored is not None and not stored.revoked:
            stored.revoked = True
            for minted in self.access_tokens.values():
                if minted.refresh_token == token:
                    minted.revoked = True
            return True
        access = self.access_tokens.get(token)
        if access is not None and not access.revoked:
            access.revoked = True
            return True
        return False

    def expire_access_tokens(self) -> None:
        now = self.config.clock()
        for access in self.access_tokens.values():
            access.expires_at = min(access.expires_at, now)

    def check(self, token: str) -> TokenCheck:
        access = self.access_tokens.get(token)
        if access is None:
            return TokenCheck.UNKNOWN
        if access.revoked:
            return TokenCheck.REVOKED
        if access.expires_at <= self.config.clock():
            return TokenCheck.EXPIRED
        return TokenCheck.VALID

    # -- helpers -----------------------------------------------------------------------------

    def _check_client(self, client_id: str, client_secret: str) -> None:
        if client_id != self.config.client_id:
            raise TokenError({"error": "invalid_client"})
        if client_secret != self.config.client_secret:
            raise TokenError({"error": "invalid_client_secret"})

    def _mint_access(self, refresh_token: str) -> str:
        self._minted += 1
        token = "1000." + hex_token("access", self._minted) + "." + hex_token("access", self._minted, 2)
        self.access_tokens[token] = AccessToken(
            refresh_token, self.config.clock() + self.config.access_token_ttl
        )
        return token

    def _token_fields(self, scope: str) -> dict[str, str | int]:
        # api_domain is added by the HTTP layer: it is the URL the request came in on.
        return {"scope": scope, "token_type": "Bearer", "expires_in": self.config.access_token_ttl}
