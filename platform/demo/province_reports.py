"""The DOST's reports in the demo: this year's November summary to the provincial People's Committee, done and
built from the demo's rollup (so every number of it opens its agencies), asked for by the DOST's inspector."""

from __future__ import annotations

from django.utils import timezone, translation
from django_tenants.utils import tenant_context

NUMBER = "245/BC-SKHCN"
INSPECTOR = "so-khcn.thanhtra"


def ensure(province) -> int:
    """Idempotent: the report is made once; 1 when it was made now."""
    from accounts.models import User
    from province_reports.models import ReportKind, ReportRun
    from province_reports.services import build, request_report

    year = timezone.localdate().year
    if ReportRun.objects.filter(province=province, kind=ReportKind.NOVEMBER, year=year, status="done").exists():
        return 0
    supervisor = province.supervisor
    inspector = User.objects.filter(username=INSPECTOR).first()
    if supervisor is None or inspector is None:
        return 0
    with translation.override("vi"):
        with tenant_context(supervisor):
            run = request_report(actor=inspector, kind=ReportKind.NOVEMBER, year=year, number=NUMBER, queue=False)
        build(run.pk)
    return 1
