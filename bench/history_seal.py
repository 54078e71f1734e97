"""What sealing every history event costs (history_seal: an AFTER INSERT trigger on each event table).

    PYTHONPATH=platform:. .venv/bin/python bench/history_seal.py [--rows 2000] [--rounds 5]

In its own database (EISO_DB_NAME, default eiso_bench_seal; dropped at the end): one agency created like
production, then documents (`documents.Document`, tracked: each insert writes one pghistory event) created
through the ORM, each in its own transaction (what a service does) and, separately, many in one transaction
(an import), with the seal trigger on and off (`ALTER TABLE … DISABLE TRIGGER eiso_history_seal`), the two
alternating in rounds so the machine's load falls on both alike. Then `history_seal.services.verify` over
everything the runs wrote (events per second).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("EISO_DB_NAME", "eiso_bench_seal")
from tenant_creation import recreate_database  # noqa: E402  (sets up sys.path and settings)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=2000, help="documents per round and mode")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    name = os.environ["EISO_DB_NAME"]
    os.environ["DATABASE_URL"] = recreate_database(name)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from documents.models import Document
    from history_seal.install import TRIGGER
    from history_seal.models import Seal
    from history_seal.services import verify
    from tenants.models import Province
    from tenants.provisioning import AgencySpec, create_agency, ensure_public_tenant, ensure_template

    try:
        call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
        ensure_public_tenant()
        ensure_template()
        province = Province.objects.create(code="86", name="Tỉnh Vĩnh Long", slug="vinh-long")
        agency = create_agency(AgencySpec(name="Sở Tư pháp", level="department", province=province,
                                          slug="so-tu-phap"))
        counter = {"n": 0}

        def one(n_rows: int, batched: bool) -> float:
            started = time.perf_counter()
            if batched:
                with transaction.atomic():
                    for _ in range(n_rows):
                        counter["n"] += 1
                        Document.objects.create(code=f"QT-{counter['n']}", title="Quy trình thử", kind="form")
            else:
                for _ in range(n_rows):
                    counter["n"] += 1
                    with transaction.atomic():
                        Document.objects.create(code=f"QT-{counter['n']}", title="Quy trình thử", kind="form")
            return (time.perf_counter() - started) / n_rows * 1e6

        def trigger(on: bool) -> None:
            with connection.cursor() as cursor:
                cursor.execute(f"ALTER TABLE documents_documentevent {'ENABLE' if on else 'DISABLE'} TRIGGER {TRIGGER}")

        print(f"load average {os.getloadavg()[0]:.2f}; {args.rows} documents per round and mode, "
              f"{args.rounds} rounds\n")
        print("| writes | µs per document, unsealed | µs per document, sealed | ratio |")
        print("| --- | --: | --: | --: |")
        with schema_context(agency.schema_name):
            one(200, False)  # warm-up: plans, caches
            for batched in (False, True):
                timings = {True: [], False: []}
                for _ in range(args.rounds):
                    for on in (False, True):
                        trigger(on)
                        timings[on].append(one(args.rows, batched))
                off, on = statistics.median(timings[False]), statistics.median(timings[True])
                label = "all in one transaction" if batched else "one transaction each"
                print(f"| {label} | {off:.0f} | {on:.0f} | {on / off:.2f} |", flush=True)
            sealed = Seal.objects.count()
        started = time.perf_counter()
        state = verify(agency)
        took = time.perf_counter() - started
        # The unsealed rounds' events are reported (first one); the walk and the hashing cover every row.
        print(f"\nverify: {sealed} sealed events in {took:.2f} s ({sealed / took:,.0f} events/s); "
              f"first broken: {state.first_broken.describe() if state.first_broken else 'none'}")
    finally:
        connection.close()
        recreate_database(name, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
