"""Property-based fuzzing of the running service from its own OpenAPI document (schemathesis).

Every operation gets a bounded, derandomized set of generated requests against the real component
and the sandbox; every answer must be a documented status with a body matching its schema, and
never a 500 (502 and 504 are the documented answers to Zoho errors and timeouts).

Two schemathesis checks are left out on purpose: ``not_a_server_error`` (it counts those documented
502/504 answers as failures; the test asserts "no 500" itself) and ``positive_data_acceptance``
(whether inputs are acceptable depends on the action, e.g. a valid COQL query or a working
connection, which a generic ``inputs`` object cannot express). Driven through hypothesis directly:
schemathesis' pytest plugin does not load under pytest 9.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from tests.service.conftest import ServeFn

KEY = "fuzz-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
EXCLUDED = [schemathesis.checks.not_a_server_error, schemathesis.checks.positive_data_acceptance]
POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
# (/healthz has nothing to get wrong, so no negative examples for it.)
CASES = [("GET", "/healthz", POSITIVE), ("GET", "/actions", POSITIVE), ("GET", "/actions", NEGATIVE),
         ("GET", "/actions/{key}", POSITIVE), ("GET", "/actions/{key}", NEGATIVE),
         ("POST", "/actions/{key}/invoke", POSITIVE), ("POST", "/actions/{key}/invoke", NEGATIVE)]


@pytest.mark.parametrize(("method", "path", "mode"), CASES, ids=lambda value: str(value))
def test_service_conforms_to_its_openapi_document(zoho_sandbox: Any, serve: ServeFn, method: str,
                                                  path: str, mode: GenerationMode) -> None:
    from connector import load_component
    from connector.auth.store import MemoryTokenStore
    from connector.runtime.runtime import Runtime

    server = serve(component=load_component(), runtime=Runtime(token_store=MemoryTokenStore()),
                   api_key=KEY, default_connection=zoho_sandbox.connection, invoke_timeout_s=10)
    schema = schemathesis.openapi.from_url(server.url + "/openapi.json", headers=AUTH)
    operation = schema[path][method]
    statuses: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(max_examples=30, derandomize=True, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def conforms(case: Any) -> None:
        response = case.call_and_validate(base_url=server.url, headers=AUTH, excluded_checks=EXCLUDED)
        statuses.append(response.status_code)
        assert response.status_code != 500, response.text

    conforms()
    assert statuses, "no request was generated"
