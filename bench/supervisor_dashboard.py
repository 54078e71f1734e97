"""The DOST's dashboard at 100, 1,000 and 5,000 agencies: server time and query count (issue 9: ≤ 150 ms and a
fixed number of queries at 5,000).

    EISO_REDIS_PORT=6399 PYTHONPATH=platform:. .venv/bin/python bench/supervisor_dashboard.py [--sizes 100 1000 5000]

Builds a database of its own (EISO_DB_NAME, default eiso_bench_supervision, on the embedded server under var/)
with the province's DOST (a real agency and schema: the page renders in it) and an inspector, then grows the
province to each size with **rollup rows only** (Agency and AgencyStatus rows inserted in bulk, no schema:
the dashboard reads the rollup table and nothing else, and creating 5,000 schemas takes most of an hour on
this machine; `bench/tenant_creation_scale.py` measures that part), every row with values for every
registered indicator. At each size it asks, through Django's test client (the whole middleware stack, no
network), the landing dashboard, a filtered and sorted page, its CSV export and the API's list, and prints
the median server time of 15 requests after 3 warm-ups and the number of queries of one. Drops its database
at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
os.environ.setdefault("EISO_DB_NAME", "eiso_bench_supervision")
os.environ.setdefault("EISO_REDIS_PORT", "6399")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings.test")  # DEBUG off

PAGES = [("dashboard", "/"), ("filtered, by score", "/?level=commune&alerting=1&sort=-score&page=2"),
         ("sorted by an indicator", "/?sort=-tthc_coverage&obligation=encouraged"),
         ("API list (50)", "/api/v1/supervision/agencies/?page_size=50&sort=-score")]


def setup():
    import django

    django.setup()
    from django.core.management import call_command

    from accounts.models import Membership, User
    from accounts.roles import Role
    from tenants.models import Agency, Province
    from tenants.provisioning import AgencySpec, create_agency, ensure_public_tenant, ensure_template

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_public_tenant()
    ensure_template()
    province, _ = Province.objects.get_or_create(code="86", defaults={"name": "Tỉnh Vĩnh Long", "slug": "vinh-long"})
    dost = Agency.objects.filter(slug="bench-so-khcn").first() or create_agency(AgencySpec(
        name="Sở Khoa học và Công nghệ", level="supervisor", province=province, slug="bench-so-khcn"))
    user, _ = User.objects.get_or_create(username="bench.inspector", defaults={"full_name": "Phạm Thị Thanh"})
    Membership.objects.get_or_create(user=user, agency=dost, role=Role.SUPERVISOR_INSPECTOR)
    return province, dost, user


def measure(client, url: str, rounds: int = 15, warmups: int = 3) -> tuple[float, int, int]:
    """(median server time in ms after `warmups` requests, queries of one request, bytes of one answer)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(warmups):
        assert client.get(url).status_code == 200, url
    times = []
    for _ in range(rounds):
        began = time.perf_counter()
        response = client.get(url)
        times.append(time.perf_counter() - began)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return statistics.median(times) * 1000, len(queries.captured_queries), len(response.content)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 5000])
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    province, dost, user = setup()
    from django.conf import settings
    from django.test import Client

    from supervision.models import AgencyStatus
    from tests.factories import pass_second_factor
    from tests.supervision.rows import grow_rollup

    client = Client(HTTP_HOST=f"{dost.slug}.{settings.EISO_BASE_DOMAIN}")
    client.force_login(user)
    pass_second_factor(client, user)  # a DOST inspector's roles require the second factor
    grown = AgencyStatus.objects.filter(agency__province=province).count()
    print("| agencies | page | median ms | queries | bytes |\n| ---: | --- | ---: | ---: | ---: |")
    try:
        for size in sorted(args.sizes):
            if size > grown:
                grow_rollup(province, size - grown, prefix=f"b{grown}")
                grown = size
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute("ANALYZE tenants_agency; ANALYZE supervision_agencystatus")
            for label, url in PAGES:
                ms, queries, size_bytes = measure(client, url)
                print(f"| {size} | {label} | {ms:.0f} | {queries} | {size_bytes} |", flush=True)
            ms, queries, size_bytes = measure(client, "/supervision/export.csv?level=commune&sort=-score", rounds=3)
            print(f"| {size} | CSV export (communes) | {ms:.0f} | {queries} | {size_bytes} |", flush=True)
    finally:
        if not args.keep:
            from django.db import connections

            connections.close_all()
            sys.path.insert(0, str(ROOT / "bench"))
            from tenant_creation import recreate_database

            recreate_database(os.environ["EISO_DB_NAME"], drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
