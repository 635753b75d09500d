"""crmRawRequest / booksRawRequest handlers driven by the sync driver over httpx.MockTransport."""

from __future__ import annotations

import base64
import json
import logging
import random
from collections.abc import Callable, Generator
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from connector.errors import ApiError, InputError
from connector.runtime.call import Call
from connector.runtime.driver import run_flow
from connector.runtime.flow import Flow, RetryPolicy
from connector.zoho.raw import books_raw_request, crm_raw_request, resolve_url

API = "https://www.zohoapis.eu"
TOKEN = "1000.rawtoken.xyz"


class Auth(httpx.Auth):
    def auth_flow(self, request: httpx.Request) -> Generator[httpx.Request, httpx.Response, None]:
        request.headers["Authorization"] = f"Zoho-oauthtoken {TOKEN}"
        yield request


@dataclass
class Session:
    api_base: str = API
    api_host: str = "www.zohoapis.eu"
    organization_id: str | None = None
    books_org_cache: dict[str, str] = field(default_factory=dict)
    auth: httpx.Auth = field(default_factory=Auth)

    @property
    def crm_base(self) -> str:
        return self.api_base + "/crm/v8"

    @property
    def books_base(self) -> str:
        return self.api_base + "/books/v3"

    def secrets(self) -> list[str]:
        return [TOKEN]


DEFAULTS = {"method": "GET", "responseType": "json", "maxRetries": 0, "retryDelayMS": 0,
            "retryAllErrors": False, "useExponentialBackoff": False, "debugRequest": False}


def invoke(handler: Callable[[Any], Flow], inputs: dict[str, Any],
           answer: Callable[[httpx.Request], httpx.Response], *, session: Session | None = None,
           sleeps: list[float] | None = None) -> tuple[Any, list[httpx.Request]]:
    seen: list[httpx.Request] = []

    def record(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return answer(request)

    call = Call(action="raw", inputs={**DEFAULTS, **inputs}, session=session or Session(),
                retry=RetryPolicy(), timeout=30.0)
    with httpx.Client(transport=httpx.MockTransport(record)) as client:
        output = run_flow(handler(call), client=client, session=call.session, debug=False,
                          logger=logging.getLogger("connector"),
                          sleep=(sleeps if sleeps is not None else []).append, rng=random.Random(0))
    return output, seen


Answer = Callable[[httpx.Request], httpx.Response]


def json_answer(body: Any = None, status: int = 200, **kwargs: Any) -> Answer:
    return lambda request: httpx.Response(status, json=body if body is not None else {"data": []}, **kwargs)


# --- URLs --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("/Leads", f"{API}/crm/v8/Leads"),
        ("Leads", f"{API}/crm/v8/Leads"),
        ("/Leads/123/actions/convert", f"{API}/crm/v8/Leads/123/actions/convert"),
        ("/Leads?fields=Email", f"{API}/crm/v8/Leads?fields=Email"),
        (f"{API}/crm/v8/settings/modules", f"{API}/crm/v8/settings/modules"),
        ("//www.zohoapis.eu/crm/v8/Deals", f"{API}/crm/v8/Deals"),
    ],
)
def test_urls_are_joined_to_the_base_or_kept_on_the_api_host(url: str, expected: str) -> None:
    assert str(resolve_url(url, f"{API}/crm/v8", API)) == expected


@pytest.mark.parametrize("url", ["https://evil.example/steal", "//evil.example/steal", "\\\\evil.example/x",
                                 "http://www.zohoapis.eu/crm/v8/Leads", "https://www.zohoapis.eu:444/x",
                                 "https://www.zohoapis.eu.evil.example/x", "https:evil.example"])
def test_foreign_absolute_urls_are_input_errors_and_nothing_is_sent(url: str) -> None:
    with pytest.raises(InputError) as caught:
        invoke(crm_raw_request, {"url": url}, json_answer())
    assert caught.value.input == "url"
    assert caught.value.exit_code == 2


