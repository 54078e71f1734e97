"""The confirmation and announcement of conformity of the starter-pack agencies, through the services.

Sở Tư pháp and Phường Thanh Đức (the first and third starter-pack agencies, both with their system procedures
in force: demo.qms STAGES) announce when their data makes the system applied (every milestone the areas
register reached); the others stay in whatever state their data gives (building, applied: Xã Càng Long is
applied and not announced): the state is never set, only derived. An agency already announced is left as it is.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

ANNOUNCING = {0, 2}  # indexes in demo.data.STARTER_PACK_AGENCIES
SYMBOLS = {"so-tu-phap": "STP", "so-noi-vu": "SNV"}


def ensure(agency, people: dict, index: int) -> int:
    from announcement import selectors, services

    if index not in ANNOUNCING or selectors.latest_announcement() is not None:
        return 0
    if not selectors.publication_state(agency).announceable:
        return 0  # the data does not make it applied: nothing to announce
    head = people["lanhdao"]
    commune = agency.level == "commune"
    title = head.job_title or ("Chủ tịch UBND" if commune else "Giám đốc")
    today = timezone.localdate()
    confirmed_on = today - timedelta(days=14 - index)
    services.confirm(actor=head, confirmed_on=confirmed_on, head_name=head.display_name, head_title=title,
                     note="Hệ thống quản lý chất lượng đã được xây dựng, áp dụng đầy đủ và có hiệu lực; đã đánh "
                          "giá nội bộ và xem xét của lãnh đạo theo TCVN ISO 9001:2015.")
    services.announce(
        actor=head, number=f"{210 + index * 9}/QĐ-{SYMBOLS.get(agency.slug, 'UBND')}",  # 210/QĐ-STP, 228/QĐ-UBND
        signed_on=confirmed_on + timedelta(days=3), signer_name=head.display_name, signer_title=title,
        scope_text=f"Hoạt động tiếp nhận, giải quyết thủ tục hành chính và các hoạt động quản lý nội bộ của "
                   f"{agency.name}.")
    return 2
