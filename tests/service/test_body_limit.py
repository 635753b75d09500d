"""Request bodies above the configured size get 413, whether or not they declare a length."""

from __future__ import annotations

import json
from collections.abc import Iterator

import httpx
import pytest

from connector.service.server import ServiceServer
from tests.service.conftest import stand_in_server

LIMIT = 2048


@pytest.fixture(scope="module")
def limited() -> Iterator[ServiceServer]:
    yield from stand_in_server(max_body_bytes=LIMIT)


def _body(size: int) -> bytes:
    padding = size - len(json.dumps({"inputs": {"pad": ""}}))
    return json.dumps({"inputs": {"pad": "x" * padding}}).encode()


def test_body_at_the_limit_is_accepted(limited: ServiceServer) -> None:
    body = _body(LIMIT)
    assert len(body) == LIMIT
    response = httpx.post(limited.url + "/actions/echo/invoke", content=body,
                          headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert len(response.json()["data"]["inputs"]["pad"]) > LIMIT - 100


def test_declared_length_over_the_limit_is_413(limited: ServiceServer) -> None:
    response = httpx.post(limited.url + "/actions/echo/invoke", content=_body(LIMIT + 1),
                          headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert response.json()["error"] == {"kind": "request",
                                        "message": f"Request body is larger than {LIMIT} bytes"}


def test_chunked_body_over_the_limit_is_413(limited: ServiceServer) -> None:
    sent: list[int] = []

    def chunks() -> Iterator[bytes]:
        body = _body(LIMIT * 2)
        for start in range(0, len(body), 512):
            sent.append(start)
            yield body[start:start + 512]

    response = httpx.post(limited.url + "/actions/echo/invoke", content=chunks(),
                          headers={"content-type": "application/json"})
    assert "content-length" not in response.request.headers
    assert response.request.headers["transfer-encoding"] == "chunked"
    assert response.status_code == 413
    assert sent  # the body really was streamed


def test_small_chunked_body_passes(limited: ServiceServer) -> None:
    response = httpx.post(limited.url + "/actions/echo/invoke", content=iter([b'{"inputs": ', b'{"a": 2}}']),
                          headers={"content-type": "application/json"})
    assert response.status_code == 200
    assert response.json()["data"]["inputs"] == {"a": 2}
