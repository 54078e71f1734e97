"""The DOST's dashboard: filters, sort, pagination, export of exactly the filtered rows, the province's
boundary, a new agency at once, and a number of queries that does not grow with the province."""

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from tests.supervision.rows import grow_rollup


def names(response) -> list[str]:
    return [line["row"].agency.name for line in response.context["table"]]


@pytest.mark.django_db
def test_new_agency_is_on_the_dashboard_at_once_not_computed_yet(tenant_client, supervisor, inspector, province):
    from supervision.models import AgencyStatus
    from tenants.provisioning import AgencySpec, create_agency

    agency = create_agency(AgencySpec(name="UBND xã Tân An Luông", level="commune", province=province,
                                      slug="xa-tan-an-luong", code="000.30.41.H62"))
    row = AgencyStatus.objects.get(agency=agency)  # created in the agency's own transaction
    assert row.refreshed_at is None and row.score is None
    response = tenant_client(supervisor, inspector).get("/?q=Tân An Luông")
    assert names(response) == ["UBND xã Tân An Luông"]
    assert "chưa tính" in response.content.decode()  # "not computed yet", in Vietnamese
    assert AgencyStatus.objects.get(agency=agency).agency.obligation_basis == "encouraged"


@pytest.mark.django_db
def test_the_refresh_after_creation_is_sent_once_the_agency_commits(province, django_capture_on_commit_callbacks,
                                                                    sent_tasks):
    from tenants.provisioning import AgencySpec, create_agency

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        create_agency(AgencySpec(name="UBND xã Hòa Bình", level="commune", province=province, slug="xa-hoa-binh"))
    assert sent_tasks == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert ("supervision.refresh_agency_status", [], "xa_hoa_binh") in sent_tasks  # in the new agency's schema


@pytest.mark.django_db
def test_filters_sort_and_pagination(tenant_client, supervisor, inspector, province, refreshed):
    grow_rollup(province, 120)
    client = tenant_client(supervisor, inspector)

    first = client.get("/")
    assert first.context["page"].paginator.count == 123 and len(first.context["table"]) == 50
    assert first.context["totals"]["agencies"] == 123
    assert client.get("/?page=3").context["page"].object_list.__len__() == 23

    departments = client.get("/?level=department")
    assert departments.context["page"].paginator.count == 30 + 2
    assert {line["row"].agency.level for line in departments.context["table"]} == {"department"}

    encouraged = client.get("/?obligation=encouraged").context["page"].paginator.count
    mandatory = client.get("/?obligation=mandatory").context["page"].paginator.count
    assert (encouraged, mandatory) == (91, 32)

    assert names(client.get("/?q=00042")) == ["UBND xã Tổng hợp 00042"]
    assert client.get("/?q=syn.86.0004").context["page"].paginator.count == 10

    by_score = [line["row"].score for line in client.get("/?sort=-score&level=commune").context["table"]]
    assert by_score == sorted(by_score, reverse=True) and by_score[0] > by_score[-1]
    coverage = [line["row"].value("tthc_coverage") for line in client.get("/?sort=tthc_coverage").context["table"]]
    known = [value for value in coverage if value is not None]
    assert known == sorted(known) and coverage[:len(known)] == known  # unknown values last

    flagged = client.get("/?alerting=1&level=commune").context["table"]
    assert flagged and all(any(cell.alerts or cell.short_of_target for cell in line["cells"]) for line in flagged)
    calm = [line for line in client.get("/?level=commune&page=1").context["table"]
            if not any(cell.alerts or cell.short_of_target for cell in line["cells"])]
    assert {line["row"].pk for line in calm}.isdisjoint({line["row"].pk for line in flagged})


