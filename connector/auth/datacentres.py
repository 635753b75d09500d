"""Zoho data centres: which accounts server belongs to which API host.

Zoho reports a wrong data centre as ``invalid_client`` or ``INVALID_TOKEN``, never as "wrong region",
so the mapping must be complete and exact (Canada: ``accounts.zohocloud.ca`` -> ``www.zohoapis.ca``;
China is ``.com.cn``, not Canada). Hosts that are not Zoho's (the local sandbox serves accounts and
API on one origin) map to their own origin.
"""

from __future__ import annotations

from dataclasses import dataclass

import httpx

from connector.errors import AuthError


@dataclass(frozen=True)
class DataCentre:
    code: str
    name: str
    accounts_hosts: tuple[str, ...]
    api_domain: str

    @property
    def accounts_server(self) -> str:
        return f"https://{self.accounts_hosts[0]}"

    @property
    def api_suffix(self) -> str:
        """``zohoapis.eu`` for EU: the registrable part shared by every API host of the DC."""
        return self.api_domain.removeprefix("https://www.")


DATA_CENTRES: tuple[DataCentre, ...] = (
    DataCentre("US", "United States", ("accounts.zoho.com",), "https://www.zohoapis.com"),
    DataCentre("EU", "Europe", ("accounts.zoho.eu",), "https://www.zohoapis.eu"),
    DataCentre("IN", "India", ("accounts.zoho.in",), "https://www.zohoapis.in"),
    DataCentre("AU", "Australia", ("accounts.zoho.com.au",), "https://www.zohoapis.com.au"),
    DataCentre("JP", "Japan", ("accounts.zoho.jp",), "https://www.zohoapis.jp"),
    DataCentre("UK", "United Kingdom", ("accounts.zoho.uk",), "https://www.zohoapis.uk"),
    # Canada's accounts server lives on zohocloud.ca; some guides write accounts.zoho.ca.
    DataCentre("CA", "Canada", ("accounts.zohocloud.ca", "accounts.zoho.ca"), "https://www.zohoapis.ca"),
    DataCentre("SA", "Saudi Arabia", ("accounts.zoho.sa",), "https://www.zohoapis.sa"),
    DataCentre("CN", "China", ("accounts.zoho.com.cn",), "https://www.zohoapis.com.cn"),
    DataCentre("AE", "United Arab Emirates", ("accounts.zoho.ae",), "https://www.zohoapis.ae"),
)


def origin(url: str | httpx.URL) -> str:
    """``scheme://host[:port]`` of a URL, with the default port left out."""
    parsed = httpx.URL(url)
    netloc = parsed.host if parsed.port is None else f"{parsed.host}:{parsed.port}"
    return f"{parsed.scheme}://{netloc}"


def is_zoho_host(host: str) -> bool:
    """Whether a host belongs to Zoho (``zoho.*``, ``zohoapis.*``, ``zohocloud.*``)."""
    return any(label.startswith("zoho") for label in host.lower().split("."))


def find_data_centre(url: str) -> DataCentre | None:
    """The data centre of an accounts-server or API URL, or None when the host is not a known Zoho one."""
    host = _host_of(url)
    for dc in DATA_CENTRES:
        if host in dc.accounts_hosts or host == dc.api_suffix or host.endswith("." + dc.api_suffix):
            return dc
    return None


def api_domain_for(accounts_or_token_url: str) -> str:
    """The API origin to call for a token obtained from ``accounts_or_token_url``.

    A Zoho accounts URL maps through the data-centre table; a Zoho API URL is returned as its own
    origin; a non-Zoho URL (the sandbox) is returned as its origin. An unknown Zoho host raises
    :class:`AuthError`, because guessing the region sends the token to the wrong place.
    """
    host = _host_of(accounts_or_token_url)
    if not is_zoho_host(host):
        return origin(accounts_or_token_url)
    dc = find_data_centre(accounts_or_token_url)
    if dc is None:
        known = ", ".join(h for d in DATA_CENTRES for h in d.accounts_hosts)
        raise AuthError(
            f"Unknown Zoho data centre for {accounts_or_token_url!r}",
            hint=f"Use the accounts server of your data centre, one of: {known}",
        )
    if host in dc.accounts_hosts:
        return dc.api_domain
    return origin(accounts_or_token_url)


def is_trusted_api_domain(api_domain: str, token_url: str) -> bool:
    """Whether ``api_domain`` (from a token response) may receive the access token.

    For Zoho token URLs it must be an https host under a known Zoho API domain; the sandbox (a
    non-Zoho token URL) is trusted to name any http(s) origin.
    """
    try:
        parsed = httpx.URL(api_domain)
    except (httpx.InvalidURL, TypeError):
        return False
    if parsed.scheme not in ("http", "https") or not parsed.host:
        return False
    if not is_zoho_host(_host_of(token_url)):
        return True
    dc = find_data_centre(api_domain)
    return parsed.scheme == "https" and dc is not None and parsed.host not in dc.accounts_hosts


def _host_of(url: str) -> str:
    try:
        host = httpx.URL(url).host
    except (httpx.InvalidURL, TypeError) as exc:
        raise AuthError(f"Not a valid URL: {url!r}") from exc
    if not host:
        raise AuthError(f"Not a valid URL (no host): {url!r}")
    return host.lower()
