"""The legal register, links and update tasks over the API."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role

pytestmark = pytest.mark.django_db
API = "/api/v1/legal"


def ok(response, code=200):
    assert response.status_code == code, response.content
    return response.json() if response.content else None


def test_the_dost_keeps_the_register_and_agencies_read_and_add(api_client, agencies, keeper, secretaries,
                                                              shared_tthc, user_factory):
    dost = api_client(agencies.so_khcn, keeper)
    created = ok(dost.post(f"{API}/register/", {
        "number": "107/2021/NĐ-CP", "kind": "decree", "title": "Nghị định sửa đổi Nghị định 61/2018/NĐ-CP",
        "issuer": "Chính phủ", "signed_on": "2021-12-06", "effective_on": "2022-02-20",
        "affects": [shared_tthc.code]}, format="json"), 201)
    assert (created["kind_label"], created["affects"], created["added_by_agency"]) == ("Nghị định", ["1.000894"], None)
    staff = api_client(agencies.xa_long_duc, user_factory(agencies.xa_long_duc, Role.STAFF))
    listed = ok(staff.get(f"{API}/register/", {"tthc": "1.000894"}))
    assert [e["number"] for e in listed["results"]] == ["107/2021/NĐ-CP"]
    assert ok(staff.get(f"{API}/register/rule/")) == {"months": 3}
    assert staff.post(f"{API}/register/", {"number": "1/2026/TT-BTP"}, format="json").status_code == 403
    commune = api_client(agencies.xa_long_duc, secretaries.xa_long_duc)
    own = ok(commune.post(f"{API}/register/", {"number": "04/2020/TT-BTP", "title": "Thông tư hướng dẫn Luật Hộ tịch"},
                          format="json"), 201)
    assert own["added_by_agency"] == "xa-long-duc"
    refused = commune.patch(f"{API}/register/{created['id']}/", {"title": "Sửa"}, format="json")
    assert refused.status_code == 403 and refused.json()["code"] == "legal_not_keeper"
    bad = commune.post(f"{API}/register/", {"number": "04/2020/tt-btp"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "legal_number_taken"
    assert ok(dost.patch(f"{API}/register/{own['id']}/", {"issuer": "Bộ Tư pháp"}, format="json"))["issuer"] == \
        "Bộ Tư pháp"
    assert ok(dost.post(f"{API}/register/rule/set/", {"months": 4}, format="json")) == {"months": 4}
    assert commune.post(f"{API}/register/rule/set/", {"months": 1}, format="json").status_code == 403
    history = ok(dost.get(f"{API}/register/{created['id']}/history/"))
    assert history[0]["action"] == "legal.create_legal_document"


def test_links_and_tasks_of_an_agency(api_client, agencies, keeper, secretaries, user_factory, other_province):
    from documents import services
    from legal import services as register_services

    with tenant_context(agencies.so_khcn):
        entry = register_services.create_legal_document(actor=keeper, number="61/2018/NĐ-CP", kind="decree",
                                                        effective_on=date(2018, 6, 21))
    with tenant_context(other_province.dost):
        foreign = register_services.create_legal_document(actor=other_province.admin, number="61/2018/NĐ-CP")
    with tenant_context(agencies.so_tu_phap):
        document = services.create_document(actor=secretaries.so_tu_phap, code="QT-MC-01", kind="system_procedure",
                                            title="Quy trình tiếp nhận và trả kết quả")
    client = api_client(agencies.so_tu_phap, secretaries.so_tu_phap)
    refused = client.post(f"{API}/links/", {"document": document.pk, "legal_document": foreign.pk}, format="json")
    assert refused.status_code == 400 and refused.json()["code"] == "legal_link_unknown"
    link = ok(client.post(f"{API}/links/", {"document": document.pk, "legal_document": entry.pk,
                                            "articles": "Điều 8"}, format="json"), 201)
    assert (link["number"], link["articles"]) == ("61/2018/NĐ-CP", "Điều 8")
    assert ok(client.get(f"{API}/links/", {"document": document.pk}))["count"] == 1
    assert ok(client.get(f"{API}/tasks/"))["count"] == 0  # a draft has no edition in force to revise
    ok(client.delete(f"{API}/links/{link['id']}/"), 204)
    assert ok(client.get(f"{API}/links/"))["count"] == 0


def test_tasks_are_listed_with_their_state(api_client, agencies, secretaries, user_factory):
    from legal_updates.models import UpdateTask

    with tenant_context(agencies.so_y_te):
        UpdateTask.objects.create(legal_document_id=1, tthc_code="1.000894", effective_on=date(2025, 1, 1),
                                  opened_on=date(2025, 1, 1), due_on=date(2025, 4, 1))
        UpdateTask.objects.create(legal_document_id=2, tthc_code="1.000894", effective_on=date(2099, 1, 1),
                                  opened_on=date(2099, 1, 1), due_on=date(2099, 4, 1))
    client = api_client(agencies.so_y_te, user_factory(agencies.so_y_te, Role.STAFF))
    assert [t["state"] for t in ok(client.get(f"{API}/tasks/"))["results"]] == ["overdue", "due"]
    assert [t["due_on"] for t in ok(client.get(f"{API}/tasks/", {"state": "overdue"}))["results"]] == ["2025-04-01"]
