"""Where dossier records come from: one interface, a CSV export and a JSON export of the one-stop system.

Every source is a `DossierSource`: it has a `name` (the source system, half of a dossier's key: the same
dossier number from two systems is two dossiers) and `records()`, which yields, in file order, one
`DossierRecord` per good row or one `RowError` per problem (several for a row with several problems).
The import (dossiers/services.py) takes any source: it collects every record and every error first and
applies nothing when there is one error.

A connector to the provincial TTHC information system (Hệ thống thông tin giải quyết TTHC cấp tỉnh) or to the
national public-service portal (Cổng Dịch vụ công quốc gia) plugs in the same way: a class with a `name` such
as "hethong-tinh" and a `records()` that pages through the system's dossier status API and yields
`normalise(position, fields, steps)` for each dossier. The status fields the 2026 decree requires every
system to keep map onto the record: the handling agency (`agency`), the handler (`handler`) and the times of
receipt (`received`), processing (`due`, `resolved`, and each step's `started`/`finished`) and return
(`returned`). A Celery beat task would then call `services.import_from_source(...)` with it; nothing else
changes.

The file format (platform/dossiers/samples/ho-so-mau.csv and ho-so-mau.json are examples):

CSV: UTF-8 (with or without BOM), comma or semicolon, a header on line 1, one dossier per line.
  required: tthc_code (as in the national database, e.g. 1.001193), dossier_id (the one-stop system's
            dossier number), received (time of receipt), due (appointment to return the result)
  optional: resolved (time the result was ready), returned (time it was handed back), handler (who
            handled it), tthc_name, agency (the handling agency or unit)
  steps:    step1_name, step1_handler, step1_started, step1_finished, step1_due, then step2_…, any number
JSON: a list of dossier objects, or {"dossiers": [...]}, with the same keys and the steps as
  "steps": [{"number": 1, "name": …, "handler": …, "started": …, "finished": …, "due": …}, …]; errors name
  the dossier's position in the list (1 = the first) as their line.

Times: ISO 8601 (2026-08-03T08:15:00+07:00, 2026-08-03 08:15) or as the one-stop systems print them,
dd/mm/yyyy HH:MM[:SS]. A time without an offset is the agency's local time (Asia/Ho_Chi_Minh). A date
without a time is the start of that day, except for a due date, which is its end (23:59:59).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, time
from typing import Protocol
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _

REQUIRED = ["tthc_code", "dossier_id", "received", "due"]
OPTIONAL = ["resolved", "returned", "handler", "tthc_name", "agency"]
STEP_FIELDS = ["name", "handler", "started", "finished", "due"]
STEP_COLUMN = re.compile(r"^step(\d{1,2})_(name|handler|started|finished|due)$")
LIMITS = {"tthc_code": 32, "dossier_id": 64, "handler": 200, "tthc_name": 500, "agency": 255}
STEP_LIMITS = {"name": 300, "handler": 200}
MAX_STEPS = 50
DEFAULT_SOURCE = "mot-cua"


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


@dataclass(frozen=True)
class StepRecord:
    number: int
    name: str = ""
    handler: str = ""
    started_at: datetime | None = None
    finished_at: datetime | None = None
    due_at: datetime | None = None


@dataclass(frozen=True)
class DossierRecord:
    """One dossier, checked and normalised (aware datetimes), whatever system it came from."""

    line: int
    external_id: str
    tthc_code: str
    received_at: datetime
    due_at: datetime
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    handler: str = ""
    tthc_name: str = ""
    agency_name: str = ""
    steps: tuple[StepRecord, ...] = ()

    @property
    def status(self) -> str:
        if self.returned_at is not None:
            return "returned"
        return "resolved" if self.resolved_at is not None else "processing"

    @property
    def content_hash(self) -> str:
        """What an import compares: the same dossier exported twice hashes the same (line aside)."""

        def when(value):
            return value.isoformat() if value is not None else ""

        parts = [self.external_id, self.tthc_code, when(self.received_at), when(self.due_at),
                 when(self.resolved_at), when(self.returned_at), self.handler, self.tthc_name, self.agency_name]
        for step in self.steps:
            parts += [str(step.number), step.name, step.handler, when(step.started_at), when(step.finished_at),
                      when(step.due_at)]
        return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RowError:
    line: int
    field: str | None
    message: str

    def as_dict(self) -> dict:
        return {"line": self.line, "field": self.field, "message": self.message}


class SourceRejected(Exception):
    """The whole input is unreadable (not UTF-8, no header, not JSON…): errors name line 1."""

    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


class DossierSource(Protocol):
    """Anything that yields the dossiers of one source system (files here; connectors later)."""

    name: str

    def records(self) -> Iterator[DossierRecord | RowError]: ...


# ------------------------------------------------------------------------------------------------- times

# dd/mm/yyyy or dd-mm-yyyy, with HH:MM[:SS] or without a time: parsed by hand (strptime tried format after format
# was most of an import's time).
_LOCAL = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?)?$")


def parse_time(value, *, end_of_day: bool = False, zone: ZoneInfo | None = None) -> datetime | None:
    """An aware datetime from the formats the module docstring lists; None when it is none of them."""
    if isinstance(value, datetime):
        parsed = value
    else:
        text = str(value or "").strip()
        match = _LOCAL.match(text)
        try:
            if match:
                day, month, year, hour, minute, second = match.groups()
                if hour is None:
                    parsed = datetime.combine(datetime(int(year), int(month), int(day)).date(),
                                              time(23, 59, 59) if end_of_day else time(0, 0))
                else:
                    parsed = datetime(int(year), int(month), int(day), int(hour), int(minute), int(second or 0))
            else:
                parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
                if len(text) == 10 and end_of_day:  # yyyy-mm-dd: a due date ends with its day
                    parsed = parsed.replace(hour=23, minute=59, second=59)
        except ValueError:
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=zone or local_zone())
    return parsed


# ------------------------------------------------------------------------------------------ normalising

def _text(value) -> str:
    return " ".join(str(value if value is not None else "").split())


def _times(values: dict, names, prefix: str, fail, zone) -> dict[str, datetime | None]:
    """The named times of a dossier or step (None when blank); `fail(column, message)` for unreadable ones."""
    times: dict[str, datetime | None] = {}
    for name in names:
        raw = values.get(name)
        times[name] = None
        if raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
            continue
        times[name] = parse_time(raw, end_of_day=name == "due", zone=zone)
        if times[name] is None:
            fail(prefix + name, _("Write the time as dd/mm/yyyy HH:MM or in ISO 8601 (2026-08-03T08:15)."))
    return times


def normalise(line: int, fields: dict, steps: list[dict]) -> DossierRecord | list[RowError]:
    """One dossier from raw values (strings or datetimes) keyed as in the file format; errors if it is wrong."""
    zone = local_zone()
    errors: list[RowError] = []

    def fail(name, message):
        errors.append(RowError(line, name, message))

    values = {name: _text(fields.get(name)) for name in [*REQUIRED, *OPTIONAL]}
    for name in REQUIRED:
        if not values[name]:
            fail(name, _("This value is required."))
    for name, limit in LIMITS.items():
        if len(values[name]) > limit:
            fail(name, _("At most %(max)d characters.") % {"max": limit})
    times = _times(fields, ("received", "due", "resolved", "returned"), "", fail, zone)
    received, due, resolved, returned = (times[n] for n in ("received", "due", "resolved", "returned"))
    if received and due and due < received:
        fail("due", _("The due time is before the time of receipt."))
    if received and resolved and resolved < received:
        fail("resolved", _("The resolved time is before the time of receipt."))
    if returned and resolved is None and not any(e.field == "resolved" for e in errors):
        fail("resolved", _("A returned dossier needs the time its result was ready."))
    if returned and resolved and returned < resolved:
        fail("returned", _("The return time is before the resolved time."))
    step_records = []
    numbers: set[int] = set()
    for position, step in enumerate(steps, start=1):
        try:
            number = int(step.get("number") or position)
        except (TypeError, ValueError):
            number = 0
        if not 1 <= number <= MAX_STEPS:
            fail("steps", _("Step numbers run from 1 to %(max)d.") % {"max": MAX_STEPS})
            continue
        if number in numbers:
            fail(f"step{number}", _("Step %(number)d is given twice.") % {"number": number})
            continue
        numbers.add(number)
        text = {name: _text(step.get(name)) for name in ("name", "handler")}
        for name, limit in STEP_LIMITS.items():
            if len(text[name]) > limit:
                fail(f"step{number}_{name}", _("At most %(max)d characters.") % {"max": limit})
        step_times = _times(step, ("started", "finished", "due"), f"step{number}_", fail, zone)
        if step_times["started"] and step_times["finished"] and step_times["finished"] < step_times["started"]:
            fail(f"step{number}_finished", _("The step finishes before it starts."))
        step_records.append(StepRecord(number, text["name"], text["handler"], step_times["started"],
                                       step_times["finished"], step_times["due"]))
    if errors:
        return errors
    return DossierRecord(line=line, external_id=values["dossier_id"], tthc_code=values["tthc_code"],
                         received_at=received, due_at=due, resolved_at=resolved, returned_at=returned,
                         handler=values["handler"], tthc_name=values["tthc_name"], agency_name=values["agency"],
                         steps=tuple(sorted(step_records, key=lambda s: s.number)))


def _emit(result: DossierRecord | list[RowError]) -> Iterator[DossierRecord | RowError]:
    if isinstance(result, list):
        yield from result
    else:
        yield result


# ---------------------------------------------------------------------------------------------- sources

@dataclass
class CsvSource:
    """A CSV export of the one-stop system (see the module docstring for its columns)."""

    text: str
    name: str = DEFAULT_SOURCE

    def records(self) -> Iterator[DossierRecord | RowError]:
        text = self.text.lstrip("\ufeff")
        if not text.strip():
            raise SourceRejected([RowError(1, None, _("The file is empty."))])
        first = text.split("\n", 1)[0]
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=";" if first.count(";") > first.count(",") else ",")
        header = [cell.strip().lower() for cell in next(reader)]
        problems = [RowError(1, column, _("The column “%(column)s” is missing.") % {"column": column})
                    for column in REQUIRED if column not in header]
        problems += [RowError(1, column, _("Unknown column “%(column)s”.") % {"column": column})
                     for column in header if column and column not in REQUIRED + OPTIONAL
                     and not STEP_COLUMN.match(column)]
        if problems:
            raise SourceRejected(problems)
        step_columns = {i: STEP_COLUMN.match(column).groups() for i, column in enumerate(header)
                        if STEP_COLUMN.match(column)}
        plain = {i: column for i, column in enumerate(header) if column and i not in step_columns}
        line, rows = 1, 0
        for cells in reader:
            start, line = line + 1, reader.line_num
            if not any(cell.strip() for cell in cells):
                continue
            rows += 1
            if len(cells) > len(header):
                yield RowError(start, None, _("This line has more cells than the header."))
                continue
            fields = {plain[i]: cells[i] for i in plain if i < len(cells)}
            steps: dict[int, dict] = {}
            for i, (number, part) in step_columns.items():
                if i < len(cells) and cells[i].strip():
                    steps.setdefault(int(number), {"number": int(number)})[part] = cells[i]
            yield from _emit(normalise(start, fields, [steps[n] for n in sorted(steps)]))
        if not rows:
            raise SourceRejected([RowError(1, None, _("The file has a header but no dossiers."))])


@dataclass
class JsonSource:
    """A JSON export: a list of dossier objects or {"dossiers": [...]} (see the module docstring)."""

    text: str
    name: str = DEFAULT_SOURCE

    def records(self) -> Iterator[DossierRecord | RowError]:
        try:
            data = json.loads(self.text.lstrip("\ufeff") or "null")
        except json.JSONDecodeError as exc:
            raise SourceRejected([RowError(exc.lineno, None, _("The file is not valid JSON: %(reason)s")
                                           % {"reason": exc.msg})]) from None
        if isinstance(data, dict):
            data = data.get("dossiers")
        if not isinstance(data, list):
            raise SourceRejected([RowError(1, None, _("The JSON must be a list of dossiers or {\"dossiers\": [...]}."))])
        if not data:
            raise SourceRejected([RowError(1, None, _("The file has a header but no dossiers."))])
        for position, item in enumerate(data, start=1):
            if not isinstance(item, dict):
                yield RowError(position, None, _("Each dossier must be a JSON object."))
                continue
            steps = item.get("steps") or []
            if not isinstance(steps, list) or not all(isinstance(step, dict) for step in steps):
                yield RowError(position, "steps", _("“steps” must be a list of objects."))
                continue
            unknown = sorted(set(item) - set(REQUIRED) - set(OPTIONAL) - {"steps"})
            if unknown:
                yield RowError(position, unknown[0], _("Unknown column “%(column)s”.") % {"column": unknown[0]})
                continue
            yield from _emit(normalise(position, item, steps))


def source_for(file_format: str, text: str, name: str = DEFAULT_SOURCE) -> DossierSource:
    return JsonSource(text, name) if file_format == "json" else CsvSource(text, name)

