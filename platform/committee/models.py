"""The ISO steering committee (Ban chỉ đạo ISO): the decisions that establish and change it, and its members.

Members are never deleted: a member leaves (left_on and the decision that removed them), and a change of
role is the old row leaving and a new one joining by the same decision, so the rows are the committee's
history. A member is a person of the agency (a user id, no foreign key leaving the schema) or, for someone
without an account, a name; either way the name is kept as the decision wrote it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.history import tracked
from core.storage import stored_name


def decision_upload_to(instance, filename: str) -> str:
    return stored_name("committee", filename)


class DecisionKind(models.TextChoices):
    ESTABLISHES = "establishes", _("Establishes the steering committee")
    CHANGES = "changes", _("Changes the steering committee's members")


class CommitteeRole(models.TextChoices):
    HEAD = "head", pgettext_lazy("committee", "Head")
    DEPUTY = "deputy", pgettext_lazy("committee", "Deputy head")
    SECRETARY = "secretary", pgettext_lazy("committee", "Secretary")
    MEMBER = "member", pgettext_lazy("committee", "Member")


# How the committee is listed: head, deputies, secretary, members.
ROLE_ORDER = {CommitteeRole.HEAD: 0, CommitteeRole.DEPUTY: 1, CommitteeRole.SECRETARY: 2, CommitteeRole.MEMBER: 3}


@tracked()
class CommitteeDecision(models.Model):
    """A signed decision (quyết định) establishing the committee or changing its members."""

    number = models.CharField(_("decision number"), max_length=64, unique=True,
                              help_text=_("e.g. 125/QĐ-UBND"))
    signed_on = models.DateField(_("signed on"))
    signer = models.CharField(_("signed by"), max_length=150)
    title = models.CharField(_("decision title"), max_length=300)
    kind = models.CharField(_("kind of decision"), max_length=16, choices=DecisionKind.choices)
    reference = models.CharField(_("where the signed decision is"), max_length=300, blank=True,
                                 help_text=_("A link or where the paper is filed"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)
    # The signed paper, scanned (PDF or image) or as issued (DOCX): what an inspector asks to see.
    signed_file = models.FileField(_("signed decision"), upload_to=decision_upload_to, blank=True, max_length=255)
    signed_file_name = models.CharField(_("file name"), max_length=255, blank=True)
    signed_file_type = models.CharField(_("file type"), max_length=100, blank=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("committee decision")
        verbose_name_plural = _("committee decisions")

    def __str__(self) -> str:
        return self.number


@tracked()
class CommitteeMember(models.Model):
    """One person in one role on the committee, from the decision that appointed them to the one that
    removed them (none while they serve)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                             null=True, blank=True, related_name="+", verbose_name=_("person"))
    name = models.CharField(_("full name"), max_length=150)
    position = models.CharField(_("position"), max_length=200, blank=True,
                                help_text=_("e.g. Phó Chủ tịch UBND xã"))
    role = models.CharField(_("role on the committee"), max_length=16, choices=CommitteeRole.choices)
    joined_on = models.DateField(_("joined on"))
    left_on = models.DateField(_("left on"), null=True, blank=True)
    appointed_by = models.ForeignKey(CommitteeDecision, on_delete=models.PROTECT, related_name="appointments",
                                     verbose_name=_("appointed by"))
    removed_by = models.ForeignKey(CommitteeDecision, on_delete=models.PROTECT, null=True, blank=True,
                                   related_name="removals", verbose_name=_("removed by"))

    class Meta:
        ordering = ["joined_on", "id"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [models.UniqueConstraint(fields=["role"], condition=models.Q(role="head", left_on=None),
                                               name="committee_one_current_head")]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"

    @property
    def current(self) -> bool:
        return self.left_on is None
