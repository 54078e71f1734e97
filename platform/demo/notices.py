"""The DOST's notices in the demo province: the second edition of the birth-registration model to every
commune, the December schedule of the 2026 inspections to the mandatory departments (its acknowledge-by
date passed: some have not acknowledged; the approved plan itself went out from inspections), and a legal update to a selection of agencies. Sent through notices.services on the
DOST's site, their people told at once (no worker needed), and some agencies' ISO secretaries acknowledge.
Idempotent: each notice is keyed by its `source_ref` and what exists is left as it is."""

from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta

from django.db import connection
from django.utils import timezone
from django_tenants.utils import tenant_context

from accounts.models import User
from tenants.models import Agency

from . import data

PLAN_BODY = (
    "Thực hiện Thông tư số 26/2014/TT-BKHCN và Kế hoạch của UBND tỉnh, Sở Khoa học và Công nghệ kiểm tra việc "
    "xây dựng, áp dụng, duy trì và cải tiến Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015 tại các sở, "
    "ban, ngành thuộc đối tượng bắt buộc áp dụng.\n\nThời gian kiểm tra: từ ngày 07/12/2026 đến ngày "
    "18/12/2026. Đề nghị các cơ quan chuẩn bị hồ sơ: quyết định công bố, kết quả đánh giá nội bộ, biên bản "
    "xem xét của lãnh đạo năm 2026 và báo cáo tình hình áp dụng.")
MODEL_BODY = (
    "Sở Khoa học và Công nghệ ban hành lần 2 Quy trình mẫu đăng ký khai sinh (QT-MAU-HT-01): bổ sung tiếp nhận "
    "hồ sơ trực tuyến qua Cổng dịch vụ công và rút ngắn thời gian thẩm định.\n\nĐề nghị UBND các xã, phường "
    "xem sự khác biệt với quy trình đang áp dụng và cập nhật trước ngày hạn xác nhận.")
LEGAL_BODY = (
    "Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một "
    "cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia có hiệu lực. Đề nghị các cơ "
    "quan rà soát, sửa đổi các quy trình giải quyết thủ tục hành chính và quy trình tiếp nhận, trả kết quả.")
log = logging.getLogger(__name__)
SELECTION = ["so-tu-phap", "so-y-te", "so-noi-vu", "xa-long-duc", "xa-long-ho", "xa-cang-long",
             "phuong-thanh-duc"]


def ensure(province, agencies: dict[str, Agency]) -> int:
    """The demo build's call, last of the DOST's part: the demo starts without notices rather than not at all."""
    try:
        return ensure_notices(province, agencies)
    except Exception:  # noqa: BLE001 - see the docstring
        log.exception("could not send the DOST's demo notices")
        return 0
    finally:
        connection.set_schema_to_public()


def ensure_notices(province, agencies: dict[str, Agency]) -> int:
    """The three notices (made once); returns how many were made now."""
    from model_procedures.models import ModelProcedure
    from notices.models import Notice

    dost = agencies[data.SUPERVISOR.slug]
    sender = User.objects.get(username=f"{data.SUPERVISOR.slug}.admin")
    today = timezone.localdate()
    model = ModelProcedure.objects.filter(province=province, code="QT-MAU-HT-01").first()
    chosen = [str(a.pk) for slug in SELECTION if (a := agencies.get(slug)) is not None and a.is_current]
    wanted = [
        ("demo:model-ht-01-2", dict(kind=Notice.Kind.MODEL_PROCEDURE, audience="levels", audience_values=["commune"],
                                    title="Ban hành lần 2 Quy trình mẫu đăng ký khai sinh", body=MODEL_BODY,
                                    link=f"/models/{model.pk}/" if model else "", reply_by=today + timedelta(days=12)),
         today - timedelta(days=3), 0.5),
        ("demo:inspection-plan-2026", dict(kind=Notice.Kind.INSPECTION_PLAN, audience="obligation",
                                           audience_values=["mandatory"], body=PLAN_BODY,
                                           title="Lịch kiểm tra tại chỗ việc áp dụng ISO 9001 tháng 12/2026",
                                           reply_by=today), date(2026, 11, 16), 0.6),
        ("demo:legal-118-2025", dict(kind=Notice.Kind.LEGAL_UPDATE, audience="selection", audience_values=chosen,
                                     title="Cập nhật quy trình theo Nghị định 118/2025/NĐ-CP", body=LEGAL_BODY,
                                     link="https://vanban.chinhphu.vn/", reply_by=today + timedelta(days=20)),
         today - timedelta(days=1), 0.3),
    ]
    made = 0
    for source_ref, values, sent_on, share in wanted:
        if Notice.objects.filter(province=province, source_ref=source_ref).exists():
            continue
        notice = _send(dost, sender, source_ref, values)
        _backdate(notice, sent_on)
        _acknowledge_some(notice, share)
        made += 1
    connection.set_schema_to_public()
    return made


def _send(dost, sender, source_ref, values):
    from notices import services

    with tenant_context(dost):
        notice = services.send_notice(actor=sender, source_ref=source_ref, **values)
    services.tell(notice.pk, services.undelivered(notice.pk))
    return notice


def _backdate(notice, sent_on: date) -> None:
    """The inspection plan was sent mid-November and its acknowledge-by date passed on 30/11."""
    from notices.models import Notice

    sent_at = timezone.make_aware(datetime.combine(sent_on, time(9, 0)))
    changes = {"sent_at": sent_at}
    if notice.kind == Notice.Kind.INSPECTION_PLAN:
        changes["reply_by"] = date(2026, 11, 30)
    Notice.objects.filter(pk=notice.pk).update(**changes)


def _acknowledge_some(notice, share: float) -> None:
    """The first `share` of the receiving agencies (by name) acknowledged through their ISO secretary."""
    from notices import services

    receipts = list(notice.receipts.select_related("agency", "notice").order_by("agency__name"))
    people = {u.username: u for u in User.objects.filter(
        username__in=[f"{r.agency.slug}.thuky" for r in receipts])}
    for index, receipt in enumerate(receipts[:round(len(receipts) * share)]):
        secretary = people.get(f"{receipt.agency.slug}.thuky")
        if secretary is None:
            continue
        with tenant_context(receipt.agency):
            services.acknowledge(receipt, actor=secretary,
                                 reply="Đã nhận, giao thư ký ISO triển khai." if index % 3 == 0 else "")
