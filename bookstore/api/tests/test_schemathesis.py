"""Property-based bad input against the generated schema, in-process (WSGI), on PostgreSQL.

Schemathesis reads /api/schema/ from this project's own application and, for every operation, sends
schema-valid and deliberately invalid requests (wrong types, out-of-range numbers, missing or extra fields,
malformed bodies). Every response must be a non-5xx, with a status code, content type, headers and body the
schema documents, and invalid input must be refused with a 4xx. Bounded: a few dozen examples per
operation, derandomised, so the run takes seconds and fails the same way twice.
"""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bookstore.accounts.tests.factories import UserFactory
from bookstore.catalog.tests.factories import AuthorFactory, BookFactory, GenreFactory
from bookstore.reviews.tests.factories import ReviewFactory
from bookstore.tokens.tests.factories import create_token
from config.wsgi import application

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    negative_data_rejection,
]
EXAMPLES_PER_OPERATION = 25
GENEROUS = {"anon": "100000/min", "user": "100000/min", "writes": "100000/min"}


@pytest.fixture
def catalog(db):
    author = AuthorFactory(slug="ursula")
    genre = GenreFactory(slug="science-fiction")
    book = BookFactory(authors=[author], genres=[genre])
    reader = UserFactory()
    ReviewFactory(book=book)
    own_review = ReviewFactory(book=BookFactory(), user=reader)
    return {
        "headers": {"Authorization": f"Bearer {create_token(user=reader).key}"},
        "path_parameters": {
            "id": str(book.pk),
            "slug": author.slug,
        },
        "review_id": own_review.pk,
        "genre": genre.slug,
    }


def _operations():
    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    return schema, [result.ok() for result in schema.get_all_operations()]


@pytest.mark.django_db
@override_settings(API_THROTTLE_RATES=GENEROUS)
def test_every_operation_survives_generated_good_and_bad_input(catalog):
    cache.clear()
    # Called directly, the WSGI handler closes the database connection after each request (as Django's test
    # client prevents): that would end the test's transaction. Keep it open, as the test client does.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        failures = _exercise_all(catalog)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    assert not failures, "\n\n".join(failures)


def _exercise_all(catalog):
    _, operations = _operations()
    assert len(operations) >= 10, "the schema lost its operations"
    failures = []

    for operation in operations:
        known = {}
        if "{id}" in operation.path:
            known = {
                "id": catalog["review_id"]
                if operation.path.startswith("/api/v1/reviews/")
                else catalog["path_parameters"]["id"]
            }
        elif "{slug}" in operation.path:
            known = {
                "slug": catalog["genre"] if "genres" in operation.path else catalog["path_parameters"]["slug"]
            }
        strategies = [
            operation.as_strategy(generation_mode=GenerationMode.POSITIVE),
            operation.as_strategy(generation_mode=GenerationMode.NEGATIVE),
        ]
        if known:
            strategies.append(
                operation.as_strategy(generation_mode=GenerationMode.POSITIVE, path_parameters=known)
            )
            strategies.append(
                operation.as_strategy(generation_mode=GenerationMode.NEGATIVE, path_parameters=known)
            )

        @settings(
            max_examples=EXAMPLES_PER_OPERATION,
            deadline=None,
            database=None,
            derandomize=True,
            phases=[Phase.explicit, Phase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=st.one_of(*strategies))
        def exercise(case):
            response = case.call(headers=catalog["headers"])
            case.validate_response(response, checks=CHECKS, headers=catalog["headers"])

        try:
            exercise()
        except Exception as error:  # collect every operation's first failure, then report them all
            failures.append(f"{operation.method.upper()} {operation.path}:\n{error}")
    return failures
