"""What foreign keys from agency schemas to public.accounts_user cost as agencies grow.

    .venv/bin/python bench/shared_fk_triggers.py [--schemas 1000] [--step 200]

Every foreign key from a tenant table to `public.accounts_user` adds two RI triggers to accounts_user, so
the shared table's trigger list grows with the number of agency schemas. This replays the template's DDL
(as provisioning does, without agency rows) into more and more schemas and measures, each `--step`:
the triggers on accounts_user, the first query on accounts_user from a new connection (relcache build),
an UPDATE of one user row (what every login does to last_login) and the backend's memory.
Runs in its own database (EISO_DB_NAME, default eiso_bench_fk), dropped at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("EISO_DB_NAME", "eiso_bench_fk")
from tenant_creation import recreate_database  # noqa: E402  (sets up sys.path and settings)


def probe(url: str, schemas: int) -> str:
    import psycopg2

    firsts, updates, memory = [], [], ""
    for _ in range(5):
        conn = psycopg2.connect(url)
        conn.autocommit = True
        with conn.cursor() as cur:
            started = time.perf_counter()
            cur.execute("SELECT id FROM accounts_user WHERE username = 'bench'")
            firsts.append(time.perf_counter() - started)
            started = time.perf_counter()
            cur.execute("UPDATE accounts_user SET last_login = now() WHERE username = 'bench'")
            updates.append(time.perf_counter() - started)
            cur.execute("SELECT count(*) FROM pg_trigger WHERE tgrelid = 'public.accounts_user'::regclass")
            triggers = cur.fetchone()[0]
            cur.execute("SELECT pg_size_pretty(sum(total_bytes)) FROM pg_backend_memory_contexts")
            memory = cur.fetchone()[0]
        conn.close()
    return (f"| {schemas:>6} | {triggers:>8} | {statistics.median(firsts) * 1000:>9.1f} | "
            f"{statistics.median(updates) * 1000:>9.1f} | {memory:>9} |")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--schemas", type=int, default=1000)
    parser.add_argument("--step", type=int, default=200)
    args = parser.parse_args()
    name = os.environ["EISO_DB_NAME"]
    url = recreate_database(name)
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections, transaction

    from accounts.models import User
    from tenants.provisioning import _SCHEMA_TOKEN, ensure_public_tenant, ensure_template, schema_script

    try:
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_tenant()
        ensure_template()
        User.objects.create_user("bench", password="bench-only")
        ddl = schema_script().ddl
        fks = ddl.count("REFERENCES public.accounts_user")
        print(f"foreign keys from one agency schema to public.accounts_user: {fks}; load average "
              f"{os.getloadavg()[0]:.2f}\n")
        print("| schemas | triggers | 1st query ms | UPDATE ms | backend memory |")
        print("| ------: | -------: | -----------: | --------: | -------------: |")
        print(probe(url, 0), flush=True)
        for i in range(args.schemas):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute(ddl.replace(_SCHEMA_TOKEN, f"fk_{i:05d}"))
            if (i + 1) % args.step == 0:
                print(probe(url, i + 1), flush=True)
    finally:
        connections.close_all()
        recreate_database(name, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
