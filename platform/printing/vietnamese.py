"""How Vietnamese administrative papers write dates and name their issuer (docs/DOMAIN.md §6, Decree 30)."""

from __future__ import annotations

import unicodedata
from datetime import date

from django.utils import timezone


def vn_date(value) -> str:
    """dd/mm/yyyy; a datetime is shown in local time."""
    if value is None:
        return ""
    if hasattr(value, "tzinfo") and hasattr(value, "date"):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value.strftime("%d/%m/%Y")


def vn_long_date(value: date | None) -> str:
    """'ngày 28 tháng 4 năm 2023' (Decree 30: a day below 10 and the months January and February are
    written with a leading zero); blanks to fill by hand when there is no date yet."""
    if value is None:
        return "ngày     tháng     năm     "
    day = f"{value.day:02d}" if value.day < 10 else str(value.day)
    month = f"{value.month:02d}" if value.month < 3 else str(value.month)
    return f"ngày {day} tháng {month} năm {value.year}"


def place_and_date(place: str, value: date | None) -> str:
    """'Vĩnh Long, ngày 28 tháng 4 năm 2023' (italic under the national motto)."""
    return f"{place}, {vn_long_date(value)}" if place else vn_long_date(value).capitalize()


def unaccent(text: str) -> str:
    """Lower-case text without diacritics (đ -> d), to compare what people type with or without them."""
    text = (text or "").replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def initials(name: str) -> str:
    """The symbol an agency signs with when it has no short name: 'Sở Tư pháp' -> 'STP'."""
    words = [w for w in name.split() if w]
    if words and words[0].upper() == "UBND":
        return "UBND"
    return "".join(unaccent(w)[0].upper() for w in words if w[0].isalpha())


def agency_identity(agency=None) -> dict:
    """Name, parent body, place and symbol of `agency` (default: the agency whose schema is active)."""
    if agency is None:
        from core.agency import current_agency

        try:
            agency = current_agency()
        except Exception:  # noqa: BLE001 - printing outside an agency (tests, public schema) prints blanks
            agency = None
    name = getattr(agency, "name", "") or ""
    province = agency.province if agency is not None and agency.province_id else None
    parent = agency.parent if agency is not None and agency.parent_id else None
    if parent is not None:
        parent_body = parent.name
    elif province is not None:
        parent_body = f"UBND {province.name}"
    else:
        parent_body = ""
    place = province.name if province is not None else ""
    for prefix in ("Tỉnh ", "Thành phố ", "TP. "):
        if place.startswith(prefix):
            place = place[len(prefix):]
    symbol = (getattr(agency, "short_name", "") or "").upper() or initials(name)
    return {"agency_name": name, "parent_body": parent_body, "place": place, "agency_symbol": symbol}


# What every QMS decision of a state agency rests on (the titles as the texts are named: QĐ 19/2014 names the
# 2008 edition of the standard; TT 26/2014 details it).
QMS_LEGAL_BASIS = (
    "Căn cứ Quyết định số 19/2014/QĐ-TTg ngày 05/3/2014 của Thủ tướng Chính phủ về việc áp dụng Hệ thống quản "
    "lý chất lượng theo Tiêu chuẩn quốc gia TCVN ISO 9001:2008 vào hoạt động của các cơ quan, tổ chức thuộc hệ "
    "thống hành chính nhà nước;",
    "Căn cứ Thông tư số 26/2014/TT-BKHCN ngày 10/10/2014 của Bộ trưởng Bộ Khoa học và Công nghệ quy định chi "
    "tiết thi hành Quyết định số 19/2014/QĐ-TTg;",
)
