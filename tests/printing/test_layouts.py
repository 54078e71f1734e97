"""The printing package draws any area's papers: reports and minutes in the Decree 30 format, from data."""

from __future__ import annotations

import io
from datetime import date

from printing.administrative import (
    MINUTES,
    REPORT,
    AdministrativeDocument,
    SignatureBlock,
    administrative_docx,
    administrative_pdf,
)
from printing.blocks import Section, Table
from printing.vietnamese import initials, place_and_date, unaccent, vn_date, vn_long_date


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _docx_text(data: bytes) -> str:
    import docx

    doc = docx.Document(io.BytesIO(data))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


REPORT_DOC = AdministrativeDocument(
    doc_type=REPORT, subject="Kết quả kiểm tra việc áp dụng HTQLCL năm 2026", agency_name="Sở Khoa học và Công nghệ",
    parent_body="UBND tỉnh Vĩnh Long", place="Vĩnh Long", number="215/BC-SKHCN", issued_on=date(2026, 11, 20),
    intro_html="<p>Thực hiện Điều 38 Thông tư 26/2014/TT-BKHCN, Sở báo cáo như sau:</p>",
    sections=[Section(number=1, title="Kết quả kiểm tra", html="<p>Đã kiểm tra 40 xã, phường.</p>",
                      tables=[Table(["Cơ quan", "Kết quả"], [["UBND xã Long Đức", "Đạt"]])])],
    signatures=[SignatureBlock(authority=["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"], name="Nguyễn Văn Hùng",
                               signed_on="20/11/2026")],
    recipients=["UBND tỉnh (để báo cáo);", "Lưu: VT, TĐC."])


def test_report_prints_as_decree_30_in_pdf_and_docx():
    for text in (_pdf_text(administrative_pdf(REPORT_DOC)), _docx_text(administrative_docx(REPORT_DOC))):
        for expected in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                         "Số: 215/BC-SKHCN", "Vĩnh Long, ngày 20 tháng 11 năm 2026", "UBND xã Long Đức",
                         "Nơi nhận:", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Hùng", "Đã ký điện tử ngày 20/11/2026"):
            assert expected in text, expected


def test_minutes_have_two_signatures_and_no_number_when_none():
    minutes = AdministrativeDocument(
        doc_type=MINUTES, subject="Họp xem xét của lãnh đạo năm 2026", agency_name="UBND xã Long Đức",
        place="Vĩnh Long", issued_on=date(2026, 12, 5), intro_html="<p>Thành phần: Ban chỉ đạo ISO.</p>",
        signatures=[SignatureBlock(["THƯ KÝ"], name="Trần Thị Bình"),
                    SignatureBlock(["CHỦ TRÌ"], name="Lê Văn Cường")], is_draft=True)
    text = _docx_text(administrative_docx(minutes))
    assert "BIÊN BẢN" in text and "THƯ KÝ" in text and "CHỦ TRÌ" in text and "Số:" not in text
    assert "DỰ THẢO" in text and "Vĩnh Long, ngày 05 tháng 12 năm 2026" in text
    pdf = _pdf_text(administrative_pdf(minutes))
    assert "Trần Thị Bình" in pdf and "Lê Văn Cường" in pdf


def test_vietnamese_dates_and_names():
    assert vn_long_date(date(2023, 4, 28)) == "ngày 28 tháng 4 năm 2023"
    assert vn_long_date(date(2026, 2, 3)) == "ngày 03 tháng 02 năm 2026"
    assert place_and_date("", date(2026, 7, 1)) == "Ngày 01 tháng 7 năm 2026"
    assert vn_date(date(2026, 7, 1)) == "01/07/2026" and vn_date(None) == ""
    assert initials("Sở Tư pháp") == "STP" and initials("UBND xã Long Đức") == "UBND"
    assert unaccent("Đăng ký Hộ tịch") == "dang ky ho tich"
