"""Shared checks for provisioning tests: what exists of an agency in the database."""

from __future__ import annotations

from django.db import connection
from django_tenants.utils import schema_exists

from tenants.models import Agency, Domain


def footprint(slug: str) -> dict:
    """Which parts of an agency exist: its row, its schema, its domain."""
    return {
        "row": Agency.objects.filter(slug=slug).exists(),
        "schema": schema_exists(slug.replace("-", "_")),
        "domain": Domain.objects.filter(domain=f"{slug}.localhost").exists(),
    }


WHOLE = {"row": True, "schema": True, "domain": True}
NOTHING = {"row": False, "schema": False, "domain": False}


def applied_migrations(schema: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT app, name FROM "{schema}".django_migrations ORDER BY app, name')
        return cursor.fetchall()
