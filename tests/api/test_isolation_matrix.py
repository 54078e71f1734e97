"""Every route of an agency's API and site × every kind of caller, generated from the URL resolver.

The cases come from tests/api/matrix.py (a walk of eiso.urls_tenant: the router's viewset actions, v1's
APIViews, the named web pages) and the expected answer from what each action declares (declared_perm, or
the page's agency_perm_required) against what the caller's roles grant (ROLE_PERMS). Two worlds per caller:

- agency A's own objects, asked for by people from elsewhere: refused (401/403), and A unchanged; staff of
  A get 403 exactly when their role lacks the declared permission;
- agency B's real ids (a published document with a file, a draft, a record with a file, a required record,
  a notification, a sign-off snapshot), asked for on A's host, where A holds no such rows: never found,
  never 2xx on an id, nothing of B in any answer, and B unchanged.

Each test loops over all routes and reports every failure at once, naming route, method and caller.
"""

from __future__ import annotations

import itertools
import json
from datetime import date
from types import SimpleNamespace

import pytest
from django.test import Client
from django.test.utils import override_settings
from django.urls import include, path, reverse
from django_tenants.utils import tenant_context
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter
from rest_framework.test import APIClient

from accounts.roles import Perm, Role
from accounts.services import roles_in
from api.urls import router
from records import services as record_services
from tests.conftest import host_of
from tests.documents.conftest import database_state, docx_bytes, pdf_bytes, upload
from tests.factories import PASSWORD

from . import matrix

pytestmark = pytest.mark.django_db

CALLERS = ["anonymous", "staff_of_a", "admin_of_b_session", "admin_of_b_token", "inspector_of_other_province"]
OUTSIDERS = [c for c in CALLERS if c != "staff_of_a"]
B_SECRET = "BÍ-MẬT-XÃ-LONG-ĐỨC"  # in every title and message of B's data: no answer on A's host may carry it


