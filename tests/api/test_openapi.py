"""Schemathesis against /openapi.json: generated requests to every documented route, no server
error, every response as documented (status code, media type, body schema, headers)."""

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from cablegraph.api.app import create_app
from cablegraph.api.settings import Settings
from tests.conftest import BASE

EXAMPLES = 25  # per operation: bounded so the whole run stays well under a minute
# Parameters whose values are a language of their own (a SPARQL query, a JSON batch): a string the
# schema allows may still be a syntax error, rightly refused with 400, so "schema-valid means
# accepted" does not hold for them. Every other check still runs on these operations.
LANGUAGE_PARAMETERS = {"GET /sparql", "POST /sparql", "GET /reconcile", "POST /reconcile"}


@pytest.fixture(scope="module")
def api_schema(sample_store):
    app = create_app(Settings(base_iri=BASE, query_workers=0), store=sample_store)
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_route_answers_as_documented(api_schema):
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert {op.label for op in operations} >= {
        "GET /api/telegrams",
        "GET /api/people/{person_id}",
        "GET /reconcile",
        "GET /sparql",
    }
    failures = []
    for operation in operations:
        excluded = [positive_data_acceptance] if operation.label in LANGUAGE_PARAMETERS else []

        @given(case=operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def check(case):
            case.call_and_validate(excluded_checks=excluded)  # noqa: B023 - check() runs in this same iteration

        try:
            check()
        except Exception as error:  # collect all operations' failures, then fail once
            failures.append(f"{operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
