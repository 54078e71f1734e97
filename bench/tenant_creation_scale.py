"""Does creating an agency stay flat up to a national deployment? Shared trigger functions vs one set per schema.

    EISO_DATA_DIR=/work/bench-data .venv/bin/python bench/tenant_creation_scale.py [--count 5000] [--start 100]
        [--methods shared,per-schema] [--reconnect-every 0] [--keep]

Creates --count agencies one after another with tenants.provisioning.create_agency (DDL replay, one
transaction each, exactly what the CSV import does per row), once per method, each method in its own
database and process, and times every creation:
  shared      what eISO does now: the template holds no function; its triggers call shared functions in
              `public` (tenants/functions.py), so a replay creates no function;
  per-schema  how it was before: the template's ~38 trigger functions (pgtrigger_*, _pgh_attach_context)
              are replayed into every new schema under the same names (the normalising step switched off).
The figure that matters: the median seconds of the last ten creations over the first ten after --start
(100) agencies. Databases are dropped as soon as their method is done (5,000 schemas take ~7.6 GB), unless
--keep. Use a data folder outside the repository (EISO_DATA_DIR): it starts its own embedded PostgreSQL.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("EISO_REDIS_PORT", "6411")  # its own Redis: never the demo's, a test run's or bench's
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tenant_creation import pct, recreate_database  # noqa: E402  (also puts the platform on sys.path)

METHODS = ("shared", "per-schema")


def child(method: str, count: int, out: Path, reconnect_every: int = 0) -> None:
    """One method, one database (DATABASE_URL): create `count` agencies and write the timings as JSON."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from tenants import functions
    from tenants.models import Province
    from tenants.provisioning import AgencySpec, create_agency, ensure_public_tenant, ensure_template

    if method == "per-schema":
        # Before tenants/functions.py existed: nothing moved the migrations' functions out of the template,
        # so pg_dump put them into the script and every replay created them again in the new schema.
        functions.ENABLED = False
    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_public_tenant()
    ensure_template()
    province = Province.objects.create(code="99", name="Tỉnh Đo Kiểm", slug="do-kiem")

    def catalog() -> dict:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_proc WHERE proname = '_pgh_attach_context'")
            attach = cursor.fetchone()[0]
            cursor.execute("SELECT count(*) FROM pg_proc")
            procs = cursor.fetchone()[0]
            cursor.execute("SELECT sum(total_bytes), sum(total_bytes) FILTER (WHERE name = 'CacheMemoryContext') "
                           "FROM pg_backend_memory_contexts")
            total, cache = cursor.fetchone()
        return {"pgh_attach_context": attach, "pg_proc": procs, "backend_mb": int(total) / 2**20,
                "catcache_mb": int(cache or 0) / 2**20}

    times, started = [], time.monotonic()
    for number in range(1, count + 1):
        spec = AgencySpec(name=f"UBND xã Đo Kiểm {number}", level="commune", province=province,
                          slug=f"xa-{number:05d}")
        began = time.perf_counter()
        create_agency(spec, method="ddl")
        times.append(time.perf_counter() - began)
        if reconnect_every and number % reconnect_every == 0:
            # A backend keeps catalog cache entries of every schema it created (~75 KB each): a fresh
            # connection now and then bounds its memory (a long import job could do the same).
            connection.close()
        if number % 250 == 0 or number == count:
            recent = times[-250:]
            print(f"  {method}: {number} agencies, median of the last {len(recent)} {statistics.median(recent):.3f} s, "
                  f"{time.monotonic() - started:.0f} s so far", flush=True)
    out.write_text(json.dumps({"times": times, "catalog": catalog(), "seconds": time.monotonic() - started}))


def report(results: dict, args, load: tuple[float, float], elapsed: float) -> list[str]:
    start, count = args.start, args.count
    lines = [
        "eISO tenant creation at scale: shared trigger functions vs one set per schema",
        f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}; {os.cpu_count()} CPU cores; --count {count} --start {start} "
        f"--reconnect-every {args.reconnect_every}; "
        f"load average {load[0]:.2f} at start, {load[1]:.2f} at end",
        "",
        "seconds per agency (median, p90) by batch of agencies already in the database",
        "| agencies      | " + " | ".join(f"{m:>10} median |   p90" for m in results) + " |",
        "| ------------- | " + " | ".join("----------------: | ----:" for _m in results) + " |",
    ]
    step = max(100, count // 10)
    for low in range(0, count, step):
        cells = []
        for result in results.values():
            batch = result["times"][low:low + step]
            cells.append(f"{statistics.median(batch):>17.3f} | {pct(batch, 0.9):.3f}" if batch else " " * 25)
        lines.append(f"| {low:>5}-{min(low + step, count):<7} | " + " | ".join(cells) + " |")
    lines += ["", f"flatness: median of the ten creations after {start} agencies vs the last ten (at {count})"]
    for method, result in results.items():
        first, last = result["times"][start:start + 10], result["times"][-10:]
        if len(first) < 10:
            continue
        ratio = statistics.median(last) / statistics.median(first)
        verdict = "flat (within 1.3x)" if ratio <= 1.3 else "GROWS"
        lines.append(f"  {method:<10} {statistics.median(first):.3f} s -> {statistics.median(last):.3f} s: "
                     f"ratio last ten / first ten {ratio:.2f}x  {verdict}; {len(result['times'])} agencies in "
                     f"{result['seconds']:.0f} s")
    lines += ["", "catalog at the end (the creating backend's own memory)"]
    for method, result in results.items():
        c = result["catalog"]
        lines.append(f"  {method:<10} _pgh_attach_context in pg_proc: {c['pgh_attach_context']}; pg_proc rows: "
                     f"{c['pg_proc']}; backend memory {c['backend_mb']:.0f} MB (catalog cache {c['catcache_mb']:.0f} MB)")
    lines += ["", f"total bench time {elapsed:.0f} s"]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--count", type=int, default=5000, help="agencies created per method")
    parser.add_argument("--start", type=int, default=100, help="the first ten timed creations come after these")
    parser.add_argument("--methods", default=",".join(METHODS), help="subset of shared,per-schema, in order")
    parser.add_argument("--reconnect-every", type=int, default=0,
                        help="open a fresh database connection after every N creations (0: one connection)")
    parser.add_argument("--keep", action="store_true", help="keep the bench databases afterwards")
    parser.add_argument("--child", choices=METHODS, help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.count < args.start + 20:
        parser.error("--count must exceed --start by at least 20")

    if args.child:
        child(args.child, args.count, Path(args.json), args.reconnect_every)
        return 0

    started, load_start = time.monotonic(), os.getloadavg()[0]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for method in args.methods.split(","):
            db_name = f"eiso_scale_{method.replace('-', '_')}"
            print(f"{method}: database {db_name}, {args.count} agencies ...", flush=True)
            env = dict(os.environ, DATABASE_URL=recreate_database(db_name), EISO_DB_NAME=db_name)
            out = Path(tmp) / f"{method}.json"
            try:
                subprocess.run([sys.executable, __file__, "--child", method, "--json", str(out),
                                "--count", str(args.count), "--start", str(args.start),
                                "--reconnect-every", str(args.reconnect_every)], env=env, check=True)
                results[method] = json.loads(out.read_text())
            finally:
                if not args.keep:
                    recreate_database(db_name, drop_only=True)
    print()
    print("\n".join(report(results, args, (load_start, os.getloadavg()[0]), time.monotonic() - started)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
