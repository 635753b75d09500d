"""CRM v8 attachments: multipart upload with one part named ``file``, links, list, download,
delete, and the size limit."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from connector.sandbox.config import SandboxConfig
from connector.sandbox.server import SandboxServer
from tests.support.zoho import error_code, zoho_client

LEAD_ID = "5725767000101000001"
BASE = f"/crm/v8/Leads/{LEAD_ID}/Attachments"


@pytest.fixture
def crm(sandbox: SandboxServer) -> Iterator[httpx.Client]:
    with zoho_client(sandbox) as client:
        yield client


def test_upload_list_download_delete(crm: httpx.Client) -> None:
    assert crm.get(BASE).status_code == 204
    uploaded = crm.post(BASE, files={"file": ("notes.txt", b"hello zoho", "text/plain")})
    assert uploaded.status_code == 200
    item = uploaded.json()["data"][0]
    assert (item["code"], item["message"]) == ("SUCCESS", "attachment uploaded successfully")
    attachment_id = item["details"]["id"]

    listed = crm.get(BASE, params={"fields": "File_Name,Size"}).json()
    assert listed["info"]["count"] == 1
    attachment = listed["data"][0]
    assert (attachment["File_Name"], attachment["Size"], attachment["$type"]) == ("notes.txt", "10", "File")
    assert attachment["Parent_Id"] == {"name": "Ada Anders", "id": LEAD_ID}

    download = crm.get(f"{BASE}/{attachment_id}")
    assert download.content == b"hello zoho"
    assert download.headers["content-type"].startswith("text/plain")

    deleted = crm.delete(f"{BASE}/{attachment_id}")
    assert deleted.json()["data"][0]["details"] == {"id": attachment_id}
    assert crm.get(BASE).status_code == 204
    assert crm.get(f"{BASE}/{attachment_id}").status_code == 204
    again = crm.delete(f"{BASE}/{attachment_id}")
    assert (again.status_code, error_code(again)) == (400, "INVALID_DATA")


def test_link_attachment(crm: httpx.Client) -> None:
    answer = crm.post(BASE, params={"attachmentUrl": "https://example.com/spec.pdf", "title": "Spec"})
    assert answer.status_code == 200
    attachment = crm.get(BASE).json()["data"][0]
    assert (attachment["$type"], attachment["$link_url"], attachment["File_Name"]) == (
        "Link URL",
        "https://example.com/spec.pdf",
        "Spec",
    )
    refused = crm.get(f"{BASE}/{attachment['id']}")
    assert (refused.status_code, error_code(refused)) == (400, "INVALID_DATA")
    bad = crm.post(BASE, params={"attachmentUrl": "ftp://example.com/x"})
    assert (bad.status_code, error_code(bad)) == (400, "INVALID_DATA")


@pytest.mark.parametrize(
    "request_kwargs",
    [
        {"files": {"document": ("a.txt", b"x", "text/plain")}},
        {"files": [("file", ("a.txt", b"x", "text/plain")), ("file", ("b.txt", b"y", "text/plain"))]},
        {"data": {"file": "just text"}, "files": {"other": ("a.txt", b"x")}},
        {"json": {"file": "abc"}},
        {
            "content": b"--broken\r\nnot multipart",
            "headers": {"Content-Type": "multipart/form-data; boundary=zz"},
        },
    ],
)
def test_upload_needs_exactly_one_file_part(crm: httpx.Client, request_kwargs: dict[str, object]) -> None:
    answer = crm.post(BASE, **request_kwargs)  # type: ignore[arg-type]
    assert answer.status_code == 400
    assert error_code(answer) == "INVALID_DATA"


def test_upload_to_a_missing_record_or_module(crm: httpx.Client) -> None:
    missing = crm.post("/crm/v8/Leads/5725767000101999999/Attachments", files={"file": ("a.txt", b"x")})
    assert (missing.status_code, error_code(missing)) == (400, "INVALID_DATA")
    module = crm.post(f"/crm/v8/Nope/{LEAD_ID}/Attachments", files={"file": ("a.txt", b"x")})
    assert (module.status_code, error_code(module)) == (400, "INVALID_MODULE")


def test_files_over_the_limit_are_413() -> None:
    with SandboxServer(config=SandboxConfig(max_attachment_bytes=1024)) as server, zoho_client(server) as crm:
        too_big = crm.post(BASE, files={"file": ("big.bin", b"x" * 1025, "application/octet-stream")})
        assert (too_big.status_code, error_code(too_big)) == (413, "FILE_SIZE_MORE_THAN_ALLOWED_SIZE")
        assert crm.post(BASE, files={"file": ("ok.bin", b"x" * 1024)}).status_code == 200


def test_empty_list_can_be_200_as_in_the_newer_spec() -> None:
    with (
        SandboxServer(config=SandboxConfig(attachments_empty_status=200)) as server,
        zoho_client(server) as crm,
    ):
        body = crm.get(BASE).json()
    assert body == {"data": [], "info": {"per_page": 200, "count": 0, "page": 1, "more_records": False}}
