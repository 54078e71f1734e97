"""Uploads checked by content, attachments, records, and the immutable history an agency admin reads."""

from __future__ import annotations

import io
import zipfile

import pytest

from api.errors import DomainError
from documents import services, uploads
from documents.history import document_history
from records import services as record_services
from records.history import record_history
from tests.documents.conftest import docx_bytes, exe_bytes, pdf_bytes, upload, xlsx_bytes

pytestmark = pytest.mark.django_db


# --------------------------------------------------------------------------------- upload validation

@pytest.mark.parametrize(("name", "data", "expected"), [
    ("quy-trinh.docx", docx_bytes(), uploads.DOCX),
    ("danh-muc.xlsx", xlsx_bytes(), uploads.XLSX),
    ("bieu-mau.PDF", pdf_bytes(), uploads.PDF),
], ids=["docx", "xlsx", "pdf"])
def test_allowed_files_are_recognised_by_content(name, data, expected):
    content_type, sha256, size = uploads.validate_upload(upload(name, data))
    assert content_type == expected and size == len(data)
    import hashlib

    assert sha256 == hashlib.sha256(data).hexdigest()


def _zip(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in entries.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def _macro_docx() -> bytes:
    source = zipfile.ZipFile(io.BytesIO(docx_bytes()))
    entries = {name: source.read(name) for name in source.namelist()}
    entries["word/vbaProject.bin"] = b"\x00" * 64
    return _zip(entries)


@pytest.mark.parametrize(("name", "data", "code"), [
    ("quy-trinh.pdf", exe_bytes(), "file_type_not_allowed"),  # a program renamed to .pdf
    ("quy-trinh.docx", _zip({"readme.txt": "không phải tài liệu Word"}), "file_type_not_allowed"),
    ("quy-trinh.docx", _macro_docx(), "file_type_not_allowed"),
    ("anh-chup.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "file_type_not_allowed"),  # scans: records only
    ("ghi-chu.txt", "Quy trình".encode(), "file_type_not_allowed"),
    ("quy-trinh.pdf", docx_bytes(), "file_type_mismatch"),  # a Word file named .pdf
    ("quy-trinh", pdf_bytes(), "file_type_mismatch"),
    ("rong.pdf", b"", "empty_file"),
], ids=["exe-named-pdf", "zip-named-docx", "macro-docx", "png-scan", "text", "docx-named-pdf", "no-extension",
        "empty"])
def test_bad_files_are_refused_by_content(name, data, code):
    with pytest.raises(DomainError) as error:
        uploads.validate_upload(upload(name, data))
    assert error.value.code == code and error.value.message


def test_size_limit_comes_from_settings(settings):
    big = pdf_bytes() + b"\n%" + b"0" * (1024 * 1024)
    settings.EISO_MAX_UPLOAD_MB = 1
    with pytest.raises(DomainError) as error:
        uploads.validate_upload(upload("lon.pdf", big))
    assert error.value.code == "file_too_large" and "1 MB" in error.value.message
    settings.EISO_MAX_UPLOAD_MB = 2
    assert uploads.validate_upload(upload("lon.pdf", big))[0] == uploads.PDF


def test_default_limit_is_20_mb(settings):
    del settings.EISO_MAX_UPLOAD_MB  # not set: the documented default applies
    assert uploads.max_upload_bytes() == 20 * 1024 * 1024
    with pytest.raises(DomainError) as error:
        uploads.validate_upload(upload("lon.pdf", pdf_bytes() + b"0" * (20 * 1024 * 1024)))
    assert error.value.code == "file_too_large"


def test_records_accept_scans():
    assert uploads.validate_upload(upload("scan.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
                                   allowed=uploads.RECORD_TYPES)[0] == uploads.PNG


def test_original_names_lose_their_folders():
    assert uploads.clean_filename("C:\\Users\\an\\Quy trình 01.docx") == "Quy trình 01.docx"
    assert uploads.clean_filename("../../etc/passwd") == "passwd"


# ---------------------------------------------------------------------------------------- attachments

def test_attachment_is_stored_in_the_agency_folder_with_its_text(in_agency_a, people, make_document, files):
    from documents.search import search_documents

    revision = make_document("QT-HT-01").revisions.get()
    attachment = services.add_attachment(revision, actor=people.secretary,
                                         uploaded_file=files.docx("Quy trình 01.docx", "Lưu trữ hồ sơ chứng thực"))
    assert attachment.original_name == "Quy trình 01.docx"
    assert attachment.file.name.startswith("so_tu_phap/documents/") and attachment.file.name.endswith(".docx")
    assert "chứng thực" in attachment.extracted_text
    assert attachment.content_type == uploads.DOCX
    # the words inside the file are searchable, without diacritics too
    assert list(search_documents("chung thuc")) == [revision.document]
    with pytest.raises(DomainError) as error:
        services.add_attachment(revision, actor=people.secretary, uploaded_file=files.docx(
            "ban-sao.docx", "Lưu trữ hồ sơ chứng thực"))
    assert error.value.code == "duplicate_attachment"
    services.remove_attachment(attachment, actor=people.secretary)
    assert not revision.attachments.exists()
    assert list(search_documents("chung thuc")) == []


def test_a_rejected_upload_stores_nothing(in_agency_a, people, make_document, files, settings):
    from pathlib import Path

    revision = make_document().revisions.get()
    with pytest.raises(DomainError):
        services.add_attachment(revision, actor=people.secretary, uploaded_file=files.exe())
    media = Path(settings.MEDIA_ROOT)
    assert not media.exists() or not any(p.is_file() for p in media.rglob("documents/*"))


# -------------------------------------------------------------------------------------------- records

def test_records_are_filed_and_found_by_procedure_year_field_and_text(in_agency_a, people, publish_new, files):
    from records.search import search_records

    procedure = publish_new("QT-HT-01", title="Quy trình đăng ký khai sinh")
    requirement = record_services.add_record_requirement(procedure, actor=people.secretary, name="Sổ đăng ký khai sinh",
                                                  kept_by="Bộ phận một cửa", retention="Vĩnh viễn")
    scanned = record_services.file_record(actor=people.staff, document=procedure, year=2025, title="Hồ sơ khai sinh số 12",
                                   field="Hộ tịch", uploaded_file=files.pdf("ho-so-12.pdf"), requirement=requirement)
    paper = record_services.file_record(actor=people.staff, document=procedure, year=2024, title="Sổ khai sinh 2024",
                                 field="Hộ tịch", reference="Tủ hồ sơ số 3, ngăn 2")
    assert scanned.file.name.startswith("so_tu_phap/records/") and scanned.sha256 and scanned.size
    assert scanned.original_name == "ho-so-12.pdf" and not paper.file
    assert list(search_records("", document=procedure, year=2025)) == [scanned]
    assert set(search_records("", field="hộ tịch")) == {scanned, paper}
    assert list(search_records("tu ho so so 3")) == [paper]
    assert [e.event for e in record_history(scanned)] == ["insert"]


# -------------------------------------------------------------------------------------------- history

def test_history_tells_who_did_what_including_deletions(in_agency_a, people, publish_new, files):
    document = publish_new("QT-HT-01")
    draft = services.start_revision(document, actor=people.secretary, change_summary="Cập nhật mẫu")
    attachment = services.add_attachment(draft, actor=people.secretary, uploaded_file=files.xlsx())
    services.remove_attachment(attachment, actor=people.reviewer)

    events = document_history(document)
    seen = {(e.model, e.event, e.action, e.user_name) for e in events}
    assert ("documents.Document", "insert", "documents.create_document", "Trần Thị Bình") in seen
    assert ("documents.Revision", "update", "documents.decide", "Lê Văn Cường") in seen
    assert ("documents.Revision", "update", "documents.publish", "Trần Thị Bình") in seen
    assert ("documents.Signoff", "update", "documents.decide", "Phạm Minh Dũng") in seen
    assert ("documents.Attachment", "insert", "documents.add_attachment", "Trần Thị Bình") in seen
    assert ("documents.Attachment", "delete", "documents.remove_attachment", "Phạm Minh Dũng") in seen
    publication = next(e for e in events if e.action == "documents.publish" and e.model == "documents.Revision")
    assert publication.changes["state"] == ["approved", "published"]
    deletion = next(e for e in events if e.event == "delete")
    assert deletion.data["original_name"] == "danh-muc.xlsx"
    assert all(e.object_label for e in events)
