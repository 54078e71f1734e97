"""Creating many agencies from one CSV file, all rows checked before the first schema is made.

A province registers its departments and communes from a spreadsheet. The file is read (UTF-8 with or
without BOM, comma or semicolon), every row is checked against the file and the database, and a single bad
row rejects the whole file with errors by line, so an operator fixes the file and sends it again rather than
hunting for which half went in. A valid file is then created row by row through `create_agency`, each row
all-or-nothing, with the job's progress saved after every row so the admin page and the API can show it.
The work is cut into tasks of half a minute that resume from the job's cursor, so no worker is held for long
and a killed worker loses nothing (see run_job).
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import JSONField
from django.db.models.expressions import RawSQL
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core import failpoints

from .models import Agency, Province, ProvisioningJob
from .naming import choose_slug, slug_candidates, strip_diacritics, taken_codes, taken_slugs
from .provisioning import AgencySpec, ProvisioningError, create_agency, validate_slug

log = logging.getLogger(__name__)

COLUMNS = ["code", "name", "level", "slug", "short_name", "parent_code", "valid_from", "address", "province_code"]
REQUIRED = ["code", "name", "level"]
MAX_ROWS = 5000
_LIMITS = {"code": 32, "name": 255, "short_name": 64, "address": 255}
TOO_MANY_CELLS = "__too_many_cells__"

# What people write in the "level" column, compared without case or diacritics.
_LEVEL_WORDS = {
    Agency.Level.DEPARTMENT: ["department", "sở", "ban", "ngành", "sở, ban, ngành", "cơ quan chuyên môn"],
    Agency.Level.DISTRICT: ["district", "huyện", "quận", "thị xã", "ubnd huyện", "cấp huyện"],
    Agency.Level.COMMUNE: ["commune", "xã", "phường", "thị trấn", "đặc khu", "ubnd xã", "cấp xã"],
    Agency.Level.PUBLIC_SERVICE_UNIT: ["public_service_unit", "đvsn", "đơn vị sự nghiệp", "public service unit"],
    Agency.Level.SUPERVISOR: ["supervisor", "sở khcn", "sở khoa học và công nghệ"],
}


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", strip_diacritics(text or "").lower()).strip()


LEVEL_ALIASES = {_plain(word): level for level, words in _LEVEL_WORDS.items() for word in words}


def parse_level(value: str) -> str | None:
    return LEVEL_ALIASES.get(_plain(value))


def parse_date(value: str) -> date | None:
    """dd/mm/yyyy (as Vietnamese documents write it) or yyyy-mm-dd; None if neither."""
    value = (value or "").strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(value, pattern).date()
        except ValueError:
            continue
    return None


def error(line: int, field_name: str | None, message: str) -> dict:
    return {"line": line, "field": field_name, "message": message}


class FileRejected(Exception):
    def __init__(self, errors: list[dict]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


MAX_FILE_BYTES = 5 * 1024 * 1024


def decode_csv(upload) -> str:
    """The text of an uploaded CSV file; ValueError with a sentence for the user if it cannot be read."""
    if upload.size > MAX_FILE_BYTES:
        raise ValueError(_("The file is larger than %(mb)d MB.") % {"mb": MAX_FILE_BYTES // (1024 * 1024)})
    try:
        return upload.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValueError(_("The file is not UTF-8 text: save it as “CSV UTF-8”.")) from None


def read_rows(text: str, *, columns: list[str] = COLUMNS, required: list[str] = REQUIRED, max_rows: int = MAX_ROWS,
              no_rows: str | None = None, too_many: str | None = None) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for every non-blank data row of a CSV text; the header is line 1.

    Other imports (the province's TTHC catalogue) pass their own columns and the sentences that name what
    their rows are; the defaults are this module's agencies."""
    text = (text or "").lstrip("\ufeff")
    if not text.strip():
        raise FileRejected([error(1, None, _("The file is empty."))])
    first_line = text.splitlines()[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)

    def lines():
        line = 1
        for cells in reader:
            start, line = line + 1, reader.line_num  # a quoted cell may span lines: report where the row starts
            yield start, cells

    return table_rows(next(reader), lines(), columns=columns, required=required, max_rows=max_rows,
                      no_rows=no_rows, too_many=too_many)


