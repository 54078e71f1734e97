"""The year's inspections in the November and December reports (TT 26 Art. 39: the report to the People's
Committee): each figure the agencies behind it, read from the province's inspection rows in public."""

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from province_reports.figures import Figure, Section, register, register_section

from .models import Inspection

register_section(Section("inspections", _("Inspections of the year"), order=50))

_DONE = [Inspection.Status.RECORDED, Inspection.Status.CLOSED]


def _inspections(scope):
    return Inspection.objects.filter(plan__province_id=scope.province_id, plan__year=scope.year,
                                     plan__status="approved")


def _agencies(queryset):
    return queryset.values_list("agency_id", flat=True).distinct()


register(Figure("inspections_planned", _("agencies in the approved inspection plan"), "inspections", order=1,
                agencies=lambda scope: _agencies(_inspections(scope))))
register(Figure("inspections_done_dossier", _("agencies inspected by dossier (record made)"), "inspections",
                order=2, agencies=lambda scope: _agencies(_inspections(scope).filter(
                    form=Inspection.Form.DOSSIER, status__in=_DONE))))
register(Figure("inspections_done_on_site", _("agencies inspected on site (record made)"), "inspections",
                order=3, agencies=lambda scope: _agencies(_inspections(scope).filter(
                    form=Inspection.Form.ON_SITE, status__in=_DONE))))
register(Figure("inspections_with_findings", _("inspected agencies with findings"), "inspections", order=4,
                agencies=lambda scope: _agencies(_inspections(scope).filter(findings__isnull=False))))
register(Figure("inspections_corrective_accepted", _("corrective reports accepted"), "inspections", order=5,
                agencies=lambda scope: _agencies(_inspections(scope).filter(corrective_accepted_on__isnull=False))))
register(Figure("inspections_corrective_overdue", _("corrective reports overdue (2 months after the record)"),
                "inspections", order=6,
                agencies=lambda scope: _agencies(_inspections(scope).filter(
                    Q(corrective_due__lt=timezone.localdate()), corrective_submitted_on__isnull=True,
                    corrective_accepted_on__isnull=True))))
