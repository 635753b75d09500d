"""ZohoAuth over httpx.MockTransport: refresh on expiry, on 401, single-flight, routing."""

from __future__ import annotations

import asyncio
import threading

import httpx
import pytest
from test_auth_support import API, REFRESH_TOKEN, Clock, FakeZoho, document

from connector.auth import MemoryTokenStore, load_connection, open_session
from connector.auth.store import StoredToken, refresh_token_fingerprint
from connector.errors import AuthError

NOW = 1_800_000_000.0


def session_for(*, store: MemoryTokenStore | None = None, clock: Clock | None = None, **token: object):
    return open_session(load_connection(document(**token)), store=store or MemoryTokenStore(),
                        clock=clock or Clock(NOW))


def get_leads(client: httpx.Client, session) -> httpx.Response:
    return client.get(session.crm_base + "/Leads", auth=session.auth)


def test_a_missing_access_token_is_refreshed_before_the_request() -> None:
    fake = FakeZoho()
    session = session_for()
    with fake.client() as client:
        response = get_leads(client, session)
    assert response.status_code == 200
    assert fake.grants == 1
    form = fake.token_requests()[0].content.decode()
    assert "grant_type=refresh_token" in form
    assert fake.token_requests()[0].headers["content-type"] == "application/x-www-form-urlencoded"


def test_a_valid_access_token_is_used_without_refresh() -> None:
    fake = FakeZoho()
    token = fake.mint()
    session = session_for(access_token=token, expires_at=NOW + 3000)
    with fake.client() as client:
        response = get_leads(client, session)
    assert response.status_code == 200
    assert fake.grants == 1  # only the mint above
    assert fake.seen[-1].headers["Authorization"] == f"Zoho-oauthtoken {token}"


def test_a_token_expiring_within_a_minute_is_refreshed() -> None:
    fake = FakeZoho()
    old = fake.mint()
    clock = Clock(NOW)
    session = session_for(clock=clock, access_token=old, expires_at=NOW + 30)
    with fake.client() as client:
        get_leads(client, session)
        assert fake.grants == 2
        assert fake.seen[-1].headers["Authorization"] != f"Zoho-oauthtoken {old}"
        clock.now += 3600 - 59  # the new token (3600 s) is now within the margin
        get_leads(client, session)
    assert fake.grants == 3


def test_expires_in_sec_means_expires_in_is_milliseconds() -> None:
    fake = FakeZoho(expires_field="expires_in_sec", expires_value=3600)
    clock = Clock(NOW)
    store = MemoryTokenStore()
    session = session_for(clock=clock, store=store)
    with fake.client() as client:
        get_leads(client, session)
    stored = store.get("acme-test")
    assert stored is not None and stored.expires_at == NOW + 3600


def test_a_401_invalid_token_refreshes_once_and_resends_once() -> None:
    fake = FakeZoho()
    stale = "1000.revoked"  # not valid at the fake: the API answers 401 INVALID_TOKEN
    session = session_for(access_token=stale, expires_at=NOW + 3000)
    with fake.client() as client:
        response = get_leads(client, session)
    assert response.status_code == 200
    assert fake.grants == 1
    api_calls = [r for r in fake.seen if r.url.path.startswith("/crm")]
    assert len(api_calls) == 2


def test_a_second_401_is_returned_not_looped() -> None:
    fake = FakeZoho(reject_next=5)
    session = session_for(access_token=fake.mint(), expires_at=NOW + 3000)
    with fake.client() as client:
        response = get_leads(client, session)
    assert response.status_code == 401
    assert fake.grants == 2  # the mint and one refresh
    assert len([r for r in fake.seen if r.url.path.startswith("/crm")]) == 2


