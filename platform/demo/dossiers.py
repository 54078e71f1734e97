"""The demo's one-stop dossiers: August to November 2026 for each demo agency that handles TTHC, imported
through the same service a real export goes through (dossiers.services), so the on-time pages have numbers.

The dossiers are generated from a seeded random generator, the same every run, so a second `make demo`
imports the same file and changes nothing. Time limits are the catalogue's (platform/demo/tthc.py) counted in
working days (workdays); about nine in ten are resolved on time, some late, and a few of the last weeks'
still open. platform/dossiers/samples/ho-so-mau.csv is `sample_csv()`: the first months of Xã Càng Long.
"""

from __future__ import annotations

import csv
import hashlib
import io
import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .tthc import ENTRIES

ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_DAY, LAST_DAY = date(2026, 8, 1), date(2026, 11, 30)
COMMUNE_CODES = ["1.001193", "1.000894", "1.000656", "1.004873", "2.000815", "2.000884", "2.000720", "1.012756"]
# How many dossiers of a code a month (least, most): a commune certifies copies daily, registers land rarely.
VOLUME = {"2.000815": (25, 40), "2.000884": (8, 15), "1.001193": (10, 18), "1.000656": (3, 7)}
HANDLERS = ["Nguyễn Thị Thu Hà", "Trần Văn Minh", "Lê Thị Ngọc Ánh", "Phạm Quốc Bảo", "Võ Thị Kim Ngân",
            "Huỳnh Văn Tài", "Đặng Thị Mỹ Linh", "Bùi Thanh Phong"]
SIGNERS = ["Nguyễn Văn Hùng", "Lê Minh Trí"]
STEPS = [("Tiếp nhận hồ sơ", 0.10), ("Thẩm định, xử lý hồ sơ", 0.70), ("Phê duyệt, ký kết quả", 0.90),
         ("Trả kết quả", 1.00)]
HEADER = ["tthc_code", "tthc_name", "dossier_id", "received", "due", "resolved", "returned", "handler", "agency",
          *[f"step{n}_{part}" for n in range(1, len(STEPS) + 1) for part in ("name", "handler", "started",
                                                                                "finished", "due")]]
_BY_CODE = {entry[0]: entry for entry in ENTRIES}


def codes_for(slug: str, level: str) -> list[str]:
    """The catalogue codes an agency handles in the demo: commune ones by level, the others by name."""
    if level == "commune":
        return COMMUNE_CODES
    return [entry[0] for entry in ENTRIES if slug in entry[-1].split(";")]


def _working_days(start: date, end: date, is_working) -> list[date]:
    days, day = [], start
    while day <= end:
        if is_working(day):
            days.append(day)
        day += timedelta(days=1)
    return days


OPEN, CLOSE = time(7, 30), time(17, 0)


def _minutes(a: datetime, b: datetime, is_working) -> float:
    """Office minutes (07:30–17:00 on working days) between two times."""
    total, day = 0.0, a.date()
    while day <= b.date():
        if is_working(day):
            lo = max(a, datetime.combine(day, OPEN, ZONE))
            hi = min(b, datetime.combine(day, CLOSE, ZONE))
            total += max(0.0, (hi - lo).total_seconds() / 60)
        day += timedelta(days=1)
    return total


def _after(start: datetime, minutes: float, is_working) -> datetime:
    """The office time `minutes` office minutes after `start`."""
    day, at = start.date(), start
    while True:
        if is_working(day):
            lo = max(at, datetime.combine(day, OPEN, ZONE))
            hi = datetime.combine(day, CLOSE, ZONE)
            room = (hi - lo).total_seconds() / 60
            if room >= minutes:
                return (lo + timedelta(minutes=minutes)).replace(second=0, microsecond=0)
            minutes -= max(room, 0)
        day += timedelta(days=1)
        at = datetime.combine(day, OPEN, ZONE)


def _fmt(value: datetime | None) -> str:
    return value.strftime("%d/%m/%Y %H:%M") if value else ""


