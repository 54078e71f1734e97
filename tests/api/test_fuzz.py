"""A property-based fuzzer (schemathesis + Hypothesis) over every operation of an agency's API and of the
platform API, in-process, with a real token.

For each operation of the OpenAPI schema the app itself serves (/api/schema/ on the agency's host, and on
the bare domain for the operators' API), Hypothesis generates requests the schema allows; path ids are
drawn from the real objects of a realistic QMS (tests/api/test_isolation_matrix.build_qms) plus one that
does not exist. Every answer must

- not be a server error (5xx);
- match its documented response schema, status code and content type;
- accept the data the schema allows: a 400 that is a serializer's field error (or a domain error that
  only says the input was malformed) means the schema promises more than the API takes.

Each request runs in a savepoint that is rolled back, so every example meets the same world (the fuzzer
cannot delete what the next example needs, nor log itself out) and the run is reproducible. CI runs a few
examples per operation, derandomized; for a longer local run:

    EISO_FUZZ_EXAMPLES=50 .venv/bin/python -m pytest tests/api/test_fuzz.py
    EISO_FUZZ_SEED=1234 ...   # a random (but repeatable) run instead of the derandomized one
"""

from __future__ import annotations

import os
import re
import sys
from contextlib import contextmanager

import pytest
import schemathesis
from django.core.signals import got_request_exception, request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, connection, transaction
from django.test import Client
from django.urls import resolve
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from accounts.models import ApiToken, Membership
from accounts.roles import Role
from core.errors import catalogue
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("EISO_FUZZ_EXAMPLES", "2"))  # per operation: ~200 operations in CI's 90 s
SEED = os.environ.get("EISO_FUZZ_SEED")
ONLY = re.compile(os.environ.get("EISO_FUZZ_ONLY", ""))  # e.g. "documents" to fuzz matching operations only
MISSING_ID = 987654321
# Domain codes that only say the input was malformed: the schema should have said so first.
MALFORMED_INPUT_CODES = {"invalid_date", "unknown_field"}
DOMAIN_CODES = {error.code for error in catalogue()}
# DRF's words (requests are sent with Accept-Language: en) for an id in the body that resolves to nothing.
# (and django-filter's, for a filter by an id that is not here).
MISSING_OBJECT = re.compile(r"object does not exist|does not exist\.|not a member|"
                            r"Select a valid choice\. That choice is not one of the available choices", re.IGNORECASE)


@contextmanager
def _in_process_requests():
    """What django.test.Client does around a request: keep the test's connection open (Django would close
    it at each request's end) and collect the exception behind any 500."""
    errors = []

    def keep(sender, request=None, **kwargs):
        errors.append(sys.exc_info()[1])

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    got_request_exception.connect(keep)
    try:
        yield errors
    finally:
        got_request_exception.disconnect(keep)
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def accepts_positive_data(ctx, response, case):
    """A request the schema allows is not refused as malformed (schemathesis' positive_data_acceptance,
    less the refusals no schema can foresee: a business rule's {code, detail}, a missing object, a role)."""
    if case.meta is None or not case.meta.generation.mode.is_positive or response.status_code != 400:
        return None
    if case.operation.path.endswith("/auth/token/"):
        return None  # well-formed credentials that name no account: refused, rightly
    try:
        body = response.json()
    except ValueError:
        body = None
    if isinstance(body, dict) and body.get("code") in DOMAIN_CODES - MALFORMED_INPUT_CODES:
        return None
    if MISSING_OBJECT.search(response.text):
        return None  # an id in the body that names nothing here: the schema cannot know which ids exist
    raise AssertionError(f"valid data refused as malformed: {response.content[:400]!r}")


CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          accepts_positive_data]


def _schema(host: str, app) -> schemathesis.schemas.BaseSchema:
    raw = Client(HTTP_HOST=host).get("/api/schema/?format=json").json()
    for operations in raw["paths"].values():
        for operation in operations.values():
            content = operation.get("requestBody", {}).get("content", {})
            # JSON where the operation takes it: DRF also parses forms, where a null cannot be written (it
            # arrives as the text "None"), so form bodies would only find that. Uploads are multipart only.
            if "application/json" in content:
                for media_type in [m for m in content if m != "application/json"]:
                    del content[media_type]
    schema = schemathesis.openapi.from_dict(raw)
    schema.app = app
    return schema


def _operations(schema) -> list:
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 1, "the schema lists no operations"
    return [op for op in operations if ONLY.search(f"{op.method.upper()} {op.path}")]


