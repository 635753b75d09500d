"""Loading connection documents: files, dicts, ${ENV} expansion, validation messages, no secrets shown."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_auth_support import CLIENT_SECRET, REFRESH_TOKEN, document

from connector.auth import ConnectionDocument, connection_id, load_connection
from connector.errors import InputError


def test_a_dict_loads() -> None:
    doc = load_connection(document(access_token="1000.abc", expires_at=1_800_000_000))
    assert doc.key == "zohoOAuth"
    assert doc.id == "acme-test"
    assert doc.fields.clientSecret == CLIENT_SECRET
    assert doc.token is not None and doc.token.expires_at == 1_800_000_000


def test_a_model_is_returned_as_is() -> None:
    doc = load_connection(document())
    assert load_connection(doc) is doc


@pytest.mark.parametrize("suffix", [".json", ".yaml", ".yml"])
def test_json_and_yaml_files_load(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"conn{suffix}"
    data = document()
    path.write_text(json.dumps(data) if suffix == ".json" else yaml.safe_dump(data))
    assert load_connection(path).fields.clientId == data["fields"]["clientId"]
    assert load_connection(str(path)).fields.clientId == data["fields"]["clientId"]


def test_inline_json_text_loads() -> None:
    assert load_connection(json.dumps(document())).id == "acme-test"


def test_env_references_are_expanded() -> None:
    data = document()
    data["fields"]["clientSecret"] = "${ZOHO_SECRET}"
    data["fields"]["tokenUrl"] = "https://${ZOHO_ACCOUNTS}/oauth/v2/token"
    doc = load_connection(data, environ={"ZOHO_SECRET": "s3cr3t", "ZOHO_ACCOUNTS": "accounts.zoho.in"})
    assert doc.fields.clientSecret == "s3cr3t"
    assert doc.fields.tokenUrl == "https://accounts.zoho.in/oauth/v2/token"


def test_env_expansion_reads_os_environ_and_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZOHO_REFRESH", REFRESH_TOKEN)
    path = tmp_path / "conn.yaml"
    data = document(refresh_token="${ZOHO_REFRESH}")
    path.write_text(yaml.safe_dump(data))
    doc = load_connection(path)
    assert doc.token is not None and doc.token.refresh_token == REFRESH_TOKEN


def test_double_dollar_escapes_a_reference() -> None:
    data = document()
    data["fields"]["clientSecret"] = "a$${NOT_A_VAR}b"
    assert load_connection(data, environ={}).fields.clientSecret == "a${NOT_A_VAR}b"


def test_an_unset_variable_names_the_variable_and_the_field() -> None:
    data = document()
    data["fields"]["clientSecret"] = "${ZOHO_MISSING_SECRET}"
    with pytest.raises(InputError) as caught:
        load_connection(data, environ={})
    assert caught.value.input == "connection"
    assert "ZOHO_MISSING_SECRET" in caught.value.message
    assert "fields.clientSecret" in caught.value.message


def test_a_missing_field_is_named() -> None:
    data = document()
    del data["fields"]["clientId"]
    with pytest.raises(InputError, match=r"fields\.clientId: is required") as caught:
        load_connection(data)
    assert caught.value.input == "connection"


def test_an_unknown_field_is_rejected_and_the_allowed_ones_listed() -> None:
    data = document()
    data["fields"]["client_secret"] = "x"
    with pytest.raises(InputError, match=r"fields\.client_secret: unknown field \(allowed: tokenUrl"):
        load_connection(data)


def test_an_unknown_top_level_key_is_rejected() -> None:
    data = document()
    data["tokens"] = {}
    with pytest.raises(InputError, match=r"tokens: unknown field"):
        load_connection(data)


def test_a_bad_token_url_is_named() -> None:
    data = document()
    data["fields"]["tokenUrl"] = "accounts.zoho.eu/oauth/v2/token"
    with pytest.raises(InputError, match=r"fields\.tokenUrl: must be an http\(s\) URL"):
        load_connection(data)


def test_validation_messages_never_show_values() -> None:
    data = document()
    data["fields"]["clientSecret"] = 12345  # wrong type: the message must not echo the value
    data["token"]["refresh_token"] = ["nested", REFRESH_TOKEN]
    with pytest.raises(InputError) as caught:
        load_connection(data)
    text = str(caught.value) + repr(caught.value) + json.dumps(caught.value.to_dict())
    assert "12345" not in text and REFRESH_TOKEN not in text
    assert "fields.clientSecret" in text and "token.refresh_token" in text


def test_a_missing_file_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        load_connection(tmp_path / "absent.json")


def test_a_malformed_file_reports_the_position_not_the_content(tmp_path: Path) -> None:
    path = tmp_path / "conn.yaml"
    path.write_text(f"fields:\n  clientSecret: {CLIENT_SECRET}\n  - broken: [\n")
    with pytest.raises(InputError, match="line") as caught:
        load_connection(path)
    assert CLIENT_SECRET not in str(caught.value)


def test_a_non_mapping_file_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "conn.json"
    path.write_text("[1, 2]")
    with pytest.raises(InputError, match="must hold a mapping"):
        load_connection(path)


def test_repr_and_str_hide_secrets() -> None:
    doc = load_connection(document(access_token="1000.accesssecret"))
    for text in (repr(doc), str(doc), repr(doc.fields), repr(doc.token), str(doc.token)):
        assert CLIENT_SECRET not in text
        assert REFRESH_TOKEN not in text
        assert "1000.accesssecret" not in text
    assert "tokenUrl" in repr(doc)


def test_millisecond_expiry_is_read_as_seconds() -> None:
    doc = load_connection(document(expires_at=1_800_000_000_000))
    assert doc.token is not None and doc.token.expires_at == 1_800_000_000


def test_connection_id_defaults_to_a_stable_non_secret_digest() -> None:
    data = document()
    del data["id"]
    first = connection_id(load_connection(data))
    assert first == connection_id(ConnectionDocument.model_validate(data))
    assert first.startswith("zoho-") and CLIENT_SECRET not in first
    data["fields"]["tokenUrl"] = "https://accounts.zoho.com/oauth/v2/token"
    assert connection_id(load_connection(data)) != first
    assert connection_id(load_connection(document())) == "acme-test"


@pytest.mark.parametrize("source", [42, None, ["key", "zohoOAuth"]])
def test_a_value_that_is_neither_a_document_nor_a_path_is_an_input_error(source: Any) -> None:
    with pytest.raises(InputError) as caught:
        load_connection(source)
    assert caught.value.input == "connection"