def generate(slug: str, level: str, agency_name: str, *, province=None, first=FIRST_DAY, last=LAST_DAY,
             scale: float = 1.0, seed: str = "") -> list[list[str]]:
    """CSV rows (HEADER's columns) of the agency's dossiers, the same for the same arguments."""
    from workdays.selectors import add_working_days, is_working_day

    rng = random.Random(f"eiso-demo-dossiers:{seed or slug}")  # nosec B311  # repeatable demo data, no secret
    known: dict[date, bool] = {}

    def working(day: date) -> bool:
        if day not in known:
            known[day] = is_working_day(day, province)
        return known[day]

    days = _working_days(first, last, working)
    prefix = "".join(part[0] for part in slug.split("-")).upper()
    rows, sequence = [], 0
    month = first.replace(day=1)
    while month <= last:
        month_days = [d for d in days if (d.year, d.month) == (month.year, month.month)]
        for code in codes_for(slug, level):
            _code, name, _field, _level, limit, unit, *_rest = _BY_CODE[code]
            least, most = VOLUME.get(code, (2, 6))
            for _ in range(max(1, round(rng.randint(least, most) * scale))):
                day = rng.choice(month_days)
                received = datetime.combine(day, time(rng.randint(7, 15), rng.choice([30, 40, 50])), ZONE)
                if unit == "working_hours":
                    due = _after(received, 60 * limit, working)
                else:
                    due = datetime.combine(add_working_days(day, limit, province), time(17), ZONE)
                span = _minutes(received, due, working)

                def along(share, received=received, span=span):
                    return _after(received, span * share, working)

                luck = rng.random()
                if day >= last - timedelta(days=10) and luck < 0.35:
                    resolved = None  # still being processed
                elif luck < 0.90:
                    resolved = along(rng.uniform(0.35, 0.98))
                else:
                    resolved = _after(due, rng.randint(30, 1500), working)
                returned = (_after(resolved, rng.randint(0, 900), working)
                            if resolved and rng.random() < 0.93 else None)
                handler = rng.choice(HANDLERS)
                sequence += 1
                row = [code, name, f"{prefix}-{day:%y%m%d}-{sequence:05d}", _fmt(received), _fmt(due),
                       _fmt(resolved), _fmt(returned), handler, agency_name]
                started = received
                taken = _minutes(received, resolved, working) / span if resolved else 0
                for number, (step_name, share) in enumerate(STEPS, start=1):
                    step_due = along(share)
                    if resolved is None:  # an open dossier got through its first step only
                        finished = along(share * rng.uniform(0.5, 1.2)) if number == 1 else None
                    elif number == len(STEPS):
                        finished = resolved
                    else:
                        finished = min(resolved, along(taken * share * rng.uniform(0.8, 1.25)))
                    finished = max(finished, started) if finished else None
                    who = rng.choice(SIGNERS) if number == 3 else handler
                    row += [step_name, who, _fmt(started), _fmt(finished), _fmt(step_due)]
                    if finished is None:
                        row += [""] * (5 * (len(STEPS) - number))
                        break
                    started = finished
                rows.append(row)
        month = (month + timedelta(days=32)).replace(day=1)
    return rows


def to_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


def sample_csv() -> str:
    """platform/dossiers/samples/ho-so-mau.csv: two months of Xã Càng Long at a fifth of the demo's volume."""
    return to_csv(generate("xa-cang-long", "commune", "UBND xã Càng Long", first=date(2026, 9, 1),
                           last=date(2026, 10, 31), scale=0.2, seed="sample"))


def ensure_dossiers(agency, secretary, *, province=None):
    """Import the agency's demo dossiers as its ISO secretary; the finished job, or None (no TTHC, or done).

    Run at once rather than queued (the demo may have no worker yet); a second run counts all unchanged."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tenants.utils import schema_context

    from dossiers import services
    from dossiers.models import DossierImport

    if not codes_for(agency.slug, agency.level):
        return None
    text = to_csv(generate(agency.slug, agency.level, agency.name, province=province))
    with schema_context(agency.schema_name):
        if DossierImport.objects.filter(sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
                                        status=DossierImport.Status.DONE).exists():
            return None  # imported by an earlier run: importing it again would change nothing
        upload = SimpleUploadedFile(f"ho-so-{agency.slug}-2026.csv", text.encode("utf-8"), content_type="text/csv")
        job = services.start_import(actor=secretary, upload=upload, queue=False)
        return services.run_import(job.pk)