def test_get_with_query_params_and_headers_returns_data_envelope() -> None:
    output, (request,) = invoke(
        crm_raw_request,
        {"url": "/Leads?page=2",
         "queryParams": {"fields": "Last_Name,Email", "per_page": 5, "approved": True},
         "headers": {"X-Trace": "abc", "Authorization": "Bearer user-supplied"}},
        json_answer({"data": [{"id": "1"}], "info": {"more_records": False}}))
    assert output == {"data": {"data": [{"id": "1"}], "info": {"more_records": False}}}
    assert request.url.path == "/crm/v8/Leads"
    assert dict(request.url.params) == {"page": "2", "fields": "Last_Name,Email", "per_page": "5",
                                        "approved": "true"}
    assert request.headers["X-Trace"] == "abc"
    assert request.headers["Authorization"] == f"Zoho-oauthtoken {TOKEN}"  # auth applied last
    assert request.headers["Accept"] == "application/json"


# --- bodies --------------------------------------------------------------------------------------


def test_json_value_data_is_sent_as_json() -> None:
    inputs = {"method": "POST", "url": "/Leads", "data": {"data": [{"Last_Name": "Doe"}]}}
    _, (request,) = invoke(crm_raw_request, inputs, json_answer(status=201))
    assert request.method == "POST"
    assert json.loads(request.content) == {"data": [{"Last_Name": "Doe"}]}
    assert request.headers["Content-Type"] == "application/json"


def test_string_data_is_sent_verbatim_with_a_fitting_content_type() -> None:
    text = '{"data": [ {"Last_Name": "Doe"} ]}'
    _, (as_json,) = invoke(crm_raw_request, {"method": "PUT", "url": "/Leads", "data": text}, json_answer())
    assert as_json.content == text.encode()
    assert as_json.headers["Content-Type"] == "application/json"
    _, (as_text,) = invoke(crm_raw_request, {"method": "POST", "url": "/x", "data": "plain words",
                                             "headers": {"Content-Type": "text/csv"}}, json_answer())
    assert as_text.content == b"plain words"
    assert as_text.headers["Content-Type"] == "text/csv"


def test_empty_data_sends_no_body() -> None:
    _, (request,) = invoke(crm_raw_request, {"method": "POST", "url": "/x", "data": ""}, json_answer())
    assert request.content == b""


def test_data_and_form_data_are_exclusive() -> None:
    with pytest.raises(InputError, match="Cannot specify both Data and File/Form Data") as caught:
        invoke(crm_raw_request, {"method": "POST", "url": "/x", "data": "a", "formData": {"k": "v"}},
               json_answer())
    assert caught.value.input == "data"


