"""CRM record handlers driven by hand: the exact requests they send and the outputs they build."""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from connector.errors import ApiError, InputError
from connector.runtime.call import Call
from connector.runtime.flow import Flow, RetryPolicy, Send
from connector.zoho import crm
from tests.support.oas import validate_crm_request

CRM = "https://api.test/crm/v8"


@dataclass
class FakeSession:
    crm_base: str = CRM
    books_base: str = "https://api.test/books/v3"
    organization_id: str | None = None
    books_org_cache: dict[str, str] = field(default_factory=dict)


def make_call(inputs: dict[str, Any]) -> Call:
    return Call(action="test", inputs=inputs, session=FakeSession(), retry=RetryPolicy(max_retries=1),
                timeout=12.5)


def reply(status: int = 200, body: Any = None) -> httpx.Response:
    if body is None:
        return httpx.Response(status)
    return httpx.Response(status, json=body)


def drive(flow: Flow, *responses: httpx.Response) -> tuple[list[Send], Any]:
    """Run a handler flow, answering its requests in order; return the sends and the output."""
    sends: list[Send] = []
    pending = list(responses)
    try:
        send = next(flow)
        while True:
            sends.append(send)
            assert pending, f"unexpected extra request {send.request.method} {send.request.url}"
            send = flow.send(pending.pop(0))
    except StopIteration as stop:
        assert not pending, "handler stopped before reading every response"
        return sends, stop.value


def sent_json(send: Send) -> Any:
    return json.loads(send.request.content)


def params_of(send: Send) -> dict[str, str]:
    return dict(send.request.url.params)


def url_path(send: Send) -> str:
    return f"{send.request.url.scheme}://{send.request.url.host}{send.request.url.raw_path.decode().split('?')[0]}"


# --- get_record -------------------------------------------------------------------------------


def test_get_record_requests_one_record_with_fields_and_returns_whole_body() -> None:
    body = {"data": [{"id": "5394166000000379001", "Last_Name": "Doe"}]}
    sends, output = drive(
        crm.get_record(make_call({"recordType": "Leads", "recordId": "5394166000000379001",
                                  "fields": ["Last_Name", " Email ", ""]})),
        reply(200, body))
    (send,) = sends
    assert send.request.method == "GET"
    assert url_path(send) == f"{CRM}/Leads/5394166000000379001"
    assert params_of(send) == {"fields": "Last_Name,Email"}
    assert send.service == "crm"
    assert send.retry == RetryPolicy(max_retries=1)
    assert send.timeout == 12.5
    assert send.request.headers["accept"] == "application/json"
    assert output == {"data": body}


def test_get_record_without_fields_sends_no_fields_param() -> None:
    sends, _ = drive(crm.get_record(make_call({"recordType": "Leads", "recordId": "42", "fields": None})),
                     reply(200, {"data": [{"id": "42"}]}))
    assert params_of(sends[0]) == {}


def test_get_record_204_is_a_not_found_api_error() -> None:
    flow = crm.get_record(make_call({"recordType": "Leads", "recordId": "42"}))
    next(flow)
    with pytest.raises(ApiError) as caught:
        flow.send(reply(204))
    assert caught.value.code == "RECORD_NOT_FOUND"
    assert caught.value.status == 204
    assert "Leads record 42" in caught.value.message


@pytest.mark.parametrize("record_id", ["", "12a", "../Contacts", "1/2", "  "])
def test_get_record_rejects_non_digit_ids_before_any_request(record_id: str) -> None:
    with pytest.raises(InputError) as caught:
        next(crm.get_record(make_call({"recordType": "Leads", "recordId": record_id})))
    assert caught.value.input == "recordId"


@pytest.mark.parametrize("record_type", ["", ".", "..", "Leads/42", "a\\b"])
def test_record_type_must_be_one_path_segment(record_type: str) -> None:
    with pytest.raises(InputError) as caught:
        next(crm.get_record(make_call({"recordType": record_type, "recordId": "1"})))
    assert caught.value.input == "recordType"


def test_record_type_is_url_encoded() -> None:
    sends, _ = drive(crm.remove_record(make_call({"recordType": "My Module?x=1", "recordId": "7"})),
                     reply(200, {"data": []}))
    assert sends[0].request.url.raw_path == b"/crm/v8/My%20Module%3Fx%3D1/7"


