"""The head's confirmation that the QMS is effective and the announcement of conformity (công bố Hệ thống
quản lý chất lượng phù hợp TCVN ISO 9001:2015, QĐ 19/2014/QĐ-TTg Art. 4, TT 26/2024 Art. 7).

A confirmation is the head's statement on a date; an announcement is the signed decision that follows it,
with its scope frozen as it was on signing: the TTHC assigned to the agency and the effective procedures
carrying them, plus the decision's own scope text. Nothing is edited or deleted: a new scope is a new
announcement, so the rows are the history. The publication state is never stored (selectors.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked
from core.storage import stored_name


def decision_upload_to(instance, filename: str) -> str:
    return stored_name("announcements", filename)


@tracked()
class Confirmation(models.Model):
    """The head confirms that the quality management system is established, applied and effective."""

    confirmed_on = models.DateField(_("confirmed on"))
    head_name = models.CharField(_("head's full name"), max_length=150)
    head_title = models.CharField(_("head's position"), max_length=200, blank=True)
    note = models.TextField(_("confirmation note"), blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-confirmed_on", "-id"]
        verbose_name = _("confirmation of effectiveness")
        verbose_name_plural = _("confirmations of effectiveness")

    def __str__(self) -> str:
        return f"{self.head_name} {self.confirmed_on:%d/%m/%Y}"


@tracked()
class Announcement(models.Model):
    """The signed decision announcing the QMS conforms to TCVN ISO 9001:2015, with the scope it covers."""

    number = models.CharField(_("decision number"), max_length=64, unique=True,
                              help_text=_("e.g. 125/QĐ-UBND"))
    signed_on = models.DateField(_("signed on"))
    signer_name = models.CharField(_("signer's full name"), max_length=150)
    signer_title = models.CharField(_("signer's position"), max_length=200)
    confirmation = models.OneToOneField(Confirmation, on_delete=models.PROTECT, related_name="announcement",
                                        verbose_name=_("confirmation"))
    # The scope as it stood on signing: [{"code", "name"}] and [{"id", "code", "title", "tthc": [codes]}].
    scope_tthc = models.JSONField(_("TTHC in scope"), default=list, blank=True)
    scope_procedures = models.JSONField(_("procedures in scope"), default=list, blank=True)
    scope_text = models.TextField(_("scope of the announcement"), blank=True)
    file = models.FileField(_("signed decision file"), upload_to=decision_upload_to, max_length=255, blank=True)
    original_name = models.CharField(max_length=255, blank=True)
    content_type = models.CharField(max_length=128, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, db_constraint=False, on_delete=models.DO_NOTHING,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-id"]
        verbose_name = _("announcement of conformity")
        verbose_name_plural = _("announcements of conformity")

    def __str__(self) -> str:
        return self.number

    @property
    def tthc_codes(self) -> list[str]:
        return [row["code"] for row in self.scope_tthc]
