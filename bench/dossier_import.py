"""How long do 100,000 one-stop dossiers take to import, to import again, and to rate?

Builds (once) an agency "bench-dossiers" in its own embedded PostgreSQL (EISO_DATA_DIR, default
/work/bench-dossiers, outside the repository), then generates a CSV export of ROWS dossiers (seeded random:
20 TTHC codes, received over 2026, three steps each with their own due times, ~9 in 10 resolved on time) and
runs it through the real import (dossiers.services: every row checked, then one transaction of bulk upserts,
history triggers included), as the Celery task would:

1. first import: every dossier new (the dossiers of an earlier run are deleted first);
2. the same file again: every dossier unchanged, nothing written;
3. the file with 1% of the dossiers changed (resolved a day later): those updated, their steps replaced;
4. the on-time rates over the year (totals, per TTHC, per month, per step), each the median of 5 runs.

    PYTHONPATH=platform:. .venv/bin/python bench/dossier_import.py [--rows 100000]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
os.environ.setdefault("EISO_DATA_DIR", "/work/bench-dossiers")
os.environ.setdefault("EISO_DB_NAME", "eiso_bench_dossiers")
os.environ.setdefault("EISO_REDIS_PORT", "6395")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings.test")  # DEBUG off; no query log in memory
Path(os.environ["EISO_DATA_DIR"]).mkdir(parents=True, exist_ok=True)

SLUG = "bench-dossiers"
ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
CODES = [f"1.00{1000 + 37 * n}" for n in range(20)]
STEPS = [("Tiếp nhận hồ sơ", 0.1), ("Thẩm định, xử lý hồ sơ", 0.8), ("Phê duyệt, trả kết quả", 1.0)]
HANDLERS = ["Nguyễn Thị Thu Hà", "Trần Văn Minh", "Lê Thị Ngọc Ánh", "Phạm Quốc Bảo", "Võ Thị Kim Ngân"]


def export_csv(rows: int, *, changed_every: int = 0) -> str:
    """A one-stop export of `rows` dossiers; every `changed_every`-th one resolved a day later."""
    rng = random.Random(20260801)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["tthc_code", "dossier_id", "received", "due", "resolved", "returned", "handler",
                     *[f"step{n}_{part}" for n in (1, 2, 3) for part in ("name", "started", "finished", "due")]])
    start = datetime(2026, 1, 2, 7, 30, tzinfo=ZONE)

    def fmt(value):
        return value.strftime("%d/%m/%Y %H:%M") if value else ""

    for n in range(rows):
        received = start + timedelta(minutes=rng.randint(0, 330 * 24 * 60))
        span = timedelta(days=rng.choice([1, 3, 5, 10, 15, 20]))
        due = received + span
        luck = rng.random()
        resolved = None if luck < 0.03 else received + span * rng.uniform(0.3, 0.98) if luck < 0.9 else \
            due + timedelta(hours=rng.randint(1, 72))
        if resolved and changed_every and n % changed_every == 0:
            resolved += timedelta(days=1)
        row = [rng.choice(CODES), f"BENCH-{n:07d}", fmt(received), fmt(due), fmt(resolved),
               fmt(resolved + timedelta(hours=2)) if resolved else "", rng.choice(HANDLERS)]
        begun = received
        for name, share in STEPS:
            finished = received + (resolved - received) * share if resolved else None
            row += [name, fmt(begun), fmt(finished), fmt(received + span * share)]
            begun = finished or begun
        writer.writerow(row)
    return out.getvalue()


def setup():
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from accounts.models import Membership, User
    from accounts.roles import Role
    from tenants.models import Agency, Province
    from tenants.provisioning import AgencySpec, create_agency, ensure_public_tenant, ensure_template

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_public_tenant()
    ensure_template()
    call_command("migrate_agencies", verbosity=0)
    agency = Agency.objects.filter(slug=SLUG).first()
    if agency is None:
        province, _ = Province.objects.get_or_create(code="86", defaults={"name": "Tỉnh Vĩnh Long",
                                                                          "slug": "vinh-long"})
        agency = create_agency(AgencySpec(name="Sở Tư pháp (benchmark)", level="department", province=province,
                                          slug=SLUG))
    user, _ = User.objects.get_or_create(username="bench-dossier-secretary",
                                         defaults={"full_name": "Trần Thị Bình", "job_title": "Chuyên viên"})
    Membership.objects.get_or_create(user=user, agency=agency, role=Role.ISO_SECRETARY)
    connection.set_schema_to_public()
    return agency, user


def run(agency, user, text: str, label: str):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django_tenants.utils import tenant_context

    from dossiers import services

    with tenant_context(agency):
        started = time.perf_counter()
        job = services.start_import(actor=user, upload=SimpleUploadedFile("bench.csv", text.encode("utf-8")),
                                    queue=False)
        job = services.run_import(job.pk)
        seconds = time.perf_counter() - started
    assert job.status == "done", job.errors[:5]
    print(f"{label:<34} {seconds:7.1f} s  {job.rows_total / seconds:8.0f} rows/s   created {job.created_count}, "
          f"updated {job.updated_count}, unchanged {job.unchanged_count}", flush=True)


def rates(agency) -> None:
    from django.db import connection
    from django_tenants.utils import tenant_context

    from dossiers import selectors
    from dossiers.models import Dossier

    with tenant_context(agency):
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE dossiers_dossier; ANALYZE dossiers_dossierstep")
        year = selectors.in_period(Dossier.objects.all(), 2026)
        for label, compute in [("totals (year)", lambda: selectors.totals(year)),
                               ("per TTHC (year)", lambda: selectors.rates_by_tthc(year)),
                               ("per month (year)", lambda: selectors.rates_by_month(year)),
                               ("per step, one TTHC (year)", lambda: selectors.rates_by_step(year.filter(
                                   tthc_code=CODES[0]))),
                               ("per step, all (year)", lambda: selectors.rates_by_step(year)),
                               ("on_time_rate(agency, 2026)", lambda: selectors.on_time_rate(year=2026))]:
            times = []
            for _ in range(5):
                started = time.perf_counter()
                compute()
                times.append((time.perf_counter() - started) * 1000)
            print(f"{label:<34} {statistics.median(times):7.1f} ms (median of 5)", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    agency, user = setup()
    from django_tenants.utils import tenant_context

    from dossiers.models import Dossier, DossierImport

    with tenant_context(agency):
        Dossier.objects.all().delete()
        DossierImport.objects.all().delete()
    started = time.perf_counter()
    text = export_csv(args.rows)
    print(f"generated {args.rows} dossiers ({len(text) / 1e6:.1f} MB CSV, 3 steps each) in "
          f"{time.perf_counter() - started:.1f} s", flush=True)
    run(agency, user, text, "first import (all new)")
    run(agency, user, text, "same file again (all unchanged)")
    run(agency, user, export_csv(args.rows, changed_every=100), "1% changed (updated, steps replaced)")
    rates(agency)


if __name__ == "__main__":
    main()
