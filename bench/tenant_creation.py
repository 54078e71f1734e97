"""How long it takes to create one agency, by method, and whether it grows with the number of agencies.

    .venv/bin/python bench/tenant_creation.py [--n 30] [--migrate-n 4] [--background 300] [--keep]

Methods (tenants.provisioning.create_agency(spec, method=...)), each creating the row, schema and domain in
one transaction:
  ddl      replay the template schema's cached DDL (what eISO uses);
  clone    django-tenants' own way to copy a template: TENANT_BASE_SCHEMA + clone_schema + a faked migrate;
  migrate  an empty schema brought up by running every tenant migration.

Two parts, each in its own process and database, because clone_schema re-creates its helper types and
functions in `public` on every call and the catalog churn slows every later DDL in that database:
  few   (database <EISO_DB_NAME>_few): ddl, then migrate, then clone, on an almost empty database;
  many  (database <EISO_DB_NAME>): ddl agencies, then --background more by ddl, then ddl again (one timed
        series: the flatness), and only then clone and migrate at that size.
Both databases are dropped and created at the start and dropped at the end unless --keep.
"""

from __future__ import annotations

import argparse
import json
import os
import platform as host
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import parse_qs, quote, urlparse

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "platform"), str(REPO)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings.base")
os.environ.setdefault("EISO_DB_NAME", "eiso_bench")
os.environ.setdefault("EISO_REDIS_PORT", "6409")  # its own Redis: never the demo's or a test run's
os.environ.setdefault("LOG_LEVEL", "WARNING")

METHODS = ("ddl", "clone", "migrate")
WARM_UP = 3  # untimed agencies per method first: connection, caches, the DDL script's first dump


def server_url() -> str:
    """A URL to the maintenance database of the server the bench runs on (embedded unless DATABASE_URL)."""
    if os.environ.get("DATABASE_URL"):
        return urlparse(os.environ["DATABASE_URL"])._replace(path="/postgres").geturl()
    from eiso.localservices import embedded_postgres_url

    return embedded_postgres_url("postgres")


def recreate_database(name: str, drop_only: bool = False) -> str:
    import psycopg2

    url = server_url()
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if not drop_only:
            cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    parsed = urlparse(url)
    socket_dir = parse_qs(parsed.query).get("host", [""])[0]
    if socket_dir:
        return f"postgresql://{parsed.username or 'postgres'}@/{name}?host={quote(socket_dir, safe='/')}"
    return parsed._replace(path=f"/{name}").geturl()


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


# --------------------------------------------------------------------------------------------- one part


class Part:
    """Creates agencies in the database DATABASE_URL points at and records seconds per agency."""

    def __init__(self):
        import django

        django.setup()
        from django.core.management import call_command

        from tenants.models import Province
        from tenants.provisioning import ensure_public_tenant, ensure_template, schema_script

        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_tenant()
        ensure_template()
        started = time.perf_counter()
        self.script = schema_script()
        self.dump_seconds = time.perf_counter() - started
        self.province = Province.objects.create(code="99", name="Tỉnh Đo Kiểm", slug="do-kiem")
        self.counter = 0
        self.times: dict[str, list[tuple[int, float]]] = {method: [] for method in METHODS}

    def schemas(self) -> int:
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%' "
                           "AND nspname NOT IN ('public', 'information_schema')")
            return cursor.fetchone()[0]

    def create(self, method: str, label: str | None = None) -> float:
        from tenants.provisioning import AgencySpec, create_agency

        self.counter += 1
        schemas = self.schemas()
        spec = AgencySpec(name=f"UBND xã Đo Kiểm {self.counter}", level="commune", province=self.province,
                          slug=f"{method}-{self.counter:05d}")
        started = time.perf_counter()
        create_agency(spec, method=method)
        seconds = time.perf_counter() - started
        if label:
            self.times.setdefault(label, []).append((schemas, seconds))
        return seconds

    def facts(self) -> dict:
        from django.conf import settings
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("SELECT version()")
            version = cursor.fetchone()[0].split(" on ")[0]
            cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = %s", [settings.EISO_TEMPLATE_SCHEMA])
            tables = cursor.fetchone()[0]
            cursor.execute(f'SELECT count(*) FROM "{settings.EISO_TEMPLATE_SCHEMA}".django_migrations')
            migrations = cursor.fetchone()[0]
        return {"postgres": version, "tables": tables, "migrations": migrations,
                "ddl_kib": len(self.script.ddl) / 1024, "dump_seconds": self.dump_seconds}


def run_part(name: str, args) -> dict:
    part = Part()
    methods = [m for m in METHODS if m in args.methods]
    if name == "few":
        # ddl and migrate before clone: clone's churn of the catalog would slow them (see the docstring)
        for method in ("ddl", "migrate", "clone"):
            if method in methods:
                for _ in range(1 if method == "migrate" else WARM_UP):
                    part.create(method)
                for _ in range(args.migrate_n if method == "migrate" else args.n):
                    part.create(method, label=method)
    else:
        # one ddl series across the sizes, before any clone touches the catalog
        for _ in range(WARM_UP):
            part.create("ddl")
        for _ in range(args.n):
            part.create("ddl", label="ddl")
        for _ in range(args.background):
            part.create("ddl", label="background")
        for _ in range(args.n):
            part.create("ddl", label="ddl-many")
        for method in ("migrate", "clone"):
            if method in methods:
                for _ in range(args.migrate_n if method == "migrate" else args.n):
                    part.create(method, label=f"{method}-many")
    return {"facts": part.facts(), "times": part.times, "schemas": part.schemas()}


