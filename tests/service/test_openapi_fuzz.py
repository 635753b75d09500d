"""Property-based fuzzing of the running service from its own OpenAPI document (schemathesis).

Every operation (one invoke operation per action) gets a bounded, derandomized set of generated
requests, schema-valid and schema-invalid, against the real component and the sandbox; every answer
must be a documented status with a body matching its schema, and never a 500 (502 and 504 are the
documented answers to Zoho errors and timeouts).

Two schemathesis checks are left out on purpose: ``not_a_server_error`` (it counts those documented
502/504 answers as failures; the test asserts "no 500" itself) and ``positive_data_acceptance``
(some valid-looking inputs are still refused, e.g. a COQL query Zoho cannot parse, or Key Value
List text that is not JSON). Schema-invalid requests must be refused (``negative_data_rejection``).
Driven through hypothesis directly: schemathesis' pytest plugin does not load under pytest 9.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode

from connector import load_component
from connector.service.app import create_app
from connector.service.server import ServiceServer

KEY = "fuzz-key"
AUTH = {"Authorization": f"Bearer {KEY}"}
EXCLUDED = [schemathesis.checks.not_a_server_error, schemathesis.checks.positive_data_acceptance]
POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
ACTIONS = list(load_component().actions)
# (/healthz has nothing to get wrong, so no negative examples for it.)
CASES = [("GET", "/healthz", POSITIVE, 5), ("GET", "/actions", POSITIVE, 5),
         ("GET", "/actions", NEGATIVE, 10), ("GET", "/actions/{key}", POSITIVE, 30),
         ("GET", "/actions/{key}", NEGATIVE, 30),
         *[("POST", f"/actions/{action}/invoke", mode, 10) for action in ACTIONS
           for mode in (POSITIVE, NEGATIVE)]]


def use_default_connection(body: Any) -> None:
    """Run valid examples on the sandbox connection: a generated connection document is only ever
    refused (422), which would keep every example away from the action itself."""
    if isinstance(body, dict):
        body.pop("connection", None)
        if isinstance(body.get("inputs"), dict):
            body["inputs"].pop("connection", None)


@pytest.fixture(scope="module")
def fuzzed_service(sandbox_server: Any) -> Iterator[tuple[ServiceServer, Any]]:
    """The service (real component, sandbox connection by default), and its OpenAPI document loaded
    by schemathesis over the socket."""
    from connector.auth.store import MemoryTokenStore
    from connector.runtime.runtime import Runtime

    app = create_app(component=load_component(), runtime=Runtime(token_store=MemoryTokenStore()),
                     api_key=KEY, default_connection=sandbox_server.connection, invoke_timeout_s=2)
    with ServiceServer(app, graceful_timeout_s=5) as server:
        yield server, schemathesis.openapi.from_url(server.url + "/openapi.json", headers=AUTH)


@pytest.mark.parametrize(("method", "path", "mode", "examples"), CASES,
                         ids=[f"{method} {path} {mode.value}" for method, path, mode, _ in CASES])
def test_service_conforms_to_its_openapi_document(fuzzed_service: tuple[ServiceServer, Any], method: str,
                                                  path: str, mode: GenerationMode, examples: int) -> None:
    server, schema = fuzzed_service
    operation = schema[path][method]
    statuses: list[int] = []

    @given(case=operation.as_strategy(generation_mode=mode))
    # No shrinking: a failure is reported as generated, which keeps a failing run short.
    @settings(max_examples=examples, derandomize=True, deadline=None, database=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
    def conforms(case: Any) -> None:
        if mode is POSITIVE:
            use_default_connection(case.body)
        response = case.call_and_validate(base_url=server.url, headers=AUTH, excluded_checks=EXCLUDED)
        statuses.append(response.status_code)
        assert response.status_code != 500, response.text

    conforms()
    assert statuses, "no request was generated"
