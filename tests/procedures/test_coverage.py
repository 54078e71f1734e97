"""Coverage: which TTHC the catalogue assigns to an agency an effective procedure carries, and which of those
procedures fell behind their catalogue entry. One function answers for the page, the API and the supervisor."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.tthc.conftest import entry_values, keeper  # noqa: F401

from .conftest import spec_fields

pytestmark = pytest.mark.django_db

MONTH_AGO = timezone.localdate() - timedelta(days=30)


@pytest.fixture
def catalogue(supervisor, keeper, agency_a):  # noqa: F811 - the imported fixture
    """Three department TTHC assigned to Sở Tư pháp by name, and a commune one it is not given."""
    from tthc import services

    named = {"agencies": [agency_a], "assigned_levels": []}
    with tenant_context(supervisor):
        entries = {
            "criminal_record": services.create_entry(actor=keeper, **entry_values(
                code="2.000488", name="Cấp Phiếu lý lịch tư pháp cho công dân", field="Lý lịch tư pháp",
                level="department", time_limit=10), **named),
            "criminal_record_agencies": services.create_entry(actor=keeper, **entry_values(
                code="2.000505", name="Cấp Phiếu lý lịch tư pháp cho cơ quan nhà nước", field="Lý lịch tư pháp",
                level="department", time_limit=10), **named),
            "notary": services.create_entry(actor=keeper, **entry_values(
                code="1.001877", name="Đăng ký hành nghề công chứng", field="Công chứng", level="department", time_limit=10), **named),
            "birth": services.create_entry(actor=keeper, **entry_values()),  # commune level
        }
    for entry in entries.values():  # published by a decision of last year, not today
        type(entry).objects.filter(pk=entry.pk).update(content_changed_on=MONTH_AGO - timedelta(days=300))
        entry.refresh_from_db()
    return entries


@pytest.fixture
def carry(in_agency_a, make_document, approve, people):
    """Publish a TTHC procedure carrying `codes`, issued a month ago."""
    from documents import services as documents
    from procedures import services

    def run(code, codes, *, time_limit="10", publish=True):
        document = make_document(code, kind="tthc_procedure", title="Quy trình cấp Phiếu lý lịch tư pháp")
        revision = document.revisions.get()
        services.save_procedure(revision, actor=people.secretary,
                                **spec_fields(tthc_codes=codes, time_limit=time_limit))
        if publish:
            documents.publish(approve(revision), actor=people.secretary, issue_date=MONTH_AGO)
        return document

    return run


def _states(agency) -> dict[str, str]:
    from procedures.selectors import tthc_coverage

    return {row.entry.code: row.status for row in tthc_coverage(agency).rows}


def test_assigned_tthc_without_an_effective_procedure_are_missing(catalogue, carry, agency_a):
    from procedures.selectors import tthc_coverage

    carry("QT-TTHC-01", ["2.000488", "2.000505"])  # several TTHC share one procedure
    carry("QT-TTHC-02", ["1.001877"], publish=False)  # a draft carries nothing yet
    coverage = tthc_coverage(agency_a)
    assert _states(agency_a) == {"2.000488": "covered", "2.000505": "covered", "1.001877": "missing"}
    assert (coverage.assigned, coverage.with_procedure, coverage.percent) == (3, 2, 66)  # 66.7 rounded down
    assert [row.document.code for row in coverage.rows_in("covered")] == ["QT-TTHC-01", "QT-TTHC-01"]


def test_a_procedure_issued_before_its_entry_changed_is_behind_the_catalogue(catalogue, carry, agency_a,
                                                                              supervisor, keeper):  # noqa: F811
    from procedures.selectors import tthc_coverage
    from tthc import services

    carry("QT-TTHC-01", ["2.000488", "2.000505"])
    with tenant_context(supervisor):
        services.update_entry(catalogue["criminal_record"], actor=keeper, legal_basis="Thông tư 06/2024/TT-BTP")
        services.update_entry(catalogue["criminal_record_agencies"], actor=keeper, field="Tư pháp")  # a label
    coverage = tthc_coverage(agency_a)
    assert _states(agency_a)["2.000488"] == "outdated"
    assert _states(agency_a)["2.000505"] == "covered"  # renaming its field changes nothing a procedure says
    [row] = coverage.rows_in("outdated")
    assert "trước khi danh mục thay đổi" in row.reasons[0]
    assert coverage.percent == 66  # behind, but still carried: coverage counts it, the outdated count shows it


def test_a_time_limit_longer_than_the_catalogues_is_behind(catalogue, carry, agency_a):
    from procedures.selectors import tthc_coverage

    carry("QT-TTHC-03", ["1.001877"], time_limit="12")
    [row] = tthc_coverage(agency_a).rows_in("outdated")
    assert row.entry.code == "1.001877"
    assert "12 ngày làm việc" in row.reasons[0] and "10 ngày làm việc" in row.reasons[0]


def test_a_withdrawn_entry_leaves_the_count_and_nothing_assigned_is_not_zero(catalogue, agency_a, supervisor,
                                                                             keeper, agency_b):  # noqa: F811
    from procedures.selectors import tthc_coverage
    from tthc import services

    with tenant_context(supervisor):
        services.withdraw_entry(catalogue["notary"], actor=keeper)
    with tenant_context(agency_a):
        assert tthc_coverage(agency_a).assigned == 2
    with tenant_context(supervisor):
        dost = tthc_coverage(supervisor)  # the DOST is assigned none of these
    assert dost.assigned == 0 and dost.percent is None


def test_the_supervisor_indicator_is_the_same_figure(catalogue, carry, agency_a):
    from core.indicators import compute_all
    from procedures.selectors import tthc_coverage

    carry("QT-TTHC-01", ["2.000488"])
    values = compute_all()
    coverage = tthc_coverage(agency_a)
    assert values["tthc_coverage"] == coverage.percent == 33
    assert (values["tthc_assigned"], values["tthc_missing"], values["tthc_outdated"]) == (3, 2, 0)


def test_the_rollup_row_and_dashboard_show_the_percentage(catalogue, carry, agency_a, supervisor, tenant_client,
                                                          user_factory):
    from accounts.roles import Role
    from supervision.services import refresh_current_agency_status

    carry("QT-TTHC-01", ["2.000488", "2.000505", "1.001877"])
    refresh_current_agency_status()
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    page = tenant_client(supervisor, inspector).get("/").content.decode()
    assert "100%" in page


def test_the_coverage_page_lists_each_state(catalogue, carry, agency_a, tenant_client, people):
    carry("QT-TTHC-01", ["2.000488"])
    client = tenant_client(agency_a, people.staff)
    page = client.get("/tthc/coverage/").content.decode()
    assert 'data-testid="coverage-percent">33%' in page
    assert 'data-testid="tthc-coverage" aria-current="page"' in page  # the tab of the page is marked
    assert 'data-testid="coverage-row-1.001877"' in page and 'data-testid="coverage-missing"' in page
    only_missing = client.get("/tthc/coverage/?status=missing").content.decode()
    assert "coverage-row-2.000488" not in only_missing and "coverage-row-1.001877" in only_missing
    assert client.get("/tthc/coverage/?status=nonsense").status_code == 200  # an unknown filter shows all


def test_the_api_gives_the_same_rows_and_refuses_an_unknown_state(catalogue, carry, agency_a, api_client,
                                                                  people):
    carry("QT-TTHC-01", ["2.000488", "2.000505"])
    client = api_client(agency_a, people.staff)
    body = client.get("/api/v1/tthc-coverage/").json()
    assert (body["assigned"], body["with_procedure"], body["missing"], body["percent"]) == (3, 2, 1, 66)
    covered = client.get("/api/v1/tthc-coverage/?status=covered").json()["rows"]
    assert [(r["tthc_code"], r["document_code"], r["issue_date"]) for r in covered] == [
        ("2.000488", "QT-TTHC-01", MONTH_AGO.isoformat()), ("2.000505", "QT-TTHC-01", MONTH_AGO.isoformat())]
    refused = client.get("/api/v1/tthc-coverage/?status=nonsense", HTTP_ACCEPT_LANGUAGE="vi")
    assert refused.status_code == 400


def test_a_missing_row_links_to_a_prefilled_procedure_form_and_the_model_library(catalogue, agency_a, tenant_client,
                                                                                 people):
    client = tenant_client(agency_a, people.secretary)
    page = client.get("/tthc/coverage/").content.decode()
    assert 'data-testid="coverage-write-1.001877"' in page and "/models/?q=1.001877" in page
    form = client.get("/documents/new/?kind=tthc_procedure&title=%C4%90%C4%83ng+k%C3%BD+h%C3%A0nh+ngh%E1%BB%81").content.decode()
    assert 'value="tthc_procedure" selected' in form and 'value="Đăng ký hành nghề"' in form
    assert "coverage-write" not in tenant_client(agency_a, people.staff).get("/tthc/coverage/").content.decode()