# ---------------------------------------------------------------------------------------------- report


def row(label: str, samples: list[tuple[int, float]], ddl_median: float | None) -> str:
    seconds = [s for _n, s in samples]
    sizes = [n for n, _s in samples]
    ratio = f"{statistics.median(seconds) / ddl_median:6.1f}x" if ddl_median else "      -"
    return (f"| {label:<8} | {min(sizes):>5}-{max(sizes):<5} | {len(seconds):>3} | {statistics.median(seconds):>8.3f} | "
            f"{pct(seconds, 0.9):>7.3f} | {min(seconds):>7.3f} | {ratio} |")


def report(few: dict, many: dict, args, elapsed: float, load: tuple[float, float]) -> list[str]:
    facts = many["facts"]
    lines = [
        "eISO tenant creation benchmark",
        f"date: {time.strftime('%Y-%m-%d %H:%M %Z')}; machine: {os.cpu_count()} CPU cores, {host.machine()}, "
        f"{host.system()} {host.release()}; Python {host.python_version()}; {facts['postgres']}",
        f"template schema: {facts['tables']} tables, {facts['migrations']} applied migrations; DDL script "
        f"{facts['ddl_kib']:.0f} KiB, dumped once in {facts['dump_seconds']:.2f} s by pg_dump, then cached",
        f"options: --n {args.n} --migrate-n {args.migrate_n} --background {args.background}; load average "
        f"{load[0]:.2f} at start, {load[1]:.2f} at end (other work on the machine shows in the numbers)",
        "",
        "seconds per agency (row + schema + domain, one transaction each)",
        "| method   | schemas     |   n |   median |     p90 |     min | /ddl    |",
        "| -------- | ----------- | --: | -------: | ------: | ------: | ------- |",
    ]
    ddl_few = statistics.median(s for _n, s in few["times"]["ddl"])
    for method in METHODS:
        if few["times"].get(method):
            lines.append(row(method, few["times"][method], ddl_few if method != "ddl" else None))
    ddl_many = statistics.median(s for _n, s in many["times"]["ddl-many"])
    lines.append(row("ddl", many["times"]["ddl-many"], None))
    for method in ("clone", "migrate"):
        if many["times"].get(f"{method}-many"):
            lines.append(row(method, many["times"][f"{method}-many"], ddl_many))

    series = many["times"]["ddl"] + many["times"]["background"] + many["times"]["ddl-many"]
    first, last = [s for _n, s in series[:10]], [s for _n, s in series[-10:]]
    lines += ["", "flatness: median (min) of the first 10 vs the last 10 agencies of each method",
              f"  ddl      {statistics.median(first):.3f} ({min(first):.3f}) at {series[0][0]} schemas -> "
              f"{statistics.median(last):.3f} ({min(last):.3f}) at {series[-1][0]} schemas: "
              f"{statistics.median(last) / statistics.median(first):.2f}x over {len(series)} agencies"]
    for method in ("clone", "migrate"):
        a, b = few["times"].get(method), many["times"].get(f"{method}-many")
        if a and b:
            a_s, b_s = [s for _n, s in a[:10]], [s for _n, s in b[-10:]]
            lines.append(f"  {method:<8} {statistics.median(a_s):.3f} ({min(a_s):.3f}) at {a[0][0]} schemas -> "
                         f"{statistics.median(b_s):.3f} ({min(b_s):.3f}) at {b[-1][0]} schemas: "
                         f"{statistics.median(b_s) / statistics.median(a_s):.2f}x")
    background = [s for _n, s in many["times"]["background"]]
    if background:
        lines.append(f"  the {len(background)} background agencies took {sum(background):.1f} s in all "
                     f"(median {statistics.median(background):.3f} s)")
    lines += ["", f"total bench time {elapsed:.0f} s"]
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=30, help="timed agencies per method and size (ddl, clone)")
    parser.add_argument("--migrate-n", type=int, default=4, help="timed agencies by migrate per size (slow)")
    parser.add_argument("--background", type=int, default=300, help="agencies added by ddl between the sizes")
    parser.add_argument("--methods", default=",".join(METHODS), help="subset of ddl,clone,migrate (ddl always)")
    parser.add_argument("--keep", action="store_true", help="keep the bench databases afterwards")
    parser.add_argument("--part", choices=["few", "many"], help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.methods = {"ddl", *args.methods.split(",")}

    if args.part:  # a child: one database, one process
        result = run_part(args.part, args)
        Path(args.json).write_text(json.dumps(result))
        return 0

    started, load_start = time.monotonic(), os.getloadavg()[0]
    base = os.environ["EISO_DB_NAME"]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for part, db_name in (("few", f"{base}_few"), ("many", base)):
            print(f"part {part}: database {db_name} ...", flush=True)
            env = dict(os.environ, DATABASE_URL=recreate_database(db_name), EISO_DB_NAME=db_name)
            out = Path(tmp) / f"{part}.json"
            command = [sys.executable, __file__, "--part", part, "--json", str(out), "--n", str(args.n),
                       "--migrate-n", str(args.migrate_n), "--background", str(args.background),
                       "--methods", ",".join(sorted(args.methods))]
            try:
                subprocess.run(command, env=env, check=True)
                results[part] = json.loads(out.read_text())
            finally:
                if not args.keep:
                    recreate_database(db_name, drop_only=True)
    print()
    print("\n".join(report(results["few"], results["many"], args, time.monotonic() - started,
                           (load_start, os.getloadavg()[0]))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
