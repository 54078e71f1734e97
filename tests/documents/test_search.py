"""Full-text search: with and without diacritics, ranked, inside attachments, and over records."""

from __future__ import annotations

import pytest

from documents.search import build_query, search_documents
from records import services as record_services
from records.search import search_records


@pytest.fixture
def library(in_agency_a, people, make_document, files):
    """A small document set of Sở Tư pháp, as the services create it."""
    from documents import services

    docs = {
        "QT-HT-01": make_document("QT-HT-01", title="Quy trình kiểm soát thông tin dạng văn bản",
                                  content="<h2>1. Mục đích</h2><p>Kiểm soát tài liệu và hồ sơ.</p>"),
        "QT-HT-02": make_document("QT-HT-02", title="Quy trình đánh giá nội bộ",
                                  content="<p>Chương trình đánh giá hằng năm; chuyên gia đánh giá độc lập.</p>"),
        "QT-HT-03": make_document("QT-HT-03", title="Quy trình xem xét của lãnh đạo",
                                  content="<p>Cuộc họp xem xét có nhắc tới quy trình đánh giá nội bộ.</p>"),
        "QT-HT-04": make_document("QT-HT-04", title="Kiểm soát sự không phù hợp và hành động khắc phục",
                                  content="<p>Phân tích nguyên nhân, hành động khắc phục.</p>"),
        "QT-HT-06": make_document("QT-HT-06", title="Giải quyết khiếu nại, đo lường sự hài lòng",
                                  content="<p>Phiếu khảo sát người dân.</p>"),
        "QT-HCTP-01": make_document("QT-HCTP-01", title="Quy trình cấp Phiếu lý lịch tư pháp",
                                    kind="tthc_procedure", content="<p>Tiếp nhận tại Trung tâm Phục vụ hành chính công.</p>"),
    }
    revision = docs["QT-HCTP-01"].revisions.get()
    services.add_attachment(revision, actor=people.secretary,
                            uploaded_file=files.docx("luu-do.docx", text="Lưu đồ giải quyết: thẩm định xác minh nhân thân"))
    return docs


def codes(queryset):
    return [document.code for document in queryset]


def test_finds_with_and_without_diacritics(library):
    with_marks = codes(search_documents("đánh giá nội bộ"))
    without = codes(search_documents("danh gia noi bo"))
    capitals = codes(search_documents("ĐÁNH GIÁ NỘI BỘ"))
    assert with_marks == without == capitals
    assert set(with_marks) == {"QT-HT-02", "QT-HT-03"}
    assert "QT-HT-01" in codes(search_documents("quy trinh kiem soat"))
    assert codes(search_documents("khieu nai")) == ["QT-HT-06"]


def test_title_ranks_above_a_mention_in_the_body(library):
    results = list(search_documents("danh gia noi bo"))
    assert [d.code for d in results] == ["QT-HT-02", "QT-HT-03"]
    assert results[0].rank > results[1].rank


def test_prefixes_and_codes(library):
    assert set(codes(search_documents("QT-HT"))) == {"QT-HT-01", "QT-HT-02", "QT-HT-03", "QT-HT-04", "QT-HT-06"}
    assert codes(search_documents("QT-HT-04"))[0] == "QT-HT-04"
    assert codes(search_documents("qt-hctp-01")) == ["QT-HCTP-01"]
    assert "QT-HT-04" in codes(search_documents("khac ph"))  # typing in progress


def test_text_inside_an_attached_file_is_found(library):
    assert codes(search_documents("tham dinh xac minh nhan than")) == ["QT-HCTP-01"]


def test_web_search_syntax_and_empty_queries(library):
    assert "QT-HT-03" not in codes(search_documents("danh gia -lanh"))
    assert set(codes(search_documents('"hanh dong khac phuc" or "khieu nai"'))) == {"QT-HT-04", "QT-HT-06"}
    assert codes(search_documents("   ")) == []
    assert build_query("!!! ??") is None
    assert codes(search_documents("'); drop table x; --")) == []


def test_search_respects_the_given_queryset(library):
    from documents.models import Document

    only_tthc = Document.objects.filter(kind="tthc_procedure")
    assert codes(search_documents("quy trinh", queryset=only_tthc)) == ["QT-HCTP-01"]


def test_records_search_with_filters(library, people, files):

    procedure = library["QT-HCTP-01"]
    record_services.file_record(actor=people.staff, document=procedure, year=2024, title="Sổ theo dõi cấp Phiếu lý lịch",
                         field="Lý lịch tư pháp", reference="Tủ hồ sơ số 3, ngăn 2")
    record_services.file_record(actor=people.staff, document=procedure, year=2025, title="Hồ sơ đề nghị cấp Phiếu",
                         field="Lý lịch tư pháp", uploaded_file=files.docx("ho-so.docx", text="Tờ khai của bà Nguyễn Thị Lan"))
    record_services.file_record(actor=people.staff, document=library["QT-HT-02"], year=2025,
                         title="Báo cáo đánh giá nội bộ năm 2025", reference="Văn phòng Sở")

    assert {r.title for r in search_records("ly lich")} == {"Hồ sơ đề nghị cấp Phiếu", "Sổ theo dõi cấp Phiếu lý lịch"}
    assert search_records("phieu ly lich")[0].title == "Sổ theo dõi cấp Phiếu lý lịch"  # title beats field
    assert [r.title for r in search_records("ly lich", year=2024)] == ["Sổ theo dõi cấp Phiếu lý lịch"]
    assert [r.title for r in search_records("nguyen thi lan")] == ["Hồ sơ đề nghị cấp Phiếu"]
    assert [r.title for r in search_records("tu ho so so 3")] == ["Sổ theo dõi cấp Phiếu lý lịch"]
    assert [r.title for r in search_records("", document=library["QT-HT-02"])] == ["Báo cáo đánh giá nội bộ năm 2025"]
    assert [r.title for r in search_records("danh gia", field="lý lịch tư pháp")] == []
    assert len(search_records(field="Lý lịch tư pháp", year=2025)) == 1