@pytest.mark.django_db
def test_text_indicator_filter_and_state_chart(tenant_client, supervisor, inspector, province, monkeypatch):
    """A TEXT indicator (like the announcement area's publication state) filters the table and, first in order,
    draws the state distribution with its choices' labels; registered here by the test, as an area would."""
    from django.utils.translation import gettext_lazy as _

    from core import indicators
    from core.indicators import TEXT, Indicator, IndicatorGroup

    group = IndicatorGroup(area="test", compute=lambda: {"test_state": "announced"},
                           indicators=[Indicator("test_state", _("test state"), kind=TEXT, order=1,
                                                 choices=(("announced", "Đã công bố"), ("building", "Đang xây dựng")))],
                           key="test.state")
    monkeypatch.setitem(indicators.groups._entries, "test.state", group)
    grow_rollup(province, 9)
    response = tenant_client(supervisor, inspector).get("/?test_state=announced")
    assert response.context["page"].paginator.count == 3
    chart = response.context["charts"][0]
    assert chart["chart"].key == "supervision.state"
    assert dict(zip(chart["data"]["labels"], chart["data"]["series"][0]["values"], strict=True))["Đã công bố"] == 3
    assert '<option value="announced" selected>Đã công bố</option>' in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_holds_exactly_the_filtered_rows_in_order(tenant_client, supervisor, inspector, province, fmt):
    grow_rollup(province, 80)
    client = tenant_client(supervisor, inspector)
    query = "obligation=encouraged&sort=-score"
    shown = []
    page = 1
    while True:
        response = client.get(f"/?{query}&page={page}")
        shown += names(response)
        if not response.context["page"].has_next():
            break
        page += 1
    exported = client.get(f"/supervision/export.{fmt}?{query}")
    assert exported.status_code == 200
    if fmt == "csv":
        lines = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
        rows = [line[0] for line in lines[1:]]
    else:
        sheet = load_workbook(io.BytesIO(exported.content)).active
        rows = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert rows == shown and len(shown) > 50  # more than one page: the export is not the page


@pytest.mark.django_db
def test_export_neutralises_formula_like_names(tenant_client, supervisor, inspector, province):
    from tenants.models import Agency

    grow_rollup(province, 1, prefix="fx")
    Agency.objects.filter(slug="fx-00000").update(name="=HYPERLINK(\"http://x\")")
    body = tenant_client(supervisor, inspector).get("/supervision/export.csv?q=HYPERLINK").content.decode("utf-8-sig")
    assert "'=HYPERLINK" in body


@pytest.mark.django_db
def test_supervisor_of_another_province_sees_nothing_of_this_one(tenant_client, api_client, province, user_factory):
    from accounts.roles import Role
    from tenants.models import Province
    from tenants.provisioning import AgencySpec, create_agency

    can_tho = Province.objects.create(code="92", name="Thành phố Cần Thơ", slug="can-tho")
    dost = create_agency(AgencySpec(name="Sở KH&CN Cần Thơ", level="supervisor", province=can_tho, slug="ct-so-khcn"))
    create_agency(AgencySpec(name="UBND phường Ninh Kiều", level="commune", province=can_tho, slug="ct-ninh-kieu"))
    grow_rollup(province, 5)
    theirs = user_factory(dost, Role.SUPERVISOR_ADMIN)
    page = tenant_client(dost, theirs).get("/")
    assert names(page) == ["UBND phường Ninh Kiều"]
    assert "Tổng hợp" not in page.content.decode()
    vinh_long_row = grow_rollup(province, 1, prefix="vl")[0]
    assert tenant_client(dost, theirs).get(f"/supervision/agencies/{vinh_long_row.pk}/").status_code == 404
    listed = api_client(dost, theirs).get("/api/v1/supervision/agencies/?page_size=200").json()["results"]
    assert [row["agency"]["slug"] for row in listed] == ["ct-ninh-kieu"]
    assert api_client(dost, theirs).get(f"/api/v1/supervision/agencies/{vinh_long_row.pk}/").status_code == 404


@pytest.mark.django_db
def test_agency_page_shows_every_indicator_computed_at_and_its_qms_links(tenant_client, supervisor, inspector,
                                                                         agency_a, refreshed):
    response = tenant_client(supervisor, inspector).get(f"/supervision/agencies/{agency_a.pk}/")
    page = response.content.decode()
    assert response.status_code == 200 and 'data-testid="computed-at"' in page
    assert "http://so-tu-phap.localhost" in page and "/audits/" in page and "/nonconformities/" in page
    assert 'data-testid="obligation-form"' not in page  # the inspector reads; the DOST admin edits


