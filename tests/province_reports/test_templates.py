"""The province's own Word template: tried with every figure before it is kept; a bad one changes nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context
from docx import Document

from core.errors import DomainError
from tests.province_reports.test_runs import docx_text

pytestmark = pytest.mark.django_db


def word_file(*paragraphs: str, name="mau.docx") -> SimpleUploadedFile:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return SimpleUploadedFile(name, out.getvalue())


def upload(supervisor, actor, file, kind="november_people_committee"):
    from province_reports import services

    with tenant_context(supervisor):
        return services.upload_template(actor=actor, kind=kind, upload=file)


def test_the_province_template_is_used_for_the_next_report_and_reset_goes_back(counted, supervisor, inspector,
                                                                               make_run):
    from province_reports import services

    upload(supervisor, inspector, word_file("{{ parent_body }} — BÁO CÁO NHANH {{ year }}",
                                            "Đã công bố: {{ f.state_announced }} / {{ f.agencies_total }}",
                                            "{%p for s in sections %}", "{{ s.number }}. {{ s.title }}",
                                            "{%p endfor %}"))
    text = docx_text(make_run().docx.open("rb").read())
    assert "UBND TỈNH VĨNH LONG — BÁO CÁO NHANH" in text and "Đã công bố: 1 / 5" in text
    assert "I. Cơ quan áp dụng HTQLCL" in text
    data, name = services.template_bytes(supervisor.province_id, "november_people_committee")
    assert name == "mau.docx" and "BÁO CÁO NHANH" in docx_text(data)
    # the December report still uses the default
    assert "Kính gửi: Bộ Khoa học và Công nghệ" in docx_text(make_run(kind="december_ministry").docx.open("rb").read())
    with tenant_context(supervisor):
        services.reset_template(actor=inspector, kind="november_people_committee")
    assert "BÁO CÁO NHANH" not in docx_text(make_run().docx.open("rb").read())


@pytest.mark.parametrize("file,reason", [
    (word_file("{{ f.no_such_figure }}"), "no_such_figure"),
    (word_file("{% for s in sections %}"), ""),  # never closed
    (word_file("{{ ''.__class__.__mro__ }}"), ""),  # the sandbox refuses Python internals
    (SimpleUploadedFile("mau.docx", b"not a word file"), ""),
    (SimpleUploadedFile("mau.pdf", b"%PDF-1.7"), ""),
])
def test_a_bad_template_is_refused_with_the_reason_and_nothing_changes(supervisor, inspector, file, reason):
    from province_reports.models import ReportTemplate

    upload(supervisor, inspector, word_file("{{ title }} — mẫu cũ", name="cu.docx"))
    before = list(ReportTemplate.objects.values_list("file", "file_name"))
    with pytest.raises(DomainError) as refused:
        upload(supervisor, inspector, file)
    assert refused.value.code == "report_template_invalid"
    assert reason in refused.value.message
    assert list(ReportTemplate.objects.values_list("file", "file_name")) == before


def test_a_template_only_the_dost_may_change(agency_a, user_factory):
    from django.core.exceptions import PermissionDenied

    from accounts.roles import Role

    admin = user_factory(agency_a, Role.AGENCY_ADMIN)
    with pytest.raises(PermissionDenied):
        upload(agency_a, admin, word_file("{{ title }}"))


def test_a_template_too_large_is_refused(supervisor, inspector, monkeypatch):
    from province_reports import services

    monkeypatch.setattr(services, "MAX_TEMPLATE_BYTES", 10)
    with pytest.raises(DomainError) as refused:
        upload(supervisor, inspector, word_file("{{ title }}"))
    assert refused.value.code == "report_template_too_large"


def test_a_word_package_built_to_inflate_is_refused_before_it_is_opened(supervisor, inspector):
    import zipfile

    from province_reports.models import ReportTemplate

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * (4 * 1024 * 1024))  # compresses ~1000 times
    with pytest.raises(DomainError) as refused:
        upload(supervisor, inspector, SimpleUploadedFile("bom.docx", out.getvalue()))
    assert refused.value.code == "file_unpacks_too_large" and not ReportTemplate.objects.exists()
