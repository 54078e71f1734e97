"""Every change of the province reports: a report asked for, built (the task), a template replaced or reset.

Only the DOST makes its province's reports, on its own site, with MAKE_PROVINCE_REPORTS (`_maker`). The rows
live in the public schema, so every write runs there (`_public_change`), whichever schema the request or the
worker is on. Building a run is idempotent: a redelivered task (its worker died) finds the run still running and
builds it again from the rollup, replacing the figures and files it had written, never adding to them.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tenants.utils import get_public_schema_name, schema_context

from accounts.roles import Perm
from accounts.services import require_perm
from core import failpoints
from core.agency import current_agency
from core.changes import after_commit, change
from core.errors import DomainError
from core.values import line
from documents.uploads import unpacked_size
from tenants.models import Agency, Province

from . import output, selectors
from .figures import figures_for, sections
from .models import ReportFigure, ReportKind, ReportRun, ReportTemplate

log = logging.getLogger(__name__)
MAX_TEMPLATE_BYTES = 5 * 1024 * 1024
MAX_TEMPLATE_UNPACKED = 50 * 1024 * 1024  # a Word package declaring more (a "zip bomb") is never opened
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@contextmanager
def _public_change(actor, action: str, **metadata) -> Iterator[None]:
    with schema_context(get_public_schema_name()), change(actor, action, **metadata):
        yield


def _maker(actor) -> Province:
    """The province whose reports `actor` makes here: the DOST's own site, with the permission."""
    agency = current_agency()
    require_perm(actor, agency, Perm.MAKE_PROVINCE_REPORTS)
    if not agency.is_supervisor or agency.province_id is None:
        raise DomainError("not_report_maker", _(
            "The province's reports are made by its DOST, on its own site."), status_code=403)
    return agency.province


def _kind(kind) -> str:
    if kind not in ReportKind.values:
        raise DomainError("report_kind_unknown", _("Choose the November summary or the December report."))
    return kind


def _year(year) -> int:
    try:
        year = int(year)
    except (TypeError, ValueError):
        year = 0
    if year not in selectors.year_choices():
        raise DomainError("report_year_invalid", _("Reports are made for a year from %(first)d to this year.") % {
            "first": selectors.FIRST_YEAR})
    return year


def request_report(*, actor, kind, year, number: str = "", queue: bool = True) -> ReportRun:
    """Queue a report of `kind` for `year`; the run's row tells how it goes. `queue=False` leaves it for the
    caller to build (the demo builds it at once, with no worker)."""
    province = _maker(actor)
    kind, year = _kind(kind), _year(year)
    number = line(number, 64, _("The report's number"), code="value_too_long", required=False)
    with _public_change(actor, "province_reports.request_report", kind=kind, year=year):
        run = ReportRun.objects.create(province=province, kind=kind, year=year, number=number,
                                       requested_by=actor, language=translation.get_language() or "")
        if queue:
            after_commit(lambda: _send(run.pk))
    return run


def _send(run_id: int) -> None:
    from core import outbox

    outbox.send("province_reports.build_report", [run_id])


def _progress(run: ReportRun, percent: int, on_progress: Callable[[ReportRun], None]) -> None:
    run.progress = percent
    ReportRun.objects.filter(pk=run.pk).update(progress=percent, updated_at=timezone.now())
    on_progress(run)


def build(run_id: int, on_progress: Callable[[ReportRun], None] | None = None) -> ReportRun:
    """Build a queued run (or one whose worker died): figures, then the Word and Excel files; a finished run is
    left as it is. A template that does not render fails the run with the reason; anything else fails it too
    and is raised for the worker's log."""
    on_progress = on_progress or (lambda run: None)
    with schema_context(get_public_schema_name()):
        with transaction.atomic():
            run = ReportRun.objects.select_for_update().select_related("province").get(pk=run_id)
            if run.finished:
                return run
            run.status, run.started_at, run.progress, run.error = ReportRun.Status.RUNNING, timezone.now(), 0, ""
            run.save(update_fields=["status", "started_at", "progress", "error", "updated_at"])
        on_progress(run)
        with translation.override(run.language or None):
            try:
                _build(run, on_progress)
            except output.TemplateProblem as problem:
                return _fail(run, _("The Word template does not render: %(reason)s") % {"reason": problem})
            except Exception as exc:
                log.exception("province report %s failed", run.pk)
                _fail(run, _("The report stopped: %(reason)s") % {"reason": exc})
                raise
    return run


