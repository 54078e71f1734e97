"""Headless Chromium (Debian's /usr/bin/chromium) against eISO served from the test process.

Two ways to serve, neither through pytest-django's `live_server`, whose transactional teardown would flush
the session's base province:
- `site` (module): a threaded server over a small demo province that is committed first and taken back out
  at teardown (tests/committed.py); its requests have their own connections.
- `live_agency_url` (function): a one-request-at-a-time server that uses the test's own connection, so it
  sees the test's uncommitted rows and everything is rolled back with the test.
Browser tests run last (tests/conftest.py) as a second safeguard.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import WSGIServer
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connections
from django.test.testcases import LiveServerThread, _MediaFilesHandler

CHROMIUM = "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make system-deps` installs Debian's chromium")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "headless": True,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # A Vietnamese browser, as the agencies' staff have; the English switch is tested on purpose.
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 1280, "height": 860}}


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """A running server over a small demo province with refreshed rollups; yields its URL builder."""
    from django.test.utils import override_settings
    from django_tenants.utils import schema_context
    from pytest_django.live_server_helper import LiveServer

    from demo.services import seed_demo_province
    from supervision.services import refresh_current_agency_status
    from tenants.models import Agency
    from tests.committed import CommittedData

    with django_db_blocker.unblock():
        snapshot = CommittedData()
        server = None
        try:
            seed_demo_province(commune_limit=12, starter_packs=False)
            for schema in Agency.objects.agencies().current().values_list("schema_name", flat=True):
                with schema_context(schema):
                    refresh_current_agency_status()
            server = LiveServer("127.0.0.1:0")
            port = server.thread.port
            with override_settings(EISO_PUBLIC_PORT=str(port)):  # links between sites keep the port
                yield lambda slug="", path="/": f"http://{slug + '.' if slug else ''}localhost:{port}{path}"
        finally:
            if server is not None:
                server.stop()
            snapshot.restore()


@pytest.fixture
def browser_page(page):
    """pytest-playwright's page (Chromium, Vietnamese locale) with a patient default timeout."""
    page.set_default_timeout(15000)
    return page


class _SerialServer(WSGIServer):
    """One request at a time, so the test's connection is never used by two threads at once."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


class _InTestTransactionServer(LiveServerThread):
    server_class = _SerialServer

    def run(self):
        for alias, conn in self.connections_override.items():
            connections[alias] = conn
        try:
            self.httpd = self._create_server(connections_override=self.connections_override)
            self.port = self.httpd.server_address[1]
            self.httpd.set_app(self.static_handler(_MediaFilesHandler(WSGIHandler())))
            self.is_ready.set()
            self.httpd.serve_forever()
        except Exception as exc:  # noqa: BLE001 - raised in the test by the fixture
            self.error = exc
            self.is_ready.set()
        # no connections.close_all(): the connection belongs to the test


@pytest.fixture
def live_agency_url(db):
    """`url(agency)` -> 'http://<slug>.localhost:<port>' served inside the test's transaction."""
    from django.conf import settings
    from django.contrib.staticfiles.handlers import StaticFilesHandler

    # Django closes a connection whose autocommit differs from the settings at each request: not this one.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    connection = connections["default"]
    connection.inc_thread_sharing()
    thread = _InTestTransactionServer("127.0.0.1", StaticFilesHandler, connections_override={"default": connection})
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    try:
        if thread.error:
            raise thread.error
        yield lambda agency: f"http://{agency.slug}.{settings.EISO_BASE_DOMAIN}:{thread.port}"
    finally:
        if not thread.error:
            thread.httpd.shutdown()
            thread.httpd.server_close()
        thread.join(5)
        connection.dec_thread_sharing()
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="session", autouse=True)
def _close_connections_opened_beside_playwright(playwright):
    """Playwright's sync API runs the test thread in greenlets, and Django keeps connections per context:
    a connection opened while Playwright runs is not the one pytest-django closes before dropping the test
    database ("is being accessed by other users"). Close it while that context is still current."""
    yield
    connections.close_all()
