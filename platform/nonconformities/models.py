"""Nonconformities and corrective actions (ISO 9001:2015 10.2).

A nonconformity (NC, sự không phù hợp) comes from an internal audit, a DOST inspection, a citizen's
complaint, a member of staff or the process data. It walks one way: open → correction done → cause
analysed → actions planned → actions done → effective → closed, and each step keeps who took it and when.
Corrective actions have an owner (a member of the agency) and a due date; when the last one is done the
effectiveness check falls due a set number of days later. A check found "not effective" sends the NC back
to "actions planned" with a new action; only an effective check lets it close.

Other areas raise NCs through `services.raise_nonconformity` with an opaque `source_ref` (e.g.
"audit-finding:12"): one NC per (source, source_ref), so a retried raise finds the NC it made before.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked

# Days between the last action done and the effectiveness check, unless the NC says otherwise.
DEFAULT_EFFECTIVENESS_DAYS = 90


def effectiveness_days_default() -> int:
    return int(getattr(settings, "EISO_NC_EFFECTIVENESS_DAYS", DEFAULT_EFFECTIVENESS_DAYS))


class Source(models.TextChoices):
    AUDIT = "audit", pgettext_lazy("nc source", "Internal audit")
    INSPECTION = "inspection", pgettext_lazy("nc source", "DOST inspection")
    COMPLAINT = "complaint", pgettext_lazy("nc source", "Complaint or feedback")
    STAFF = "staff", pgettext_lazy("nc source", "Reported by staff")
    PROCESS_DATA = "process_data", pgettext_lazy("nc source", "Process data")


class Grade(models.TextChoices):
    MINOR = "minor", pgettext_lazy("nc grade", "Minor")
    MAJOR = "major", pgettext_lazy("nc grade", "Major")


class State(models.TextChoices):
    OPEN = "open", pgettext_lazy("nc state", "Open")
    CORRECTED = "corrected", pgettext_lazy("nc state", "Correction done")
    ANALYSED = "analysed", pgettext_lazy("nc state", "Cause analysed")
    PLANNED = "planned", pgettext_lazy("nc state", "Actions planned")
    IMPLEMENTED = "implemented", pgettext_lazy("nc state", "Actions done, effectiveness check due")
    EFFECTIVE = "effective", pgettext_lazy("nc state", "Checked effective")
    CLOSED = "closed", pgettext_lazy("nc state", "Closed")


# The lifecycle in order, for progress bars and "is at least" questions.
STATE_ORDER = [State.OPEN, State.CORRECTED, State.ANALYSED, State.PLANNED, State.IMPLEMENTED, State.EFFECTIVE,
               State.CLOSED]


class Effectiveness(models.TextChoices):
    EFFECTIVE = "effective", pgettext_lazy("nc effectiveness", "Effective")
    NOT_EFFECTIVE = "not_effective", pgettext_lazy("nc effectiveness", "Not effective")


def _user(verbose_name, **options):
    return models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                             null=True, blank=True, related_name="+", verbose_name=verbose_name, **options)


@tracked(exclude=["effectiveness_reminded_on"])
class Nonconformity(models.Model):
    number = models.CharField(_("NC number"), max_length=32, unique=True, help_text=_("e.g. NC-2026-007"))
    year = models.PositiveSmallIntegerField()
    sequence = models.PositiveIntegerField()
    source = models.CharField(_("source of the nonconformity"), max_length=16, choices=Source.choices)
    source_ref = models.CharField(_("source reference"), max_length=120, blank=True,
                                  help_text=_("What raised it, e.g. audit-finding:12"))
    grade = models.CharField(_("grade"), max_length=8, choices=Grade.choices, default=Grade.MINOR)
    description = models.TextField(_("what is not conforming"))
    clause = models.CharField(_("ISO 9001 clause"), max_length=32, blank=True, help_text=_("e.g. 8.5.1"))
    requirement = models.TextField(_("requirement not met"), blank=True)
    process = models.CharField(_("process or unit"), max_length=200, blank=True)
    document = models.ForeignKey("documents.Document", on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="+", verbose_name=_("procedure concerned"))
    detected_on = models.DateField(_("detected on"))
    state = models.CharField(_("state"), max_length=16, choices=State.choices, default=State.OPEN)
    raised_by = _user(_("raised by"))
    raised_at = models.DateTimeField(auto_now_add=True)

    correction = models.TextField(_("immediate correction"), blank=True)
    corrected_on = models.DateField(_("corrected on"), null=True, blank=True)
    corrected_by = _user(_("correction recorded by"))

    root_cause = models.TextField(_("root cause"), blank=True, help_text=_("e.g. the five whys"))
    analysed_on = models.DateField(_("cause analysed on"), null=True, blank=True)
    analysed_by = _user(_("cause analysed by"))

    planned_on = models.DateField(_("actions planned on"), null=True, blank=True)
    planned_by = _user(_("actions planned by"))
    implemented_on = models.DateField(_("actions done on"), null=True, blank=True)

    effectiveness_days = models.PositiveSmallIntegerField(
        _("days before the effectiveness check"), default=effectiveness_days_default,
        help_text=_("Counted from the day the last action is done"))
    effectiveness_due_on = models.DateField(_("effectiveness check due on"), null=True, blank=True)
    effectiveness = models.CharField(_("effectiveness"), max_length=16, choices=Effectiveness.choices, blank=True)
    effectiveness_note = models.TextField(_("effectiveness evidence"), blank=True)
    effectiveness_checked_on = models.DateField(_("effectiveness checked on"), null=True, blank=True)
    effectiveness_checked_by = _user(_("effectiveness checked by"))
    not_effective_count = models.PositiveSmallIntegerField(default=0)
    effectiveness_reminded_on = models.DateField(null=True, blank=True, editable=False)

    closed_on = models.DateField(pgettext_lazy("nc", "closed on"), null=True, blank=True)
    closed_by = _user(_("closed by"))

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="nc_number_in_year"),
            models.UniqueConstraint(fields=["source", "source_ref"], condition=~models.Q(source_ref=""),
                                    name="nc_one_per_source_ref"),
        ]
        indexes = [models.Index(fields=["state"]), models.Index(fields=["effectiveness_due_on"])]

    def __str__(self) -> str:
        return self.number

    @property
    def is_closed(self) -> bool:
        return self.state == State.CLOSED

    @property
    def effectiveness_overdue(self) -> bool:
        return (self.state == State.IMPLEMENTED and self.effectiveness_due_on is not None
                and self.effectiveness_due_on < timezone.localdate())

    @property
    def step(self) -> int:
        return STATE_ORDER.index(self.state)


@tracked(exclude=["reminded_on"])
class CorrectiveAction(models.Model):
    nonconformity = models.ForeignKey(Nonconformity, on_delete=models.CASCADE, related_name="actions",
                                      verbose_name=_("nonconformity"))
    description = models.TextField(_("corrective action"))
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                              related_name="+", verbose_name=_("owner of the action"))
    owner_name = models.CharField(_("owner's name"), max_length=150)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = _user(_("marked done by"))
    result = models.TextField(_("result of the action"), blank=True)
    created_by = _user(_("planned by"))
    created_at = models.DateTimeField(auto_now_add=True)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["nonconformity", "due_on", "id"]
        verbose_name = _("corrective action")
        verbose_name_plural = _("corrective actions")
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_done(self) -> bool:
        return self.done_on is not None

    @property
    def overdue(self) -> bool:
        return self.done_on is None and self.due_on < timezone.localdate()

    def overdue_on(self, day: datetime.date) -> bool:
        return self.done_on is None and self.due_on < day
