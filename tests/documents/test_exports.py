"""Printed procedures: the PDF and DOCX carry the header, sign-offs, revision table and sections exactly."""

from __future__ import annotations

import io
from datetime import date

import pytest

from records import services as record_services

CONTENT = """
<h2>1. Mục đích</h2><p>Quy định thống nhất cách kiểm soát thông tin dạng văn bản của Sở Tư pháp.</p>
<h2>2. Phạm vi</h2><p>Áp dụng cho mọi tài liệu thuộc Hệ thống quản lý chất lượng.</p>
<h2>3. Tài liệu viện dẫn</h2><ul><li>TCVN ISO 9001:2015, điều 7.5;</li><li>Quyết định 19/2014/QĐ-TTg.</li></ul>
<h2>4. Định nghĩa/viết tắt</h2><p><strong>HTQLCL</strong>: Hệ thống quản lý chất lượng.</p>
<h2>5. Nội dung</h2><p>Bước 1: Soạn thảo tài liệu.</p><script>alert('x')</script>
<table><tr><th>Bước</th><th>Trách nhiệm</th></tr><tr><td>Phê duyệt</td><td>Giám đốc Sở</td></tr></table>
<h2>6. Biểu mẫu</h2>
<h2>7. Hồ sơ cần lưu</h2>
"""


@pytest.fixture
def published_revision(in_agency_a, people, make_document, approve):
    """QT-HT-01 edition 2, published through the real services, with a form and a required record."""
    from documents import services

    document = make_document("QT-HT-01", content=CONTENT, owner_unit="Văn phòng Sở")
    make_document("BM-HT-01-01", title="Danh mục tài liệu nội bộ", kind="form", procedure=document, content="")
    record_services.add_record_requirement(document, actor=people.secretary, name="Danh mục tài liệu nội bộ",
                                    kept_by="Thư ký ISO", retention="Lâu dài")
    services.publish(approve(document.revisions.get()), actor=people.secretary, issue_date=date(2023, 3, 15))
    second = services.start_revision(document, actor=people.secretary,
                                     change_summary="Bổ sung bước rà soát định kỳ",
                                     change_reason="Theo Quyết định 101/QĐ-BKHCN")
    revision = services.publish(approve(second), actor=people.secretary, issue_date=date(2025, 8, 4))
    revision.refresh_from_db()
    return revision


def test_docx_has_header_signoffs_revisions_and_sections(agency_a, published_revision):
    import docx

    from documents.exports import revision_docx

    data = revision_docx(published_revision)
    doc = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    text = "\n".join(p.text for p in doc.paragraphs) + "\n" + "\n".join(cells)
    assert "SỞ TƯ PHÁP" in cells[0]
    assert "QUY TRÌNH KIỂM SOÁT THÔNG TIN DẠNG VĂN BẢN" in cells[1]
    assert "QT-HT-01" in cells[2] and "Lần ban hành: 02" in cells[2] and "04/08/2025" in cells[2]
    for name in ("Trần Thị Bình", "Phạm Minh Dũng", "Lê Văn Cường", "Chánh Văn phòng", "Giám đốc"):
        assert name in cells
    for label in ("Soạn thảo", "Xem xét", "Phê duyệt", "Họ tên", "Chữ ký", "Chức vụ"):
        assert label in cells
    assert "THEO DÕI SỬA ĐỔI" in text
    assert "Bổ sung bước rà soát định kỳ" in cells and "15/03/2023" in cells
    for heading in ("1. MỤC ĐÍCH", "2. PHẠM VI", "3. TÀI LIỆU VIỆN DẪN", "5. NỘI DUNG", "7. HỒ SƠ CẦN LƯU"):
        assert heading in text
    assert "Quy định thống nhất cách kiểm soát thông tin dạng văn bản của Sở Tư pháp." in text
    assert "BM-HT-01-01" in cells and "Lâu dài" in cells and "Giám đốc Sở" in cells
    assert "alert" not in text


