"""/api/v1/supervision/: the same agencies, filters and order as the dashboard, page_size honoured and capped."""

import pytest

from tests.supervision.rows import grow_rollup

URL = "/api/v1/supervision/agencies/"


@pytest.mark.django_db
def test_list_honours_page_size_capped_and_the_dashboards_filters(api_client, tenant_client, supervisor, inspector,
                                                                  province):
    grow_rollup(province, 250)
    client = api_client(supervisor, inspector)
    body = client.get(f"{URL}?page_size=20").json()
    assert body["count"] == 253 and len(body["results"]) == 20
    assert len(client.get(f"{URL}?page_size=5000").json()["results"]) == 200
    query = "level=commune&sort=-score&alerting=1"
    api_slugs, url = [], f"{URL}?{query}&page_size=200"
    while url:
        page = client.get(url).json()
        api_slugs += [row["agency"]["slug"] for row in page["results"]]
        url = page["next"]
    dashboard_slugs, number = [], 1
    while True:
        response = tenant_client(supervisor, inspector).get(f"/?{query}&page={number}")
        dashboard_slugs += [line["row"].agency.slug for line in response.context["table"]]
        if not response.context["page"].has_next():
            break
        number += 1
    assert api_slugs == dashboard_slugs and len(api_slugs) > 50
    first = client.get(f"{URL}?{query}").json()["results"][0]
    assert {"score", "refreshed_at", "computed", "indicators"} <= set(first)
    assert first["agency"]["obligation_basis"] == "encouraged"


@pytest.mark.django_db
def test_detail_and_obligation_basis(api_client, supervisor, inspector, dost_admin, agency_b):
    assert api_client(supervisor, inspector).get(f"{URL}{agency_b.pk}/").json()["agency"]["slug"] == "xa-long-duc"
    refused = api_client(supervisor, inspector).post(f"{URL}{agency_b.pk}/obligation/",
                                                     {"obligation_basis": "mandatory"}, format="json")
    assert refused.status_code == 403
    answer = api_client(supervisor, dost_admin).post(f"{URL}{agency_b.pk}/obligation/",
                                                     {"obligation_basis": "provincial_plan"}, format="json")
    assert answer.status_code == 200 and answer.json()["agency"]["obligation_basis"] == "provincial_plan"
    wrong = api_client(supervisor, dost_admin).post(f"{URL}{agency_b.pk}/obligation/",
                                                    {"obligation_basis": "always"}, format="json")
    assert wrong.status_code == 400


@pytest.mark.django_db
def test_weights_over_the_api(api_client, supervisor, inspector, dost_admin, province):
    listed = api_client(supervisor, inspector).get("/api/v1/supervision/weights/").json()
    assert {"tthc_coverage"} <= {row["key"] for row in listed} and all(row["weight"] == 1 for row in listed)
    assert api_client(supervisor, inspector).post("/api/v1/supervision/weights/set/", {"weights": {}},
                                                  format="json").status_code == 403
    answer = api_client(supervisor, dost_admin).post("/api/v1/supervision/weights/set/",
                                                     {"weights": {"tthc_coverage": 4}}, format="json")
    assert answer.status_code == 200
    assert {row["key"]: row["weight"] for row in answer.json()}["tthc_coverage"] == 4
    bad = api_client(supervisor, dost_admin).post("/api/v1/supervision/weights/set/",
                                                  {"weights": {"nothing": 4}}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "unknown_indicator"