def test_too_many_fields_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        next(crm.get_record(make_call({"recordType": "Leads", "recordId": "1",
                                       "fields": [f"F{i}" for i in range(51)]})))
    assert caught.value.input == "fields"


# --- get_records ------------------------------------------------------------------------------


def page(records: list[dict[str, Any]], *, more: bool, token: str | None = None, page_no: int = 1,
         expiry: str | None = None) -> dict[str, Any]:
    return {"data": records, "info": {"per_page": len(records), "count": len(records), "page": page_no,
                                      "more_records": more, "sort_by": "id", "sort_order": "desc",
                                      "next_page_token": token, "previous_page_token": None,
                                      "page_token_expiry": expiry, "call": False, "email": False}}


def test_get_records_sends_paging_and_sort_params() -> None:
    body = page([{"id": "1"}], more=True, token="tok1")
    sends, output = drive(
        crm.get_records(make_call({"recordType": "Contacts", "fields": ["Last_Name", "Email"], "page": 3,
                                   "per_page": 10, "sort_by": "Modified_Time", "sort_order": "asc",
                                   "fetchAll": False})),
        reply(200, body))
    (send,) = sends
    assert send.request.method == "GET"
    assert url_path(send) == f"{CRM}/Contacts"
    assert params_of(send) == {"fields": "Last_Name,Email", "page": "3", "per_page": "10",
                               "sort_by": "Modified_Time", "sort_order": "asc"}
    assert output == {"data": body}


def test_get_records_with_page_token_drops_page() -> None:
    sends, _ = drive(crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"], "page": 1,
                                                "per_page": 200, "page_token": "abc"})),
                     reply(200, page([], more=False)))
    assert params_of(sends[0]) == {"fields": "Email", "per_page": "200", "page_token": "abc"}


def test_get_records_defaults_page_and_per_page() -> None:
    sends, _ = drive(crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"]})),
                     reply(200, page([], more=False)))
    assert params_of(sends[0]) == {"fields": "Email", "page": "1", "per_page": "200"}


def test_get_records_204_returns_an_empty_list_with_info() -> None:
    _, output = drive(crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"], "page": 2,
                                                 "per_page": 50})),
                      reply(204))
    assert output["data"]["data"] == []
    info = output["data"]["info"]
    assert info["count"] == 0
    assert info["more_records"] is False
    assert info["page"] == 2
    assert info["per_page"] == 50
    assert info["next_page_token"] is None


@pytest.mark.parametrize("fields", [None, [], ["", " "]])
def test_get_records_requires_fields(fields: Any) -> None:
    with pytest.raises(InputError) as caught:
        next(crm.get_records(make_call({"recordType": "Leads", "fields": fields})))
    assert caught.value.input == "fields"


@pytest.mark.parametrize(("key", "value"), [("per_page", 0), ("per_page", 201), ("page", 0),
                                            ("page", "x"), ("maxRecords", 0)])
def test_get_records_rejects_out_of_range_numbers(key: str, value: Any) -> None:
    with pytest.raises(InputError) as caught:
        next(crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"], key: value})))
    assert caught.value.input == key


def test_fetch_all_follows_pages_then_tokens_and_merges() -> None:
    first = page([{"id": "1"}, {"id": "2"}], more=True, token="tok-a", expiry="2026-01-01T00:00:00+00:00")
    second = page([{"id": "3"}, {"id": "4"}], more=True, token="tok-b", page_no=2)
    third = page([{"id": "5"}], more=False, page_no=3)
    sends, output = drive(
        crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"], "per_page": 2,
                                   "sort_order": "asc", "fetchAll": True})),
        reply(200, first), reply(200, second), reply(200, third))
    assert [params_of(s) for s in sends] == [
        {"fields": "Email", "per_page": "2", "sort_order": "asc", "page": "1"},
        {"fields": "Email", "per_page": "2", "sort_order": "asc", "page_token": "tok-a"},
        {"fields": "Email", "per_page": "2", "sort_order": "asc", "page_token": "tok-b"},
    ]
    merged = output["data"]
    assert [r["id"] for r in merged["data"]] == ["1", "2", "3", "4", "5"]
    assert merged["info"]["count"] == 5
    assert merged["info"]["per_page"] == 5
    assert merged["info"]["page"] == 1
    assert merged["info"]["more_records"] is False
    assert merged["info"]["next_page_token"] is None
    assert merged["info"]["previous_page_token"] is None
    assert merged["info"]["page_token_expiry"] is None