def test_multipart_upload_with_form_and_file_data() -> None:
    download = {"base64": base64.b64encode(b"\x89PNG").decode(), "contentType": "image/png"}
    _, (request,) = invoke(
        crm_raw_request,
        {"method": "POST", "url": "/Leads/1/Attachments", "formData": {"title": "Notes", "n": 3},
         "fileData": {"notes.txt": "My File Contents", "logo": download},
         "headers": {"Content-Type": "application/json"}},
        json_answer(status=200))
    content_type = request.headers["Content-Type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    body = request.content
    assert b'name="title"\r\n\r\nNotes' in body
    assert b'name="n"\r\n\r\n3' in body
    assert (b'name="notes.txt"; filename="notes.txt"\r\nContent-Type: text/plain\r\n\r\nMy File Contents'
            in body)
    assert b'name="logo"; filename="logo"\r\nContent-Type: image/png\r\n\r\n\x89PNG' in body


# --- responses -----------------------------------------------------------------------------------


def test_binary_response_is_base64_with_its_content_type() -> None:
    output, (request,) = invoke(
        crm_raw_request, {"url": "/Leads/1/Attachments/2", "responseType": "binary"},
        lambda request: httpx.Response(200, content=b"\x00\x01\xff", headers={"Content-Type": "image/png"}))
    assert output == {"data": {"base64": "AAH/", "contentType": "image/png"}}
    assert request.headers["Accept"] == "*/*"


def test_text_response_is_a_string() -> None:
    output, _ = invoke(crm_raw_request, {"url": "/x", "responseType": "text"},
                       lambda request: httpx.Response(200, text='{"not": "parsed"}'))
    assert output == {"data": '{"not": "parsed"}'}


def test_json_response_that_is_not_json_falls_back_to_text_and_204_to_none() -> None:
    output, _ = invoke(crm_raw_request, {"url": "/x"}, lambda request: httpx.Response(200, text="hello"))
    assert output == {"data": "hello"}
    output, _ = invoke(crm_raw_request, {"url": "/Leads"}, lambda request: httpx.Response(204))
    assert output == {"data": None}


def test_error_status_raises_api_error_with_zoho_details() -> None:
    with pytest.raises(ApiError) as caught:
        invoke(crm_raw_request, {"url": "/Nope"},
               json_answer({"code": "INVALID_MODULE", "message": "the module name given seems to be invalid",
                            "status": "error", "details": {"resource_path_index": 0}}, status=400))
    assert (caught.value.status, caught.value.code) == (400, "INVALID_MODULE")


# --- retries and timeouts --------------------------------------------------------------------------


def test_no_retries_by_default_like_the_original() -> None:
    sent: list[httpx.Request] = []
    with pytest.raises(ApiError):
        invoke(crm_raw_request, {"url": "/Leads"}, lambda r: (sent.append(r), httpx.Response(503))[1])
    assert len(sent) == 1


def test_max_retries_with_fixed_and_exponential_delays() -> None:
    sleeps: list[float] = []
    with pytest.raises(ApiError):
        invoke(crm_raw_request, {"url": "/Leads", "maxRetries": 3, "retryDelayMS": 50,
                                 "useExponentialBackoff": True}, json_answer(status=503), sleeps=sleeps)
    assert sleeps == pytest.approx([0.05, 0.1, 0.2])


def test_post_needs_retry_all_errors_to_retry_5xx() -> None:
    answers = iter([httpx.Response(500), httpx.Response(201, json={"ok": True})])
    output, seen = invoke(crm_raw_request, {"method": "POST", "url": "/Leads", "data": {"a": 1},
                                            "maxRetries": 2, "retryAllErrors": True},
                          lambda request: next(answers))
    assert output == {"data": {"ok": True}}
    assert len(seen) == 2
    assert seen[1].content == b'{"a": 1}'  # the body is re-sent intact


def test_timeout_input_is_milliseconds() -> None:
    _, (request,) = invoke(crm_raw_request, {"url": "/Leads", "timeout": 2000}, json_answer())
    assert request.extensions["timeout"]["read"] == 2.0
    _, (request,) = invoke(crm_raw_request, {"url": "/Leads"}, json_answer())
    assert request.extensions["timeout"]["read"] == 30.0


# --- Books ---------------------------------------------------------------------------------------


def test_books_raw_request_adds_the_organization_id() -> None:
    output, (request,) = invoke(books_raw_request, {"url": "/invoices", "queryParams": {"status": "sent"}},
                                json_answer({"code": 0, "invoices": []}),
                                session=Session(organization_id="10234695"))
    assert output == {"data": {"code": 0, "invoices": []}}
    assert str(request.url).startswith(f"{API}/books/v3/invoices?")
    assert dict(request.url.params) == {"status": "sent", "organization_id": "10234695"}


def test_books_organization_input_and_explicit_query_parameter() -> None:
    _, (request,) = invoke(books_raw_request, {"url": "/contacts", "organizationId": "777"}, json_answer())
    assert request.url.params["organization_id"] == "777"
    _, (request,) = invoke(books_raw_request, {"url": "/contacts", "organizationId": "777",
                                               "queryParams": {"organization_id": "888"}}, json_answer())
    assert request.url.params.get_list("organization_id") == ["888"]


def test_books_organization_is_discovered_once_per_session() -> None:
    session = Session()

    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/books/v3/organizations":
            return httpx.Response(200, json={"code": 0, "organizations": [{"organization_id": "42"}]})
        return httpx.Response(200, json={"code": 0, "items": []})

    _, seen = invoke(books_raw_request, {"url": "/items"}, answer, session=session)
    assert [r.url.path for r in seen] == ["/books/v3/organizations", "/books/v3/items"]
    assert seen[1].url.params["organization_id"] == "42"
    _, seen = invoke(books_raw_request, {"url": "/items"}, answer, session=session)
    assert [r.url.path for r in seen] == ["/books/v3/items"]


def test_books_organizations_resource_needs_no_organization_id() -> None:
    _, (request,) = invoke(books_raw_request, {"url": "/organizations"}, json_answer({"code": 0}))
    assert "organization_id" not in request.url.params
