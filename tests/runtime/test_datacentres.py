"""The data-centre table: every DC's accounts server maps to its API host."""

from __future__ import annotations

import pytest

from connector.auth.datacentres import DATA_CENTRES, api_domain_for, find_data_centre, is_trusted_api_domain
from connector.errors import AuthError

EXPECTED = {
    "https://accounts.zoho.com/oauth/v2/token": "https://www.zohoapis.com",
    "https://accounts.zoho.eu/oauth/v2/token": "https://www.zohoapis.eu",
    "https://accounts.zoho.in/oauth/v2/token": "https://www.zohoapis.in",
    "https://accounts.zoho.com.au/oauth/v2/token": "https://www.zohoapis.com.au",
    "https://accounts.zoho.jp/oauth/v2/token": "https://www.zohoapis.jp",
    "https://accounts.zoho.uk/oauth/v2/token": "https://www.zohoapis.uk",
    "https://accounts.zohocloud.ca/oauth/v2/token": "https://www.zohoapis.ca",
    "https://accounts.zoho.ca/oauth/v2/token": "https://www.zohoapis.ca",
    "https://accounts.zoho.sa/oauth/v2/token": "https://www.zohoapis.sa",
    "https://accounts.zoho.com.cn/oauth/v2/token": "https://www.zohoapis.com.cn",
    "https://accounts.zoho.ae/oauth/v2/token": "https://www.zohoapis.ae",
}


@pytest.mark.parametrize(("token_url", "api_domain"), sorted(EXPECTED.items()))
def test_every_data_centre_maps_to_its_api_domain(token_url: str, api_domain: str) -> None:
    assert api_domain_for(token_url) == api_domain


def test_the_table_covers_every_data_centre_once() -> None:
    assert sorted(dc.code for dc in DATA_CENTRES) == sorted(
        ["US", "EU", "IN", "AU", "JP", "UK", "CA", "SA", "CN", "AE"])


def test_canada_is_not_china() -> None:
    ca = find_data_centre("https://accounts.zohocloud.ca")
    cn = find_data_centre("https://accounts.zoho.com.cn")
    assert ca is not None and ca.code == "CA"
    assert cn is not None and cn.code == "CN"


def test_upper_case_hosts_and_bare_accounts_urls_work() -> None:
    assert api_domain_for("https://ACCOUNTS.ZOHO.EU") == "https://www.zohoapis.eu"


def test_an_api_url_maps_to_its_own_origin() -> None:
    assert api_domain_for("https://sandbox.zohoapis.com/crm/v8") == "https://sandbox.zohoapis.com"


def test_a_non_zoho_host_is_its_own_origin() -> None:
    assert api_domain_for("http://127.0.0.1:8123/oauth/v2/token") == "http://127.0.0.1:8123"
    assert api_domain_for("https://localhost/oauth/v2/token") == "https://localhost"


def test_an_unknown_zoho_host_is_an_auth_error_naming_the_url() -> None:
    with pytest.raises(AuthError, match=r"accounts\.zoho\.xx") as caught:
        api_domain_for("https://accounts.zoho.xx/oauth/v2/token")
    assert caught.value.hint and "accounts.zohocloud.ca" in caught.value.hint


def test_an_invalid_url_is_an_auth_error() -> None:
    with pytest.raises(AuthError, match="no host"):
        api_domain_for("/oauth/v2/token")


@pytest.mark.parametrize(("api_domain", "token_url", "trusted"), [
    ("https://www.zohoapis.eu", "https://accounts.zoho.eu/oauth/v2/token", True),
    ("https://www.zohoapis.com.cn", "https://accounts.zoho.com/oauth/v2/token", True),
    ("http://www.zohoapis.eu", "https://accounts.zoho.eu/oauth/v2/token", False),
    ("https://evil.example.com", "https://accounts.zoho.eu/oauth/v2/token", False),
    ("https://accounts.zoho.eu", "https://accounts.zoho.eu/oauth/v2/token", False),
    ("http://127.0.0.1:9000", "http://127.0.0.1:9000/oauth/v2/token", True),
    ("not a url", "http://127.0.0.1:9000/oauth/v2/token", False),
])
def test_api_domains_from_token_responses_are_checked(api_domain: str, token_url: str, trusted: bool) -> None:
    assert is_trusted_api_domain(api_domain, token_url) is trusted
