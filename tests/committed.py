"""Test data a fixture has to commit, and how to take it back out.

Tests normally run inside a rolled-back transaction. Two kinds cannot: a live server (its thread has its own
connection and sees only committed rows) and the full demo province (creating ~100 agency schemas in one
transaction exhausts PostgreSQL's lock table: "out of shared memory"). Such fixtures take a
`CommittedData()` snapshot first and call `restore()` at teardown: every agency schema created since is
dropped (one transaction each, for the same lock reason) and every public row created since is deleted,
with the public rows that reference it, and the tables of the session's own agencies that were empty are
emptied again, so the session's base province is left exactly as it was.
"""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.db import connection, transaction
from django.db.models import Max

from accounts.models import User
from audit_trail.models import AuditEvent
from core.models import OutgoingMail
from inspections.models import Inspection, InspectionPlan, InspectionSettings
from legal.models import LegalDocument
from model_procedures.models import ModelAdoption, ModelEdition, ModelProcedure
from notices.models import Notice, Receipt
from province_reports.models import ReportFigure, ReportRun, ReportTemplate
from supervision.models import AgencyStatus, ComplianceWeight, MonthlyStatus
from tenants.middleware import forget_cached_tenants
from tenants.models import Agency, LineageEvent, Province, SchemaScript
from tthc.models import PublicationDecision, TthcEntry
from workdays.models import ProvinceCalendarDay

# Deleted in this order (rows referencing them first); each is found by "primary key above the snapshot".
# Province-level rows (the TTHC catalogue, the calendar) refer to a province that may be the session's own,
# which stays: they are found by their own keys, not through a new province.
_GROWING = [Receipt, Notice, Inspection, InspectionPlan, InspectionSettings, ReportFigure, ReportRun, ReportTemplate, AuditEvent, OutgoingMail, ComplianceWeight, MonthlyStatus, ModelAdoption, ModelEdition, ModelProcedure, LegalDocument, TthcEntry, PublicationDecision, ProvinceCalendarDay, Agency, LineageEvent, User, SchemaScript, Province]


_EDITED_AGENCY_COLUMNS = ("field", "obligation_basis", "status", "valid_to")


class CommittedData:
    def __init__(self):
        connection.set_schema_to_public()
        self.max_pk = {model: model.objects.aggregate(top=Max("pk"))["top"] or 0 for model in _GROWING}
        self.statuses = set(AgencyStatus.objects.values_list("pk", flat=True))
        # ... and recomputes the rollup rows of the session's own agencies (the demo computes its whole province)
        self.status_rows = {row["pk"]: row for row in AgencyStatus.objects.values("pk", "indicators", "refreshed_at",
                                                                                 "score")}
        # The demo also edits agencies the session already has (the DOST's field of work, obligation basis).
        self.agency_columns = {row["pk"]: row for row in Agency.objects.values("pk", *_EDITED_AGENCY_COLUMNS)}
        self.sessions = set(Session.objects.values_list("pk", flat=True))
        # The demo fills agencies the session already has too (same province): remember which of their
        # tables were empty, so rows it left there (documents, update tasks, dossiers) go with it.
        self.schemas = list(Agency.objects.filter(kind=Agency.Kind.AGENCY).values_list("schema_name", flat=True))
        self.empty_tables = {schema: _empty_tables(schema) for schema in self.schemas}

    def restore(self) -> None:
        connection.set_schema_to_public()
        new = {model: list(model.objects.filter(pk__gt=self.max_pk[model]).values_list("pk", flat=True))
               for model in _GROWING}
        schemas = list(Agency.objects.filter(pk__in=new[Agency]).values_list("schema_name", flat=True))
        with connection.cursor() as cursor:
            for schema in schemas:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        with transaction.atomic(), connection.cursor() as cursor:
            tables = {model._meta.db_table: model for model in _GROWING}
            for table, column, target in _public_references(cursor, list(tables)):
                if table not in tables and new[tables[target]]:
                    cursor.execute(f'DELETE FROM "{table}" WHERE "{column}" = ANY(%s)', [new[tables[target]]])
            for model in _GROWING:
                if new[model]:
                    model.objects.filter(pk__in=new[model])._raw_delete(connection.alias)
            AgencyStatus.objects.exclude(pk__in=self.statuses)._raw_delete(connection.alias)
            for pk, row in self.status_rows.items():
                AgencyStatus.objects.filter(pk=pk).update(**{k: v for k, v in row.items() if k != "pk"})
            for pk, row in self.agency_columns.items():
                Agency.objects.filter(pk=pk).update(**{column: row[column] for column in _EDITED_AGENCY_COLUMNS})
            Session.objects.exclude(pk__in=self.sessions)._raw_delete(connection.alias)
        for schema in self.schemas:
            filled = sorted(set(self.empty_tables[schema]) - set(_empty_tables(schema)))
            if filled:
                with transaction.atomic(), connection.cursor() as cursor:
                    tables = ", ".join(f'"{schema}"."{table}"' for table in filled)
                    cursor.execute(f"TRUNCATE {tables} CASCADE")  # tables referring to them were empty too
        forget_cached_tenants()


def _empty_tables(schema: str) -> list[str]:
    """The tables of an agency schema that hold no row (the base agencies' are all empty between tests)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = %s", [schema])
        tables = [row[0] for row in cursor.fetchall()]
        if not tables:
            return []
        cursor.execute(" UNION ALL ".join(
            f"""SELECT '{table}' WHERE NOT EXISTS (SELECT 1 FROM "{schema}"."{table}")""" for table in tables))
        return [row[0] for row in cursor.fetchall()]


def _public_references(cursor, targets: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, referenced table) for every public foreign key into `targets`."""
    cursor.execute(
        """SELECT c.conrelid::regclass::text, a.attname, c.confrelid::regclass::text
             FROM pg_constraint c
             JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
            WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
              AND c.confrelid::regclass::text = ANY(%s)""",
        [targets],
    )
    return [(table.split(".")[-1].strip('"'), column, target.split(".")[-1].strip('"'))
            for table, column, target in cursor.fetchall()]
