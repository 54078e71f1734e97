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
(100) agencies (the issue's measure); beside it the median of the last 50 over the 50 after --start, which
one slow sample on a shared machine moves less. Every 250 creations it also reads the catalog's buffer hits
and reads (pg_statio_sys_tables, pg_catalog only): a read is a page the catalog needed that was not in
shared_buffers. The embedded server runs with the product's settings (eiso.localservices), printed first. Databases are dropped as soon as their method is done (5,000 schemas take ~7.6 GB), unless
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
from tenant_creation import pct, recreate_database, server_url  # noqa: E402  (also puts the platform on sys.path)

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
            cursor.execute("SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c JOIN pg_namespace n "
                           "ON n.oid = c.relnamespace WHERE n.nspname = 'pg_catalog' AND c.relkind = 'r'")
            catalog_bytes = cursor.fetchone()[0]
        return {"pgh_attach_context": attach, "pg_proc": procs, "backend_mb": int(total) / 2**20,
                "catcache_mb": int(cache or 0) / 2**20, "catalog_mb": int(catalog_bytes) / 2**20}

    def io() -> dict:
        """Cumulative catalog and database block hits/reads, this backend's own pending counts included."""
        with connection.cursor() as cursor:
            # Backends flush their counters at most once a second; force it so the figures are current.
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute("SELECT coalesce(sum(heap_blks_hit + idx_blks_hit), 0), "
                           "coalesce(sum(heap_blks_read + idx_blks_read), 0) "
                           "FROM pg_statio_sys_tables WHERE schemaname = 'pg_catalog'")
            cat_hit, cat_read = cursor.fetchone()
            cursor.execute("SELECT blks_hit, blks_read FROM pg_stat_database WHERE datname = current_database()")
            db_hit, db_read = cursor.fetchone()
        return {"cat_hit": int(cat_hit), "cat_read": int(cat_read), "db_hit": int(db_hit), "db_read": int(db_read)}

    times, started, samples = [], time.monotonic(), [dict(io(), n=0)]
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
            samples.append(dict(io(), n=number))
            before, now = samples[-2], samples[-1]
            made = now["n"] - before["n"]
            print(f"  {method}: {number} agencies, median of the last {len(recent)} {statistics.median(recent):.3f} s, "
                  f"catalog reads/hits per agency {(now['cat_read'] - before['cat_read']) / made:.0f}/"
                  f"{(now['cat_hit'] - before['cat_hit']) / made:.0f}, "
                  f"{time.monotonic() - started:.0f} s so far", flush=True)
    out.write_text(json.dumps({"times": times, "catalog": catalog(), "io": samples,
                               "seconds": time.monotonic() - started}))


def server_settings(url: str) -> str:
    """What the bench server actually runs with (SHOW), and where the value comes from."""
    import psycopg2

    conn = psycopg2.connect(url)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT name, current_setting(name), source FROM pg_settings WHERE name IN "
                        "('shared_buffers', 'effective_cache_size', 'work_mem', 'max_locks_per_transaction', "
                        "'fsync', 'synchronous_commit') ORDER BY name")
            return ", ".join(f"{name}={value} ({source})" for name, value, source in cur.fetchall())
    finally:
        conn.close()


def flatness(times: list[float], start: int, size: int) -> tuple[float, float] | None:
    first, last = times[start:start + size], times[-size:]
    if len(first) < size:
        return None
    return statistics.median(first), statistics.median(last)


def report(results: dict, args, load: tuple[float, float], elapsed: float, settings: str) -> list[str]:
    start, count = args.start, args.count
    lines = [
        "eISO tenant creation at scale: shared trigger functions vs one set per schema",
        f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}; {os.cpu_count()} CPU cores; --count {count} --start {start} "
        f"--reconnect-every {args.reconnect_every}; "
        f"load average {load[0]:.2f} at start, {load[1]:.2f} at end",
        f"server: {settings}",
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
    lines += ["", f"flatness: median of the creations after {start} agencies vs the last ones (at {count})"]
    for method, result in results.items():
        for size, label in ((10, "ten"), (50, "50")):
            pair = flatness(result["times"], start, size)
            if pair is None:
                continue
            ratio = pair[1] / pair[0]
            verdict = "flat (within 1.3x)" if ratio <= 1.3 else "GROWS"
            lines.append(f"  {method:<10} {pair[0]:.3f} s -> {pair[1]:.3f} s: ratio last {label} / first {label} "
                         f"{ratio:.2f}x  {verdict}" + (f"; {len(result['times'])} agencies in {result['seconds']:.0f} s"
                                                       if size == 10 else ""))
    lines += ["", "catalog pages per agency created (pg_catalog tables and indexes): read from outside "
              "shared_buffers / found in them"]
    for method, result in results.items():
        samples = result["io"]
        cells = []
        for before, now in zip(samples, samples[1:], strict=False):
            if now["n"] % 1000 == 0 or now is samples[-1] or before is samples[0]:
                made = now["n"] - before["n"]
                cells.append(f"{before['n']}-{now['n']}: {(now['cat_read'] - before['cat_read']) / made:.0f}/"
                             f"{(now['cat_hit'] - before['cat_hit']) / made:.0f}")
        lines.append(f"  {method:<10} " + ", ".join(cells))
    lines += ["", "catalog at the end (the creating backend's own memory)"]
    for method, result in results.items():
        c = result["catalog"]
        lines.append(f"  {method:<10} _pgh_attach_context in pg_proc: {c['pgh_attach_context']}; pg_proc rows: "
                     f"{c['pg_proc']}; backend memory {c['backend_mb']:.0f} MB (catalog cache {c['catcache_mb']:.0f} MB); "
                     f"pg_catalog tables with indexes {c['catalog_mb']:.0f} MB")
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
    settings = server_settings(server_url())
    print(f"server: {settings}", flush=True)
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
    print("\n".join(report(results, args, (load_start, os.getloadavg()[0]), time.monotonic() - started, settings)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