def build_qms(agency, *, secretary, approver, reader, marker="", province=None):
    """An agency's realistic QMS through the real services; returns model label -> list of ids.

    Province-level objects (the working-day calendar) belong to `province` (default: the agency's): the
    "other agency's" ones are another province's, since every agency of a province shares its calendar."""
    from documents import services
    from notifications.services import notify
    from procedures import services as procedure_services
    from supervision.models import AgencyStatus
    from workdays.models import ProvinceCalendarDay

    with tenant_context(agency):
        document = services.create_document(actor=secretary, code="QT-MX-01", kind="tthc_procedure",
                                            title=f"Quy trình đăng ký khai tử {marker}",
                                            content=f"<p>Nội dung {marker}</p>")
        effective = document.revisions.get()
        procedure_services.save_procedure(
            effective, actor=secretary, tthc_codes=["1.001193"], time_limit="1", time_unit="working_days",
            legal_basis=f"Luật Hộ tịch {marker}", where_filed=f"Bộ phận Một cửa {marker}",
            steps=[{"action": f"Tiếp nhận hồ sơ {marker}", "responsible": "Công chức Một cửa", "time_allowed": "8",
                    "time_unit": "working_hours"}])
        attachment = services.add_attachment(effective, actor=secretary,
                                             uploaded_file=upload("khai-tu.docx", docx_bytes(f"Tệp {marker}")))
        services.submit_for_review(effective, actor=secretary, reviewers=[], approvers=[approver])
        services.publish(services.decide(effective, actor=approver, decision="agreed"), actor=secretary)
        requirement = record_services.add_record_requirement(document, actor=secretary, name=f"Sổ khai tử {marker}",
                                                      kept_by="Công chức Hộ tịch", retention="Vĩnh viễn")
        record = record_services.file_record(actor=secretary, document=document, year=2025, title=f"Sổ 2025 {marker}",
                                      requirement=requirement, uploaded_file=upload("so.pdf", pdf_bytes()))
        draft = services.start_revision(document, actor=secretary, change_summary=f"Sửa đổi {marker}")
        signoff = effective.signoffs.get(step="approval")
        assert signoff.snapshot_pdf
        notification = notify(reader, f"Văn bản mới {marker}", "/documents/", email=False)
        dossier_job, dossier = one_stop_dossier(secretary, marker)
        committee_decision, committee_member = steering_committee(secretary, approver, marker)
        area_ids = {}
        for area in matrix.area_object_builders():  # tests/<area>/matrix_objects.py: build(...) -> {label: ids}
            area_ids.update(area.build(secretary=secretary, approver=approver, reader=reader, marker=marker))
    status, _ = AgencyStatus.objects.get_or_create(agency=agency)
    entry, decision = province_catalogue_for(agency, marker)
    model = model_procedure_for(agency, province or agency.province, document, secretary, marker)
    legal_document, link, task = legal_register_for(agency, document, marker, province or agency.province)
    calendar_day = ProvinceCalendarDay.objects.create(province=province or agency.province, day=date(2027, 3, 26),
                                                      name=f"Nghỉ lễ tỉnh {marker}")
    return {"workdays.ProvinceCalendarDay": [calendar_day.pk], "documents.Document": [document.pk], "documents.Revision": [effective.pk, draft.pk],
            "documents.Attachment": [attachment.pk], "records.Record": [record.pk],
            "records.RecordRequirement": [requirement.pk],
            # A TTHC procedure's spec is addressed by its edition's id; the draft took over the effective one's.
            "procedures.TthcProcedureSpec": [effective.pk, draft.pk], "documents.Signoff": [signoff.pk],
            "signoff_id": [signoff.pk], "notifications.Notification": [notification.pk],
            "tthc.TthcEntry": [entry.pk], "tthc.PublicationDecision": [decision.pk],
            "model_procedures.ModelProcedure": [model.pk],
            "legal.LegalDocument": [legal_document.pk], "legal_updates.LegalLink": [link.pk],
            "legal_updates.UpdateTask": [task.pk],
            "accounts.User": [reader.pk], "supervision.AgencyStatus": [status.pk], "edition": [1],
            "dossiers.Dossier": [dossier.pk], "dossiers.DossierImport": [dossier_job.pk], "tthc_code": ["1.001193"],
            "committee.CommitteeDecision": [committee_decision.pk], "committee.CommitteeMember": [committee_member.pk],
            "fmt": ["csv"], **area_ids}  # csv: text, so the leak check can read it


def one_stop_dossier(secretary, marker):
    """An imported one-stop dossier (late, so every dossier page lists it) and its import job."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from dossiers import services as dossier_services
    from dossiers.models import Dossier

    text = ("tthc_code,tthc_name,dossier_id,received,due,resolved,handler,step1_name,step1_finished,step1_due\n"
            f"1.001193,Đăng ký khai sinh {marker},HS-MX-01,03/08/2026 08:00,04/08/2026 17:00,05/08/2026 09:00,"
            f"Cán bộ {marker},Tiếp nhận {marker},03/08/2026 09:00,03/08/2026 08:30\n")
    job = dossier_services.start_import(actor=secretary, upload=SimpleUploadedFile(f"ho-so {marker}.csv", text.encode()),
                                        queue=False)
    assert dossier_services.run_import(job.pk).status == "done"
    return job, Dossier.objects.get(external_id="HS-MX-01")


def province_catalogue_for(agency, marker):
    """A TTHC of the province's catalogue (public schema) assigned to `agency` alone, and a publication
    decision: rows only the agency (and its DOST) may read, so another agency's host must not find them."""
    from tthc.models import EntryAssignment, PublicationDecision, TthcEntry

    decision = PublicationDecision.objects.create(province_id=agency.province_id, number=f"{agency.pk}/QĐ-UBND",
                                                  signed_on=date(2026, 3, 5), title=f"Công bố {marker}")
    entry = TthcEntry.objects.create(province_id=agency.province_id, code=f"9.{agency.pk:06d}", level=agency.level,
                                     name=f"Thủ tục {marker}", time_limit=5, decision=decision, assigned_levels=[])
    EntryAssignment.objects.create(entry=entry, agency=agency)
    return entry, decision


