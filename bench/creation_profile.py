"""Where does the time of creating an agency go, with few agencies and with many?

    EISO_DATA_DIR=/work/bench-data .venv/bin/python bench/creation_profile.py [--at 100,5000] [--samples 20]

In its own database (eiso_creation_profile, dropped at the end), creates agencies by DDL replay up to each
--at count, and there takes --samples measurements of one creation split into its parts, each rolled back
(the agency count does not move):
  whole      create_agency as the CSV import calls it (committed, so the count moves by --samples);
  statement  the cached DDL script run statement by statement in one transaction, grouped by kind
             (CREATE TABLE, CREATE INDEX, constraints, triggers, sequences, the rest);
  rollback   the end of that transaction (rolled back, so the count stays; a commit is in `whole`).
The medians at each count side by side show which part grows. Per replay it also prints the buffer hits and
reads (pg_stat_database), WAL bytes and full-page images (pg_stat_wal), the catalog's size and how often
autovacuum has visited catalog tables. Same embedded server and settings as
bench/tenant_creation_scale.py.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("EISO_REDIS_PORT", "6411")  # the scale bench's Redis, never the demo's or a test run's
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tenant_creation import recreate_database  # noqa: E402  (also puts the platform on sys.path)

DB = "eiso_creation_profile"
KINDS = (("create table", r"CREATE TABLE"), ("create index", r"CREATE (UNIQUE )?INDEX"),
         ("add constraint", r"ALTER TABLE .* ADD CONSTRAINT"), ("create trigger", r"CREATE (CONSTRAINT )?TRIGGER"),
         ("sequence", r"(CREATE|ALTER) SEQUENCE|ALTER TABLE .* ALTER COLUMN .* ADD GENERATED"),
         ("column default", r"ALTER TABLE .* ALTER COLUMN"))


def kind_of(statement: str) -> str:
    flat = " ".join(statement.split())
    for kind, pattern in KINDS:
        if re.match(pattern, flat, re.IGNORECASE):
            return kind
    return "other"


def statements(ddl: str) -> list[str]:
    """pg_dump's script as single statements: the template holds no function bodies, so ';' ends each one."""
    lines = [line for line in ddl.splitlines() if line.strip() and not line.startswith("--")]
    return [part.strip() for part in "\n".join(lines).split(";\n") if part.strip()]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--at", default="100,5000", help="agency counts at which to measure")
    parser.add_argument("--samples", type=int, default=20)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = recreate_database(DB)
    os.environ["EISO_DB_NAME"] = DB
    try:
        return profile([int(n) for n in args.at.split(",")], args.samples)
    finally:
        from django.db import connections

        connections.close_all()
        recreate_database(DB, drop_only=True)


def profile(counts: list[int], samples: int) -> int:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from tenants.models import Province
    from tenants.provisioning import (
        _SCHEMA_TOKEN,
        AgencySpec,
        create_agency,
        ensure_public_tenant,
        ensure_template,
        schema_script,
    )

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_public_tenant()
    ensure_template()
    province = Province.objects.create(code="98", name="Tỉnh Đo Thời Gian", slug="do-thoi-gian")
    made = 0

    def create(slug: str) -> float:
        began = time.perf_counter()
        create_agency(AgencySpec(name=f"UBND {slug}", level="commune", province=province, slug=slug), method="ddl")
        return time.perf_counter() - began

    def io() -> tuple[int, int, int, int]:
        """Buffer hits and reads of this database, WAL bytes and full-page images written so far."""
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_stat_force_next_flush()")
            cursor.execute("SELECT blks_hit, blks_read, pg_current_wal_insert_lsn() - '0/0'::pg_lsn, "
                           "(SELECT wal_fpi FROM pg_stat_wal) FROM pg_stat_database "
                           "WHERE datname = current_database()")
            return tuple(int(value) for value in cursor.fetchone())

    parts = schema_script()
    script = statements(parts.ddl)
    print(f"DDL script: {len(script)} statements: " + ", ".join(
        f"{kind} {sum(kind_of(s) == kind for s in script)}" for kind in [k for k, _p in KINDS] + ["other"]))
    table = {}
    for count in counts:
        while made < count:
            made += 1
            create(f"xa-{made:05d}")
        by_kind, ends, wholes = defaultdict(list), [], []
        hit0, read0, wal0, fpi0 = io()
        for sample in range(samples):
            spent = defaultdict(float)
            schema = f"do_thoi_gian_{sample}"
            connection.set_schema_to_public()
            with connection.cursor() as cursor:
                cursor.execute("BEGIN")
                for statement in script:
                    began = time.perf_counter()
                    cursor.execute(statement.replace(_SCHEMA_TOKEN, schema))
                    spent[kind_of(statement)] += time.perf_counter() - began
                began = time.perf_counter()
                cursor.execute("ROLLBACK")
                ends.append(time.perf_counter() - began)
            for kind, seconds in spent.items():
                by_kind[kind].append(seconds)
            by_kind["all statements"].append(sum(spent.values()))
        hit1, read1, wal1, fpi1 = io()
        for _sample in range(samples):
            made += 1
            wholes.append(create(f"xa-{made:05d}"))
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) FROM pg_class c "
                           "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'pg_catalog' "
                           "AND c.relkind = 'r'")
            size = cursor.fetchone()[0]
            # Autovacuum works on the growing catalog on the same CPUs as the creations.
            cursor.execute("SELECT string_agg(format('%s %s/%s', relname, autovacuum_count, autoanalyze_count), "
                           "', ' ORDER BY relname) FROM pg_stat_sys_tables WHERE schemaname = 'pg_catalog' "
                           "AND autovacuum_count + autoanalyze_count > 0")
            vacuums = cursor.fetchone()[0]
        table[count] = {kind: statistics.median(values) for kind, values in by_kind.items()}
        table[count]["rollback"] = statistics.median(ends)
        table[count]["whole create_agency"] = statistics.median(wholes)
        print(f"at {count} agencies: pg_catalog {size}; per replay {(hit1 - hit0) / samples:.0f} buffer hits, "
              f"{(read1 - read0) / samples:.0f} reads, {(wal1 - wal0) / samples / 1024:.0f} kB WAL of which "
              f"{(fpi1 - fpi0) / samples:.0f} full-page images; catalog autovacuums/autoanalyzes so far: {vacuums}",
              flush=True)
    print("\nmedian ms per creation, by part")
    print("| part | " + " | ".join(f"at {c}" for c in counts) + " | ratio |")
    print("| --- | " + " | ".join("---:" for _c in counts) + " | ---: |")
    first, last = counts[0], counts[-1]
    for part in table[first]:
        cells = " | ".join(f"{table[c].get(part, 0) * 1000:.1f}" for c in counts)
        ratio = table[last].get(part, 0) / table[first][part] if table[first][part] else float("nan")
        print(f"| {part} | {cells} | {ratio:.2f}x |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