def _fuzz(operation, *, host, token, ids_for, app, errors):
    """Run the operation's examples; returns a list of failure messages."""
    seen = {}
    params = [p.name for p in operation.path_parameters]
    choices = {name: ids_for(operation, name) for name in params}
    headers = {"Accept-Language": "en", **({"Authorization": f"Token {token}"} if token else {})}

    @settings(max_examples=EXAMPLES, deadline=None, derandomize=SEED is None, database=None,
              suppress_health_check=list(HealthCheck), phases=["explicit", "generate"], print_blob=False)
    @given(case=operation.as_strategy(), data=st.data())
    def run(case, data):
        for name, options in choices.items():
            if options:
                case.path_parameters[name] = data.draw(st.sampled_from(options), label=name)
        errors.clear()
        with transaction.atomic():
            sid = transaction.savepoint()
            try:
                response = case.call(base_url=f"http://{host}", headers=headers, app=app)
            finally:
                transaction.savepoint_rollback(sid)
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except (Exception, BaseExceptionGroup) as exc:  # a check failed: note it, go on with the next example
            for failure in getattr(exc, "exceptions", [exc]):
                key = (case.method, operation.path, _describe(failure))
                if key not in seen:
                    seen[key] = f"{case.method} {case.formatted_path} → {response.status_code}: {key[2]}" + (
                        f"\n    sent: {_sent(case)}\n    answer: {response.content[:300]!r}"
                        if response.status_code >= 400 else "") + (
                        f"\n    server error: {errors[0]!r}" if errors else "")

    if SEED is not None:
        run = seed(int(SEED))(run)
    run()
    return list(seen.values())


def _sent(case) -> str:
    body = case.body if not isinstance(case.body, schemathesis.core.NotSet) else None
    return f"query={case.query!r} body={body!r}"[:300]


def _describe(failure) -> str:
    """One line per kind of failure: the check's title and, for a schema violation, what and where."""
    title = getattr(failure, "title", type(failure).__name__)
    what = getattr(failure, "validation_message", None) or str(getattr(failure, "message", failure))
    where = "/".join(str(step) for step in getattr(failure, "instance_path", []) or [])
    return f"{title}: {(what.strip().splitlines() or [''])[0][:200]}" + (f" at {where}" if where else "")


def _ids_from_routes(ids: dict, urlconf: str):
    """Path parameter -> the real ids built for it (by model for `id`, by name otherwise) and one that names
    nothing; none for a parameter without real ids (the generator's own values then)."""

    def ids_for(operation, name):
        probe = re.sub(r"\{[^}]+\}", "1", operation.path)
        match = resolve(probe, urlconf=urlconf)
        view = getattr(match.func, "cls", None)
        if name in ("id", "pk") and view is not None:
            model = getattr(view, "model", None) or getattr(getattr(view, "queryset", None), "model", None)
            found = ids.get(model._meta.label, []) if model is not None else []
        else:
            found = ids.get(name, [])
        if not found:
            return []
        return [*found, MISSING_ID if isinstance(found[0], int) else "khong-co"]

    return ids_for


@pytest.fixture
def broad_caller(agency_a, user_factory):
    """The agency's administrator who is also its ISO secretary, with a real token."""
    user = user_factory(agency_a, Role.AGENCY_ADMIN, full_name="Phạm Thị Hoa")
    Membership.objects.create(user=user, agency=agency_a, role=Role.ISO_SECRETARY)
    _, token = ApiToken.objects.create(user, agency=agency_a)
    return user, token


def fuzz_api(host: str, token: str, ids: dict, urlconf: str) -> None:
    """Fuzz every operation of the schema served on `host`; one report of every failure at the end."""
    app = get_wsgi_application()
    schema = _schema(host, app)  # through django.test.Client, which puts close_old_connections back when done
    failures = []
    with _in_process_requests() as errors:
        ids_for = _ids_from_routes(ids, urlconf)
        for operation in _operations(schema):
            failures += _fuzz(operation, host=host, token=token, ids_for=ids_for, app=app, errors=errors)
    assert not failures, "\n\n".join(failures)


def test_fuzz_the_agency_api(agency_a, broad_caller, user_factory):
    from tests.api.test_isolation_matrix import build_qms

    user, token = broad_caller
    ids = build_qms(agency_a, secretary=user, approver=user_factory(agency_a, Role.APPROVER),
                    reader=user_factory(agency_a, Role.STAFF))
    connection.set_schema_to_public()
    fuzz_api(host_of(agency_a), token, ids, "eiso.urls_tenant")


def test_fuzz_the_platform_api(agency_a, user_factory):
    """The operators' API on the bare domain, with an operator's token issued there, and a real job."""
    from django.conf import settings
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tenants.bulk import run_job
    from tenants.models import Agency, ProvisioningJob

    operator = user_factory(superuser=True, full_name="Quản trị nền tảng")
    public = Agency.objects.get(schema_name=settings.PUBLIC_SCHEMA_NAME)
    _, token = ApiToken.objects.create(operator, agency=public)
    host = settings.EISO_BASE_DOMAIN
    client = Client(HTTP_HOST=host, HTTP_AUTHORIZATION=f"Token {token}")
    upload = SimpleUploadedFile("dot-1.csv", "code;name;level\n000.30.70.H62;UBND xã Phú Quới;xã\n".encode())
    posted = client.post("/api/v1/provisioning/jobs/", {"file": upload, "province": agency_a.province.code})
    assert posted.status_code == 202, posted.content
    job = ProvisioningJob.objects.get(pk=posted.json()["id"])
    run_job(job)
    fuzz_api(host, token, {"tenants.ProvisioningJob": [job.pk], "slug": [agency_a.slug]}, "eiso.urls_public")