def model_procedure_for(agency, province, document, author, marker):
    """A published model procedure of `province` (public schema), adopted by `agency` as `document`: the
    other agency's is another province's, so agency A must find neither the model nor its difference."""
    from model_procedures.models import ModelAdoption, ModelEdition, ModelProcedure

    model = ModelProcedure.objects.create(province=province, code=f"QT-MAU-{agency.pk}", level=agency.level,
                                          title=f"Quy trình mẫu {marker}", created_by=author)
    ModelEdition.objects.create(model=model, number=1, status=ModelEdition.Status.PUBLISHED, time_limit=1,
                                content=f"<p>Mẫu {marker}</p>", tthc_codes=["1.001193"],
                                steps=[{"number": 1, "action": f"Tiếp nhận {marker}", "responsible": "Một cửa",
                                        "time_allowed": "8", "time_unit": "working_hours", "output": ""}])
    ModelAdoption.objects.create(model=model, agency=agency, document_id=document.pk, adopted_edition=1,
                                 taken_edition=1, adopted_by=author)
    return model


def steering_committee(secretary, approver, marker):
    """The ISO steering committee: its establishing decision and the head it appointed (through the services)."""
    from committee import services as committee_services

    decision = committee_services.record_decision(
        actor=secretary, number="15/QĐ-MX", signed_on=date(2025, 2, 3), signer=f"Chủ tịch {marker}",
        title=f"Thành lập Ban chỉ đạo ISO {marker}", kind="establishes")
    committee_services.appoint_member(actor=secretary, decision=decision, role="member", name=f"Thành viên {marker}")
    return decision, committee_services.appoint_member(actor=secretary, decision=decision, role="head", user=approver)


def legal_register_for(agency, document, marker, province):
    """An entry of the province's legal register (public schema; another province's for the "other" agency),
    the agency's document resting on it and an update task: only the agency may see the link and the task."""
    from legal.models import LegalDocument
    from legal_updates.models import LegalLink, UpdateTask

    entry = LegalDocument.objects.create(province=province, number=f"{agency.pk}/2026/NĐ-CP", kind="decree",
                                         title=f"Nghị định {marker}", effective_on=date(2026, 3, 1))
    with tenant_context(agency):
        link = LegalLink.objects.create(legal_document_id=entry.pk, document=document, articles=f"Điều 3 {marker}")
        task = UpdateTask.objects.create(legal_document_id=entry.pk, document=document, effective_on=date(2026, 3, 1),
                                         opened_on=date(2026, 3, 1), due_on=date(2026, 6, 1))
    return entry, link, task


def agency_state(agency) -> dict:
    from django.apps import apps

    from notifications.models import Notification

    with tenant_context(agency):
        state = database_state()
        state["notifications"] = list(Notification.objects.order_by("pk").values())
        for model in [*apps.get_app_config("procedures").get_models(), *apps.get_app_config("dossiers").get_models(),
                      *apps.get_app_config("legal_updates").get_models(),
                      *apps.get_app_config("committee").get_models()]:
            state[model._meta.label] = list(model.objects.order_by("pk").values())
    return state


def urls(case, ids) -> list[str]:
    """The case's URL for every combination of the ids given (a revision route runs for the effective
    edition and for the draft)."""
    options = [[(param, value) for value in ids[matrix.param_key(case, param)]] for param in case.params]
    return [reverse(case.name, kwargs=dict(combo)) for combo in itertools.product(*options)]


