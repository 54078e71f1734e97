"""One way to get agencies in tests, fast.

The test database is built once per run: shared tables, the template schema, and a small realistic province
(a DOST supervisor, two departments and a commune). Every test then runs inside a transaction that is rolled
back, so tests may create more agencies (DDL replay is transactional and ~0.05 s) without leaving anything.
"""

from __future__ import annotations

import os

import pytest
from django.db import connection
from django.test import Client
from rest_framework.test import APIClient

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop shares the test thread

from tests.factories import PROVINCE, build_base_province, make_user  # noqa: E402


def pytest_collection_modifyitems(items):
    """Browser tests run last: their live server reads committed data (see tests/browser/conftest.py)."""
    items.sort(key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.fixture(scope="session", autouse=True)
def delete_output_dir():
    """Replaces pytest-playwright's, which empties test-results/ at the start of every session: keep the
    screenshots other runs left in test-results/screenshots/ (each is overwritten by name anyway)."""


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        build_base_province()


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files and snapshots go to a throw-away folder, still one sub-folder per agency schema."""
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture(autouse=True)
def _second_factor_passed(monkeypatch):
    """A session opened with force_login has passed the second factor too (its person gets an authenticator
    app if their roles need one): tests of other things skip the step. tests/accounts/test_second_factor.py
    overrides this fixture to test the step itself."""
    from tests.factories import pass_second_factor

    original = Client.force_login

    def force_login(self, user, backend=None):
        original(self, user, backend)
        pass_second_factor(self, user)

    monkeypatch.setattr(Client, "force_login", force_login)


@pytest.fixture(autouse=True)
def _public_schema_between_tests():
    yield
    connection.set_schema_to_public()


@pytest.fixture
def province(db):
    from tenants.models import Province

    return Province.objects.get(code=PROVINCE["code"])


def _agency(slug):
    from tenants.models import Agency

    return Agency.objects.get(slug=slug)


@pytest.fixture
def agency_a(db):
    """Sở Tư pháp: a provincial department."""
    return _agency("so-tu-phap")


@pytest.fixture
def agency_b(db):
    """UBND xã Long Đức: a commune."""
    return _agency("xa-long-duc")


@pytest.fixture
def supervisor(db):
    return _agency("so-khcn")


@pytest.fixture
def user_factory(db):
    return make_user


def host_of(agency) -> str:
    from django.conf import settings

    return f"{agency.slug}.{settings.EISO_BASE_DOMAIN}"


@pytest.fixture
def tenant_client():
    """A Django test client bound to an agency's subdomain, optionally logged in."""

    def build(agency, user=None):
        client = Client(HTTP_HOST=host_of(agency))
        if user is not None:
            client.force_login(user)
        return client

    return build


@pytest.fixture
def api_client():
    """A DRF client bound to an agency's subdomain, authenticated by token or session if given a user."""

    def build(agency, user=None, token=None):
        client = APIClient(HTTP_HOST=host_of(agency))
        if token:
            client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
        elif user is not None:
            client.force_authenticate(user)
        return client

    return build


def session_database_url() -> str:
    """This session's test database (this xdist worker's), as a URL another process can be given."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    return f"postgresql://{db['USER']}@/{db['NAME']}?host={db['HOST']}"


def process_env(database_url: str | None = None, redis_url: str | None = None, **extra) -> dict:
    """The environment of a real eISO process a test starts (worker, gunicorn): test settings, the session's
    database and Redis unless told others. The URLs are final: PYTEST_XDIST_WORKER is not passed on, so
    settings/test.py does not renumber the Redis database again."""
    from django.conf import settings

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="eiso.settings.test",
               DATABASE_URL=database_url or session_database_url(), REDIS_URL=redis_url or settings.REDIS_URL,
               PYTHONPATH=os.pathsep.join([str(settings.PLATFORM_DIR), str(settings.REPO_ROOT)]), **extra)
    env.pop("PYTEST_XDIST_WORKER", None)
    return env


@pytest.fixture
def celery_worker_process(db):
    """A real Celery worker in its own process on the test Redis (and the test database)."""
    import subprocess
    import sys
    import time

    from eiso.celery import app

    env = process_env()
    proc = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "eiso", "worker", "-P", "solo", "-Q", "celery,fanout",
         "--without-gossip", "--without-mingle", "-l", "WARNING", "-n", f"test-{os.getpid()}@%h"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while not app.control.ping(timeout=0.5):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail("the Celery worker did not start")
    yield proc
    proc.terminate()
    proc.wait(10)


@pytest.fixture
def sent_tasks(monkeypatch):
    """What went to Celery by name (core.outbox, beat sweeps): (task, args, schema) in order, nothing sent.
    Give `run={"task.name": function}` to run some at once in the schema they were sent from, as the worker
    would: `sent_tasks.run["supervision.refresh_agency_status"] = refresh_current_agency_status`."""
    from django.db import connection

    from eiso.celery import app

    class Sent(list):
        run: dict = {}

    sent = Sent()
    sent.run = {}

    def send_task(name, args=None, kwargs=None, **options):
        sent.append((name, list(args or []), connection.schema_name))
        if name in sent.run:
            sent.run[name](*(args or []), **(kwargs or {}))

    monkeypatch.setattr(app, "send_task", send_task)
    return sent
