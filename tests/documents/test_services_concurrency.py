"""Two people at once, on two real database connections: only one draft of a document can win.

The rest of the suite runs inside one rolled-back transaction, which other connections cannot see. These
tests therefore work in a scratch agency created and committed by a helper thread, and drop it afterwards
(schema, domain, memberships and users), so nothing they commit reaches the other tests.
"""

from __future__ import annotations

import threading
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django_tenants.utils import tenant_context

from accounts.roles import Role
from api.errors import DomainError

pytestmark = pytest.mark.django_db

SLUG = "xa-thu-dong-thoi"


def in_thread(function, *args):
    """Run `function` on its own thread, hence its own database connection (autocommit, no test transaction)."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            outcome["error"] = exc
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(120)
    assert not thread.is_alive(), "the helper thread hung"
    if "error" in outcome:
        raise outcome["error"]
    return outcome.get("value")


def race(*calls):
    """Start every call at the same moment on its own connection; return each outcome (value or exception)."""
    barrier = threading.Barrier(len(calls))
    outcomes = [None] * len(calls)

    def run(index, function):
        try:
            barrier.wait(10)
            outcomes[index] = function()
        except BaseException as exc:  # noqa: BLE001
            outcomes[index] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, f)) for i, f in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert not any(thread.is_alive() for thread in threads), "a racing thread hung"
    return outcomes


def _create_scratch_agency():
    from tenants.models import Agency, Province
    from tenants.provisioning import AgencySpec, create_agency
    from tests.factories import make_user

    agency = create_agency(AgencySpec(name="UBND xã Thử Đồng Thời", level="commune", slug=SLUG,
                                      province=Province.objects.get(code="86"), valid_from=date(2025, 7, 1)))
    agency = Agency.objects.get(pk=agency.pk)
    people = {"secretary": make_user(agency, Role.ISO_SECRETARY, full_name="Thư ký A"),
              "secretary2": make_user(agency, Role.ISO_SECRETARY, full_name="Thư ký B"),
              "approver": make_user(agency, Role.APPROVER, full_name="Chủ tịch UBND xã", job_title="Chủ tịch")}
    with tenant_context(agency):
        from documents import services

        document = services.create_document(actor=people["secretary"], code="QT-HT-01", kind="system_procedure",
                                            title="Kiểm soát thông tin dạng văn bản", content="<p>Lần 1</p>")
        revision = document.revisions.get()
        services.submit_for_review(revision, actor=people["secretary"], reviewers=[],
                                   approvers=[people["approver"]])
        services.publish(services.decide(revision, actor=people["approver"], decision="agreed"),
                         actor=people["secretary"])
    return agency, people, document.pk


def _drop_scratch_agency():
    from accounts.models import ApiToken, Membership, User
    from tenants.models import Agency

    agency = Agency.objects.filter(slug=SLUG).first()
    if agency is None:
        return
    user_ids = list(agency.memberships.values_list("user_id", flat=True))
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{agency.schema_name}" CASCADE')
        agency.domains.all().delete()
        Agency.objects.filter(pk=agency.pk).delete()
        # Raw delete: the ORM's cascade would look for per-agency tables (documents...) in the public schema.
        Membership.objects.filter(user_id__in=user_ids).delete()
        ApiToken.objects.filter(user_id__in=user_ids).delete()
        User.objects.filter(pk__in=user_ids)._raw_delete(connection.alias)


@pytest.fixture
def scratch():
    in_thread(_drop_scratch_agency)  # a previous run that died half-way
    agency, people, document_id = in_thread(_create_scratch_agency)
    yield agency, people, document_id
    in_thread(_drop_scratch_agency)


def test_two_secretaries_starting_a_revision_at_once_get_one_draft(scratch):
    from documents import services
    from documents.models import Document, Revision, RevisionState

    agency, people, document_id = scratch

    def start(actor):
        def call():
            with tenant_context(agency):
                return services.start_revision(Document.objects.get(pk=document_id), actor=actor,
                                               change_summary=f"Bản của {actor.full_name}")
        return call

    outcomes = race(start(people["secretary"]), start(people["secretary2"]))
    winners = [o for o in outcomes if isinstance(o, Revision)]
    losers = [o for o in outcomes if isinstance(o, DomainError)]
    assert len(winners) == 1 and len(losers) == 1, outcomes
    assert losers[0].code == "open_revision_exists"

    def drafts():
        with tenant_context(agency):
            return list(Revision.objects.filter(document_id=document_id, state=RevisionState.DRAFT)
                        .values_list("edition", "change_summary"))

    assert in_thread(drafts) == [(2, winners[0].change_summary)]


def test_the_partial_unique_index_stops_a_second_draft_even_without_the_lock(scratch):
    """Bypassing the service (no row lock), two inserts still cannot both commit an open revision."""
    from documents.models import Revision

    agency, people, document_id = scratch

    def insert(edition):
        def call():
            with tenant_context(agency), transaction.atomic():
                return Revision.objects.create(document_id=document_id, edition=edition,
                                               created_by=people["secretary"])
        return call

    outcomes = race(insert(2), insert(3))
    assert sum(isinstance(o, Revision) for o in outcomes) == 1, outcomes
    assert sum(isinstance(o, IntegrityError) for o in outcomes) == 1, outcomes
