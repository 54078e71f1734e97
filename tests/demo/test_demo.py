"""The demo province `make demo` runs on: its shape, its idempotence and its accounts.

The full province (~95 agencies, ~375 accounts) is seeded once for this module and removed when the module
ends (tests/committed.py); each test still runs in its own rolled-back transaction on top of it.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from accounts.models import Membership, User
from demo import data
from demo.people import AGENCY_ACCOUNTS, DEMO_PASSWORD, SUPERVISOR_ACCOUNTS, full_name, people_of
from demo.services import seed_demo_province
from demo.tthc import ENTRIES as DEMO_TTHC
from tenants.models import Agency, LineageEvent, Province
from tests.committed import CommittedData
from tests.factories import BASE_AGENCIES, otp_code

CODE = re.compile(r"^000\.\d{2}\.\d{2}\.H62$")  # identifier codes of departments and units
WARD_CODE = re.compile(r"^\d{5}$")  # official codes of communes and wards (statistics office)
LIMIT = 40  # communes seeded by the module's fixture: the whole list is checked on the data module
LAST_DAY = date(2025, 6, 30)


def test_the_data_module_describes_vinh_long_after_the_2025_reform():
    current = data.current_agencies()
    levels = Counter(agency.level for agency in current)
    assert levels["supervisor"] == 1
    assert levels["department"] >= 14
    assert levels["public_service_unit"] >= 1
    assert levels["commune"] == 124  # Vĩnh Long after the 2025 reform, every one of them
    everything = data.all_agencies()
    assert len({agency.slug for agency in everything}) == len(everything)
    assert len({agency.code for agency in everything}) == len(everything)
    assert all((WARD_CODE if agency.level == "commune" and agency.valid_to is None else CODE).match(agency.code)
               for agency in everything)
    assert "29590" in {agency.code for agency in everything if agency.slug == "phuong-thanh-duc"}
    communes = [agency for agency in current if agency.level == "commune"]
    assert all(re.match(r"^UBND (xã|phường) [A-ZĐÂ]", agency.name) for agency in communes)
    assert any("ờ" in agency.name or "ồ" in agency.name for agency in communes)  # names keep their diacritics
    assert {agency.valid_to for agency in data.historical_agencies()} == {LAST_DAY}
    # seeding on top of the test suite's base province must find its agencies, not clash with them
    by_slug = {agency.slug: agency for agency in everything}
    for base in BASE_AGENCIES:
        if base["slug"] == "xa-long-duc":
            continue  # the suite's own commune, not a real unit: the demo seeds beside it
        assert (by_slug[base["slug"]].name, by_slug[base["slug"]].code, by_slug[base["slug"]].level) == \
               (base["name"], base["code"], base["level"])


def test_names_are_vietnamese_and_stable():
    name = full_name("xa-tra-cu.thuky", khmer_area=True)
    assert name == full_name("xa-tra-cu.thuky", khmer_area=True)
    assert len(name.split()) >= 3
    people = people_of(next(a for a in data.current_agencies() if a.slug == "phuong-thanh-duc"))
    assert [p.username for p in people] == [f"phuong-thanh-duc.{suffix}" for suffix, _r, _l in AGENCY_ACCOUNTS]
    assert "Phó Chủ tịch UBND phường" in [p.job_title for p in people]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """(first run, second run) of the full seed, committed and taken back out when the module ends.

    Committed, not rolled back: ~100 new schemas in one transaction exhaust PostgreSQL's lock table.
    """
    with django_db_blocker.unblock():
        snapshot = CommittedData()
        try:
            first = seed_demo_province(commune_limit=LIMIT, starter_packs=False)
            second = seed_demo_province(commune_limit=LIMIT, starter_packs=False)
            yield first, second
        finally:
            snapshot.restore()


def _current(level=None):
    province = Province.objects.get(code=data.PROVINCE["code"])
    agencies = Agency.objects.agencies().current().in_province(province)
    return agencies.filter(level=level) if level else agencies


@pytest.mark.django_db
def test_seed_creates_the_province_with_its_history(demo):
    first, _second = demo
    assert len(first.agencies_created) >= len(data.all_agencies(LIMIT)) - len(BASE_AGENCIES)
    assert _current(Agency.Level.SUPERVISOR).count() == 1
    assert _current(Agency.Level.DEPARTMENT).count() >= 14
    assert _current(Agency.Level.COMMUNE).count() >= LIMIT
    assert _current(Agency.Level.PUBLIC_SERVICE_UNIT).get(slug="tt-tdc").parent.slug == "so-khcn"

    district = Agency.objects.get(slug="huyen-cang-long")
    assert (district.level, district.status, district.valid_to) == ("district", "historical", LAST_DAY)
    assert not district.is_current
    dissolution = LineageEvent.objects.get(kind=LineageEvent.Kind.DISSOLVE, predecessors=district)
    assert "1687/NQ-UBTVQH15" in dissolution.legal_basis
    assert dissolution.effective_date == date(2025, 7, 1)
    assert "xa-cang-long" in set(dissolution.successors.values_list("slug", flat=True))

    ward = Agency.objects.get(slug="phuong-thanh-duc")
    merger = LineageEvent.objects.get(kind=LineageEvent.Kind.MERGE, successors=ward)
    predecessors = list(merger.predecessors.order_by("slug"))
    assert [p.name for p in predecessors] == ["UBND Phường 5", "UBND xã Thanh Đức"]
    assert all(p.status == "historical" and p.valid_to == LAST_DAY for p in predecessors)
    assert "1687/NQ-UBTVQH15" in merger.legal_basis
    assert ward.is_current and ward.status == "active"
    with connection.cursor() as cursor:  # every agency got its own schema
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname = ANY(%s)",
                       [[a.slug.replace("-", "_") for a in data.all_agencies(LIMIT)]])
        assert cursor.fetchone()[0] == len(data.all_agencies(LIMIT))


@pytest.mark.django_db
def test_seeding_again_creates_nothing(demo):
    first, second = demo
    assert not second.created_anything, second.summary()
    before = (Agency.objects.count(), User.objects.count(), Membership.objects.count(), LineageEvent.objects.count())
    third = seed_demo_province(commune_limit=LIMIT, starter_packs=False)
    after = (Agency.objects.count(), User.objects.count(), Membership.objects.count(), LineageEvent.objects.count())
    assert not third.created_anything and before == after
    assert first.tthc_entries_created == len(DEMO_TTHC) and third.tthc_entries_created == 0
    assert third.seconds < 3


@pytest.mark.django_db
def test_every_agency_has_its_sealed_history_checked_once(demo):
    from audit_trail.models import AuditEvent
    from history_seal.services import ANCHOR_ACTION

    agencies = Agency.objects.filter(slug__in=[a.slug for a in data.all_agencies(LIMIT)])
    checks = list(AuditEvent.objects.filter(action=ANCHOR_ACTION, chain__in=agencies.values("pk"))
                  .values_list("chain", "detail"))
    assert sorted(chain for chain, _detail in checks) == sorted(agencies.values_list("pk", flat=True))
    assert all(detail["intact"] for _chain, detail in checks)


@pytest.mark.django_db
def test_every_current_agency_has_the_account_pattern(demo):
    memberships = set(Membership.objects.values_list("user__username", "agency__slug", "role"))
    for agency in data.current_agencies(LIMIT):
        accounts = SUPERVISOR_ACCOUNTS if agency.slug == data.SUPERVISOR.slug else AGENCY_ACCOUNTS
        for suffix, role, _label in accounts:
            assert (f"{agency.slug}.{suffix}", agency.slug, role) in memberships
    assert not Membership.objects.filter(agency__slug__in=[a.slug for a in data.historical_agencies()]).exists()
    person = User.objects.get(username="xa-cang-long.lanhdao")
    assert person.full_name and person.job_title == "Phó Chủ tịch UBND xã"
    assert person.check_password(DEMO_PASSWORD)
    operator = User.objects.get(username="admin")
    assert operator.is_superuser and operator.check_password(DEMO_PASSWORD)
    hashes = set(User.objects.filter(username__endswith=".thuky").values_list("password", flat=True))
    assert len(hashes) == 1  # hashed once, shared by hundreds of accounts


@pytest.mark.django_db
def test_demo_accounts_log_in_to_their_own_agency_only(demo):
    own = Client(HTTP_HOST="so-tu-phap.localhost")
    response = own.post("/login/", {"username": "so-tu-phap.thuky", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    assert own.get("/").status_code == 200

    commune = Client(HTTP_HOST="phuong-thanh-duc.localhost")
    assert commune.post("/login/", {"username": "phuong-thanh-duc.lanhdao",
                                    "password": DEMO_PASSWORD}).status_code == 302

    other = Client(HTTP_HOST="so-y-te.localhost")
    other.post("/login/", {"username": "so-tu-phap.thuky", "password": DEMO_PASSWORD})
    assert "_auth_user_id" not in other.session
    wrong = Client(HTTP_HOST="so-tu-phap.localhost")
    wrong.post("/login/", {"username": "so-tu-phap.thuky", "password": "eiso-demo-2025"})
    assert "_auth_user_id" not in wrong.session


@pytest.mark.django_db
def test_supervisor_inspector_sees_every_current_agency_in_the_rollup_api(demo):
    from supervision.services import refresh_current_agency_status

    for schema in _current().values_list("schema_name", flat=True):  # what refresh_all_statuses fans out
        with schema_context(schema):
            refresh_current_agency_status()
    connection.set_schema_to_public()

    host = APIClient(HTTP_HOST="so-khcn.localhost")
    inspector = User.objects.get(username="so-khcn.thanhtra")  # enrolled by the demo with DEMO_TOTP_KEY
    token = host.post("/api/v1/auth/token/", {"username": inspector.username, "password": DEMO_PASSWORD,
                                              "otp": otp_code(inspector)})
    assert token.status_code == 200
    client = APIClient(HTTP_HOST="so-khcn.localhost", HTTP_AUTHORIZATION=f"Token {token.json()['token']}")
    seen, url = set(), "/api/v1/supervision/agencies/"
    while url:
        page = client.get(url)
        assert page.status_code == 200
        seen |= {row["agency"]["slug"] for row in page.json()["results"]}
        url = page.json()["next"]
    expected = set(_current().exclude(level=Agency.Level.SUPERVISOR).values_list("slug", flat=True))
    assert expected <= seen
    assert "huyen-cang-long" not in seen and "phuong-5-tp-vinh-long" not in seen

    # an agency's own staff cannot read the province through the supervisor's API
    staff = APIClient(HTTP_HOST="so-khcn.localhost")
    staff_token = staff.post("/api/v1/auth/token/", {"username": "so-tu-phap.canbo", "password": DEMO_PASSWORD})
    assert staff_token.status_code == 400


@pytest.mark.django_db
def test_landing_page_lists_current_agencies_not_history(demo):
    body = Client(HTTP_HOST="localhost").get("/").content.decode()
    assert "Sở Dân tộc và Tôn giáo" in body  # departments come first
    assert "UBND phường Thanh Đức" in Client(HTTP_HOST="localhost").get("/", {"q": "Thanh Đức"}).content.decode()
    assert "UBND huyện Càng Long" not in Client(HTTP_HOST="localhost").get("/", {"q": "Càng Long"}).content.decode()


@pytest.mark.django_db
def test_seed_demo_command_reports_and_prints_the_accounts(demo):
    out = StringIO()
    call_command("seed_demo", "--no-starter-packs", "--communes", str(LIMIT), stdout=out)
    text = out.getvalue()
    assert "created 0 agencies, 0 accounts" in text
    assert "so-khcn.thanhtra" in text and DEMO_PASSWORD in text and "<agency>.thuky" in text


@pytest.mark.django_db
def test_a_few_agencies_get_qms_content_at_different_stages(demo, monkeypatch):
    pytest.importorskip("documents.starter")
    from demo.qms import STAGES
    from documents.models import Document, DocumentKind, RevisionState, Signoff
    from supervision.services import refresh_current_agency_status

    assert set(STAGES) == set(data.STARTER_PACK_AGENCIES)
    # one agency of each stage (~4 s each); inside this test's transaction, so rolled back with it
    monkeypatch.setattr(data, "STARTER_PACK_AGENCIES", ["so-tu-phap", "so-noi-vu"])
    report = seed_demo_province(commune_limit=LIMIT)
    assert report.starter_packs == ["so-tu-phap", "so-noi-vu"], report.starter_pack_note
    with schema_context("so_tu_phap"):
        effective = Document.objects.filter(effective_revision__isnull=False)
        assert {"quality_policy", "quality_objectives", "system_procedure"} <= set(effective.values_list("kind", flat=True))
        assert effective.filter(kind=DocumentKind.SYSTEM_PROCEDURE).count() >= 6
        approval = Signoff.objects.get(revision=effective.get(code="QT-HT-01").effective_revision, step="approval")
        assert approval.user.username == "so-tu-phap.lanhdao"
        assert Document.objects.filter(revisions__state=RevisionState.IN_REVIEW).count() == 1
        assert refresh_current_agency_status().value("system_procedures_effective") >= 6
        tthc = Document.objects.get(code="QT-TTHC-01")  # a TTHC procedure with its steps (demo.qms)
        assert tthc.effective_revision.procedure_steps.count() == 6
    assert report.dossiers_created > 30  # Sở Tư pháp's one-stop dossiers (Sở Nội vụ handles no TTHC here)
    with schema_context("so_tu_phap"):
        from dossiers import selectors as dossier_selectors
        from dossiers.models import Dossier

        months = [row.key.month for row in dossier_selectors.rates_by_month(Dossier.objects.all())]
        assert months[:4] == [8, 9, 10, 11] and dossier_selectors.on_time_rate(year=2026) is not None
    with schema_context("so_noi_vu"):  # still building: policy and objectives only
        kinds = set(Document.objects.filter(effective_revision__isnull=False).values_list("kind", flat=True))
        assert kinds == {"quality_policy", "quality_objectives"}
    connection.set_schema_to_public()
    assert seed_demo_province(commune_limit=LIMIT).starter_packs == []  # not twice

def test_demo_accounts_document_matches_the_seeded_people():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "deploy" / "DEMO_ACCOUNTS.md").read_text()
    assert f"`{DEMO_PASSWORD}`" in text
    people = {p.username: p for agency in data.current_agencies() for p in people_of(agency)}
    rows = re.findall(r"^\| [^|]+ \| `([a-z0-9.-]+)` \| ([^|]+) \| ([^|]+) \|$", text, flags=re.M)
    assert len(rows) >= 10
    for username, name, title in rows:
        assert (people[username].full_name, people[username].job_title) == (name.strip(), title.strip())


@pytest.mark.django_db
def test_the_demo_province_has_its_tthc_catalogue(demo):
    from tthc import selectors
    from tthc.models import PublicationDecision

    commune = Agency.objects.get(slug="xa-long-duc")
    justice = Agency.objects.get(slug="so-tu-phap")
    assert selectors.entries_for_agency(commune).filter(code="1.001193").exists()  # by level
    assert set(selectors.entries_for_agency(justice).values_list("field", flat=True)) >= {"Lý lịch tư pháp"}
    assert not selectors.entries_for_agency(justice).filter(level="commune").exists()
    statuses = {row.decision.number: row.status for row in selectors.decisions_with_deadlines(
        PublicationDecision.objects.all())}
    assert statuses == {"1512/QĐ-UBND": "met", "2187/QĐ-UBND": "due"}


@pytest.mark.django_db
def test_the_dosts_dashboard_is_filled_weights_bases_rows_and_trend(demo):
    from demo.supervision import BY_PLAN, HISTORY_MONTHS
    from supervision.models import AgencyStatus, ComplianceWeight
    from supervision.selectors import monthly_trend

    province = Province.objects.get(code=data.PROVINCE["code"])
    assert ComplianceWeight.objects.filter(province=province, key="tthc_coverage", weight=3).exists()
    assert set(Agency.objects.filter(obligation_basis="provincial_plan").values_list("slug", flat=True)) == set(BY_PLAN)
    supervised = _current().exclude(level=Agency.Level.SUPERVISOR)
    rows = AgencyStatus.objects.filter(agency__in=supervised)
    assert rows.count() == supervised.count() and not rows.filter(refreshed_at__isnull=True).exists()
    assert len(monthly_trend(province.pk)) == HISTORY_MONTHS
    assert Agency.objects.get(slug="so-y-te").field == "Y tế"


def test_the_dost_has_its_november_report_done_from_the_rollup(demo):
    from province_reports.models import ReportRun

    province = Province.objects.get(code=data.PROVINCE["code"])
    run = ReportRun.objects.get(province=province, kind="november_people_committee")  # once, though seeded twice
    supervised = _current().exclude(level=Agency.Level.SUPERVISOR).count()
    assert (run.status, run.number) == ("done", "245/BC-SKHCN") and run.docx and run.xlsx
    assert run.figures.get(key="agencies_total").value == supervised
    assert run.requested_by.username == "so-khcn.thanhtra"


@pytest.mark.django_db
def test_the_dost_has_sent_three_notices_some_acknowledged(demo):
    from notices import selectors
    from notices.models import Notice

    province = Province.objects.get(code=data.PROVINCE["code"])
    notices = {notice.kind: notice for notice in Notice.objects.filter(province=province, status="sent")}
    assert set(notices) == {"model_procedure", "inspection_plan", "legal_update"}
    communes = _current().filter(province=province, level=Agency.Level.COMMUNE, status=Agency.Status.ACTIVE)
    assert notices["model_procedure"].receipts.count() == communes.count()
    plan = notices["inspection_plan"]
    assert not plan.receipts.exclude(agency__obligation_basis="mandatory").exists()
    assert selectors.receipts_of(plan, state="acknowledged").exists()
    assert selectors.receipts_of(plan, state="overdue").exists()
    assert all(notice.told_count == notice.receipts.count() for notice in notices.values())