def table_rows(header_cells, lines, *, columns: list[str], required: list[str], max_rows: int,
               no_rows: str | None = None, too_many: str | None = None) -> list[tuple[int, dict[str, str]]]:
    """Check a table's header and turn its (line, cells) into (line, {column: value}), blank rows skipped.

    Shared by the CSV reader above and spreadsheet readers, which number their lines the same way."""
    header = [str(cell or "").strip().lower().lstrip("\ufeff") for cell in header_cells]
    problems = [error(1, column, _("The column “%(column)s” is missing.") % {"column": column})
                for column in required if column not in header]
    unknown = [cell for cell in header if cell and cell not in columns]
    problems += [error(1, column, _("Unknown column “%(column)s”; the columns are: %(columns)s.")
                       % {"column": column, "columns": ", ".join(columns)}) for column in unknown]
    if problems:
        raise FileRejected(problems)
    rows = []
    for start, cells in lines:
        cells = ["" if cell is None else str(cell) for cell in cells]
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) > len(header):
            rows.append((start, {TOO_MANY_CELLS: "1"}))
            continue
        rows.append((start, {header[i]: cells[i].strip() for i in range(len(cells)) if header[i]}))
    if not rows:
        raise FileRejected([error(1, None, no_rows or _("The file has a header but no agencies."))])
    if len(rows) > max_rows:
        raise FileRejected([error(1, None, too_many or _("At most %(max)d agencies per file.") % {"max": max_rows})])
    return rows


@dataclass
class PlannedAgency:
    """A checked row, ready for create_agency; the parent is looked up when the row's turn comes."""

    line: int
    spec: AgencySpec
    parent_code: str = ""


@dataclass
class Plan:
    rows: int = 0
    agencies: list[PlannedAgency] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


def plan_rows(rows: list[tuple[int, dict[str, str]]], province: Province | None,
              required: tuple[str, ...] = tuple(REQUIRED)) -> Plan:
    """Check every row against the rules, the rest of the file and the database; collect every error."""
    plan = Plan(rows=len(rows))
    provinces = {p.code: p for p in Province.objects.all()}
    db_codes = taken_codes(row.get("code", "") for _line, row in rows)
    parent_codes = {row.get("parent_code") for _line, row in rows if row.get("parent_code")}
    db_parents = taken_codes(parent_codes)
    # every slug a row could end up with, so one round of queries answers all of them
    candidates: set[str] = set()
    for _line, row in rows:
        if row.get("slug"):
            candidates.add(row["slug"])
        elif row.get("name"):
            row_province = provinces.get(row.get("province_code", "")) or province
            candidates |= set(slug_candidates(row["name"], row_province.slug if row_province else None,
                                              row.get("code", "")))
    db_slugs = taken_slugs(candidates)
    seen_codes: dict[str, int] = {}
    seen_slugs: dict[str, int] = {}

    def used(slug: str) -> bool:
        return slug in db_slugs or slug in seen_slugs

    supervisors = set(Agency.objects.agencies().current().filter(level=Agency.Level.SUPERVISOR)
                      .values_list("province_id", flat=True))

    for line, row in rows:
        errors: list[dict] = []

        def fail(field_name, message, line=line, errors=errors):
            errors.append(error(line, field_name, message))

        if TOO_MANY_CELLS in row:
            fail(None, _("This line has more cells than the header."))
            plan.errors += errors
            continue
        for column in required:
            if not row.get(column):
                fail(column, _("This value is required."))
        for column, limit in _LIMITS.items():
            if len(row.get(column, "")) > limit:
                fail(column, _("At most %(limit)d characters.") % {"limit": limit})

        row_province = province
        if row.get("province_code"):
            row_province = provinces.get(row["province_code"])
            if row_province is None:
                fail("province_code", _("No province has the code “%(code)s”.") % {"code": row["province_code"]})
        elif province is None:
            fail("province_code", _("Choose a province for the file or give a province_code on each line."))

        level = parse_level(row.get("level", "")) if row.get("level") else None
        if row.get("level") and level is None:
            fail("level", _("Unknown level “%(level)s”: use department, district, commune, public_service_unit "
                            "(or sở, huyện, xã, phường, thị trấn, đặc khu, đvsn).") % {"level": row["level"]})
        if level == Agency.Level.SUPERVISOR and row_province is not None:
            if row_province.pk in supervisors:
                fail("level", _("%(province)s already has a supervising DOST.") % {"province": row_province})
            supervisors.add(row_province.pk)

        code = row.get("code", "")
        if code:
            if code in seen_codes:
                fail("code", _("The code “%(code)s” is also on line %(line)d.") % {"code": code,
                                                                                 "line": seen_codes[code]})
            elif code in db_codes:
                fail("code", _("An agency with the code “%(code)s” already exists.") % {"code": code})
            seen_codes.setdefault(code, line)

        valid_from = None
        if row.get("valid_from"):
            valid_from = parse_date(row["valid_from"])
            if valid_from is None:
                fail("valid_from", _("“%(value)s” is not a date: write dd/mm/yyyy or yyyy-mm-dd.")
                     % {"value": row["valid_from"]})

        parent_code = row.get("parent_code", "")
        if parent_code and parent_code not in db_parents and parent_code not in seen_codes:
            fail("parent_code", _("No agency has the code “%(code)s” in the database or on an earlier line.")
                 % {"code": parent_code})
        if parent_code and parent_code == code:
            fail("parent_code", _("An agency cannot be its own parent."))

        slug = row.get("slug", "")
        if slug:
            try:
                validate_slug(slug)
            except ValidationError as exc:
                fail("slug", exc.messages[0])
            else:
                if slug in seen_slugs:
                    fail("slug", _("The subdomain “%(slug)s” is also on line %(line)d.")
                         % {"slug": slug, "line": seen_slugs[slug]})
                elif slug in db_slugs:
                    fail("slug", _("The subdomain “%(slug)s” is already in use.") % {"slug": slug})
        elif row.get("name"):
            try:
                slug = choose_slug(row["name"], row_province.slug if row_province else None, used, code)
            except ValidationError as exc:
                fail("slug", _("No subdomain can be made from this name (%(reason)s); give one as slug.")
                     % {"reason": exc.messages[0]})
                slug = ""
            else:
                if used(slug):
                    fail("slug", _("The subdomain “%(slug)s” is already in use; give another one as slug.")
                         % {"slug": slug})
        if slug:
            seen_slugs.setdefault(slug, line)

        if errors:
            plan.errors += errors
            continue
        plan.agencies.append(PlannedAgency(line=line, parent_code=parent_code, spec=AgencySpec(
            name=row["name"], level=level, province=row_province, slug=slug, code=code,
            short_name=row.get("short_name", ""), valid_from=valid_from, address=row.get("address", ""))))
    return plan


