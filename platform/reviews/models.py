"""Management review (ISO 9001:2015 clause 9.3): the meetings, at least yearly, where the agency's head reviews
the quality management system, and the actions they decide.

A review is planned (period covered, date, chair, secretary, attendees), its inputs are prepared (the clause
9.3.2 items gathered from every area by core.review_inputs and frozen here as JSON, so the minutes print what the
meeting saw), then it is held: the minutes record the outputs (clause 9.3.3), the decisions and the actions.
An action has an owner and a due date and stays open until its result is recorded; the next review reports
their status (item a).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked


class ReviewState(models.TextChoices):
    PLANNED = "planned", pgettext_lazy("management review", "Planned")
    PREPARED = "prepared", pgettext_lazy("management review", "Inputs prepared")
    HELD = "held", pgettext_lazy("management review", "Held")


class ActionKind(models.TextChoices):
    """Which clause 9.3.3 output an action answers."""

    IMPROVEMENT = "improvement", _("Opportunity for improvement")
    CHANGE = "change", _("Change needed to the quality management system")
    RESOURCE = "resource", _("Resource need")
    OTHER = "other", pgettext_lazy("management review action", "Other")


@tracked()
class Review(models.Model):
    title = models.CharField(_("meeting title"), max_length=300)
    period_since = models.DateField(_("period covered from"))
    period_until = models.DateField(_("period covered until"))
    planned_on = models.DateField(_("planned meeting date"))
    place = models.CharField(_("meeting place"), max_length=200, blank=True)
    chair = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                              related_name="+", verbose_name=_("chaired by"))
    chair_name = models.CharField(_("chair's name"), max_length=150)
    chair_title = models.CharField(_("chair's position"), max_length=200, blank=True)
    secretary = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                  related_name="+", verbose_name=_("meeting secretary"))
    secretary_name = models.CharField(_("secretary's name"), max_length=150)
    # [{"user": id or null, "name": "...", "position": "..."}]: members of the agency and other people
    attendees = models.JSONField(_("attendees"), default=list, blank=True)
    state = models.CharField(_("state"), max_length=16, choices=ReviewState.choices, default=ReviewState.PLANNED)
    # core.review_inputs.gather(...) as it was when the inputs were prepared: frozen once the review is held
    inputs = models.JSONField(_("inputs"), null=True, blank=True)
    inputs_prepared_at = models.DateTimeField(_("inputs prepared at"), null=True, blank=True)
    held_on = models.DateField(_("held on"), null=True, blank=True)
    summary = models.TextField(_("discussion"), blank=True)
    improvements = models.TextField(_("opportunities for improvement"), blank=True)
    qms_changes = models.TextField(_("changes needed to the QMS"), blank=True)
    resource_needs = models.TextField(_("resource needs"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                    related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-planned_on", "-id"]
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        constraints = [models.CheckConstraint(condition=models.Q(period_since__lte=models.F("period_until")),
                                              name="review_period_order")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_held(self) -> bool:
        return self.state == ReviewState.HELD


@tracked()
class ReviewAction(models.Model):
    """An action the review decided: who does it by when, and what came of it."""

    review = models.ForeignKey(Review, on_delete=models.PROTECT, related_name="actions",
                               verbose_name=_("management review"))
    kind = models.CharField(_("answers"), max_length=16, choices=ActionKind.choices, default=ActionKind.IMPROVEMENT)
    text = models.CharField(_("action"), max_length=500)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                              related_name="+", verbose_name=_("owner"))
    owner_name = models.CharField(_("owner's name"), max_length=150)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    result = models.TextField(_("result"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("review action")
        verbose_name_plural = _("review actions")
        indexes = [models.Index(fields=["done_on", "due_on"])]

    def __str__(self) -> str:
        return self.text

    @property
    def is_open(self) -> bool:
        return self.done_on is None
