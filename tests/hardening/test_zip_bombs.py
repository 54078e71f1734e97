"""An Office file is a zip: a few kilobytes that declare gigabytes of parts must be refused before anything
is inflated, at upload and again before text is read for search."""

from __future__ import annotations

import io
import zipfile

import pytest
from django_tenants.utils import tenant_context

from accounts.roles import Role
from core.errors import DomainError
from tests.documents.conftest import docx_bytes, upload

pytestmark = pytest.mark.django_db


def _with_part(data: bytes, name: str, size: int) -> bytes:
    """`data` (a real DOCX) with one more part of `size` zero bytes: tiny once deflated."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            target.writestr(member, source.read(member.filename))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with target.open(info, "w", force_zip64=True) as part:
            chunk = bytes(1 << 20)
            for _ in range(size >> 20):
                part.write(chunk)
    return out.getvalue()


def test_a_docx_that_inflates_a_thousandfold_is_refused_with_a_reason(agency_a, user_factory):
    from documents import services
    from documents.uploads import validate_upload

    bomb = _with_part(docx_bytes(), "word/media/image1.bin", 64 << 20)  # 64 MB of zeros in ~64 kB
    assert len(bomb) < 200_000
    with pytest.raises(DomainError) as refused:
        validate_upload(upload("quy-trinh.docx", bomb))
    assert refused.value.code == "file_unpacks_too_large"

    secretary = user_factory(agency_a, Role.ISO_SECRETARY)
    with tenant_context(agency_a):
        document = services.create_document(actor=secretary, code="QT-HT-05", kind="system_procedure",
                                            title="Quy trình kiểm soát rủi ro", content="<p>Nội dung</p>")
        with pytest.raises(DomainError, match="unpacks"):
            services.add_attachment(document.revisions.get(), actor=secretary,
                                    uploaded_file=upload("quy-trinh.docx", bomb))
        assert not document.revisions.get().attachments.exists()


def test_the_whole_package_is_bounded_too(settings):
    from documents.uploads import validate_upload

    settings.EISO_MAX_UNPACKED_MB = 1
    with pytest.raises(DomainError, match="1 MB"):
        validate_upload(upload("quy-trinh.docx", _with_part(docx_bytes(), "word/media/a.bin", 2 << 20)))
    assert validate_upload(upload("quy-trinh.docx", docx_bytes()))[0].endswith("document")


def test_text_is_not_read_from_a_package_past_the_search_bound(monkeypatch):
    from documents import extraction

    real = docx_bytes("Quy trình tiếp nhận hồ sơ hộ tịch")
    assert "hộ tịch" in extraction.extract_text(io.BytesIO(real), extraction.DOCX)
    monkeypatch.setattr(extraction, "MAX_UNPACKED_FOR_TEXT", 1024)  # smaller than the package's parts
    assert extraction.extract_text(io.BytesIO(real), extraction.DOCX) == ""
