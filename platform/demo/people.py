"""The demo's people: one account pattern for every agency, realistic names and job titles.

Every current agency has `<slug>.admin` (agency administrator), `<slug>.thuky` (ISO secretary),
`<slug>.lanhdao` (approver: the head or a deputy) and `<slug>.canbo` (staff). The DOST supervisor has
`so-khcn.admin` (supervisor administrator) and `so-khcn.thanhtra` (inspector); `admin` operates the
platform. All share one demo password. Names are drawn deterministically from the agency's slug, so every
run gives the same person the same name.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from accounts.roles import Role

from .data import SUPERVISOR, DemoAgency

DEMO_PASSWORD = "eiso-demo-2026"  # nosec B105  # published on purpose; production refuses the demo
# The authenticator-app key every demo account whose role needs a second factor is enrolled with (heads,
# supervisors, the operator), published like the password: add it to an app as DEMO_TOTP_KEY_BASE32 when
# the demo runs with EISO_2FA_REQUIRED=1. The demo never runs under production settings.
DEMO_TOTP_KEY = "3132333435363738393031323334353637383930"
DEMO_TOTP_KEY_BASE32 = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"
PLATFORM_OPERATOR = "admin"

AGENCY_ACCOUNTS = [  # suffix, role, what it is called in Vietnamese
    ("admin", Role.AGENCY_ADMIN, "agency administrator (quản trị)"),
    ("thuky", Role.ISO_SECRETARY, "ISO secretary (thư ký ISO)"),
    ("lanhdao", Role.APPROVER, "approver (lãnh đạo)"),
    ("canbo", Role.STAFF, "staff (cán bộ, công chức)"),
]
SUPERVISOR_ACCOUNTS = [
    ("admin", Role.SUPERVISOR_ADMIN, "DOST supervisor administrator"),
    ("thanhtra", Role.SUPERVISOR_INSPECTOR, "DOST inspector (kiểm tra ISO)"),
]

_FAMILY = (["Nguyễn"] * 8 + ["Trần"] * 3 + ["Lê"] * 3 + ["Phạm", "Huỳnh", "Võ"] * 2 +
           ["Phan", "Trương", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lương", "Lâm", "Đoàn", "Cao", "Tô"])
_KHMER_FAMILY = ["Thạch", "Sơn", "Kim", "Thạch", "Sơn"]  # common among Trà Vinh's Khmer community
_MALE_MIDDLE = ["Văn", "Văn", "Hữu", "Minh", "Quốc", "Thanh", "Hoàng", "Công", "Tấn", "Trọng", "Ngọc"]
_MALE_GIVEN = ["An", "Bảo", "Bình", "Cường", "Danh", "Dũng", "Duy", "Đức", "Hải", "Hậu", "Hiếu", "Hòa",
               "Hùng", "Huy", "Khang", "Khoa", "Kiên", "Long", "Lộc", "Minh", "Nam", "Nghĩa", "Nhân",
               "Phong", "Phúc", "Quang", "Sang", "Sơn", "Tài", "Tâm", "Thành", "Thắng", "Thiện", "Thịnh",
               "Toàn", "Trí", "Trung", "Tuấn", "Vinh", "Vũ"]
_FEMALE_MIDDLE = ["Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Mỹ", "Bích", "Thúy", "Thị Ngọc"]
_FEMALE_GIVEN = ["Anh", "Châu", "Diễm", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa", "Hồng",
                 "Hương", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Nhung", "Oanh",
                 "Phương", "Quyên", "Thảo", "Thu", "Thúy", "Trang", "Trinh", "Tuyết", "Vân", "Xuân", "Yến"]
# Former districts of Trà Vinh where many commune officials are Khmer.
_KHMER_AREAS = {"huyện Trà Cú", "huyện Cầu Ngang", "huyện Tiểu Cần", "huyện Cầu Kè",
                "huyện Châu Thành (Trà Vinh)", "thị xã Duyên Hải"}


def full_name(seed: str, khmer_area: bool = False) -> str:
    rng = random.Random(seed)  # nosec B311  # repeatable demo names, no secret
    family = rng.choice(_KHMER_FAMILY if khmer_area and rng.random() < 0.5 else _FAMILY)
    middles, givens = (_FEMALE_MIDDLE, _FEMALE_GIVEN) if rng.random() < 0.45 else (_MALE_MIDDLE, _MALE_GIVEN)
    middle = rng.choice(middles)
    given = rng.choice([name for name in givens if not middle.endswith(name)])
    return f"{family} {middle} {given}"


# Head, administrator, ISO secretary and staff titles, and the office the administrator works in, for the
# agencies whose titles differ from a department's (Giám đốc Sở, Chánh Văn phòng Sở, ...).
_DEPARTMENT_TITLES = {
    "van-phong-ubnd": ("Chánh Văn phòng UBND tỉnh", "Trưởng phòng Hành chính - Tổ chức", "Phòng Hành chính - Tổ chức"),
    "thanh-tra-tinh": ("Chánh Thanh tra tỉnh", "Chánh Văn phòng Thanh tra tỉnh", "Văn phòng"),
    "bql-kkt": ("Trưởng ban", "Chánh Văn phòng Ban", "Văn phòng Ban"),
    "vp-doan-dbqh-hdnd": ("Chánh Văn phòng", "Trưởng phòng Hành chính - Tổ chức - Quản trị",
                          "Phòng Hành chính - Tổ chức - Quản trị"),
}


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    job_title: str
    role: str
    unit: str


def _commune_titles(agency: DemoAgency) -> dict[str, tuple[str, str]]:
    kind = "phường" if agency.name.startswith("UBND phường") else "xã"
    office = "Văn phòng HĐND và UBND"
    return {
        "admin": (f"Chánh Văn phòng HĐND và UBND {kind}", office),
        "thuky": ("Chuyên viên Văn phòng HĐND và UBND (đầu mối ISO)", office),
        "lanhdao": (f"Phó Chủ tịch UBND {kind}", f"UBND {kind}"),
        "canbo": ("Chuyên viên Trung tâm Phục vụ hành chính công", f"Trung tâm Phục vụ hành chính công {kind}"),
    }


def _agency_titles(agency: DemoAgency) -> dict[str, tuple[str, str]]:
    if agency.level == "commune":
        return _commune_titles(agency)
    if agency.level == "public_service_unit":
        return {
            "admin": ("Trưởng phòng Hành chính - Tổng hợp", "Phòng Hành chính - Tổng hợp"),
            "thuky": ("Viên chức Phòng Hành chính - Tổng hợp (thư ký ISO)", "Phòng Hành chính - Tổng hợp"),
            "lanhdao": ("Giám đốc Trung tâm", "Ban Giám đốc"),
            "canbo": ("Viên chức", "Bộ phận tiếp nhận và trả kết quả"),
        }
    head, admin, office = _DEPARTMENT_TITLES.get(
        agency.slug, ("Giám đốc Sở", "Chánh Văn phòng Sở", "Văn phòng Sở"))
    return {
        "admin": (admin, office),
        "thuky": (f"Chuyên viên {office} (thư ký ISO)", office),
        "lanhdao": (head, "Ban Lãnh đạo"),
        "canbo": ("Chuyên viên", "Bộ phận một cửa"),
    }


def people_of(agency: DemoAgency) -> list[DemoPerson]:
    """The demo accounts of one current agency."""
    khmer = agency.former_district in _KHMER_AREAS
    if agency.slug == SUPERVISOR.slug:
        titles = {"admin": ("Phó Giám đốc Sở", "Ban Giám đốc"),
                  "thanhtra": ("Chuyên viên Phòng Tiêu chuẩn Đo lường Chất lượng",
                               "Phòng Tiêu chuẩn Đo lường Chất lượng")}
        accounts = SUPERVISOR_ACCOUNTS
    else:
        titles = _agency_titles(agency)
        accounts = AGENCY_ACCOUNTS
    people = []
    for suffix, role, _label in accounts:
        username = f"{agency.slug}.{suffix}"
        job_title, unit = titles[suffix]
        people.append(DemoPerson(username, full_name(username, khmer), job_title, role, unit))
    return people


def accounts_table(examples: list[DemoAgency], base_url: str) -> str:
    """The log-in table printed at start-up and kept in deploy/DEMO_ACCOUNTS.md."""
    lines = [
        f"Demo accounts (password for all: {DEMO_PASSWORD})",
        "",
        f"  {'who':<40} {'username':<28} where to log in",
        f"  {'-' * 40} {'-' * 28} {'-' * 40}",
        f"  {'platform operator':<40} {PLATFORM_OPERATOR:<28} {base_url.format(slug='')}admin/",
    ]
    for suffix, _role, label in SUPERVISOR_ACCOUNTS:
        lines.append(f"  {label:<40} {SUPERVISOR.slug + '.' + suffix:<28} "
                     f"{base_url.format(slug=SUPERVISOR.slug + '.')}login/")
    for suffix, _role, label in AGENCY_ACCOUNTS:
        lines.append(f"  {label:<40} {'<agency>.' + suffix:<28} "
                     f"{base_url.format(slug='<agency>.')}login/")
    lines += ["", "  <agency> is the agency's subdomain, for example:"]
    for agency in examples:
        lines.append(f"  {agency.name:<40} {agency.slug + '.thuky':<28} "
                     f"{base_url.format(slug=agency.slug + '.')}login/")
    return "\n".join(lines)