def test_pdf_text_is_exact_vietnamese(agency_a, published_revision):
    from pypdf import PdfReader

    from documents.exports import revision_pdf

    data = revision_pdf(published_revision)
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = "\n".join(page.extract_text() for page in reader.pages)
    flat = " ".join(text.split())
    for expected in ("SỞ TƯ PHÁP", "QT-HT-01", "Lần ban hành: 02", "04/08/2025", "Trần Thị Bình",
                     "Phạm Minh Dũng", "Lê Văn Cường", "Soạn thảo", "Xem xét", "Phê duyệt", "THEO DÕI SỬA ĐỔI",
                     "1. MỤC ĐÍCH", "7. HỒ SƠ CẦN LƯU", "Tên hồ sơ", "Thời gian lưu", "Lâu dài",
                     "Bổ sung bước rà soát định kỳ", "Hệ thống quản lý chất lượng"):
        assert expected in flat, expected
    assert "alert" not in flat
    fonts = {str(page["/Resources"]["/Font"][key]["/BaseFont"]) for page in reader.pages
             for key in page["/Resources"]["/Font"]}
    assert all("Liberation" in font for font in fonts), fonts


def test_render_sample_png(agency_a, published_revision, tmp_path):
    """Keeps a rendering for eyes: test-results/print/QT-HT-01.pdf (turned into PNG by pdftoppm if present)."""
    import shutil
    import subprocess
    from pathlib import Path

    from documents.exports import revision_pdf

    data = revision_pdf(published_revision)
    out = Path("test-results/print")
    out.mkdir(parents=True, exist_ok=True)
    (out / "QT-HT-01.pdf").write_bytes(data)
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "70", str(out / "QT-HT-01.pdf"), str(out / "QT-HT-01")], check=True)
        assert list(out.glob("QT-HT-01-*.png"))


def _keep_for_eyes(name: str, data: bytes) -> None:
    from pathlib import Path

    out = Path("test-results/print")
    out.mkdir(parents=True, exist_ok=True)
    (out / name).write_bytes(data)


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages).split())


def test_revision_log_lists_every_edition_with_signers(published_revision):
    from documents.exports import revision_log_pdf

    text = _pdf_text(revision_log_pdf(published_revision.document))
    for expected in ("SỔ THEO DÕI SỬA ĐỔI TÀI LIỆU", "QT-HT-01", "15/03/2023", "04/08/2025", "Đã thay thế",
                     "Đang hiệu lực", "Bổ sung bước rà soát định kỳ", "Theo Quyết định 101/QĐ-BKHCN",
                     "Lê Văn Cường", "Phạm Minh Dũng"):
        assert expected in text, expected


def test_draft_prints_with_its_state_instead_of_an_issue_date(in_agency_a, make_document):
    from documents.exports import revision_pdf

    document = make_document("QT-NB-07", title="Quy trình quản lý văn bản đi, đến")
    text = _pdf_text(revision_pdf(document.revisions.get()))
    assert "Lần ban hành: 01" in text and "Ngày ban hành: Dự thảo" in text
    assert "Trần Thị Bình" in text  # the drafter, not yet signed


def test_decision_follows_decree_30_layout(in_agency_a, people, make_document, approve):
    import docx

    from documents import services
    from documents.exports import revision_docx, revision_pdf

    body = ("<p>Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ;</p>"
            "<p><strong>QUYẾT ĐỊNH:</strong></p>"
            "<p><strong>Điều 1.</strong> Thành lập Ban chỉ đạo ISO của Sở Tư pháp.</p>")
    document = make_document("QĐ-ISO-01", title="Quyết định thành lập Ban chỉ đạo ISO", kind="decision",
                             content=body)
    revision = services.publish(approve(document.revisions.get()), actor=people.secretary,
                                issue_date=date(2025, 9, 5))
    data = revision_pdf(revision)
    _keep_for_eyes("QD-ISO-01.pdf", data)
    text = _pdf_text(data)
    for expected in ("UBND TỈNH VĨNH LONG", "SỞ TƯ PHÁP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                     "Độc lập - Tự do - Hạnh phúc", "Số: /QĐ-STP", "Vĩnh Long, ngày 05 tháng 9 năm 2025",
                     "QUYẾT ĐỊNH", "Thành lập Ban chỉ đạo ISO", "Điều 1.", "Nơi nhận:", "GIÁM ĐỐC",
                     "Lê Văn Cường"):
        assert expected in text, expected
    doc = docx.Document(io.BytesIO(revision_docx(revision)))
    words = "\n".join([p.text for p in doc.paragraphs]
                      + [c.text for t in doc.tables for r in t.rows for c in r.cells])
    for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Vĩnh Long, ngày 05 tháng 9 năm 2025", "Điều 1.", "Lê Văn Cường", "Nơi nhận:"):
        assert expected in words, expected
