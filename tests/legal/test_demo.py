"""The demo's legal register: real national documents, illustrations dated from today, and the tasks they
open on the province the tests run on."""

from __future__ import annotations

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role

pytestmark = pytest.mark.django_db


def test_the_demo_register_opens_due_tasks_and_is_made_once(province, agencies, user_factory):
    from demo.legal_register import ILLUSTRATIONS, NATIONAL, ensure_register
    from legal.models import LegalDocument
    from legal_updates.models import UpdateTask
    from tthc.models import TthcEntry

    keeper = user_factory(agencies.so_khcn, Role.SUPERVISOR_ADMIN, username="so-khcn.admin-legal")
    for code, name in (("1.001193", "Đăng ký khai sinh"), ("1.000894", "Đăng ký kết hôn")):
        TthcEntry.objects.create(province=province, code=code, name=name, level="commune", time_limit=1,
                                 assigned_levels=["commune"])
    slugs = {a.slug: a for a in (agencies.so_tu_phap, agencies.xa_long_duc)}
    assert ensure_register(province, agencies.so_khcn, keeper, slugs) == len(NATIONAL) + len(ILLUSTRATIONS)
    assert LegalDocument.objects.get(number="61/2018/NĐ-CP").kind == "decree"
    with tenant_context(agencies.xa_long_duc):  # no procedure yet: overdue for marriage, due for birth
        tasks = {t.tthc_code: t for t in UpdateTask.objects.filter(document=None)}
        assert set(tasks) == {"1.001193", "1.000894"}
        from legal_updates.selectors import state_of

        assert (state_of(tasks["1.000894"]), state_of(tasks["1.001193"])) == ("overdue", "due")
    with tenant_context(agencies.so_tu_phap):
        assert not UpdateTask.objects.exists()  # its TTHC's change takes effect later
    assert ensure_register(province, agencies.so_khcn, keeper, slugs) == 0


def test_the_demo_links_the_starter_procedure_to_its_laws(province, agencies, user_factory):
    from demo.legal_register import ensure_register
    from demo.qms import fill_tthc_procedure
    from documents.legal_basis import citations
    from documents.models import Document

    keeper = user_factory(agencies.so_khcn, Role.SUPERVISOR_ADMIN, username="so-khcn.admin-legal")
    secretary = user_factory(agencies.so_tu_phap, Role.ISO_SECRETARY, username="so-tu-phap.thuky")
    assert fill_tthc_procedure(agencies.so_tu_phap, secretary,
                               user_factory(agencies.so_tu_phap, Role.APPROVER, username="so-tu-phap.lanhdao"))
    ensure_register(province, agencies.so_khcn, keeper, {"so-tu-phap": agencies.so_tu_phap})
    with tenant_context(agencies.so_tu_phap):
        document = Document.objects.get(code="QT-TTHC-01")
        assert [(c.number, c.articles) for c in citations(document)] == [("28/2009/QH12", "Điều 41–48"),
                                                                        ("61/2018/NĐ-CP", "")]
