"""People are global (public schema); what they may do in an agency comes from their memberships.

One account serves a person across agencies (a secretary who also helps a merged commune, a DOST
inspector who reads every agency of the province) without a copy of the account in each schema.
"""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from knox.models import AbstractAuthToken

from .roles import Role


class User(AbstractUser):
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    job_title = models.CharField(_("job title"), max_length=150, blank=True, help_text=_("e.g. Phó Chủ tịch"))

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class Membership(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user"))
    agency = models.ForeignKey("tenants.Agency", on_delete=models.CASCADE, related_name="memberships",
                               verbose_name=_("agency"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    unit = models.CharField(_("unit"), max_length=150, blank=True, help_text=_("e.g. Văn phòng, Phòng Tư pháp"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "agency", "role"], name="unique_membership_role")]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")

    def __str__(self) -> str:
        return f"{self.user} · {self.agency} · {self.get_role_display()}"


class ApiToken(AbstractAuthToken):
    """An API token (django-rest-knox): stored only as a hash, expiring (REST_KNOX TOKEN_TTL), one per client
    that asked, and valid only on the site of the agency it was issued in (api.authentication), so a
    token taken from one agency opens nothing in another where its owner also works."""

    agency = models.ForeignKey("tenants.Agency", on_delete=models.CASCADE, related_name="+",
                               verbose_name=_("issued in"))
    name = models.CharField(_("client"), max_length=100, blank=True, help_text=_("e.g. the one-stop connector"))

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