@pytest.fixture
def world(agency_a, agency_b, user_factory):
    """The people: A's staff member, B's admin (and B's QMS people), an inspector of another province."""
    from tenants.models import Province
    from tenants.provisioning import AgencySpec, create_agency

    other = Province.objects.create(code="80", name="Tỉnh Long An", slug="long-an")
    other_dost = create_agency(AgencySpec(name="Sở Khoa học và Công nghệ tỉnh Long An", level="supervisor",
                                          province=other, slug="so-khcn-long-an", code="000.00.21.H41",
                                          valid_from=date(2025, 7, 1)))
    return SimpleNamespace(
        a=agency_a, b=agency_b, other_province=other,
        staff_a=user_factory(agency_a, Role.STAFF, full_name="Ngô Văn Em"),
        secretary_a=user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình"),
        approver_a=user_factory(agency_a, Role.APPROVER, full_name="Lê Văn Cường"),
        admin_b=user_factory(agency_b, Role.AGENCY_ADMIN, full_name="Quản trị xã"),
        secretary_b=user_factory(agency_b, Role.ISO_SECRETARY, full_name="Thư ký xã"),
        approver_b=user_factory(agency_b, Role.APPROVER, full_name="Chủ tịch xã"),
        reader_b=user_factory(agency_b, Role.STAFF, full_name="Công chức xã"),
        inspector=user_factory(other_dost, Role.SUPERVISOR_INSPECTOR, full_name="Thanh tra Long An"),
    )


def caller(world, name, *, web=False):
    """A client on agency A's host acting as `name`, and the user behind it (None: anonymous)."""
    client = Client(HTTP_HOST=host_of(world.a)) if web else APIClient(HTTP_HOST=host_of(world.a))
    user = {"anonymous": None, "staff_of_a": world.staff_a, "admin_of_b_session": world.admin_b,
            "admin_of_b_token": world.admin_b, "inspector_of_other_province": world.inspector}[name]
    if name == "admin_of_b_token":
        # The token B's admin gets on B's own host, then carried to A's host.
        response = APIClient(HTTP_HOST=host_of(world.b)).post(
            "/api/v1/auth/token/", {"username": world.admin_b.username, "password": PASSWORD}, format="json")
        assert response.status_code == 200, response.content
        client.credentials(HTTP_AUTHORIZATION=f"Token {response.json()['token']}")
    elif user is not None:
        client.force_login(user)  # a real session cookie, through SessionAuthentication / the middleware
    return client, user


def call(client, case, url, body, *, web=False):
    if web:
        return client.post(url, body) if case.method == "post" else client.get(url)
    return client.generic(case.method.upper(), url, json.dumps(body), content_type="application/json")


def leaked(response) -> bool:
    content = b"" if getattr(response, "streaming", False) else response.content
    return B_SECRET.encode() in content


def check_api(case, response, *, expected, foreign_ids) -> str | None:
    code = response.status_code
    if code >= 500:
        return f"{code}: server error"
    if leaked(response):
        return f"{code}: answer carries agency B's data"
    if expected == "refused":
        return None if code in (401, 403) else f"{code}, expected 401/403 (declared {case.perm!r})"
    if code == 403:
        return f"403, but the caller's role grants the declared {case.perm!r}"
    if foreign_ids and case.id_params and code not in (400, 404):
        return f"{code}, expected 404: an id of agency B resolved on agency A's host"
    return None


@pytest.mark.parametrize("who", CALLERS)
def test_api_on_agency_a_objects(world, who):
    ids = build_qms(world.a, secretary=world.secretary_a, approver=world.approver_a, reader=world.staff_a)
    client, user = caller(world, who)
    before = agency_state(world.a)
    failures, checked = [], 0
    for case in matrix.api_cases():
        if case.name in matrix.OPEN_API_VIEWS:
            continue
        expected = matrix.expected_api(case, user, world.a)
        if who != "staff_of_a":
            assert expected == "refused", f"{who} is granted {case.perm!r} in agency A"
        for url in urls(case, ids):
            checked += 1
            problem = check_api(case, call(client, case, url, matrix.write_body(
                {k: v[0] for k, v in ids.items()})), expected=expected, foreign_ids=False)
            if problem:
                failures.append(f"{who}: {case.method.upper()} {url} [{case.name}/{case.action}]: {problem}")
    assert checked > 40
    assert not failures, "\n".join(failures)
    if who in OUTSIDERS:
        assert agency_state(world.a) == before, f"{who} changed agency A"


