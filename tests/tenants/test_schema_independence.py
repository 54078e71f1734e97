"""Agency schemas stand alone: no foreign key leaves a schema, and every key is a bigint (docs/SCALE.md)."""

import pytest
from django.db import connection


def _foreign_keys_leaving(schema):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT con.conname, src.relname, dst_ns.nspname, dst.relname
            FROM pg_constraint con
            JOIN pg_class src ON src.oid = con.conrelid
            JOIN pg_namespace src_ns ON src_ns.oid = src.relnamespace
            JOIN pg_class dst ON dst.oid = con.confrelid
            JOIN pg_namespace dst_ns ON dst_ns.oid = dst.relnamespace
            WHERE con.contype = 'f' AND src_ns.nspname = %s AND dst_ns.nspname <> %s
            """,
            [schema, schema],
        )
        return cursor.fetchall()


@pytest.mark.django_db
def test_no_foreign_key_leaves_an_agency_schema(agency_a):
    from django.conf import settings

    assert _foreign_keys_leaving(settings.EISO_TEMPLATE_SCHEMA) == []
    assert _foreign_keys_leaving(agency_a.schema_name) == []


@pytest.mark.django_db
def test_users_table_gets_no_trigger_per_agency(agency_a, province):
    from tenants.provisioning import AgencySpec, create_agency

    def triggers_on_users():
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.accounts_user'::regclass")
            return cursor.fetchone()[0]

    before = triggers_on_users()
    create_agency(AgencySpec(name="UBND xã Thử Nghiệm", level="commune", province=province, slug="xa-thu-nghiem"))
    assert triggers_on_users() == before


@pytest.mark.django_db
def test_every_key_in_an_agency_schema_is_a_bigint(agency_a):
    # Shared (public) tables become Citus reference tables and may keep Django's int keys.
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_schema, c.table_name, c.data_type
            FROM information_schema.table_constraints t
            JOIN information_schema.key_column_usage k
              ON k.constraint_name = t.constraint_name AND k.table_schema = t.table_schema
            JOIN information_schema.columns c
              ON c.table_schema = k.table_schema AND c.table_name = k.table_name AND c.column_name = k.column_name
            WHERE t.constraint_type = 'PRIMARY KEY' AND t.table_schema = %s
              AND c.data_type NOT IN ('bigint', 'uuid', 'character varying')
            """,
            [agency_a.schema_name],
        )
        narrow = cursor.fetchall()
    assert narrow == []
