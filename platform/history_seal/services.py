"""Checking an agency's sealed history, and anchoring its head in the public audit trail.

`verify(agency)` recomputes, in the agency's schema, the hash of every event row (in SQL, the way the trigger
did) and the chain of every seal row (here), checks the chain's head against every head anchored in the
audit trail, and looks for events that have no seal row. It returns the agency's state with the FIRST
broken row, if any. `check_and_anchor(agency)` (the nightly task) verifies and records the result together
with the head as a `history.sealed` audit event: a later verify compares the chain with it, so removing the
last events together with their seal rows (or rewriting the whole chain) shows.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass

from django.db import connection, transaction
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import schema_context

from audit_trail.models import AuditEvent
from audit_trail.services import record

from .install import GENESIS, ROW_HASH_SQL, SEAL_TABLE, chain, event_tables, set_hash_settings

log = logging.getLogger(__name__)

ANCHOR_ACTION = "history.sealed"
# Why a row is the first broken one (the detail kept in the audit event is the code; people read the text).
REASONS = {
    "altered": _("the event's content was altered"),
    "deleted": _("the event was deleted"),
    "seal_removed": _("a seal row before it was removed"),
    "seal_altered": _("its seal row was altered or inserted"),
    "anchor": _("the history before it was rewritten (it differs from the anchored head)"),
    "truncated": _("the last events were removed (the chain is shorter than its anchored head)"),
    "unsealed": _("the event was written without being sealed"),
}
_CHUNK = 5000


@dataclass
class Finding:
    position: int | None  # the seal row (None for an event with no seal row)
    table: str
    event_id: int | None
    reason: str  # a key of REASONS

    def describe(self) -> str:
        where = f"{self.table} #{self.event_id}" if self.event_id is not None else self.table
        at = f"seal {self.position}" if self.position is not None else ""
        return ": ".join(part for part in (at, where, str(REASONS[self.reason])) if part)


@dataclass
class State:
    schema: str
    events: int  # seal rows walked
    head: str  # the last chain hash
    first_broken: Finding | None = None

    @property
    def intact(self) -> bool:
        return self.first_broken is None


def anchors(agency) -> list[tuple[int, str]]:
    """(events, head) of every intact check recorded for the agency, oldest first."""
    rows = (AuditEvent.objects.filter(chain=agency.pk, action=ANCHOR_ACTION, detail__intact=True)
            .order_by("id").values_list("detail", flat=True))
    return [(row["events"], row["head"]) for row in rows if row.get("events")]


def _walk_chain(cursor, schema: str, anchored: dict[int, str]) -> tuple[int, str, Finding | None]:
    """Every seal row in order: positions without gap, each chain hash recomputed, anchored heads met."""
    expected, previous, first = 1, GENESIS, None
    cursor.execute(f'SELECT position, event_table, event_id, row_hash, chain_hash FROM "{schema}".{SEAL_TABLE} '  # nosec B608  # schema from the registry
                   "WHERE position >= %s ORDER BY position LIMIT %s", [0, _CHUNK])
    while rows := cursor.fetchall():
        for position, table, event_id, row_hash, chain_hash in rows:
            if first is None:
                if position != expected:
                    first = Finding(position, table, event_id, "seal_removed")
                elif chain_hash != chain(previous, row_hash):
                    first = Finding(position, table, event_id, "seal_altered")
                elif position in anchored and anchored[position] != chain_hash:
                    first = Finding(position, table, event_id, "anchor")
            expected, previous = position + 1, chain_hash
        cursor.execute(f'SELECT position, event_table, event_id, row_hash, chain_hash FROM "{schema}".{SEAL_TABLE} '  # nosec B608  # names from the catalogue
                       "WHERE position >= %s ORDER BY position LIMIT %s", [expected, _CHUNK])
    return expected - 1, previous, first


def _first_content_finding(cursor, schema: str, tables: list[str]) -> Finding | None:
    """The first seal row whose event is gone or hashes differently (the event recomputed in SQL)."""
    found = []
    for table in tables:
        cursor.execute(
            f'SELECT s.position, s.event_id, e.pgh_id IS NULL FROM "{schema}".{SEAL_TABLE} s '  # nosec B608  # names from the catalogue
            f'LEFT JOIN "{schema}"."{table}" e ON e.pgh_id = s.event_id WHERE s.event_table = %s '
            f"AND (e.pgh_id IS NULL OR {ROW_HASH_SQL.format(table='s.event_table', row='e')} <> s.row_hash) "
            "ORDER BY s.position LIMIT 1", [table])
        row = cursor.fetchone()
        if row:
            found.append(Finding(row[0], table, row[1], "deleted" if row[2] else "altered"))
    # Seal rows naming a table that is no event table (any more): their events are gone.
    cursor.execute(f'SELECT position, event_table, event_id FROM "{schema}".{SEAL_TABLE} '  # nosec B608  # names from the catalogue
                   "WHERE NOT (event_table = ANY(%s)) ORDER BY position LIMIT 1", [tables])
    row = cursor.fetchone()
    if row:
        found.append(Finding(row[0], row[1], row[2], "deleted"))
    return min(found, key=lambda finding: finding.position, default=None)


def _first_unsealed(cursor, schema: str, tables: list[str]) -> Finding | None:
    found = []
    for table in tables:
        cursor.execute(f'SELECT e.pgh_created_at, e.pgh_id FROM "{schema}"."{table}" e WHERE NOT EXISTS '  # nosec B608  # names from the catalogue
                       f'(SELECT 1 FROM "{schema}".{SEAL_TABLE} s WHERE s.event_table = %s AND s.event_id = e.pgh_id) '
                       "ORDER BY e.pgh_created_at, e.pgh_id LIMIT 1", [table])
        row = cursor.fetchone()
        if row:
            found.append((row[0], Finding(None, table, row[1], "unsealed")))
    return min(found, key=lambda pair: pair[0])[1] if found else None


def verify(agency) -> State:
    """The agency's sealed history checked from its first event; the first broken row, if any."""
    schema = agency.schema_name
    anchored = anchors(agency)
    with transaction.atomic(), connection.cursor() as cursor:
        set_hash_settings(cursor)
        tables = [table for table, _has in event_tables(cursor, schema)]
        events, head, first = _walk_chain(cursor, schema, dict(anchored))
        content = _first_content_finding(cursor, schema, tables)
        if content and (first is None or content.position < first.position):
            first = content
        if first is None and anchored and max(count for count, _head in anchored) > events:
            first = Finding(events + 1, "", None, "truncated")
        if first is None:
            first = _first_unsealed(cursor, schema, tables)
    return State(schema=schema, events=events, head=head, first_broken=first)


def check_and_anchor(agency) -> State:
    """Verify, then record the result and the head in the audit trail (the next verify's anchor)."""
    state = verify(agency)
    finding = state.first_broken
    record(ANCHOR_ACTION, agency=agency, target=agency.slug, events=state.events, head=state.head,
           intact=state.intact, first_broken=asdict(finding) if finding else None,
           why=str(finding.describe()) if finding else "")
    # Also in the log, which leaves the database: an anchor copied elsewhere survives a rewrite of both.
    log.info("history seal %s: events=%d head=%s intact=%s %s", agency.slug, state.events, state.head,
             state.intact, finding.describe() if finding else "")
    return state


def check_current_agency() -> State:
    """In an agency's schema (the nightly fan-out)."""
    from tenants.models import Agency

    schema = connection.schema_name
    with schema_context("public"):
        return check_and_anchor(Agency.objects.get(schema_name=schema))
