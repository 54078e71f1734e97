"""The audit trail: log-ins (and failures), roles, users and agencies recorded with actor, agency and time,
in one hash chain per agency that `verify_audit_trail` checks, naming the first altered row."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.models import Membership
from accounts.roles import Role
from audit_trail.models import AuditEvent
from audit_trail.services import current_actor, record, verify
from tenants.models import Agency
from tests.conftest import host_of
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def _actions(agency):
    return list(AuditEvent.objects.filter(chain=agency.pk).values_list("action", "target"))


def test_log_ins_failures_and_tokens_are_recorded_in_the_agencys_chain(agency_a, user_factory, client, api_client):
    secretary = user_factory(agency_a, Role.ISO_SECRETARY, full_name="Trần Thị Bình")
    AuditEvent.objects.all().delete()
    host = host_of(agency_a)
    client.post("/login/", {"username": secretary.username, "password": "sai-mật-khẩu"}, HTTP_HOST=host)
    client.post("/login/", {"username": secretary.username, "password": PASSWORD}, HTTP_HOST=host)
    api_client(agency_a).post("/api/v1/auth/token/", {"username": secretary.username, "password": PASSWORD},
                              format="json")
    assert _actions(agency_a) == [("auth.login_failed", secretary.username), ("auth.login", secretary.username),
                                  ("auth.token_issued", secretary.username)]
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert failed.address == "127.0.0.1" and failed.actor_id is None and "sai" not in str(failed.detail)
    assert AuditEvent.objects.get(action="auth.login").actor_name == "Trần Thị Bình"


def test_roles_users_and_agencies_are_recorded_with_who_did_it(agency_a, user_factory):
    operator = user_factory(agency_a, Role.AGENCY_ADMIN, full_name="Bùi Quang Khải")
    person = user_factory(agency_a, Role.STAFF, full_name="Ngô Văn Em")
    AuditEvent.objects.all().delete()
    token = current_actor.set(operator)
    try:
        membership = Membership.objects.create(user=person, agency=agency_a, role=Role.ISO_SECRETARY)
        membership.delete()
        person.is_active = False
        person.save()
        agency = Agency.objects.get(pk=agency_a.pk)
        agency.status = Agency.Status.SUSPENDED
        agency.save()
    finally:
        current_actor.reset(token)
    rows = list(AuditEvent.objects.order_by("id").values("chain", "action", "actor_name", "target", "detail"))
    assert [(r["action"], r["target"]) for r in rows] == [
        ("roles.granted", person.username), ("roles.taken", person.username),
        ("users.deactivated", person.username), ("agencies.changed", agency_a.slug)]
    assert {r["actor_name"] for r in rows} == {"Bùi Quang Khải"}
    assert rows[0]["chain"] == agency_a.pk and rows[0]["detail"]["role"] == Role.ISO_SECRETARY
    assert rows[2]["chain"] == 0  # a person is the platform's, not one agency's
    assert rows[3]["detail"]["changes"]["status"] == ["active", "suspended"]


def test_the_chain_names_the_first_altered_or_removed_row(agency_a, agency_b):
    AuditEvent.objects.all().delete()
    events = [record("auth.login", agency=agency_a, target=f"nguoi-{n}") for n in range(5)]
    other = record("auth.login", agency=agency_b, target="khac")
    assert verify() == []
    call_command("verify_audit_trail")

    with connection.cursor() as cursor:  # someone with database access rewrites history
        cursor.execute("UPDATE audit_trail_auditevent SET target = 'ai-do' WHERE id = %s", [events[2].pk])
    assert verify() == [(agency_a.pk, events[2].pk, "its content was altered")]
    with pytest.raises(CommandError, match="1 chain"):
        call_command("verify_audit_trail", agency=agency_a.slug)
    assert verify(agency_b.pk) == []  # other chains stand

    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_trail_auditevent SET target = 'nguoi-2' WHERE id = %s", [events[2].pk])
        cursor.execute("DELETE FROM audit_trail_auditevent WHERE id = %s", [events[1].pk])
    assert verify() == [(agency_a.pk, events[2].pk, "a row before it was removed or inserted")]
    assert other.previous_hash == "0" * 64
