"""A province's own changes to the national working-day calendar (public schema, one set per province).

TTHC time limits count Vietnamese working days: weekends and public holidays are off (Tết included, and the
Saturdays the government moves work to are on); that national calendar comes from the `holidays` library,
kept up to date by its maintainers each year. A province may add its own: a day off it grants, or a weekend
day worked in exchange. Those rows are kept here.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.history import tracked


class CalendarDayKind(models.TextChoices):
    DAY_OFF = "day_off", _("Day off")
    WORKING_DAY = "working_day", _("Working day (a weekend day worked)")


@tracked()
class ProvinceCalendarDay(models.Model):
    province = models.ForeignKey("tenants.Province", on_delete=models.CASCADE, related_name="calendar_days",
                                 verbose_name=_("province"))
    day = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=16, choices=CalendarDayKind.choices,
                            default=CalendarDayKind.DAY_OFF)
    name = models.CharField(_("reason"), max_length=200)
    legal_basis = models.CharField(_("legal basis"), max_length=200, blank=True,
                                   help_text=_("e.g. Quyết định 12/QĐ-UBND ngày 02/01/2027"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["province", "day"]
        verbose_name = _("province calendar day")
        verbose_name_plural = _("province calendar days")
        constraints = [models.UniqueConstraint(fields=["province", "day"], name="one_calendar_change_per_day")]

    def __str__(self) -> str:
        return f"{self.day:%d/%m/%Y} {self.name}"