def _build(run: ReportRun, on_progress) -> None:
    scope = selectors.scope(run.province_id, run.year, run.kind)
    _progress(run, 10, on_progress)
    labels = {section.key: str(section.label) for section in sections}
    chosen = figures_for(run.kind)
    computed = []
    for index, figure in enumerate(chosen):
        ids = sorted({int(i) for i in figure.agencies(scope)} & scope.agency_ids)
        value = figure.value(scope, ids) if figure.value is not None else len(ids)
        computed.append(ReportFigure(run=run, key=figure.key, section=figure.section,
                                     section_label=labels.get(figure.section, figure.section)[:300],
                                     label=str(figure.label)[:300], position=index,
                                     value=None if value is None else float(value), agency_ids=ids))
        if index % 5 == 4:
            _progress(run, 10 + 60 * (index + 1) // len(chosen), on_progress)
            failpoints.pause("reports.figures")
    with transaction.atomic():  # a rebuilt run replaces its figures: never twice the same key
        run.figures.all().delete()
        ReportFigure.objects.bulk_create(computed)
    _progress(run, 70, on_progress)
    grouped = selectors.sections_of(run)
    supervisor = run.province.supervisor
    values = output.context(
        province=run.province, supervisor=supervisor, kind=run.kind, year=run.year, number=run.number,
        issued_on=timezone.localdate(),
        sections=[{"key": s["key"], "label": s["label"],
                   "figures": [{"key": f.key, "label": f.label, "value": f.shown, "agencies": f.agencies}
                               for f in s["figures"]]} for s in grouped])
    document = output.render_docx(template_bytes(run.province_id, run.kind)[0], values)
    _progress(run, 85, on_progress)
    figures = list(run.figures.all())
    agencies = Agency.objects.in_bulk({i for f in figures for i in f.agency_ids})
    book = output.workbook(run, figures, agencies)
    _progress(run, 95, on_progress)
    for field, data, suffix in ((run.docx, document, "docx"), (run.xlsx, book, "xlsx")):
        if field:
            field.delete(save=False)  # a rebuilt run's earlier file
        field.save(f"{run.basename}.{suffix}", ContentFile(data), save=False)
    run.status, run.progress, run.finished_at = ReportRun.Status.DONE, 100, timezone.now()
    run.save(update_fields=["docx", "xlsx", "status", "progress", "finished_at", "updated_at"])
    on_progress(run)


def _fail(run: ReportRun, message: str) -> ReportRun:
    run.status, run.error, run.finished_at = ReportRun.Status.FAILED, message[:2000], timezone.now()
    run.save(update_fields=["status", "error", "finished_at", "updated_at"])
    return run


# ---------------------------------------------------------------------------------------------- templates

def template_bytes(province_id: int, kind: str) -> tuple[bytes, str]:
    """The Word template a report of `kind` is made from: the province's own, else eISO's default."""
    template = selectors.template_of(province_id, kind)
    if template is not None:
        with template.file.open("rb") as handle:
            return handle.read(), template.file_name
    return output.default_template(kind), f"mau-{kind.replace('_', '-')}.docx"


def upload_template(*, actor, kind, upload) -> ReportTemplate:
    """Replace the province's template of `kind` by an uploaded Word file, once it renders with every figure;
    a file that does not is refused with the reason, and the template in use stays as it was."""
    province = _maker(actor)
    kind = _kind(kind)
    name = PurePath(getattr(upload, "name", "") or "").name[:255] or "mau-bao-cao.docx"
    if PurePath(name).suffix.lower() != ".docx":
        raise DomainError("report_template_invalid", _("Send a Word file (.docx) with the report's tags."))
    if upload.size > MAX_TEMPLATE_BYTES:
        raise DomainError("report_template_too_large", _("The template is larger than %(mb)d MB.") % {
            "mb": MAX_TEMPLATE_BYTES // (1024 * 1024)})
    data = upload.read()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked_size(archive, limit=MAX_TEMPLATE_UNPACKED)  # file_unpacks_too_large before inflating
    except zipfile.BadZipFile:
        raise DomainError("report_template_invalid", _("Send a Word file (.docx) with the report's tags.")) from None
    try:
        output.render_docx(data, output.sample_context(province, province.supervisor, kind,
                                                       timezone.localdate().year))
    except output.TemplateProblem as problem:
        raise DomainError("report_template_invalid", _(
            "This template cannot be used (%(reason)s). Nothing was changed.") % {"reason": problem}) from None
    with _public_change(actor, "province_reports.upload_template", kind=kind, file=name):
        template = selectors.template_of(province.pk, kind) or ReportTemplate(province=province, kind=kind)
        old = template.file.name if template.pk else ""
        template.file_name, template.uploaded_by = name, actor
        template.file.save(name, ContentFile(data), save=False)
        template.save()
        if old:
            storage = template.file.storage
            after_commit(lambda: storage.delete(old))
    return template


def reset_template(*, actor, kind) -> None:
    """Go back to eISO's default template for `kind`."""
    province = _maker(actor)
    kind = _kind(kind)
    with _public_change(actor, "province_reports.reset_template", kind=kind):
        template = selectors.template_of(province.pk, kind)
        if template is not None:
            name, storage = template.file.name, template.file.storage
            template.delete()
            after_commit(lambda: storage.delete(name))
