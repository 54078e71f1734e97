"""More rows than a page: the DOST's notices, an agency's inbox and one notice's "who has not acknowledged"
are paged on the pages and over the API, and the filters stay in every page's links."""

from __future__ import annotations

import re

import pytest
from django.utils import timezone

from .conftest import send

pytestmark = pytest.mark.django_db

PLANS, OTHERS = 55, 3  # a page holds 50 (notices.selectors.PAGE_SIZE)


@pytest.fixture
def many(world):
    """58 sent notices (55 inspection plans), each received by the commune, written straight to the tables."""
    from notices.models import Notice, Receipt

    now = timezone.now()
    notices = Notice.objects.bulk_create([
        Notice(province=world.province, kind="inspection_plan" if i < PLANS else "other", status="sent",
               title=f"Thông báo số {i + 1:02d}/TB-SKHCN", created_by=world.sender, sent_by=world.sender,
               sent_at=now - timezone.timedelta(minutes=i)) for i in range(PLANS + OTHERS)])
    Receipt.objects.bulk_create([Receipt(notice=notice, agency=world.commune) for notice in notices])
    return notices


def _rows(body: str, testid: str) -> int:
    return body.count(f'data-testid="{testid}"')


def _next_link(body: str) -> str:
    found = re.search(r'<nav class="pagination".*?</nav>', body, re.S)
    assert found, "no pagination"
    return re.findall(r'href="([^"]+)"', found.group(0))[-1].replace("&amp;", "&")


def test_the_dosts_notices_and_the_inbox_page_with_their_filters(world, many, tenant_client):
    dost = tenant_client(world.dost, world.sender)
    first = dost.get("/notices/?kind=inspection_plan").content.decode()
    assert _rows(first, "notice-row") == 50 and "Trang 1/2" in first
    link = _next_link(first)
    assert "kind=inspection_plan" in link and "page=2" in link
    second = dost.get(f"/notices/{link}").content.decode()
    assert _rows(second, "notice-row") == PLANS - 50 and "Thông báo số 55/TB-SKHCN" in second
    assert "Thông báo số 56/TB-SKHCN" not in second  # an "other" notice: the filter held on page 2

    inbox = tenant_client(world.commune, world.secretary)
    first = inbox.get("/notices/?kind=inspection_plan&state=pending").content.decode()
    assert _rows(first, "inbox-row") == 50
    link = _next_link(first)
    assert {"kind=inspection_plan", "state=pending", "page=2"} <= set(link.lstrip("?").split("&"))
    second = inbox.get(f"/notices/{link}").content.decode()
    assert _rows(second, "inbox-row") == PLANS - 50 and "Thông báo số 56/TB-SKHCN" not in second
    everything = inbox.get("/notices/?page=2").content.decode()
    assert _rows(everything, "inbox-row") == PLANS + OTHERS - 50


def test_who_has_not_acknowledged_pages_on_the_page_and_the_export_takes_every_row(world, tenant_client,
                                                                                monkeypatch):
    from notices import selectors

    notice = send(world)  # the three agencies of the base province
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    client = tenant_client(world.dost, world.sender)
    first = client.get(f"/notices/{notice.pk}/?state=pending").content.decode()
    assert _rows(first, "receipt-row") == 2 and "3 cơ quan phù hợp với bộ lọc" in first
    link = _next_link(first)
    assert "state=pending" in link
    second = client.get(f"/notices/{notice.pk}/{link}").content.decode()
    assert _rows(second, "receipt-row") == 1
    export = re.search(r'href="([^"]+)" data-testid="receipts-csv"', second).group(1).replace("&amp;", "&")
    assert "page=" not in export and "state=pending" in export
    rows = client.get(export).content.decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1 + 3  # the header and every agency, not one page


def test_the_api_pages_the_lists_and_keeps_the_filters(world, many, api_client):
    dost = api_client(world.dost, world.sender)
    first = dost.get("/api/v1/notices/?kind=inspection_plan").json()
    assert first["count"] == PLANS and len(first["results"]) == 50
    assert "kind=inspection_plan" in first["next"] and "page=2" in first["next"]
    second = dost.get(first["next"]).json()
    assert len(second["results"]) == PLANS - 50 and second["next"] is None
    assert {row["kind"] for row in second["results"]} == {"inspection_plan"}

    inbox = api_client(world.commune, world.secretary)
    first = inbox.get("/api/v1/notice-receipts/?kind=other&state=pending").json()
    assert first["count"] == OTHERS and first["next"] is None
    paged = inbox.get("/api/v1/notice-receipts/?page_size=20&page=3").json()
    assert paged["count"] == PLANS + OTHERS and len(paged["results"]) == PLANS + OTHERS - 40


def test_the_api_pages_who_has_not_acknowledged(world, api_client):
    notice = send(world)
    client = api_client(world.dost, world.sender)
    first = client.get(f"/api/v1/notices/{notice.pk}/receipts/?state=pending&page_size=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2
    assert "state=pending" in first["next"] and "page=2" in first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["previous"]
    names = {row["agency"] for row in first["results"] + second["results"]}
    assert names == {"so-tu-phap", "so-y-te", "xa-long-duc"}
