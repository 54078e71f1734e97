"""Quality objectives (ISO 9001:2015 clause 6.2): each year's measurable objectives and their measurements.

The quality policy and the objectives as a signed paper are controlled documents (documents.DocumentKind
QUALITY_POLICY, QUALITY_OBJECTIVES); this area keeps what the paper cannot: each objective's target, owner,
plan and how often it is measured, and the measurements themselves, entered by hand or computed from the
one-stop dossiers (the on-time rate). Whether an objective is on track is a rule of selectors.py.
Measurements are corrected, never deleted, so history shows every value an objective had.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked


class Comparison(models.TextChoices):
    AT_LEAST = "at_least", _("at least (≥)")
    AT_MOST = "at_most", _("at most (≤)")


class Unit(models.TextChoices):
    PERCENT = "percent", pgettext_lazy("objective unit", "%")
    DAYS = "days", pgettext_lazy("objective unit", "days")
    COUNT = "count", pgettext_lazy("objective unit", "count")


class Frequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    HALF_YEARLY = "half_yearly", _("Every six months")
    YEARLY = "yearly", _("Yearly")


# How many measurement periods a year has at each frequency.
PERIODS_PER_YEAR = {Frequency.MONTHLY: 12, Frequency.QUARTERLY: 4, Frequency.HALF_YEARLY: 2, Frequency.YEARLY: 1}


class Source(models.TextChoices):
    MANUAL = "manual", _("Entered by hand")
    ON_TIME_RATE = "on_time_rate", _("Computed: on-time rate of the one-stop dossiers")


@tracked()
class Objective(models.Model):
    """One measurable quality objective of one year."""

    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("objective"), max_length=300)
    comparison = models.CharField(_("comparison"), max_length=16, choices=Comparison.choices,
                                  default=Comparison.AT_LEAST)
    target = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=16, choices=Unit.choices, default=Unit.PERCENT)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                              null=True, blank=True, related_name="+", verbose_name=_("responsible person"))
    plan = models.TextField(_("plan to achieve it"), blank=True)
    frequency = models.CharField(_("measured"), max_length=16, choices=Frequency.choices,
                                 default=Frequency.QUARTERLY)
    source = models.CharField(_("measurement source"), max_length=16, choices=Source.choices, default=Source.MANUAL)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "id"]
        verbose_name = _("quality objective")
        verbose_name_plural = _("quality objectives")
        indexes = [models.Index(fields=["year"])]

    def __str__(self) -> str:
        return f"{self.year}: {self.title}"

    @property
    def periods(self) -> int:
        return PERIODS_PER_YEAR[self.frequency]

    @property
    def computed(self) -> bool:
        return self.source != Source.MANUAL


@tracked(exclude=["recorded_at"])
class Measurement(models.Model):
    """The value an objective reached in one period of its year (period 1..12 monthly, 1..4 quarterly, …)."""

    objective = models.ForeignKey(Objective, on_delete=models.CASCADE, related_name="measurements")
    period = models.PositiveSmallIntegerField(_("period"))
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2)
    note = models.CharField(_("note"), max_length=500, blank=True)
    computed = models.BooleanField(_("computed"), default=False)
    # Nobody for a value the nightly refresh computed.
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                    null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["objective", "period"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [models.UniqueConstraint(fields=["objective", "period"], name="objectives_one_per_period")]

    def __str__(self) -> str:
        return f"{self.objective_id}/{self.period}: {self.value}"