@pytest.mark.parametrize("who", CALLERS)
def test_api_with_agency_b_ids_on_agency_a(world, who):
    from documents.models import Document

    ids = build_qms(world.b, secretary=world.secretary_b, approver=world.approver_b, reader=world.reader_b,
                    marker=B_SECRET, province=world.other_province)
    with tenant_context(world.a):
        assert not Document.objects.exists()  # so B's ids can only resolve by crossing schemas
    client, user = caller(world, who)
    before = agency_state(world.b)
    failures, checked = [], 0
    for case in matrix.api_cases():
        if case.name in matrix.OPEN_API_VIEWS:
            continue
        expected = matrix.expected_api(case, user, world.a)
        for url in urls(case, ids):
            checked += 1
            response = call(client, case, url, matrix.write_body({k: v[0] for k, v in ids.items()}))
            problem = check_api(case, response, expected=expected, foreign_ids=True)
            if problem:
                failures.append(f"{who}: {case.method.upper()} {url} [{case.name}/{case.action}]: {problem}")
    assert checked > 40
    assert not failures, "\n".join(failures)
    assert agency_state(world.b) == before, f"{who} changed agency B through agency A's host"


def check_web(case, response, *, user, agency, foreign_ids) -> str | None:
    code = response.status_code
    if code >= 500:
        return f"{code}: server error"
    if leaked(response):
        return f"{code}: page carries agency B's data"
    perm = case.perm
    # A page without agency_perm_required (the home page) asks only for some role in the agency.
    granted = user is not None and (perm in matrix.granted(user, agency) if perm else bool(roles_in(user, agency)))
    if not granted:
        if code == 302:
            target = response["Location"]
            return None if ("/login/" in target or "/logout/" in target) else f"302 to {target}"
        return None if code in (403, 404, 405) else f"{code}, expected 302 to log in, 403 or 404 (needs {perm!r})"
    if code == 403:
        return f"403, but the caller's role grants the declared {perm!r}"
    if foreign_ids and case.id_params and code not in (400, 404, 405):
        return f"{code}, expected 404: an id of agency B resolved on agency A's host"
    return None


def walk_web(client, cases, ids, *, who, user, agency, foreign_ids) -> list[str]:
    """Every page × method with the ids given, on agency A's host; the problems found, one line each."""
    failures = []
    body = matrix.write_body({k: v[0] for k, v in ids.items()})
    for case in cases:
        for url in urls(case, ids):
            problem = check_web(case, call(client, case, url, body, web=True), user=user, agency=agency,
                                foreign_ids=foreign_ids)
            if problem:
                failures.append(f"{who}: {case.method.upper()} {url} [{case.name}]: {problem}")
    return failures


@pytest.mark.parametrize("who", ["anonymous", "admin_of_b_session", "inspector_of_other_province"])
def test_web_pages_of_agency_a_refuse_outsiders(world, who):
    ids = build_qms(world.a, secretary=world.secretary_a, approver=world.approver_a, reader=world.staff_a)
    client, user = caller(world, who, web=True)
    before = agency_state(world.a)
    cases = matrix.web_cases(methods=("get", "post"))
    failures = walk_web(client, cases, ids, who=who, user=user, agency=world.a, foreign_ids=False)
    assert len(cases) > 40
    assert not failures, "\n".join(failures)
    assert agency_state(world.a) == before, f"{who} changed agency A through its web pages"