def test_fetch_all_goes_past_2000_records() -> None:
    records = [{"id": str(n)} for n in range(200)]
    responses = [reply(200, page(records, more=True, token=f"t{n}", page_no=n)) for n in range(1, 12)]
    responses.append(reply(200, page(records[:7], more=False)))
    sends, output = drive(
        crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"], "fetchAll": True})),
        *responses)
    assert len(sends) == 12
    assert output["data"]["info"]["count"] == 11 * 200 + 7
    assert "page" not in params_of(sends[-1])


def test_fetch_all_without_token_falls_back_to_page_numbers() -> None:
    sends, output = drive(
        crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"], "fetchAll": True})),
        reply(200, page([{"id": "1"}], more=True)), reply(200, page([{"id": "2"}], more=False, page_no=2)))
    assert [params_of(s).get("page") for s in sends] == ["1", "2"]
    assert output["data"]["info"]["count"] == 2


def test_fetch_all_stops_at_max_records_and_says_more_remain() -> None:
    sends, output = drive(
        crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"], "fetchAll": True,
                                   "maxRecords": 3, "per_page": 2})),
        reply(200, page([{"id": "1"}, {"id": "2"}], more=True, token="t1")),
        reply(200, page([{"id": "3"}, {"id": "4"}], more=True, token="t2")))
    assert len(sends) == 2
    merged = output["data"]
    assert [r["id"] for r in merged["data"]] == ["1", "2", "3"]
    assert merged["info"]["more_records"] is True
    # A record of the last page was dropped, so its next token would skip it.
    assert merged["info"]["next_page_token"] is None


def test_fetch_all_at_exact_max_keeps_resume_token() -> None:
    _, output = drive(
        crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"], "fetchAll": True,
                                   "maxRecords": 2})),
        reply(200, page([{"id": "1"}, {"id": "2"}], more=True, token="t1", expiry="soon")))
    assert output["data"]["info"]["next_page_token"] == "t1"
    assert output["data"]["info"]["page_token_expiry"] == "soon"


def test_fetch_all_stops_when_token_repeats() -> None:
    sends, output = drive(
        crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"], "fetchAll": True,
                                   "page_token": "same"})),
        reply(200, page([{"id": "1"}], more=True, token="same")))
    assert len(sends) == 1
    assert output["data"]["info"]["more_records"] is True


def test_fetch_all_first_page_204_is_empty_list() -> None:
    _, output = drive(crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"],
                                                 "fetchAll": True})), reply(204))
    assert output["data"]["data"] == []
    assert output["data"]["info"]["count"] == 0


def test_fetch_all_later_204_keeps_earlier_records() -> None:
    _, output = drive(crm.get_records(make_call({"recordType": "Leads", "fields": ["Email"],
                                                 "fetchAll": True})),
                      reply(200, page([{"id": "1"}], more=True, token="t")), reply(204))
    assert [r["id"] for r in output["data"]["data"]] == ["1"]


# --- create / update / remove -----------------------------------------------------------------


def test_create_record_merges_dynamic_values_under_field_values() -> None:
    answer = {"data": [{"code": "SUCCESS", "status": "success", "details": {"id": "9"}}]}
    sends, output = drive(
        crm.create_record(make_call({"recordType": "Leads",
                                     "dynamicValues": [{"key": "Last_Name", "value": "Dyn"},
                                                       {"key": "Company", "value": "Acme"}],
                                     "fieldValues": {"Last_Name": "Doe", "Email": "d@example.com"}})),
        reply(201, answer))
    (send,) = sends
    assert send.request.method == "POST"
    assert url_path(send) == f"{CRM}/Leads"
    assert send.request.headers["content-type"] == "application/json"
    assert sent_json(send) == {"data": [{"Last_Name": "Doe", "Company": "Acme", "Email": "d@example.com"}]}
    assert output == {"data": answer}


