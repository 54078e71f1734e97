"""The demo province's legal register: the laws, decrees, circulars and decisions its QMS and TTHC rest on,
entered by the DOST's administrator through legal.services, then the update tasks they give the agencies.

The national documents are real (numbers, issuers, dates); three are illustrations dated from the day the
demo is seeded, marked as such in their titles: one took effect four months ago and affects marriage
registration (communes without a procedure for it are overdue), one took effect three weeks ago and affects
birth registration (due), one takes effect in six weeks (no task until then).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

# number, kind, title, issuer, signed, effective, TTHC codes affected
NATIONAL = [
    # (the TTHC the older laws rest on are in the catalogue's legal basis: naming them here would open, for
    # every commune still without a procedure, a task overdue since 2016)
    ("60/2014/QH13", "law", "Luật Hộ tịch", "Quốc hội", date(2014, 11, 20), date(2016, 1, 1), []),
    ("123/2015/NĐ-CP", "decree", "Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch",
     "Chính phủ", date(2015, 11, 15), date(2016, 1, 1), []),
    ("23/2015/NĐ-CP", "decree", "Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực "
     "chữ ký và chứng thực hợp đồng, giao dịch", "Chính phủ", date(2015, 2, 16), date(2015, 4, 10), []),
    ("61/2018/NĐ-CP", "decree", "Nghị định về thực hiện cơ chế một cửa, một cửa liên thông trong giải quyết thủ "
     "tục hành chính", "Chính phủ", date(2018, 4, 23), date(2018, 6, 21), []),
    ("107/2021/NĐ-CP", "decree", "Nghị định sửa đổi, bổ sung một số điều của Nghị định số 61/2018/NĐ-CP",
     "Chính phủ", date(2021, 12, 6), date(2022, 2, 20), []),
    ("19/2014/QĐ-TTg", "decision", "Quyết định về việc áp dụng Hệ thống quản lý chất lượng theo Tiêu chuẩn quốc "
     "gia TCVN ISO 9001 vào hoạt động của các cơ quan, tổ chức thuộc hệ thống hành chính nhà nước",
     "Thủ tướng Chính phủ", date(2014, 3, 5), date(2014, 4, 20), []),
    ("26/2014/TT-BKHCN", "circular", "Thông tư quy định chi tiết thi hành Quyết định số 19/2014/QĐ-TTg",
     "Bộ Khoa học và Công nghệ", date(2014, 10, 10), date(2014, 12, 1), []),
    ("101/QĐ-TTg", "decision", "Quyết định của Thủ tướng Chính phủ năm 2021 về hệ thống quản lý chất lượng trong "
     "cơ quan hành chính nhà nước", "Thủ tướng Chính phủ", date(2021, 1, 22), date(2021, 1, 22), []),
    ("28/2009/QH12", "law", "Luật Lý lịch tư pháp", "Quốc hội", date(2009, 6, 17), date(2010, 7, 1),
     ["2.000488", "2.000505"]),
    ("31/2024/QH15", "law", "Luật Đất đai", "Quốc hội", date(2024, 1, 18), date(2024, 8, 1), []),
    ("101/2024/NĐ-CP", "decree", "Nghị định quy định về điều tra cơ bản đất đai; đăng ký, cấp Giấy chứng nhận "
     "quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất và Hệ thống thông tin đất đai", "Chính phủ",
     date(2024, 7, 29), date(2024, 8, 1), []),
]

# number, kind, title, issuer, days from today it took (or takes) effect, TTHC codes affected
ILLUSTRATIONS = [
    ("12/2026/TT-BTP", "circular", "Thông tư sửa đổi trình tự đăng ký kết hôn (dữ liệu minh họa)", "Bộ Tư pháp",
     -120, ["1.000894"]),
    ("58/2026/NĐ-CP", "decree", "Nghị định sửa đổi hồ sơ đăng ký khai sinh (dữ liệu minh họa)", "Chính phủ",
     -21, ["1.001193"]),
    ("09/2026/TT-BTP", "circular", "Thông tư sửa đổi mẫu Phiếu lý lịch tư pháp (dữ liệu minh họa)", "Bộ Tư pháp",
     45, ["2.000488"]),
]

# agency slug, document code, legal document numbers it rests on (articles)
LINKS = [
    ("so-tu-phap", "QT-TTHC-01", [("28/2009/QH12", "Điều 41–48"), ("61/2018/NĐ-CP", "")]),
    ("xa-cang-long", "QT-TTHC-01", [("60/2014/QH13", "Điều 13–17"), ("123/2015/NĐ-CP", "Điều 9")]),
    ("phuong-thanh-duc", "QT-TTHC-02", [("60/2014/QH13", "Điều 17–20")]),
]


def ensure_register(province, dost, keeper, agencies: dict) -> int:
    """Add the entries the register lacks (by number), link the starter documents, open the tasks that are
    due; a second run adds nothing. Returns how many entries were added."""
    from django_tenants.utils import tenant_context

    from documents.models import Document
    from legal import services
    from legal.models import LegalDocument
    from legal_updates.models import LegalLink
    from legal_updates.services import link_document, open_in_province
    from tthc.models import TthcEntry

    today = timezone.localdate()
    rows = [(n, k, t, i, s, e, codes) for n, k, t, i, s, e, codes in NATIONAL]
    for number, kind, title, issuer, days, codes in ILLUSTRATIONS:
        effective = today + timedelta(days=days)
        rows.append((number, kind, title, issuer, min(effective, today) - timedelta(days=30), effective, codes))
    entries = {e.code: e for e in TthcEntry.objects.filter(province=province)}
    added = 0
    with tenant_context(dost):
        for number, kind, title, issuer, signed, effective, codes in rows:
            if LegalDocument.objects.filter(province=province, number__iexact=number).exists():
                continue
            services.create_legal_document(actor=keeper, number=number, kind=kind, title=title, issuer=issuer,
                                           signed_on=signed, effective_on=effective,
                                           affects=[entries[code] for code in codes if code in entries])
            added += 1
    register = {e.number: e for e in LegalDocument.objects.filter(province=province)}
    for slug, code, numbers in LINKS:
        agency = agencies.get(slug)
        if agency is None:
            continue
        with tenant_context(agency):
            document = Document.objects.filter(code=code, kind="tthc_procedure").first()
            secretary = _secretary(agency)
            if document is None or secretary is None:
                continue
            for number, articles in numbers:
                if not LegalLink.objects.filter(document=document, legal_document_id=register[number].pk).exists():
                    link_document(document, actor=secretary, legal_document=register[number], articles=articles)
    if added:  # later on, the daily run opens what takes effect (a second seed stays fast)
        open_in_province(province.pk)
    return added


def _secretary(agency):
    from accounts.models import User

    return User.objects.filter(username=f"{agency.slug}.thuky").first()