def plan_one(values: dict[str, str], province: Province | None) -> Plan:
    """The same checks for one agency typed in by hand (admin form, command), where the code is optional."""
    row = {key: (value or "").strip() for key, value in values.items() if value}
    return plan_rows([(1, row)], province, required=("name", "level"))


def plan_file(text: str, province: Province | None) -> Plan:
    try:
        rows = read_rows(text)
    except FileRejected as exc:
        return Plan(errors=exc.errors)
    return plan_rows(rows, province)


def _spec_to_json(item: PlannedAgency) -> dict:
    spec = item.spec
    return {"line": item.line, "parent_code": item.parent_code, "name": spec.name, "level": spec.level,
            "province": spec.province.pk, "slug": spec.slug, "code": spec.code, "short_name": spec.short_name,
            "valid_from": spec.valid_from.isoformat() if spec.valid_from else None,
            "valid_to": spec.valid_to.isoformat() if spec.valid_to else None, "address": spec.address}


def _spec_from_json(row: dict) -> AgencySpec:
    return AgencySpec(name=row["name"], level=row["level"], province=Province.objects.get(pk=row["province"]),
                      slug=row["slug"], code=row["code"], short_name=row["short_name"], address=row["address"],
                      valid_from=date.fromisoformat(row["valid_from"]) if row["valid_from"] else None,
                      valid_to=date.fromisoformat(row["valid_to"]) if row["valid_to"] else None)


def _create_row(row: dict) -> Agency:
    spec = _spec_from_json(row)
    if row["parent_code"]:
        # created by an earlier row of this job (committed then) or already in the registry
        spec.parent = Agency.objects.filter(code=row["parent_code"]).first()
        if spec.parent is None:
            raise ProvisioningError(_("The parent agency “%(code)s” was not created.") % {"code": row["parent_code"]})
    return create_agency(spec)


# A task holds a worker at most this long; the rest of the file goes on in the next task (issue: one
# 5,000-row file held a worker for ~40 minutes, and a killed worker lost the rest until someone noticed).
CHUNK_SECONDS = 30