@pytest.mark.django_db
def test_dost_admin_sets_an_obligation_basis_on_the_page(tenant_client, supervisor, dost_admin, agency_b):
    client = tenant_client(supervisor, dost_admin)
    response = client.post(f"/supervision/agencies/{agency_b.pk}/obligation/", {"obligation_basis": "provincial_plan"})
    assert response.status_code == 302
    agency_b.refresh_from_db()
    assert agency_b.obligation_basis == "provincial_plan"
    assert client.get("/?obligation=provincial_plan").context["page"].paginator.count == 1


@pytest.mark.django_db
def test_historical_agencies_are_not_listed(tenant_client, supervisor, inspector, province):
    from tenants.provisioning import AgencySpec, create_agency

    create_agency(AgencySpec(name="UBND huyện Càng Long", level="district", province=province,
                             slug="huyen-cang-long", valid_from=date(2004, 1, 1), valid_to=date(2025, 6, 30)))
    response = tenant_client(supervisor, inspector).get("/")
    assert "UBND huyện Càng Long" not in names(response) and response.context["totals"]["agencies"] == 3


@pytest.mark.django_db
def test_query_count_is_fixed_whatever_the_province_size(tenant_client, supervisor, inspector, province,
                                                         django_assert_num_queries):
    client = tenant_client(supervisor, inspector)
    grow_rollup(province, 10, prefix="a")
    client.get("/?sort=-score")  # warm the session and caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get("/?sort=-score&level=commune").status_code == 200
    grow_rollup(province, 50, prefix="b")
    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get("/?sort=-score&level=commune")
    assert response.context["page"].paginator.count > 20


@pytest.mark.django_db
def test_flagged_means_what_the_cells_flag_and_unknown_is_not_short(province):
    from core.indicators import all_indicators
    from supervision.models import AgencyStatus
    from supervision.selectors import TableQuery, table_rows

    agency = grow_rollup(province, 1, prefix="ok")[0]
    calm = {i.key: (i.target if i.target is not None else 0) for i in all_indicators()}
    AgencyStatus.objects.filter(agency=agency).update(indicators={**calm, "tthc_coverage": None})
    assert not table_rows(province.pk, TableQuery(alerting=True)).filter(agency=agency).exists()
    AgencyStatus.objects.filter(agency=agency).update(indicators={**calm, "documents_review_overdue": 2})
    assert table_rows(province.pk, TableQuery(alerting=True)).filter(agency=agency).exists()


@pytest.mark.django_db
def test_shares_and_filter_by_field_of_work(tenant_client, supervisor, dost_admin, agency_a, agency_b, province,
                                           api_client):
    client = tenant_client(supervisor, dost_admin)
    client.post(f"/supervision/agencies/{agency_a.pk}/obligation/", {"obligation_basis": "mandatory",
                                                                     "field": "  Tư   pháp "})
    agency_a.refresh_from_db()
    assert agency_a.field == "Tư pháp"
    response = client.get("/")
    assert [(s.label, s.agencies) for s in response.context["shares"]["field"]] == [("Tư pháp", 1)]
    assert names(client.get("/?field=Tư pháp")) == ["Sở Tư pháp"]
    answer = api_client(supervisor, dost_admin).post(f"/api/v1/supervision/agencies/{agency_b.pk}/obligation/",
                                                     {"obligation_basis": "encouraged", "field": "Hộ tịch"},
                                                     format="json")
    assert answer.json()["agency"]["field"] == "Hộ tịch"
    listed = api_client(supervisor, dost_admin).get("/api/v1/supervision/agencies/?field=Hộ tịch").json()
    assert [row["agency"]["slug"] for row in listed["results"]] == ["xa-long-duc"]
    too_long = client.post(f"/supervision/agencies/{agency_b.pk}/obligation/", {"obligation_basis": "encouraged",
                                                                                "field": "x" * 65})
    assert too_long.status_code == 302
    agency_b.refresh_from_db()
    assert agency_b.field == "Hộ tịch"