@pytest.mark.parametrize("dynamic", [
    {"Company": "Acme"},
    [{"key": "Company", "value": "Acme"}],
    '{"Company": "Acme"}',
    '[{"key": "Company", "value": "Acme"}]',
])
def test_dynamic_values_accepts_objects_lists_and_json(dynamic: Any) -> None:
    sends, _ = drive(crm.create_record(make_call({"recordType": "Leads", "dynamicValues": dynamic,
                                                  "fieldValues": {"Last_Name": "Doe"}})),
                     reply(201, {"data": []}))
    assert sent_json(sends[0]) == {"data": [{"Company": "Acme", "Last_Name": "Doe"}]}


@pytest.mark.parametrize("dynamic", ["{not json", 42, [{"value": "x"}], ["x"], [{"key": ""}]])
def test_bad_dynamic_values_is_an_input_error(dynamic: Any) -> None:
    with pytest.raises(InputError) as caught:
        next(crm.create_record(make_call({"recordType": "Leads", "dynamicValues": dynamic})))
    assert caught.value.input == "dynamicValues"


def test_create_record_with_nothing_to_write_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        next(crm.create_record(make_call({"recordType": "Leads", "dynamicValues": None, "fieldValues": {}})))
    assert caught.value.input == "fieldValues"


def test_update_record_puts_one_record() -> None:
    sends, output = drive(
        crm.update_record(make_call({"recordType": "Deals", "recordId": "77",
                                     "fieldValues": {"Stage": "Won"}})),
        reply(200, {"data": [{"code": "SUCCESS"}]}))
    (send,) = sends
    assert send.request.method == "PUT"
    assert url_path(send) == f"{CRM}/Deals/77"
    assert sent_json(send) == {"data": [{"Stage": "Won"}]}
    assert output == {"data": {"data": [{"code": "SUCCESS"}]}}


def test_update_record_validates_id() -> None:
    with pytest.raises(InputError) as caught:
        next(crm.update_record(make_call({"recordType": "Deals", "recordId": "x",
                                          "fieldValues": {"Stage": "Won"}})))
    assert caught.value.input == "recordId"


def test_remove_record_deletes() -> None:
    body = {"data": [{"code": "SUCCESS", "details": {"id": "77"}}]}
    sends, output = drive(crm.remove_record(make_call({"recordType": "Deals", "recordId": "77"})),
                          reply(200, body))
    assert sends[0].request.method == "DELETE"
    assert url_path(sends[0]) == f"{CRM}/Deals/77"
    assert sends[0].request.content == b""
    assert output == {"data": body}


# --- COQL -------------------------------------------------------------------------------------


def test_run_query_posts_select_query() -> None:
    body = {"data": [{"Last_Name": "Doe", "id": "1"}], "info": {"count": 1, "more_records": False}}
    query = "select Last_Name from Contacts where id is not null"
    sends, output = drive(crm.run_query(make_call({"query": query})), reply(200, body))
    assert sends[0].request.method == "POST"
    assert url_path(sends[0]) == f"{CRM}/coql"
    assert sent_json(sends[0]) == {"select_query": "select Last_Name from Contacts where id is not null"}
    assert output == {"data": body}


def test_run_query_204_is_empty_result() -> None:
    flow = crm.run_query(make_call({"query": "select id from Leads where id is null"}))
    _, output = drive(flow, reply(204))
    assert output == {"data": {"data": [], "info": {"count": 0, "more_records": False}}}


def test_run_query_requires_a_query() -> None:
    with pytest.raises(InputError) as caught:
        next(crm.run_query(make_call({"query": "   "})))
    assert caught.value.input == "query"


# --- attachments ------------------------------------------------------------------------------


def multipart_file(send: Send) -> tuple[str, str, bytes]:
    """(file name, content type, content) of the single ``file`` part of a multipart request."""
    content_type = send.request.headers["content-type"]
    assert content_type.startswith("multipart/form-data; boundary=")
    boundary = content_type.split("boundary=")[1].encode()
    parts = [p for p in send.request.content.split(b"--" + boundary) if p.strip(b"-\r\n")]
    assert len(parts) == 1
    head, _, data = parts[0].partition(b"\r\n\r\n")
    headers = head.decode()
    assert 'name="file"' in headers
    name = headers.split('filename="')[1].split('"')[0]
    part_type = headers.split("Content-Type: ")[1].split("\r\n")[0]
    return name, part_type, data.removesuffix(b"\r\n")


