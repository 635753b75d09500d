"""Runtime.connection_document: each connection document is validated once per content, whatever
form it comes in, and one that names environment variables is expanded on every call."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import connector
from connector.auth import document as document_module
from connector.auth.store import MemoryTokenStore
from connector.runtime.runtime import Runtime

CONNECTION: dict[str, Any] = {
    "key": "zohoOAuth", "id": "cache-test",
    "fields": {"tokenUrl": "https://accounts.zoho.eu/oauth/v2/token", "clientId": "1000.ID",
               "clientSecret": "s3cr3t"},
    "token": {"access_token": "at", "refresh_token": "rt", "api_domain": "https://www.zohoapis.eu"},
}


@pytest.fixture
def validations(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Every document the runtime validates."""
    seen: list[Any] = []
    original = document_module.ConnectionDocument.model_validate

    def counting(data: Any) -> document_module.ConnectionDocument:
        seen.append(data)
        return original(data)

    monkeypatch.setattr(document_module.ConnectionDocument, "model_validate", counting)
    return seen


def test_equal_mappings_are_validated_once(validations: list[Any]) -> None:
    runtime = Runtime(token_store=MemoryTokenStore())
    first = runtime.connection_document(CONNECTION)
    again = runtime.connection_document(json.loads(json.dumps(CONNECTION)))
    assert again is first and len(validations) == 1
    changed = {**CONNECTION, "token": {**CONNECTION["token"], "access_token": "fresher"}}
    assert runtime.connection_document(changed).token.access_token == "fresher"  # type: ignore[union-attr]
    assert len(validations) == 2


def test_a_file_path_is_read_and_remembered_by_content(tmp_path: Path, validations: list[Any]) -> None:
    path = tmp_path / "connection.json"
    path.write_text(json.dumps(CONNECTION))
    runtime = Runtime(token_store=MemoryTokenStore())
    assert runtime.connection_document(str(path)) is runtime.connection_document(path)
    assert runtime.connection_document(CONNECTION) is runtime.connection_document(path)
    assert len(validations) == 1


def test_environment_references_are_expanded_every_time(monkeypatch: pytest.MonkeyPatch,
                                                         validations: list[Any]) -> None:
    runtime = Runtime(token_store=MemoryTokenStore())
    templated = {**CONNECTION, "fields": {**CONNECTION["fields"], "clientSecret": "${ZOHO_SECRET}"}}
    monkeypatch.setenv("ZOHO_SECRET", "first")
    assert runtime.connection_document(templated).fields.clientSecret == "first"
    monkeypatch.setenv("ZOHO_SECRET", "second")
    assert runtime.connection_document(templated).fields.clientSecret == "second"
    assert len(validations) == 2


def test_an_invalid_source_is_an_input_error_on_connection() -> None:
    runtime = Runtime(token_store=MemoryTokenStore())
    with pytest.raises(connector.InputError) as caught:
        runtime.connection_document(42)
    assert caught.value.problems[0].input == "connection"


def test_invoke_validates_a_repeated_document_once(validations: list[Any]) -> None:
    component = connector.load_component()
    runtime = Runtime(token_store=MemoryTokenStore())
    documents = []
    runtime.run = lambda handler, inputs, **kwargs: documents.append(kwargs["connection"])  # type: ignore[method-assign]
    for _ in range(3):
        component.invoke("crmRunQuery", {"query": "select id from Leads"}, connection=dict(CONNECTION),
                         runtime=runtime)
    assert len(validations) == 1
    assert documents[0] is documents[1] is documents[2]
