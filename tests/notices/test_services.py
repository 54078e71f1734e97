"""The notices' rules: whom an audience reaches, once and for good; acknowledging once; who has not; the
reminder's once-a-day; the chunked delivery told once however often it runs; the province's walls."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django_tenants.utils import tenant_context

from core.errors import DomainError

from .conftest import deliver, make_agency, send

pytestmark = pytest.mark.django_db


def receivers(notice) -> set[str]:
    return set(notice.receipts.values_list("agency__slug", flat=True))


def test_every_current_agency_of_the_province_and_never_the_dost_nor_another_province(world, other):
    notice = send(world)
    assert receivers(notice) == {"so-tu-phap", "so-y-te", "xa-long-duc"}
    assert notice.status == "sent" and notice.sent_by == world.sender and notice.sent_at is not None


def test_audience_by_level_field_obligation_and_selection(world):
    assert receivers(send(world, audience="levels", values=["commune"])) == {"xa-long-duc"}
    assert receivers(send(world, audience="fields", values=["Y tế"])) == {"so-y-te"}
    assert receivers(send(world, audience="obligation", values=["mandatory"])) == {"so-tu-phap", "so-y-te"}
    chosen = send(world, audience="selection", values=[str(world.justice.pk), str(world.commune.pk)])
    assert receivers(chosen) == {"so-tu-phap", "xa-long-duc"}


def test_ended_and_suspended_agencies_receive_nothing(world):
    from tenants.models import Agency

    ended = make_agency(world.province, "xa-cu", "UBND xã Cũ (đã sáp nhập)", "commune",
                        valid_to=timezone.localdate() - timedelta(days=1), status=Agency.Status.HISTORICAL)
    make_agency(world.province, "xa-tam-dung", "UBND xã Tạm Dừng", "commune", status=Agency.Status.SUSPENDED)
    assert receivers(send(world, audience="levels", values=["commune"])) == {"xa-long-duc"}
    with tenant_context(world.dost), pytest.raises(DomainError) as refused:
        from notices import services

        services.create_notice(actor=world.sender, title="Chọn xã cũ", audience="selection",
                               audience_values=[str(ended.pk)])
    assert refused.value.code == "notice_invalid_value"


def test_the_audience_is_frozen_when_sent(world):
    notice = send(world, audience="levels", values=["commune"])
    make_agency(world.province, "xa-moi", "UBND xã Mới", "commune")
    deliver(notice)
    assert receivers(notice) == {"xa-long-duc"}


def test_another_provinces_agency_cannot_be_chosen_nor_its_dost_write_here(world, other):
    from notices import services

    with tenant_context(world.dost), pytest.raises(DomainError):
        services.create_notice(actor=world.sender, title="Sai tỉnh", audience="selection",
                               audience_values=[str(other.commune.pk)])
    notice = send(world)
    with tenant_context(other.dost), pytest.raises(DomainError) as refused:
        services.remind(notice, actor=other.sender)
    assert refused.value.code == "not_notice_sender"
    with tenant_context(other.dost):
        own = services.send(services.create_notice(actor=other.sender, title="Thông báo Long An"),
                            actor=other.sender)
    assert receivers(own) == {"xa-tan-an"}


def test_only_the_dost_sends(world):
    from notices import services

    with tenant_context(world.commune), pytest.raises(PermissionDenied):
        services.create_notice(actor=world.admin, title="Xã gửi thông báo")
    with tenant_context(world.dost), pytest.raises(PermissionDenied):
        services.create_notice(actor=world.secretary, title="Không thuộc Sở")


def test_bad_values_are_refused_and_nothing_is_written(world):
    from notices import services
    from notices.models import Notice

    cases = [{"title": ""}, {"title": "x", "kind": "gossip"}, {"title": "x", "audience": "levels"},
             {"title": "x", "audience": "levels", "audience_values": ["supervisor"]},
             {"title": "x", "link": "javascript:alert(1)"}, {"title": "x", "reply_by": "31/12/2026"}]
    with tenant_context(world.dost):
        for values in cases:
            with pytest.raises(DomainError):
                services.create_notice(actor=world.sender, **values)
    assert not Notice.objects.exists()


def test_a_draft_changes_and_is_withdrawn_but_a_sent_notice_does_not(world):
    from notices import services

    with tenant_context(world.dost):
        draft = services.create_notice(actor=world.sender, title="Dự thảo", link="/models/1/")
        services.update_notice(draft, actor=world.sender, title="Kế hoạch kiểm tra 2026", audience="levels",
                               audience_values=["department"], reply_by="2026-12-20")
        draft.refresh_from_db()
        assert (draft.title, draft.audience_values, draft.reply_by) == ("Kế hoạch kiểm tra 2026", ["department"],
                                                                        date(2026, 12, 20))
        assert services.withdraw(draft, actor=world.sender).status == "withdrawn"
        with pytest.raises(DomainError) as refused:
            services.send(draft, actor=world.sender)
        assert refused.value.code == "notice_not_draft"
    sent = send(world)
    with tenant_context(world.dost), pytest.raises(DomainError):
        services.update_notice(sent, actor=world.sender, title="Sửa sau khi gửi")


def test_an_audience_that_names_nobody_is_not_sent(world):
    from notices import services

    with tenant_context(world.dost):
        notice = services.create_notice(actor=world.sender, title="Gửi huyện", audience="levels",
                                        audience_values=["district"])
        with pytest.raises(DomainError) as refused:
            services.send(notice, actor=world.sender)
    assert refused.value.code == "notice_no_recipients"
    notice.refresh_from_db()
    assert notice.is_draft and not notice.receipts.exists()


def test_delivery_tells_the_admin_secretary_and_head_once_however_often_it_runs(world):
    from notices import services
    from notifications.models import Notification

    notice = send(world, audience="levels", values=["commune"])
    assert deliver(notice) == 1
    assert deliver(notice) == 0  # every receipt told: nothing left
    receipt = notice.receipts.get()
    assert services.tell(notice.pk, [receipt.pk]) == 0  # a chunk re-delivered after it ran
    with tenant_context(world.commune):
        told = set(Notification.objects.filter(key=f"notice:{notice.pk}").values_list("recipient_id", flat=True))
    assert told == {world.secretary.pk, world.head.pk, world.admin.pk}
    notice.refresh_from_db()
    assert notice.told_count == 1 and receipt.__class__.objects.get(pk=receipt.pk).told_at is not None


def test_a_retried_send_adds_no_receipt(world):
    from notices import services

    notice = send(world)
    assert services._create_receipts(notice, [world.justice.pk, world.commune.pk]) == 3


def test_chunks_split_the_receipts_and_a_retried_chunk_tells_nobody_twice(world, settings, monkeypatch):
    from notices import services, tasks
    from notifications.models import Notification

    settings.EISO_FANOUT_CHUNK = 2
    sent = []
    monkeypatch.setattr(tasks.fan_out_tell, "delay", lambda *args: sent.append(args))
    notice = send(world)
    assert tasks.deliver_notice(notice.pk) == 2 and [len(chunk[1]) for chunk in sent] == [2, 1]
    for notice_id, chunk, reminder in sent + sent:  # each chunk twice: a worker died after telling
        tasks.fan_out_tell(notice_id, chunk, reminder)
    with tenant_context(world.commune):
        assert Notification.objects.filter(key=f"notice:{notice.pk}").count() == 3
    assert services.undelivered(notice.pk) == []


def test_acknowledged_once_by_whoever_keeps_the_qms_or_signs(world):
    from notices import services

    notice = send(world, audience="levels", values=["commune"])
    receipt = notice.receipts.get()
    with tenant_context(world.commune):
        with pytest.raises(PermissionDenied):
            services.acknowledge(receipt, actor=world.staff)
        done = services.acknowledge(receipt, actor=world.head, reply="Đã phân công thư ký ISO")
        assert done.acknowledged_by == world.head and done.acknowledged_by_name == "Chủ tịch xã"
        assert done.read_at is not None and done.reply == "Đã phân công thư ký ISO"
        with pytest.raises(DomainError) as again:
            services.acknowledge(receipt, actor=world.secretary)
    assert again.value.code == "notice_already_acknowledged"


def test_an_agency_acknowledges_only_its_own_receipt(world):
    from notices import services

    notice = send(world)
    theirs = notice.receipts.get(agency=world.justice)
    with tenant_context(world.commune), pytest.raises(DomainError) as refused:
        services.acknowledge(theirs, actor=world.secretary)
    assert refused.value.status_code == 404
    with tenant_context(world.commune), pytest.raises(PermissionDenied):  # supervisors write nothing for agencies
        services.acknowledge(notice.receipts.get(agency=world.commune), actor=world.keeper)


def test_reading_is_marked_by_the_agencys_own_people_not_by_a_supervisor(world):
    from notices import services

    receipt = send(world, audience="levels", values=["commune"]).receipts.get()
    with tenant_context(world.commune):
        assert services.mark_read(receipt, actor=world.keeper).read_at is None
        assert services.mark_read(receipt, actor=world.staff).read_at is not None


def test_who_has_not_acknowledged(world):
    from notices import selectors, services

    notice = send(world, reply_by=timezone.localdate() + timedelta(days=3))
    with tenant_context(world.commune):
        services.acknowledge(notice.receipts.get(agency=world.commune), actor=world.secretary)
    assert {r.agency.slug for r in selectors.receipts_of(notice, state="pending")} == {"so-tu-phap", "so-y-te"}
    assert [r.agency.slug for r in selectors.receipts_of(notice, state="acknowledged")] == ["xa-long-duc"]
    assert [r.agency.slug for r in selectors.receipts_of(notice, state="pending", q="y tế")] == ["so-y-te"]
    assert not selectors.receipts_of(notice, state="overdue").exists()
    assert selectors.progress(notice).acknowledged == 1
    counted = selectors.with_counts(notice.__class__.objects.filter(pk=notice.pk)).get()
    assert (counted.acknowledged, counted.recipients) == (1, 3)


def test_reminders_at_most_once_a_day_per_agency(world, monkeypatch):
    from notices import services, tasks
    from notifications.models import Notification

    notice = send(world)
    with tenant_context(world.commune):
        services.acknowledge(notice.receipts.get(agency=world.commune), actor=world.secretary)
    planned = []
    monkeypatch.setattr(tasks, "plan_chunks", lambda *args, **kwargs: planned.append((args, kwargs)))
    with tenant_context(world.dost):
        with pytest.raises(DomainError):
            services.remind(services.create_notice(actor=world.sender, title="Nháp"), actor=world.sender)
        assert services.remind(notice, actor=world.sender) == 2
        assert services.remind(notice, actor=world.sender) == 0  # the same day: nobody again
    receipt = notice.receipts.get(agency=world.justice)
    assert (receipt.reminders, receipt.reminded_on) == (1, timezone.localdate())
    services.tell(notice.pk, [receipt.pk], reminder=timezone.localdate().isoformat())
    services.tell(notice.pk, [receipt.pk], reminder=timezone.localdate().isoformat())
    with tenant_context(world.justice):
        assert Notification.objects.filter(key__startswith=f"notice-reminder:{notice.pk}:").count() == 1
    notice.receipts.update(reminded_on=timezone.localdate() - timedelta(days=1))
    with tenant_context(world.dost):
        assert services.remind(notice, actor=world.sender) == 2  # the next day


def test_send_notice_from_another_area_is_sent_once_per_key(world):
    from notices import services

    with tenant_context(world.dost):
        first = services.send_notice(actor=world.keeper, kind="model_procedure", title="Quy trình mẫu khai sinh",
                                     audience="levels", audience_values=["commune"], link="/models/7/",
                                     source_ref="model_procedures:7:1")
        again = services.send_notice(actor=world.keeper, kind="model_procedure", title="Lần hai",
                                     audience="levels", audience_values=["commune"], source_ref="model_procedures:7:1")
        with pytest.raises(DomainError):
            services.send_notice(actor=world.keeper, title="Tỉnh khác", province=999999)
    assert again.pk == first.pk and first.status == "sent" and receivers(first) == {"xa-long-duc"}


def test_the_agenda_shows_notices_waiting_past_or_near_their_date(world):
    from core.agenda import due_until

    notice = send(world, audience="levels", values=["commune"], reply_by=timezone.localdate())
    notice.__class__.objects.filter(pk=notice.pk).update(reply_by=timezone.localdate() - timedelta(days=2))
    send(world, title="Không hạn", audience="levels", values=["commune"])
    with tenant_context(world.commune):
        items = [due for due in due_until(timezone.localdate()) if due.source.key == "notices"]
        assert [due.item.title for due in items] == ["Acknowledge the DOST's notice “Quy trình mẫu mới”"] or \
            len(items) == 1
        assert items[0].overdue(timezone.localdate())
        from notices import services

        services.acknowledge(notice.receipts.get(), actor=world.secretary)
        assert not [due for due in due_until(timezone.localdate()) if due.source.key == "notices"]


def test_the_hourly_catch_up_resends_only_what_a_lost_task_left_untold(world, monkeypatch):
    from notices import tasks

    untold = send(world, audience="levels", values=["commune"])
    told = send(world, title="Đã báo", audience="levels", values=["department"])
    deliver(told)
    fresh = send(world, title="Vừa gửi", audience="levels", values=["commune"])
    long_ago = timezone.now() - timedelta(hours=1)
    untold.__class__.objects.filter(pk__in=[untold.pk, told.pk]).update(sent_at=long_ago)
    resent = []
    monkeypatch.setattr(tasks.deliver_notice, "delay", resent.append)
    assert tasks.catch_up() == 1 and resent == [untold.pk]  # not the one told, not the one just sent
    assert fresh.receipts.filter(told_at__isnull=True).exists()


def test_an_agency_suspended_after_the_send_is_marked_told_without_telling_anyone(world):
    from notices import services
    from notifications.models import Notification
    from tenants.models import Agency

    notice = send(world, audience="levels", values=["commune"])
    Agency.objects.filter(pk=world.commune.pk).update(status=Agency.Status.SUSPENDED)
    assert services.tell(notice.pk, services.undelivered(notice.pk)) == 1
    with tenant_context(world.commune):
        assert not Notification.objects.filter(key=f"notice:{notice.pk}").exists()
    assert services.undelivered(notice.pk) == []