def test_authentication_failure_also_triggers_a_refresh() -> None:
    fake = FakeZoho()
    session = session_for(access_token=fake.mint(), expires_at=NOW + 3000)
    answers = iter([httpx.Response(401, json={"code": "AUTHENTICATION_FAILURE", "details": {},
                                              "message": "Authentication failed", "status": "error"})])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/crm"):
            fake.seen.append(request)
            return next(answers, None) or fake.api_response(request)
        return fake.handle(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        response = get_leads(client, session)
    assert response.status_code == 200
    assert fake.grants == 2


def test_other_401s_are_not_refreshed() -> None:
    fake = FakeZoho()
    session = session_for(access_token=fake.mint(), expires_at=NOW + 3000)

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/crm"):
            return httpx.Response(401, json={"code": "OAUTH_SCOPE_MISMATCH", "details": {},
                                             "message": "Unauthorized", "status": "error"})
        return fake.handle(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        response = get_leads(client, session)
    assert response.status_code == 401
    assert fake.grants == 1


def test_the_token_is_never_sent_to_another_host() -> None:
    fake = FakeZoho()
    session = session_for(access_token=fake.mint(), expires_at=NOW + 3000)
    with fake.client() as client:
        client.get("https://files.example.com/download/1", auth=session.auth)
        client.get("http://www.zohoapis.eu/crm/v8/Leads", auth=session.auth)  # other scheme
        client.get("https://www.zohoapis.eu:8443/crm/v8/Leads", auth=session.auth)  # other port
    assert [r.headers.get("Authorization") for r in fake.seen] == [None, None, None]


def test_refreshed_api_domain_routes_requests() -> None:
    fake = FakeZoho(api_domain="https://www.zohoapis.com")
    session = session_for()
    assert session.api_base == API  # derived from the EU token URL before the first refresh
    with fake.client() as client:
        response = get_leads(client, session)
    assert response.status_code == 200
    assert session.api_base == "https://www.zohoapis.com"
    assert session.crm_base == "https://www.zohoapis.com/crm/v8"
    assert session.books_base == "https://www.zohoapis.com/books/v3"
    assert session.api_host == "www.zohoapis.com"
    assert fake.seen[-1].url.host == "www.zohoapis.com"
    assert fake.seen[-1].headers["Host"] == "www.zohoapis.com"


def test_an_api_domain_outside_zoho_is_refused() -> None:
    fake = FakeZoho(api_domain="https://attacker.example.com")
    session = session_for()
    with fake.client() as client, pytest.raises(AuthError, match="not Zoho's"):
        get_leads(client, session)
    assert all(r.url.host != "attacker.example.com" for r in fake.seen)


def test_the_document_api_domain_is_used() -> None:
    session = session_for(api_domain="https://www.zohoapis.in")
    assert session.crm_base == "https://www.zohoapis.in/crm/v8"


def test_no_refresh_token_and_no_access_token_is_an_auth_error() -> None:
    fake = FakeZoho()
    session = session_for(refresh_token=None)
    with fake.client() as client, pytest.raises(AuthError, match="no refresh token"):
        get_leads(client, session)
    assert fake.grants == 0


def test_a_401_without_a_refresh_token_is_an_auth_error_with_status() -> None:
    fake = FakeZoho()
    session = session_for(refresh_token=None, access_token="1000.stale", expires_at=NOW + 3000)
    with fake.client() as client, pytest.raises(AuthError) as caught:
        get_leads(client, session)
    assert caught.value.status == 401


def test_refreshed_tokens_are_written_to_the_store_with_the_fingerprint() -> None:
    fake = FakeZoho()
    store = MemoryTokenStore()
    session = session_for(store=store)
    with fake.client() as client:
        get_leads(client, session)
    stored = store.get("acme-test")
    assert stored is not None
    assert stored.access_token in fake.valid_tokens
    assert stored.expires_at == NOW + 3600
    assert stored.api_domain == API
    assert stored.refresh_token_fingerprint == refresh_token_fingerprint(REFRESH_TOKEN)
    assert REFRESH_TOKEN not in repr(stored) and stored.access_token not in repr(stored)


def test_a_later_session_uses_the_stored_token_without_a_grant() -> None:
    fake = FakeZoho()
    store = MemoryTokenStore()
    with fake.client() as client:
        get_leads(client, session_for(store=store))
        get_leads(client, session_for(store=store))
    assert fake.grants == 1


def test_a_stored_token_from_another_refresh_token_is_ignored() -> None:
    fake = FakeZoho()
    store = MemoryTokenStore()
    planted = fake.mint()
    store.put("acme-test", StoredToken(access_token=planted, expires_at=NOW + 3000, api_domain=API,
                                       refresh_token_fingerprint=refresh_token_fingerprint("1000.other")))
    session = session_for(store=store)
    with fake.client() as client:
        get_leads(client, session)
    assert fake.seen[-1].headers["Authorization"] != f"Zoho-oauthtoken {planted}"
    assert fake.grants == 2


def test_a_token_stored_by_another_process_is_adopted_instead_of_refreshing() -> None:
    fake = FakeZoho()
    store = MemoryTokenStore()
    session = session_for(store=store)  # no token yet: would refresh
    other = fake.mint()
    store.put("acme-test", StoredToken(access_token=other, expires_at=NOW + 3000, api_domain=API,
                                       refresh_token_fingerprint=refresh_token_fingerprint(REFRESH_TOKEN)))
    with fake.client() as client:
        get_leads(client, session)
    assert fake.grants == 1
    assert fake.seen[-1].headers["Authorization"] == f"Zoho-oauthtoken {other}"


def test_secrets_lists_every_secret_value() -> None:
    fake = FakeZoho()
    session = session_for()
    with fake.client() as client:
        get_leads(client, session)
    secrets = session.secrets()
    assert REFRESH_TOKEN in secrets
    assert any(token in secrets for token in fake.valid_tokens)
    assert "client-secret" in " ".join(secrets)


def test_100_concurrent_async_requests_with_an_expired_token_cause_one_grant() -> None:
    fake = FakeZoho(token_delay_s=0.02)
    session = session_for(access_token="1000.expired", expires_at=NOW - 10)

    async def main() -> list[int]:
        async with fake.async_client() as client:
            responses = await asyncio.gather(*(client.get(session.crm_base + "/Leads", auth=session.auth)
                                               for _ in range(100)))
        return [r.status_code for r in responses]

    statuses = asyncio.run(main())
    assert statuses == [200] * 100
    assert fake.grants == 1


def test_concurrent_401s_in_async_tasks_cause_one_grant() -> None:
    fake = FakeZoho(token_delay_s=0.01)
    session = session_for(access_token="1000.revoked", expires_at=NOW + 3000)

    async def main() -> list[int]:
        async with fake.async_client() as client:
            responses = await asyncio.gather(*(client.get(session.crm_base + "/Leads", auth=session.auth)
                                               for _ in range(50)))
        return [r.status_code for r in responses]

    assert asyncio.run(main()) == [200] * 50
    assert fake.grants == 1


def test_threads_with_an_expired_token_cause_one_grant() -> None:
    fake = FakeZoho(token_delay_s=0.02)
    session = session_for(access_token="1000.expired", expires_at=NOW - 10)
    statuses: list[int] = []
    barrier = threading.Barrier(20)

    def worker() -> None:
        with fake.client() as client:
            barrier.wait()
            statuses.append(get_leads(client, session).status_code)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200] * 20
    assert fake.grants == 1


def test_async_and_threads_together_cause_one_grant() -> None:
    fake = FakeZoho(token_delay_s=0.02)
    session = session_for(access_token="1000.expired", expires_at=NOW - 10)
    results: list[int] = []

    def sync_worker() -> None:
        with fake.client() as client:
            results.append(get_leads(client, session).status_code)

    async def async_part() -> None:
        async with fake.async_client() as client:
            responses = await asyncio.gather(*(client.get(session.crm_base + "/Leads", auth=session.auth)
                                               for _ in range(10)))
        results.extend(r.status_code for r in responses)

    threads = [threading.Thread(target=sync_worker) for _ in range(5)]
    threads.append(threading.Thread(target=lambda: asyncio.run(async_part())))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [200] * 15
    assert fake.grants == 1


def test_a_failed_refresh_releases_the_lock() -> None:
    fake = FakeZoho(error={"error": "invalid_code"})
    session = session_for()
    with fake.client() as client:
        for _ in range(2):
            with pytest.raises(AuthError):
                get_leads(client, session)
        fake.error = None
        assert get_leads(client, session).status_code == 200


def test_a_document_without_a_refresh_token_never_gets_a_stored_token() -> None:
    fake = FakeZoho()
    store = MemoryTokenStore()
    planted = fake.mint()
    store.put("acme-test", StoredToken(access_token=planted, expires_at=NOW + 3000, api_domain=API,
                                       refresh_token_fingerprint=refresh_token_fingerprint(None)))
    session = session_for(store=store, refresh_token=None, api_domain="https://www.zohoapis.com")
    with fake.client() as client, pytest.raises(AuthError, match="no refresh token"):
        get_leads(client, session)
    assert all(r.headers.get("Authorization") is None for r in fake.seen)


def test_a_network_error_during_refresh_releases_the_locks() -> None:
    fake = FakeZoho()
    session = session_for()
    failures = iter([True])

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.startswith("/oauth") and next(failures, False):
            raise httpx.ConnectError("refused", request=request)
        return fake.handle(request)

    with httpx.Client(transport=httpx.MockTransport(handler)) as client:
        with pytest.raises(httpx.ConnectError):
            get_leads(client, session)
        assert not session._auth._thread_lock.locked()
        assert get_leads(client, session).status_code == 200


def test_an_async_refresh_failure_releases_the_locks() -> None:
    fake = FakeZoho(error={"error": "Access Denied"})
    session = session_for()

    async def main() -> int:
        async with fake.async_client() as client:
            with pytest.raises(AuthError):
                await client.get(session.crm_base + "/Leads", auth=session.auth)
            assert not session._auth._thread_lock.locked()
            fake.error = None
            response = await client.get(session.crm_base + "/Leads", auth=session.auth)
        return response.status_code

    assert asyncio.run(main()) == 200
