"""People, documents and files for document tests.

`people` gives realistic members of Sở Tư pháp (agency_a); `in_agency_a` runs the test inside its schema;
`make_document` / `publish_new` drive the real services so fixtures never bypass the rules; the file
helpers build real DOCX/XLSX/PDF bytes (python-docx, openpyxl, pypdf), plus a program disguised as a PDF.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import tenant_context

from accounts.roles import Role

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

PROCEDURE_CONTENT = (
    "<h2>1. Mục đích</h2><p>Quy định cách kiểm soát thông tin dạng văn bản.</p>"
    "<h2>2. Phạm vi</h2><p>Áp dụng cho mọi tài liệu của Hệ thống quản lý chất lượng.</p>"
    "<h2>5. Nội dung</h2><p>Bước 1: Thư ký ISO soạn thảo dự thảo.</p>"
)


def database_state() -> dict:
    """Every row of the documents app (and how many history events exist), to prove a refusal changed nothing."""
    from django.apps import apps

    state = {}
    for model in apps.get_app_config("documents").get_models():
        rows = model.objects.order_by("pk").values()
        state[model._meta.label] = [{k: v for k, v in row.items() if k != "search_vector"} for row in rows]
    return state


@pytest.fixture
def unchanged():
    """`with unchanged(), pytest.raises(DomainError):` fails if the refused call left any trace."""

    @contextmanager
    def check():
        before = database_state()
        yield
        assert database_state() == before

    return check


@pytest.fixture
def people(agency_a, user_factory):
    """Who works on documents at Sở Tư pháp."""
    return SimpleNamespace(
        secretary=user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình",
                               job_title="Chuyên viên Văn phòng"),
        reviewer=user_factory(agency_a, Role.ISO_SECRETARY, full_name="Phạm Minh Dũng",
                              job_title="Chánh Văn phòng"),
        reviewer2=user_factory(agency_a, Role.APPROVER, full_name="Võ Thị Hạnh", job_title="Phó Giám đốc"),
        approver=user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường", job_title="Giám đốc"),
        approver2=user_factory(agency_a, Role.APPROVER, full_name="Đặng Thu Hà", job_title="Phó Giám đốc"),
        staff=user_factory(agency_a, Role.STAFF, full_name="Ngô Văn Em", job_title="Công chức Hộ tịch"),
        staff2=user_factory(agency_a, Role.STAFF, full_name="Huỳnh Thị Giang", job_title="Công chức"),
        admin=user_factory(agency_a, Role.AGENCY_ADMIN, full_name="Bùi Quang Khải", job_title="Quản trị"),
    )


@pytest.fixture
def in_agency_a(agency_a):
    # tenant_context (not schema_context) so connection.tenant is the Agency itself, as in a request.
    with tenant_context(agency_a):
        yield agency_a


@pytest.fixture
def make_document(people):
    """create_document with sensible Vietnamese defaults."""
    from documents import services

    counter = {"n": 0}

    def build(code=None, *, actor=None, title="Quy trình kiểm soát thông tin dạng văn bản",
              kind="system_procedure", content=PROCEDURE_CONTENT, **extra):
        counter["n"] += 1
        return services.create_document(actor=actor or people.secretary, code=code or f"QT-HT-{counter['n']:02d}",
                                        title=title, kind=kind, content=content, **extra)

    return build


@pytest.fixture
def approve(people):
    """Take a revision through submission, review and approval with the standard people."""
    from documents import services

    def run(revision, *, reviewers=None, approvers=None):
        reviewers = [people.reviewer] if reviewers is None else reviewers
        approvers = [people.approver] if approvers is None else approvers
        services.submit_for_review(revision, actor=people.secretary, reviewers=reviewers, approvers=approvers)
        for reviewer in reviewers:
            services.decide(revision, actor=reviewer, decision="agreed", comment="Đồng ý")
        revision = services.decide(revision, actor=approvers[0], decision="agreed", comment="Duyệt ban hành")
        return revision

    return run


@pytest.fixture
def publish_new(make_document, approve, people):
    """A document whose first edition is published (effective)."""
    from documents import services

    def run(code=None, **kwargs):
        document = make_document(code, **kwargs)
        revision = approve(document.revisions.get())
        services.publish(revision, actor=people.secretary)
        document.refresh_from_db()
        return document

    return run


# ------------------------------------------------------------------------------------------------ files

def docx_bytes(text="Quy trình tiếp nhận hồ sơ hộ tịch") -> bytes:
    """The same text always gives the same bytes: python-docx stamps each zip member with the current time
    (two-second steps), so on a slow run two "identical" files would otherwise differ."""
    import zipfile

    import docx

    document = docx.Document()
    document.add_paragraph(text)
    saved = io.BytesIO()
    document.save(saved)
    fixed = io.BytesIO()
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            member.date_time = (2026, 1, 1, 0, 0, 0)
            target.writestr(member, source.read(member.filename))
    return fixed.getvalue()


def xlsx_bytes(text="Danh mục hồ sơ lưu trữ") -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active["A1"] = text
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def pdf_bytes() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def exe_bytes() -> bytes:
    # The start of a Windows program (MZ header, PE offset) and padding.
    return b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 2048


def upload(name: str, data: bytes, content_type="application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture
def files():
    return SimpleNamespace(docx=lambda name="quy-trinh.docx", text="Quy trình tiếp nhận hồ sơ hộ tịch":
                           upload(name, docx_bytes(text), DOCX_TYPE),
                           xlsx=lambda name="danh-muc.xlsx": upload(name, xlsx_bytes(), XLSX_TYPE),
                           pdf=lambda name="bieu-mau.pdf": upload(name, pdf_bytes(), "application/pdf"),
                           exe=lambda name="quy-trinh.pdf": upload(name, exe_bytes(), "application/pdf"))
