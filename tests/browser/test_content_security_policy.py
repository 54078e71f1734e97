"""Content-Security-Policy in force and nothing of ours breaking it: every page a secretary opens, the API's
Swagger UI included, runs without one policy violation (scripts only from our static files)."""

from __future__ import annotations

import pytest

from accounts.roles import Role

from .helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db]

PAGES = ["/", "/documents/", "/documents/new/", "/documents/records/", "/tthc/", "/tthc/coverage/", "/dossiers/",
         "/committee/", "/legal/", "/models/", "/calendar/", "/notifications/", "/api/docs/"]
WATCH = """window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + e.sourceFile));"""


def test_no_page_violates_the_policy(browser_page, live_agency_url, agency_a, user_factory):
    page, base = browser_page, live_agency_url(agency_a)
    page.add_init_script(WATCH)
    secretary = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    log_in(page, base, secretary)
    found = {}
    for path in PAGES:
        answer = page.goto(f"{base}{path}")
        assert answer.status < 400, path
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        page.wait_for_load_state("networkidle")
        violations = page.evaluate("window.__violations")
        if violations:
            found[path] = violations
    assert not found, found
    page.goto(f"{base}/api/docs/")
    page.wait_for_selector(".swagger-ui .information-container", timeout=20000)  # the UI really started