@pytest.mark.parametrize("who", ["staff_of_a", "admin_of_b_session"])
def test_web_pages_never_open_agency_b_ids_on_agency_a(world, who):
    ids = build_qms(world.b, secretary=world.secretary_b, approver=world.approver_b, reader=world.reader_b,
                    marker=B_SECRET, province=world.other_province)
    client, user = caller(world, who, web=True)
    before = agency_state(world.b)
    failures = walk_web(client, matrix.web_cases(methods=("get", "post")), ids, who=who, user=user,
                        agency=world.a, foreign_ids=True)
    assert not failures, "\n".join(failures)
    assert agency_state(world.b) == before


# ------------------------------------------------------------------------------------ the matrix's own guards

def test_the_matrix_walks_every_registered_viewset_and_action():
    """The resolver walk and the router's registry agree: no registered route escapes the matrix."""
    walked = {(c.view, c.action) for c in matrix.api_cases()}
    for prefix, viewset, _basename in router.registry:
        for route in router.get_routes(viewset):
            for method, action_name in route.mapping.items():
                if hasattr(viewset, action_name) and method not in matrix.SKIPPED_METHODS:
                    assert (viewset, action_name) in walked, f"{prefix}: {method} {action_name} not walked"
    names = {c.name for c in matrix.api_cases()}
    assert {"v1:me", "v1:current-agency", "v1:auth-token"} <= names
    assert {"documents:detail", "documents:snapshot", "notifications:mark-read"} <= {c.name for c in
                                                                                      matrix.web_cases()}


def test_every_api_action_declares_a_permission():
    """A routed action with no declared permission is refused to all (fail-closed), but it is a forgotten
    declaration all the same: only the deliberately open or closed views listed in matrix.py may lack one."""
    undeclared = {c.label for c in matrix.api_cases() if c.perm is None
                  and c.name not in matrix.OPEN_API_VIEWS | matrix.CLOSED_API_VIEWS}
    assert not undeclared, "actions without a declared permission:\n" + "\n".join(sorted(undeclared))
    open_views = {c.name for c in matrix.api_cases() if not c.fail_closed}
    assert open_views == matrix.OPEN_API_VIEWS, "views not guarded by AgencyPermission changed"
    unguarded_pages = {c.name for c in matrix.web_cases() if c.perm is None}
    assert unguarded_pages == {"web:home"}, "pages without agency_perm_required changed"  # home: can_enter


def test_the_closed_api_root_refuses_even_an_agency_admin(api_client, agency_a, user_factory):
    admin = user_factory(agency_a, Role.AGENCY_ADMIN)
    assert api_client(agency_a, admin).get("/api/v1/").status_code == 403


class ThrowawayViewSet(viewsets.ViewSet):
    """A viewset whose author forgot to declare `purge` in required_perms."""

    required_perms = {"list": Perm.VIEW_QMS}

    def list(self, request):
        return Response({"ok": True})

    @action(detail=True, methods=["post"])
    def purge(self, request, pk=None):
        return Response({"purged": pk})


throwaway_router = SimpleRouter()
throwaway_router.register("throwaway", ThrowawayViewSet, basename="throwaway")
urlpatterns = [path("api/v1/", include(throwaway_router.urls))]


@override_settings(ROOT_URLCONF=__name__)
def test_an_undeclared_action_is_refused_even_to_an_agency_admin_and_a_superuser(agency_a, user_factory):
    from django.urls import clear_url_caches

    clear_url_caches()
    admin = user_factory(agency_a, Role.AGENCY_ADMIN)
    root = user_factory(superuser=True)
    for user in (admin, root):
        client = APIClient(HTTP_HOST=host_of(agency_a))
        client.force_login(user)
        assert client.get("/api/v1/throwaway/").status_code == 200  # the declared action opens: the door works
        assert client.post("/api/v1/throwaway/7/purge/").status_code == 403
    undeclared = matrix.Case("throwaway-purge", "post", "purge", ThrowawayViewSet, ("pk",))
    assert undeclared.perm is None and matrix.expected_api(undeclared, admin, agency_a) == "refused"
