"""Creation at few vs many agencies, measured in the same minutes so that the machine's load cancels out.

    EISO_DATA_DIR=/work/bench-data .venv/bin/python bench/creation_ab.py [--small 100] [--large 5000] [--rounds 40]

Builds two databases on the same server (eiso_ab_small with --small agencies, eiso_ab_large with --large,
each by DDL replay in its own process), then replays the cached DDL script in one and the other in turn
(small, large, large, small, …), each replay in a transaction that is rolled back, and prints the median
replay time of each and their ratio. On a 2-core machine shared with other work, the scale bench's "first ten
vs last ten" compares minutes apart; this compares the same minutes. Both databases are dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("EISO_REDIS_PORT", "6411")  # the scale bench's Redis, never the demo's or a test run's
sys.path.insert(0, str(Path(__file__).resolve().parent))
from creation_profile import statements  # noqa: E402
from tenant_creation import recreate_database  # noqa: E402  (also puts the platform on sys.path)

TOKEN = "__eiso_new_schema__"  # tenants.provisioning._SCHEMA_TOKEN


def build(count: int) -> None:
    """Child: create `count` agencies in the database DATABASE_URL points at."""
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.models import Province
    from tenants.provisioning import AgencySpec, create_agency, ensure_public_tenant, ensure_template

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_public_tenant()
    ensure_template()
    province = Province.objects.create(code="97", name="Tỉnh So Sánh", slug="so-sanh")
    for number in range(1, count + 1):
        create_agency(AgencySpec(name=f"UBND {number}", level="commune", province=province,
                                 slug=f"xa-{number:05d}"), method="ddl")


def replay(conn, script: list[str], schema: str) -> float:
    with conn.cursor() as cur:
        began = time.perf_counter()
        cur.execute("BEGIN")
        for statement in script:
            cur.execute(statement.replace(TOKEN, schema))
        cur.execute("ROLLBACK")
        return time.perf_counter() - began


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--small", type=int, default=100)
    parser.add_argument("--large", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--build", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.build is not None:
        build(args.build)
        return 0

    import psycopg2

    urls = {}
    try:
        for label, count in (("small", args.small), ("large", args.large)):
            name = f"eiso_ab_{label}"
            urls[label] = recreate_database(name)
            began = time.monotonic()
            subprocess.run([sys.executable, __file__, "--build", str(count)], check=True,
                           env=dict(os.environ, DATABASE_URL=urls[label], EISO_DB_NAME=name))
            print(f"{label}: {count} agencies in {time.monotonic() - began:.0f} s", flush=True)
        conns = {label: psycopg2.connect(url) for label, url in urls.items()}
        for conn in conns.values():
            conn.autocommit = True
        with conns["small"].cursor() as cur:
            cur.execute("SELECT ddl FROM tenants_schemascript ORDER BY id DESC LIMIT 1")
            script = statements(cur.fetchone()[0])
        times = {"small": [], "large": []}
        load = os.getloadavg()[0]
        for number in range(args.rounds):
            order = ("small", "large") if number % 2 == 0 else ("large", "small")
            for label in order:
                times[label].append(replay(conns[label], script, f"ab_{number}"))
        for conn in conns.values():
            conn.close()
        small, large = (statistics.median(times[label]) for label in ("small", "large"))
        print(f"replays alternated, {args.rounds} each, load average {load:.2f} -> {os.getloadavg()[0]:.2f}")
        print(f"  {args.small} agencies: median {small * 1000:.1f} ms; {args.large} agencies: median "
              f"{large * 1000:.1f} ms; ratio {large / small:.2f}x "
              f"{'within 1.3x' if large / small <= 1.3 else 'GROWS'}")
    finally:
        for label in urls:
            recreate_database(f"eiso_ab_{label}", drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