def run_job(job: ProvisioningJob, on_progress: Callable[[ProvisioningJob], None] | None = None, *,
            budget_seconds: float | None = None) -> ProvisioningJob:
    """Check the job's file once, then create its agencies row by row; the job row tells how far it got.

    Each row is created and counted in one transaction with the job row locked, so the job is exact however
    often it is run: a second delivery, a retry after a killed worker or two workers at once each take the
    next row from the job's cursor, never a row already done. With `budget_seconds` the call stops after
    about that long and leaves the job running (the task sends itself again); without it, it runs to the end.
    """
    on_progress = on_progress or (lambda job: None)
    with translation.override(job.language or None):
        try:
            with transaction.atomic():
                # Planning happens under the row lock: a second delivery waits, then finds the plan made.
                job = ProvisioningJob.objects.select_for_update().get(pk=job.pk)
                if job.finished:
                    return job
                if job.planned_at is None:
                    job.state = ProvisioningJob.State.RUNNING
                    job.save(update_fields=["state"])
                    if not _plan(job, on_progress):
                        return job
            return _run(job, on_progress, budget_seconds)
        except Exception as exc:  # the job row must say it stopped, whatever stopped it
            log.exception("provisioning job %s failed", job.pk)
            job.refresh_from_db()
            job.errors = [*job.errors, error(0, None, _("The job stopped: %(reason)s") % {"reason": exc})]
            _finish(job, ProvisioningJob.State.FAILED)
            raise


def _finish(job: ProvisioningJob, state: str) -> None:
    job.state = state
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "errors", "total", "done", "created_slugs", "finished_at"])


def _plan(job: ProvisioningJob, on_progress: Callable[[ProvisioningJob], None]) -> bool:
    """Check the whole file; keep the checked rows on the job (slugs chosen once, whatever is created later)."""
    plan = plan_file(job.csv_text, job.province)
    job.total = plan.rows
    if plan.errors:
        job.errors = plan.errors
        _finish(job, ProvisioningJob.State.REJECTED)
        on_progress(job)
        return False
    job.planned = [_spec_to_json(item) for item in plan.agencies]
    job.planned_at = timezone.now()
    job.save(update_fields=["total", "planned", "planned_at"])
    on_progress(job)
    return True


_ADVANCE = """
    UPDATE tenants_provisioningjob
       SET cursor = cursor + 1, done = done + %s, updated_at = now(),
           created_slugs = created_slugs || %s::jsonb, errors = errors || %s::jsonb
     WHERE id = %s"""


def _run(job: ProvisioningJob, on_progress: Callable[[ProvisioningJob], None],
         budget_seconds: float | None) -> ProvisioningJob:
    started = time.monotonic()
    rows = ProvisioningJob.objects.filter(pk=job.pk)
    while True:  # at least one row per call, so a job always moves
        with transaction.atomic():
            current = rows.select_for_update().values("state", "cursor", "total").get()
            if current["state"] != ProvisioningJob.State.RUNNING:
                break
            next_row = RawSQL("planned -> %s", [current["cursor"]], output_field=JSONField())
            row = rows.annotate(row=next_row).values_list("row", flat=True).get()
            if row is None:
                break
            created, problems = [], []
            try:
                with transaction.atomic():  # create_agency's own all-or-nothing; the job row stays locked
                    agency = _create_row(row)
            except (ProvisioningError, ValidationError, DatabaseError) as exc:
                message = "; ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
                problems.append(error(row["line"], None, message))
                log.warning("provisioning job %s line %s: %s", job.pk, row["line"], message)
            else:
                created.append(agency.slug)
            with connection.cursor() as cursor:
                cursor.execute(_ADVANCE, [len(created), json.dumps(created), json.dumps(problems), job.pk])
        job.refresh_from_db(fields=["state", "cursor", "done", "total", "errors", "created_slugs", "updated_at"])
        on_progress(job)
        failpoints.pause("provisioning.row")
        if budget_seconds is not None and time.monotonic() - started >= budget_seconds:
            break
    with transaction.atomic():
        # a planned job has one checked row per line (a line with an error rejects the file): total is its length
        job = ProvisioningJob.objects.select_for_update().defer("planned", "csv_text").get(pk=job.pk)
        if job.state == ProvisioningJob.State.RUNNING and job.cursor >= job.total:
            _finish(job, ProvisioningJob.State.FAILED if job.errors else ProvisioningJob.State.DONE)
            on_progress(job)
    return job
