"""Areas contribute indicators, task panels and edition parts; the shared pages loop over them."""

import pytest
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import tenant_context

from core import indicators, worklist
from core.indicators import TOTAL_SUM, Indicator, provides
from core.registry import Registry


def test_registry_refuses_a_key_twice_and_orders_entries():
    registry = Registry("things")
    first = Indicator("b", "B", order=2)
    registry.register("b", first)
    registry.register("a", Indicator("a", "A", order=1))
    registry.register("b", first)  # the same entry again (a module imported twice) is fine
    with pytest.raises(ValueError):
        registry.register("b", Indicator("b", "other"))
    assert [entry.key for entry in registry] == ["a", "b"]


def test_documents_registered_its_indicators_panel_and_edition_parts():
    from documents import editions

    keys = [i.key for i in indicators.all_indicators()]
    assert {"documents_effective", "system_procedures_effective", "documents_review_overdue"} <= set(keys)
    assert "documents" in worklist.panels
    assert [p.key for p in editions.parts][:3] == ["document", "revision", "attachments"]


def test_supervision_imports_no_area_models():
    from pathlib import Path

    for path in (Path(__file__).resolve().parents[2] / "platform" / "supervision").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "from documents" not in text and "import documents" not in text, path


@pytest.fixture
def extra_indicator():
    @provides(Indicator("trainings_held", _("training sessions held"), total=TOTAL_SUM, order=90),
              area="drills")  # a made-up area: the real training app registers its own group
    def drill_indicators():
        return {"trainings_held": 4}

    yield
    indicators.groups.unregister("drills.drill_indicators")


@pytest.mark.django_db
def test_a_new_area_indicator_reaches_the_rollup_and_the_dashboard_without_touching_supervision(
        extra_indicator, agency_a, supervisor, tenant_client, user_factory):
    from accounts.roles import Role
    from supervision.services import refresh_current_agency_status

    with tenant_context(agency_a):
        status = refresh_current_agency_status()
    assert status.value("trainings_held") == 4 and status.value("documents_effective") == 0
    inspector = user_factory(supervisor, Role.SUPERVISOR_INSPECTOR)
    page = tenant_client(supervisor, inspector).get("/")
    assert page.context["totals"]["trainings_held"] == 4
    assert "training sessions held" in page.content.decode() or "training sessions held" in str(
        page.context["shown_totals"][-1].caption)


def test_an_indicator_group_must_compute_what_it_declares():
    @provides(Indicator("declared_but_missing", "x"), area="broken", order=0)  # first: no other area reads the db
    def broken():
        return {}

    try:
        with pytest.raises(ValueError, match="declared_but_missing"):
            indicators.compute_all()
    finally:
        indicators.groups.unregister("broken.broken")


@pytest.mark.django_db
def test_home_page_shows_every_registered_panel(agency_a, user_factory, tenant_client):
    from accounts.roles import Perm, Role

    worklist.register(worklist.WorkPanel("training", template="tests/panel.html", perm=Perm.VIEW_QMS,
                                         collect=lambda request: {"message": "Tập huấn ISO ngày 10/12"}))
    try:
        staff = user_factory(agency_a, Role.STAFF)
        page = tenant_client(agency_a, staff).get("/").content.decode()
    finally:
        worklist.panels.unregister("training")
    assert "Tập huấn ISO ngày 10/12" in page and 'data-testid="my-tasks"' in page


@pytest.mark.django_db
def test_a_publication_asks_for_its_agency_rollup_once_committed_in_its_schema(
        agency_a, monkeypatch, django_capture_on_commit_callbacks, make_document, approve, people):
    """indicators_changed() sends the refresh by name (no area imports supervision); the header that makes it
    run in the agency's schema must be on the message, and nothing is sent if the change rolls back."""
    import celery

    from documents import services

    sent = []
    monkeypatch.setattr(celery.Celery, "send_task",
                        lambda self, name, args=None, kwargs=None, **options: sent.append((name, options)))
    with tenant_context(agency_a):
        document = make_document("QT-HT-07")
        revision = approve(document.revisions.get())
        with django_capture_on_commit_callbacks(execute=True):
            services.publish(revision, actor=people.secretary)
    rollups = [options for name, options in sent if name == "supervision.refresh_agency_status"]
    assert len(rollups) == 1 and rollups[0]["headers"]["_schema_name"] == agency_a.schema_name


def test_an_indicator_prints_itself_as_the_dashboard_shows_it():
    """Ratios with %, counts against a target, yes/no as marks, dates the Vietnamese way, a stored state key
    as its label — never a raw key on the DOST's page."""
    from core.indicators import BOOLEAN, DATE, RATIO, TEXT, Indicator
    from core.indicators import indicator as find

    assert Indicator("a", "a", kind=RATIO).shown(85) == "85%"
    assert Indicator("b", "b", target=6).shown(5) == "5/6"
    assert Indicator("c", "c", kind=BOOLEAN).shown(False) == "✗"
    assert Indicator("d", "d", kind=DATE).shown("2026-11-25") == "25/11/2026"
    assert Indicator("e", "e", kind=TEXT, choices=(("announced", "Đã công bố"),)).shown("announced") == "Đã công bố"
    assert Indicator("f", "f").shown(None) == "—"
    state = find("publication_state")
    assert state.shown("announced") not in ("announced", "—") and state.shown("not_built") != "not_built"
