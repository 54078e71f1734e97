"""The framework-model starter pack: one click creates the set as drafts; a second click skips it all."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django_tenants.utils import tenant_context

from accounts.roles import Role

SYSTEM_PROCEDURES = [f"QT-HT-0{n}" for n in range(1, 7)]


def test_department_pack_creates_the_framework_set_as_drafts(in_agency_a, people):
    from documents.models import Document, RevisionState
    from documents.starter import import_starter_pack
    from records.models import RecordRequirement

    summary = import_starter_pack(actor=people.secretary)
    assert summary.level == "department" and summary.skipped == []
    codes = set(Document.objects.values_list("code", flat=True))
    assert set(summary.created) == codes
    assert {"CSCL", "MTCL", "QĐ-ISO-01", "QĐ-ISO-02", "QĐ-ISO-03", *SYSTEM_PROCEDURES} <= codes
    assert len([c for c in codes if c.startswith("BM-HT-")]) >= 12

    qt01 = Document.objects.get(code="QT-HT-01")
    assert qt01.title == "Quy trình kiểm soát thông tin dạng văn bản" and qt01.kind == "system_procedure"
    revision = qt01.revisions.get()
    assert revision.edition == 1 and revision.state == RevisionState.DRAFT
    for heading in ("1. Mục đích", "2. Phạm vi", "3. Tài liệu viện dẫn", "4. Định nghĩa/viết tắt", "5. Nội dung",
                    "6. Biểu mẫu", "7. Hồ sơ cần lưu"):
        assert heading in revision.content
    assert "Sở Tư pháp" in revision.content and "[[" not in revision.content
    assert set(qt01.forms.values_list("code", flat=True)) == {"BM-HT-01-01", "BM-HT-01-02", "BM-HT-01-03",
                                                               "BM-HT-01-04"}
    assert RecordRequirement.objects.filter(document=qt01, name__startswith="Danh mục tài liệu nội bộ").exists()
    assert RecordRequirement.objects.filter(document__code__in=SYSTEM_PROCEDURES).count() >= 15
    decision = Document.objects.get(code="QĐ-ISO-01")
    assert decision.kind == "decision" and "GIÁM ĐỐC SỞ TƯ PHÁP" in decision.revisions.get().content
    assert "Giám đốc Sở" in Document.objects.get(code="CSCL").revisions.get().content


def test_second_run_skips_everything_and_fills_only_gaps(in_agency_a, people):
    from documents import services
    from documents.models import Document
    from documents.starter import import_starter_pack
    from records.models import RecordRequirement

    services.create_document(actor=people.secretary, code="qt-ht-02", title="Quy trình đánh giá nội bộ (riêng)",
                             kind="system_procedure")
    first = import_starter_pack(actor=people.secretary)
    assert "QT-HT-02" in first.skipped  # an existing code, whatever its letter case, is kept as it is
    assert Document.objects.get(code__iexact="QT-HT-02").title == "Quy trình đánh giá nội bộ (riêng)"
    documents, requirements = Document.objects.count(), RecordRequirement.objects.count()

    second = import_starter_pack(actor=people.secretary)
    assert second.created == [] and len(second.skipped) == first.total
    assert Document.objects.count() == documents and RecordRequirement.objects.count() == requirements


def test_commune_pack_speaks_of_the_chairman(agency_b, user_factory):
    from documents.models import Document
    from documents.starter import import_starter_pack

    secretary = user_factory(agency_b, Role.ISO_SECRETARY, full_name="Lý Thị Mai", job_title="Công chức Văn phòng")
    with tenant_context(agency_b):
        summary = import_starter_pack(actor=secretary)
        assert summary.level == "commune"
        decision = Document.objects.get(code="QĐ-ISO-01").revisions.get().content
        assert "ỦY BAN NHÂN DÂN XÃ LONG ĐỨC" in decision and "Chủ tịch UBND xã" in decision
        assert Document.objects.get(code="QT-HT-04").owner_unit == "Văn phòng HĐND và UBND xã"


def test_staff_cannot_import_and_nothing_is_created(in_agency_a, people):
    from documents.models import Document
    from documents.starter import import_starter_pack

    with pytest.raises(PermissionDenied):
        import_starter_pack(actor=people.staff)
    assert not Document.objects.exists()


def test_every_level_pack_loads_with_all_tokens_filled(agency_a):
    from documents.starter import LEVELS, pack_entries

    for level in LEVELS:
        entries = pack_entries(level, agency_a)
        assert len({e["code"] for e in entries}) == len(entries)
        for entry in entries:
            assert "[[" not in entry["content"] + entry["title"] + entry["owner_unit"], (level, entry["code"])


def test_starter_procedure_prints_with_forms_and_records_tables(in_agency_a, people):
    import io

    import docx

    from documents.exports import revision_docx
    from documents.models import Document
    from documents.starter import import_starter_pack

    import_starter_pack(actor=people.secretary)
    data = revision_docx(Document.objects.get(code="QT-HT-02").revisions.get())
    cells = [c.text for t in docx.Document(io.BytesIO(data)).tables for r in t.rows for c in r.cells]
    assert "BM-HT-02-04" in cells and "Báo cáo đánh giá nội bộ (BM-HT-02-04)" in cells and "03 năm" in cells
