"""Sở Tư pháp builds its QMS: documents in force, a steering committee, TTHC assigned by the DOST and a
procedure carrying them, so the publication state can be walked through each of its cases."""

from __future__ import annotations

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone
from django_tenants.utils import tenant_context

from tests.committee.conftest import established  # noqa: F401
from tests.documents.conftest import (  # noqa: F401
    approve,
    docx_bytes,
    in_agency_a,
    make_document,
    people,
    publish_new,
    upload,
)
from tests.procedures.conftest import spec_fields
from tests.tthc.conftest import entry_values, keeper  # noqa: F401

MONTH_AGO = timezone.localdate() - timedelta(days=30)
OURS = ("documents_in_force", "committee_established")


@pytest.fixture(autouse=True)
def only_our_milestones(monkeypatch):
    """The milestones of the areas built so far (documents, committee); other areas register theirs and
    test them with their own data. `extra` adds one for a test."""
    from core.milestones import milestones

    kept = {key: entry for key, entry in milestones._entries.items() if key in OURS}
    monkeypatch.setattr(milestones, "_entries", kept)
    return kept


@pytest.fixture
def assign(supervisor, keeper, agency_a):  # noqa: F811 - the imported fixture
    """The DOST assigns a new department TTHC to Sở Tư pháp by name."""
    from tthc import services

    def run(code, name, field="Lý lịch tư pháp"):
        with tenant_context(supervisor):
            entry = services.create_entry(actor=keeper, **entry_values(code=code, name=name, field=field,
                                                                        level="department", time_limit=10),
                                          agencies=[agency_a], assigned_levels=[])
        type(entry).objects.filter(pk=entry.pk).update(content_changed_on=MONTH_AGO - timedelta(days=300))
        return entry

    return run


@pytest.fixture
def core_documents(in_agency_a, publish_new):  # noqa: F811
    """An effective quality policy, quality objectives and a system procedure."""
    return [publish_new("CSCL-01", kind="quality_policy", title="Chính sách chất lượng"),
            publish_new("MTCL-2026", kind="quality_objectives", title="Mục tiêu chất lượng năm 2026"),
            publish_new("QT-HT-01", kind="system_procedure", title="Quy trình kiểm soát tài liệu")]


@pytest.fixture
def tthc_procedure(in_agency_a, make_document, approve, people):  # noqa: F811
    """Publish a TTHC procedure carrying `codes`, with a downloadable file and a form with its own file."""
    from documents import services as documents
    from procedures import services

    def run(code, codes, *, title="Quy trình cấp Phiếu lý lịch tư pháp"):
        document = make_document(code, kind="tthc_procedure", title=title)
        revision = document.revisions.get()
        services.save_procedure(revision, actor=people.secretary, **spec_fields(tthc_codes=codes, time_limit="10"))
        documents.add_attachment(revision, actor=people.secretary,
                                 uploaded_file=upload("huong-dan.docx", docx_bytes("Hướng dẫn nộp hồ sơ")))
        documents.publish(approve(revision), actor=people.secretary, issue_date=MONTH_AGO)
        form = make_document(f"{code}-BM01", kind="form", title="Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp",
                             procedure=document)
        form_revision = form.revisions.get()
        documents.add_attachment(form_revision, actor=people.secretary,
                                 uploaded_file=upload("to-khai.docx", docx_bytes("Tờ khai")))
        documents.publish(approve(form_revision), actor=people.secretary, issue_date=MONTH_AGO)
        document.refresh_from_db()
        return document

    return run


@pytest.fixture
def applied(core_documents, established, assign, tthc_procedure, people):  # noqa: F811
    """Everything required reached; one TTHC assigned and carried: the system is applied."""
    entry = assign("2.000488", "Cấp Phiếu lý lịch tư pháp cho công dân")
    procedure = tthc_procedure("QT-TTHC-01", ["2.000488"])
    return SimpleNamespace(entry=entry, procedure=procedure)


def confirm_and_announce(people, number="15/QĐ-STP", signed_on=None, **extra):  # noqa: F811
    from announcement import services

    signed_on = signed_on or timezone.localdate() - timedelta(days=2)
    services.confirm(actor=people.approver, confirmed_on=signed_on, head_name="Lê Văn Cường",
                     head_title="Giám đốc")
    return services.announce(actor=people.approver, number=number, signed_on=signed_on,
                             signer_name="Lê Văn Cường", signer_title="Giám đốc", **extra)


__all__ = ["confirm_and_announce", "date"]


@pytest.fixture(autouse=True)
def _no_cached_public_page(agency_a, agency_b):
    """The cache (Redis) outlives each test's rolled-back transaction: start and end without a cached page."""
    from django.core.cache import cache

    from core.public_page import cache_key

    keys = [cache_key(agency.schema_name) for agency in (agency_a, agency_b)]
    cache.delete_many(keys)
    yield
    cache.delete_many(keys)
