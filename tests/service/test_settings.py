"""Service settings from the environment."""

from __future__ import annotations

import pytest

from connector.service.settings import DEFAULT_MAX_BODY_BYTES, ServiceSettings


def test_defaults_when_nothing_is_set() -> None:
    settings = ServiceSettings.from_env({})
    assert settings == ServiceSettings(api_key=None, max_body_bytes=DEFAULT_MAX_BODY_BYTES,
                                       invoke_timeout_s=None, expand_connection_env=False)
    assert DEFAULT_MAX_BODY_BYTES == 10 * 1024 * 1024


def test_values_are_read_and_an_empty_key_means_no_key() -> None:
    settings = ServiceSettings.from_env({
        "CONNECTOR_API_KEY": "", "CONNECTOR_MAX_BODY_BYTES": "2048", "CONNECTOR_INVOKE_TIMEOUT_S": "2.5",
        "CONNECTOR_SERVICE_EXPAND_CONNECTION_ENV": "true"})
    assert settings.api_key is None
    assert settings.max_body_bytes == 2048
    assert settings.invoke_timeout_s == 2.5
    assert settings.expand_connection_env is True
    assert ServiceSettings.from_env({"CONNECTOR_API_KEY": "k"}).api_key == "k"


@pytest.mark.parametrize(("name", "value"), [("CONNECTOR_MAX_BODY_BYTES", "10MB"),
                                             ("CONNECTOR_INVOKE_TIMEOUT_S", "soon")])
def test_invalid_numbers_name_the_variable_not_the_value(name: str, value: str) -> None:
    with pytest.raises(ValueError, match=name) as raised:
        ServiceSettings.from_env({name: value})
    assert value not in str(raised.value)


@pytest.mark.parametrize("overrides", [{"max_body_bytes": -1}, {"invoke_timeout_s": 0}])
def test_impossible_settings_are_refused(overrides: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        ServiceSettings(**overrides)  # type: ignore[arg-type]
