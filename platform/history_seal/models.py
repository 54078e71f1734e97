"""The seal of an agency's history: one row per pghistory event of its schema, in the order they were written.

Rows are appended by the database trigger `public.eiso_history_seal()` (history_seal/install.py) on every
history event table, so every write path (services, admin, raw SQL, migrations) is sealed. Each row holds the
event's hash (`row_hash`: sha256 of its table name and its whole row as jsonb text) and the chain hash
(`chain_hash`: sha256 of the previous row's chain hash and this row hash); `position` counts from 1 with no
gap. `manage.py verify_history` recomputes all of it and names the first altered row.
"""

from __future__ import annotations

import pgtrigger
from django.db import models
from django.utils.translation import gettext_lazy as _

from audit_trail.models import AuditEvent


class Seal(models.Model):
    position = models.BigIntegerField(primary_key=True)  # 1, 2, 3 … : a second writer on the same head fails
    event_table = models.CharField(max_length=63)
    event_id = models.BigIntegerField()
    row_hash = models.CharField(max_length=64)
    chain_hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()  # informative only: not in any hash

    class Meta:
        verbose_name = _("history seal")
        constraints = [models.UniqueConstraint(fields=["event_table", "event_id"], name="history_seal_once")]
        # Like the events: nobody edits or removes a seal row through the ORM or by mistake in SQL.
        triggers = [pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)]

    def __str__(self) -> str:
        return f"{self.position}: {self.event_table}#{self.event_id}"


class HistoryCheck(AuditEvent):
    """The nightly checks of each agency's sealed history, as recorded in the public audit trail
    (`history.sealed` events: the chain's head anchored, and whether the history was intact)."""

    class Meta:
        proxy = True
        verbose_name = _("history check")
        verbose_name_plural = _("history checks")
