"""The ISO steering committee (Ban chỉ đạo ISO) of the agencies with QMS content, through the services.

Each gets the decision establishing its committee: the leader heads it, the office's head is deputy, the ISO
secretary is its secretary, a member of staff and two people without an account sit on it. At Sở Tư pháp a
later decision replaces one member, so the page shows a change over time.
"""

from __future__ import annotations

from datetime import date

from django_tenants.utils import schema_context

ESTABLISHED_ON = date(2025, 7, 15)  # after the agencies of the 2025 reform began (1 July 2025)
CHANGED_ON = date(2026, 3, 2)
SYMBOLS = {"so-tu-phap": "STP", "so-noi-vu": "SNV"}
# Two members without an account per agency: (name, position at a department, position at a commune).
OTHERS = [("Nguyễn Thị Thu Hằng", "Trưởng phòng Kế hoạch - Tài chính", "Công chức Tư pháp - Hộ tịch"),
          ("Trần Văn Phúc", "Phó Chánh Văn phòng Sở", "Công chức Địa chính - Xây dựng"),
          ("Lê Thị Mỹ Duyên", "Trưởng phòng Hành chính tư pháp", "Công chức Văn hóa - Xã hội"),
          ("Phạm Quốc Bảo", "Phó Trưởng phòng Tổ chức cán bộ", "Công chức Tài chính - Kế toán"),
          ("Võ Thanh Tâm", "Chuyên viên Phòng Kế hoạch - Tài chính", "Chỉ huy trưởng Ban Chỉ huy Quân sự"),
          ("Huỳnh Ngọc Trâm", "Chuyên viên Văn phòng Sở", "Công chức Văn phòng - Thống kê")]
REPLACEMENT = ("Đoàn Minh Khoa", "Trưởng phòng Kế hoạch - Tài chính")


def ensure_committee(agency, people: dict, index: int, *, with_change: bool = False) -> bool:
    """Establish the committee of `agency` (people: role suffix -> User); False if it has one already."""
    from committee import services
    from committee.models import CommitteeDecision

    commune = agency.level == "commune"
    symbol = SYMBOLS.get(agency.slug, "UBND")
    head, secretary = people["lanhdao"], people["thuky"]
    with schema_context(agency.schema_name):
        if CommitteeDecision.objects.exists():
            return False
        decision = services.record_decision(
            actor=secretary, number=f"{125 + index * 7}/QĐ-{symbol}", signed_on=ESTABLISHED_ON,
            signer=head.display_name, kind="establishes",
            title=f"Quyết định thành lập Ban chỉ đạo xây dựng, áp dụng hệ thống quản lý chất lượng theo "
                  f"TCVN ISO 9001:2015 của {agency.name}",
            reference="Lưu tại Văn phòng, hồ sơ ISO năm 2025")
        for role, user in (("head", head), ("deputy", people["admin"]), ("secretary", secretary),
                           ("member", people["canbo"])):
            services.appoint_member(actor=secretary, decision=decision, role=role, user=user)
        others = []
        for name, department_position, commune_position in (OTHERS[index % 3 * 2], OTHERS[index % 3 * 2 + 1]):
            others.append(services.appoint_member(
                actor=secretary, decision=decision, role="member", name=name,
                position=commune_position if commune else department_position))
        if with_change:
            change = services.record_decision(
                actor=secretary, number=f"{38 + index}/QĐ-{symbol}", signed_on=CHANGED_ON, signer=head.display_name,
                kind="changes", title=f"Quyết định kiện toàn Ban chỉ đạo ISO của {agency.name}")
            services.remove_member(others[0], actor=secretary, decision=change)
            services.appoint_member(actor=secretary, decision=change, role="member", name=REPLACEMENT[0],
                                    position=REPLACEMENT[1])
    return True