@pytest.mark.parametrize(("data", "name", "expected", "content_type"), [
    (b"\x00\x01binary", "doc.bin", b"\x00\x01binary", "application/octet-stream"),
    ("plain text", "notes.txt", b"plain text", "text/plain"),
    ("h\u00e9", "x.unknownext", "h\u00e9".encode(), "text/plain; charset=utf-8"),
    ("data:application/pdf;base64," + base64.b64encode(b"%PDF-1").decode(), "a.pdf", b"%PDF-1",
     "application/pdf"),
    ({"base64": base64.b64encode(b"\x89PNG").decode(), "contentType": "image/png"}, "i.png", b"\x89PNG",
     "image/png"),
    ({"base64": base64.b64encode(b"abc").decode()}, "blob", b"abc", "application/octet-stream"),
])
def test_add_attachment_sends_one_multipart_file_part(data: Any, name: str, expected: bytes,
                                                      content_type: str) -> None:
    answer = {"data": [{"code": "SUCCESS", "details": {"id": "5"}}]}
    sends, output = drive(
        crm.add_attachment(make_call({"recordType": "Leads", "recordId": "123", "file": data,
                                      "fileName": name})),
        reply(200, answer))
    (send,) = sends
    assert send.request.method == "POST"
    assert url_path(send) == f"{CRM}/Leads/123/Attachments"
    assert multipart_file(send) == (name, content_type, expected)
    assert output == {"data": answer}


def test_add_attachment_maps_display_names_to_api_names() -> None:
    sends, _ = drive(crm.add_attachment(make_call({"recordType": "Price Books", "recordId": "1", "file": "x",
                                                   "fileName": "a.txt"})),
                     reply(200, {"data": []}))
    assert url_path(sends[0]) == f"{CRM}/Price_Books/1/Attachments"


@pytest.mark.parametrize(("inputs", "input_name"), [
    ({"file": "data:text/plain;base64,@@@", "fileName": "a.txt"}, "file"),
    ({"file": {"base64": "not base64!"}, "fileName": "a.txt"}, "file"),
    ({"file": 12, "fileName": "a.txt"}, "file"),
    ({"file": "x", "fileName": " "}, "fileName"),
    ({"file": "x", "fileName": "a.txt", "recordType": "Custom"}, "recordType"),
])
def test_add_attachment_input_errors(inputs: dict[str, Any], input_name: str) -> None:
    with pytest.raises(InputError) as caught:
        next(crm.add_attachment(make_call({"recordType": "Leads", "recordId": "1", **inputs})))
    assert caught.value.input == input_name


# --- conformance ------------------------------------------------------------------------------


@pytest.mark.parametrize(("handler", "inputs"), [
    (crm.get_record, {"recordType": "Leads", "recordId": "1", "fields": ["Email"]}),
    (crm.get_records, {"recordType": "Leads", "fields": ["Email"], "sort_by": "id", "sort_order": "asc"}),
    (crm.create_record, {"recordType": "Leads", "fieldValues": {"Last_Name": "Doe"},
                         "dynamicValues": {"Company": "Acme"}}),
    (crm.update_record, {"recordType": "Leads", "recordId": "1", "fieldValues": {"Last_Name": "Roe"}}),
    (crm.remove_record, {"recordType": "Leads", "recordId": "1"}),
    (crm.run_query, {"query": "select Last_Name from Leads where Last_Name is not null"}),
    (crm.add_attachment, {"recordType": "Leads", "recordId": "1", "file": "x", "fileName": "a.txt"}),
])
def test_every_crm_request_body_conforms_to_the_v8_spec(handler: Any, inputs: dict[str, Any]) -> None:
    sends, _ = drive(handler(make_call(inputs)), reply(200, {"data": []}))
    (send,) = sends
    is_json = send.request.headers.get("content-type") == "application/json"
    body = json.loads(send.request.content) if is_json else None
    validate_crm_request(send.request.method, send.request.url.path, body)
