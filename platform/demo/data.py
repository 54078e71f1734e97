"""The demo province: Vĩnh Long after the reform of 1 July 2025.

Since 1 July 2025 the province of Vĩnh Long (province code 86) covers the former provinces of Vĩnh Long,
Bến Tre and Trà Vinh; districts were abolished and the communes were rearranged into 124 commune-level
units (105 xã, 19 phường) by Nghị quyết số 1687/NQ-UBTVQH15. The demo keeps a realistic slice of it: the
DOST supervisor, the province's departments as they are named after the reform, two public service units,
~60 communes and wards grouped by the former district they came from (for their codes), one former district
kept as history with its dissolution, and one ward formed by merging two predecessor units.

Names are real or real-looking; official codes follow the `000.00.XX.H62` (department) and
`000.YY.ZZ.H62` (commune, YY = former district group) pattern. The first four agencies match the test
suite's base province (tests/factories.py), so seeding on top of it creates nothing twice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from vietnam_provinces import ProvinceCode, Ward

from tenants.naming import slug_from_name

PROVINCE = {"code": "86", "name": "Tỉnh Vĩnh Long", "slug": "vinh-long"}
REFORM_DATE = date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = date(2025, 6, 30)
COMMUNE_RESOLUTION = "Nghị quyết số 1687/NQ-UBTVQH15"
COMMUNE_RESOLUTION_TITLE = (f"{COMMUNE_RESOLUTION} của Ủy ban Thường vụ Quốc hội về việc sắp xếp các đơn vị "
                            "hành chính cấp xã của tỉnh Vĩnh Long năm 2025")
LOCAL_GOVERNMENT_LAW = "Luật Tổ chức chính quyền địa phương số 72/2025/QH15"
SEAT = "Phường Long Châu, tỉnh Vĩnh Long"  # where the provincial departments sit


@dataclass(frozen=True)
class DemoAgency:
    slug: str
    name: str
    level: str
    code: str
    parent: str | None = None  # slug of the parent agency
    valid_from: date = REFORM_DATE
    valid_to: date | None = None
    address: str = SEAT
    former_district: str = ""  # for communes: where it came from (grouping only)

    @property
    def is_current(self) -> bool:
        return self.valid_to is None


SUPERVISOR = DemoAgency("so-khcn", "Sở Khoa học và Công nghệ", "supervisor", "000.00.21.H62")

# Specialised agencies of the provincial People's Committee after the 2025 reorganisation (Decree
# 45/2025/NĐ-CP): Sở Nội vụ took over Lao động - Thương binh và Xã hội, Sở Tài chính took Kế hoạch và Đầu
# tư, Sở Xây dựng took Giao thông vận tải, Sở Nông nghiệp và Môi trường merged two departments, and Sở Dân
# tộc và Tôn giáo exists because of the province's large Khmer community. Vĩnh Long has no Sở Ngoại vụ (a
# department only border provinces and a few large cities kept); the Ban Quản lý Khu kinh tế merged the
# three former provinces' industrial-zone boards on 31/7/2025. The National Assembly delegation's and
# People's Council's office handles no administrative procedures of its own but applies the QMS as well.
DEPARTMENTS = [
    DemoAgency("van-phong-ubnd", "Văn phòng Ủy ban nhân dân tỉnh", "department", "000.00.01.H62"),
    DemoAgency("so-noi-vu", "Sở Nội vụ", "department", "000.00.02.H62"),
    DemoAgency("so-tai-chinh", "Sở Tài chính", "department", "000.00.03.H62"),
    DemoAgency("so-cong-thuong", "Sở Công Thương", "department", "000.00.04.H62"),
    DemoAgency("so-nn-mt", "Sở Nông nghiệp và Môi trường", "department", "000.00.05.H62"),
    DemoAgency("so-xay-dung", "Sở Xây dựng", "department", "000.00.06.H62"),
    DemoAgency("so-gd-dt", "Sở Giáo dục và Đào tạo", "department", "000.00.07.H62"),
    DemoAgency("so-vh-tt-dl", "Sở Văn hóa, Thể thao và Du lịch", "department", "000.00.08.H62"),
    DemoAgency("so-dt-tg", "Sở Dân tộc và Tôn giáo", "department", "000.00.09.H62"),
    DemoAgency("thanh-tra-tinh", "Thanh tra tỉnh", "department", "000.00.10.H62"),
    DemoAgency("bql-kkt", "Ban Quản lý Khu kinh tế tỉnh", "department", "000.00.11.H62"),
    DemoAgency("vp-doan-dbqh-hdnd", "Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh",
               "department", "000.00.12.H62"),
    DemoAgency("so-tu-phap", "Sở Tư pháp", "department", "000.00.14.H62"),
    DemoAgency("so-y-te", "Sở Y tế", "department", "000.00.17.H62"),
]

PUBLIC_SERVICE_UNITS = [
    DemoAgency("tt-phvhcc", "Trung tâm Phục vụ hành chính công tỉnh", "public_service_unit", "000.01.01.H62",
               parent="van-phong-ubnd"),
    DemoAgency("tt-tdc", "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng", "public_service_unit",
               "000.01.21.H62", parent="so-khcn"),
]

# Some former district groups -> commune-level units formed there on 1 July 2025, in the order of the
# resolution: only where people's names differ by area (see _FORMER_DISTRICT_OF); the list of units itself
# comes whole from the vietnam-provinces package (communes() below).
COMMUNES_BY_FORMER_DISTRICT: list[tuple[str, str, list[str]]] = [
    ("20", "thành phố Vĩnh Long", ["phường Long Châu", "phường Phước Hậu", "phường Thanh Đức",
                                   "phường Tân Hạnh", "phường Tân Ngãi"]),
    ("21", "huyện Long Hồ", ["xã Long Hồ", "xã Phú Quới", "xã An Bình"]),
    ("22", "huyện Mang Thít", ["xã Cái Nhum", "xã Tân Long Hội", "xã Nhơn Phú", "xã Bình Phước"]),
    ("23", "huyện Vũng Liêm", ["xã Vũng Liêm", "xã Trung Thành", "xã Quới Thiện", "xã Hiếu Phụng"]),
    ("24", "huyện Tam Bình", ["xã Tam Bình", "xã Song Phú", "xã Cái Ngang"]),
    ("25", "huyện Trà Ôn", ["xã Trà Ôn", "xã Vĩnh Xuân", "xã Hòa Bình"]),
    ("26", "thị xã Bình Minh và huyện Bình Tân", ["phường Bình Minh", "phường Cái Vồn", "phường Đông Thành",
                                                  "xã Tân Quới", "xã Tân Lược"]),
    ("30", "thành phố Trà Vinh", ["phường Trà Vinh", "phường Nguyệt Hóa", "phường Hòa Thuận"]),
    ("31", "huyện Càng Long", ["xã Càng Long", "xã An Trường", "xã Tân An", "xã Nhị Long", "xã Bình Phú"]),
    ("32", "huyện Cầu Kè", ["xã Cầu Kè", "xã Phong Thạnh", "xã An Phú Tân"]),
    ("33", "huyện Tiểu Cần", ["xã Tiểu Cần", "xã Tân Hòa", "xã Hùng Hòa"]),
    ("34", "huyện Châu Thành (Trà Vinh)", ["xã Châu Thành", "xã Song Lộc", "xã Hưng Mỹ"]),
    ("35", "huyện Cầu Ngang", ["xã Cầu Ngang", "xã Mỹ Long", "xã Vinh Kim"]),
    ("36", "huyện Trà Cú", ["xã Trà Cú", "xã Tập Sơn", "xã Đại An", "xã Hàm Giang"]),
    ("37", "thị xã Duyên Hải", ["phường Duyên Hải", "phường Trường Long Hòa", "xã Long Hữu"]),
    ("40", "thành phố Bến Tre", ["phường An Hội", "phường Phú Khương", "phường Bến Tre", "phường Sơn Đông"]),
    ("41", "huyện Châu Thành (Bến Tre)", ["xã Giao Long", "xã Tân Phú", "xã Phú Túc"]),
    ("42", "huyện Chợ Lách", ["xã Chợ Lách", "xã Vĩnh Thành"]),
    ("43", "huyện Mỏ Cày Nam và Mỏ Cày Bắc", ["xã Mỏ Cày", "xã Hương Mỹ", "xã Phước Mỹ Trung"]),
    ("44", "huyện Giồng Trôm", ["xã Giồng Trôm", "xã Lương Hòa", "xã Châu Hòa"]),
    ("45", "huyện Ba Tri", ["xã Ba Tri", "xã Tân Xuân", "xã Bảo Thạnh"]),
    ("46", "huyện Bình Đại", ["xã Bình Đại", "xã Thới Thuận"]),
    ("47", "huyện Thạnh Phú", ["xã Thạnh Phú", "xã Đại Điền"]),
]

# History: a former district, dissolved with the district level on 1 July 2025 ...
FORMER_DISTRICT = DemoAgency("huyen-cang-long", "UBND huyện Càng Long", "district", "000.31.00.H62",
                             valid_from=date(1992, 5, 1), valid_to=LAST_DAY_BEFORE_REFORM,
                             address="Thị trấn Càng Long, huyện Càng Long, tỉnh Trà Vinh")
DISSOLUTION = {
    "kind": "dissolve",
    "legal_basis": f"{LOCAL_GOVERNMENT_LAW}; {COMMUNE_RESOLUTION}",
    "note": ("Đơn vị hành chính cấp huyện chấm dứt hoạt động từ ngày 01/7/2025; nhiệm vụ giải quyết thủ tục "
             "hành chính chuyển về UBND các xã Càng Long, An Trường, Tân An, Nhị Long, Bình Phú."),
    "predecessors": [FORMER_DISTRICT.slug],
    "successors": ["xa-cang-long", "xa-an-truong", "xa-tan-an", "xa-nhi-long", "xa-binh-phu"],
}

# ... and a ward formed by merging two predecessor units (Phường 5 of the former Vĩnh Long city with
# xã Thanh Đức of the former Long Hồ district), both kept as history.
MERGED_PREDECESSORS = [
    DemoAgency("phuong-5-tp-vinh-long", "UBND Phường 5", "commune", "000.20.85.H62",
               valid_from=date(2009, 4, 9), valid_to=LAST_DAY_BEFORE_REFORM,
               address="Phường 5, thành phố Vĩnh Long, tỉnh Vĩnh Long", former_district="thành phố Vĩnh Long"),
    DemoAgency("xa-thanh-duc-long-ho", "UBND xã Thanh Đức", "commune", "000.21.86.H62",
               valid_from=date(1992, 5, 1), valid_to=LAST_DAY_BEFORE_REFORM,
               address="xã Thanh Đức, huyện Long Hồ, tỉnh Vĩnh Long", former_district="huyện Long Hồ"),
]
MERGER = {
    "kind": "merge",
    "legal_basis": COMMUNE_RESOLUTION_TITLE,
    "note": "Thành lập phường Thanh Đức trên cơ sở nhập Phường 5 (thành phố Vĩnh Long) và xã Thanh Đức "
            "(huyện Long Hồ).",
    "predecessors": [agency.slug for agency in MERGED_PREDECESSORS],
    "successors": ["phuong-thanh-duc"],
}
LINEAGE_EVENTS = [DISSOLUTION, MERGER]

# Agencies that get the framework-model starter pack of QMS documents in the demo (documents.starter).
STARTER_PACK_AGENCIES = ["so-tu-phap", "so-noi-vu", "phuong-thanh-duc", "xa-cang-long", "xa-long-ho"]


# Where each commune-level unit came from, for the demo's names of people (Khmer family names are common in
# the former Trà Vinh districts): the units named in the lists above; the others have no former district.
_FORMER_DISTRICT_OF = {unit.lower(): district for _group, district, names in COMMUNES_BY_FORMER_DISTRICT
                       for unit in names}


def _commune(ward: Ward) -> DemoAgency:
    kind = ward.division_type.value  # "xã", "phường" or "đặc khu"
    unit = f"{kind} {ward.name[len(kind):].strip()}"
    return DemoAgency(slug_from_name(unit), f"UBND {unit}", "commune", f"{ward.code:05d}",
                      address=f"{unit}, {PROVINCE['name'][0].lower()}{PROVINCE['name'][1:]}",
                      former_district=_FORMER_DISTRICT_OF.get(unit.lower(), ""))


def communes() -> list[DemoAgency]:
    """The province's real commune-level units after the 2025 reform, with their official codes, from the
    vietnam-provinces package (the statistics office's list), in its order."""
    return [_commune(ward) for ward in Ward.iter_by_province(ProvinceCode(int(PROVINCE["code"])))]


def current_agencies(commune_limit: int | None = None) -> list[DemoAgency]:
    """Every current agency, parents before children; `commune_limit` keeps a smaller province for tests.

    A limited province still holds every commune named in the lineage events and starter packs.
    """
    units = communes()
    if commune_limit is not None:
        needed = {slug for event in LINEAGE_EVENTS for slug in event["successors"]} | set(STARTER_PACK_AGENCIES)
        kept = [unit for unit in units if unit.slug in needed]
        extra = [unit for unit in units if unit.slug not in needed][:max(commune_limit - len(kept), 0)]
        units = [unit for unit in units if unit in kept or unit in extra]
    return [SUPERVISOR, *DEPARTMENTS, *PUBLIC_SERVICE_UNITS, *units]


def historical_agencies() -> list[DemoAgency]:
    return [FORMER_DISTRICT, *MERGED_PREDECESSORS]


def all_agencies(commune_limit: int | None = None) -> list[DemoAgency]:
    return [*current_agencies(commune_limit), *historical_agencies()]

# The province's own changes to the national working-day calendar (workdays): an illustration of a day off
# the province grants and the Saturday worked in exchange; no real decision is cited.
CALENDAR_CHANGES = [
    {"day": date(2026, 12, 31), "kind": "day_off", "name": "Nghỉ cuối năm của tỉnh (minh họa)",
     "legal_basis": "Quyết định của UBND tỉnh (dữ liệu minh họa)"},
    {"day": date(2027, 1, 9), "kind": "working_day", "name": "Làm bù ngày 31/12/2026 (minh họa)",
     "legal_basis": "Quyết định của UBND tỉnh (dữ liệu minh họa)"},
]
