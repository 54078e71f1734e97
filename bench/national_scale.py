"""The country in one run (issue 9): every commune-level unit of Vietnam plus each province's DOST, departments,
sub-departments and public service units, ~5,000 agencies, measured side by side.

    PYTHONPATH=platform:. .venv/bin/python bench/national_scale.py [--agencies 5000] [--keep | --reuse]

Its own database (EISO_DB_NAME, default eiso_bench_national, on the embedded server unless DATABASE_URL) and
its own Redis (port 6412). The 34 provinces and 3,321 communes and wards come from the `vietnam-provinces`
package with their official codes; each province adds its DOST and 48 departments and units. Steps, each
printed as it ends:

1. creation: one CSV per province through the product's import path (`tenants.services.create_provisioning_job`
   and `tenants.bulk.run_job` in half-minute runs, what the Celery task does), every agency timed; printed:
   the median of the 10 agencies after the 100th and of the last 10 (the issue: within 1.3x), and the longest
   run of one task (the issue: a worker is never held more than a minute);
2. `migrate_agencies` with nothing to apply (the issue: <= 30 s);
3. full recompute: the nightly `supervision.refresh_all_statuses` (chunks of agencies on the fan-out queue) run
   by a real Celery worker started as production starts it (2 processes), timed until every row is refreshed
   (<= 2 minutes); one agency changed (an NC raised in its schema) while the recompute runs and again at rest,
   each timed until its row counts it (<= 5 s); then two more recomputes in a row, and one with the skipping of
   never-used tables turned off (EISO_ROLLUP_SKIP_UNUSED=0: every table of every agency read, what a country
   whose agencies all use every area costs);
4. memory after every schema was visited: RSS and private (anonymous) memory of the worker's processes and of
   every PostgreSQL backend (<= 300 MB each);
5. pages at this size: the largest province's DOST dashboard (median server time, query count), the landing
   page, a search on it, the platform admin's agency list.
Drops its database at the end unless --keep; --reuse runs steps 3-5 again on what a --keep run left.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO / "platform"), str(REPO), str(REPO / "bench")]
os.environ.setdefault("EISO_DB_NAME", "eiso_bench_national")
os.environ.setdefault("EISO_REDIS_PORT", "6412")  # its own Redis: never the demo's, a test run's or bench's
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings.test")  # DEBUG off, fast password hashing
os.environ.setdefault("LOG_LEVEL", "WARNING")

# What each province adds to its communes: the DOST, then 48 departments and units (so the country is ~5,000).
DEPARTMENTS = ["Sở Nội vụ", "Sở Tư pháp", "Sở Tài chính", "Sở Công Thương", "Sở Nông nghiệp và Môi trường",
               "Sở Xây dựng", "Sở Giáo dục và Đào tạo", "Sở Y tế", "Sở Văn hóa, Thể thao và Du lịch",
               "Sở Dân tộc và Tôn giáo", "Thanh tra tỉnh", "Văn phòng UBND tỉnh", "Sở Ngoại vụ",
               "Ban Quản lý các khu công nghiệp"]
SUB_DEPARTMENTS = ["Chi cục Thủy lợi", "Chi cục Kiểm lâm", "Chi cục Chăn nuôi và Thú y", "Chi cục Trồng trọt và "
                   "Bảo vệ thực vật", "Chi cục Thủy sản", "Chi cục Quản lý đất đai", "Chi cục Bảo vệ môi trường",
                   "Chi cục Văn thư - Lưu trữ", "Chi cục Dân số", "Chi cục An toàn vệ sinh thực phẩm",
                   "Chi cục Quản lý chất lượng nông lâm sản", "Chi cục Phát triển nông thôn",
                   "Chi cục Biển và Hải đảo", "Chi cục Giám định xây dựng"]
UNITS = ["Trung tâm Phục vụ hành chính công", "Trung tâm Công nghệ thông tin và Truyền thông",
         "Trung tâm Kỹ thuật Tiêu chuẩn Đo lường Chất lượng", "Trung tâm Trợ giúp pháp lý nhà nước",
         "Trung tâm Dịch vụ đấu giá tài sản", "Văn phòng Đăng ký đất đai", "Trung tâm Khuyến nông",
         "Trung tâm Kiểm soát bệnh tật", "Trung tâm Giám định y khoa", "Trung tâm Lưu trữ lịch sử",
         "Trung tâm Xúc tiến thương mại", "Trung tâm Quan trắc môi trường", "Trung tâm Nước sạch và Vệ sinh "
         "môi trường nông thôn", "Ban Quản lý dự án đầu tư xây dựng", "Trung tâm Dịch vụ việc làm",
         "Trung tâm Văn hóa - Điện ảnh", "Trung tâm Huấn luyện và Thi đấu thể thao", "Trung tâm Phát triển quỹ đất",
         "Trung tâm Bảo trợ xã hội", "Trung tâm Dịch vụ nông nghiệp"]
CHUNK_LIMIT_S, CREATION_RATIO, RECOMPUTE_S, VISIBLE_S, MEMORY_MB, MIGRATE_S = 60, 1.3, 120, 5, 300, 30
RECOMPUTES = 3  # full recomputes in a row, the first right after the creation


def country(limit: int) -> list[tuple[dict, list[dict]]]:
    """[(province, rows)] in the package's order, cut at `limit` agencies in all."""
    from vietnam_provinces import Province as Division
    from vietnam_provinces import Ward

    wards: dict[int, list] = {}
    for ward in Ward.iter_all():
        wards.setdefault(int(ward.province_code), []).append(ward)
    out, total = [], 0
    for division in Division.iter_all():
        code = f"{int(division.code):02d}"
        province = {"code": code, "name": ("Tỉnh " if division.division_type.value == "tỉnh" else "") + division.name,
                    "slug": division.codename.replace("_", "-")}
        rows = [{"code": f"{code}.KHCN", "name": "Sở Khoa học và Công nghệ", "level": "supervisor"}]
        rows += [{"code": f"{code}.S{i:02d}", "name": name, "level": "sở"} for i, name in enumerate(DEPARTMENTS)]
        rows += [{"code": f"{code}.C{i:02d}", "name": name, "level": "sở"} for i, name in enumerate(SUB_DEPARTMENTS)]
        rows += [{"code": f"{code}.D{i:02d}", "name": name, "level": "đvsn"} for i, name in enumerate(UNITS)]
        rows += [{"code": f"{int(ward.code):05d}", "name": f"UBND {ward.name[0].lower()}{ward.name[1:]}",
                  "level": "xã"} for ward in wards.get(int(division.code), [])]
        rows = rows[:max(limit - total, 0)]
        if rows:
            out.append((province, rows))
            total += len(rows)
    return out


def as_csv(rows: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=["code", "name", "level", "province_code"], delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def memory_mb(pid: int) -> tuple[float, float]:
    """(RSS, private anonymous) in MB; shared buffers a backend touched count in its RSS, not in the second."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _sep, value = line.partition(":")
        if key in {"VmRSS", "RssAnon"}:
            fields[key] = int(value.split()[0]) / 1024
    return fields.get("VmRSS", 0.0), fields.get("RssAnon", 0.0)


def median_ms(client, url: str) -> tuple[float, int, int]:
    from supervisor_dashboard import measure  # imported here: that module sets its own database name if unset

    return measure(client, url, rounds=9, warmups=2)


def verdict(ok: bool) -> str:
    return "ok" if ok else "NOT MET"


def create_country(limit: int) -> list[float]:
    """The whole country as one CSV (a province_code on each line) through one provisioning job, run in
    half-minute chunks as the Celery task runs it."""
    from tenants.bulk import CHUNK_SECONDS, run_job
    from tenants.models import Province
    from tenants.services import create_provisioning_job

    rows = []
    for spec, province_rows in country(limit):
        Province.objects.get_or_create(code=spec["code"], defaults=spec)
        rows += [{**row, "province_code": spec["code"]} for row in province_rows]
    per_agency: list[float] = []
    longest_run, runs = 0.0, 0
    began = time.monotonic()
    job = create_provisioning_job(as_csv(rows), "vietnam.csv", None)
    last = [time.monotonic(), 0]

    def progress(job):
        if job.done > last[1]:
            now = time.monotonic()
            per_agency.append((now - last[0]) / (job.done - last[1]))
            last[:] = [now, job.done]
            if job.done % 250 == 0:
                print(f"  {job.done:>5} agencies   {now - began:7.0f} s", flush=True)

    while True:
        run_began = time.monotonic()
        job = run_job(job, on_progress=progress, budget_seconds=CHUNK_SECONDS)
        runs += 1
        longest_run = max(longest_run, time.monotonic() - run_began)
        last[0] = time.monotonic()  # the time between two runs (the task resending itself) is not an agency's
        if job.finished:
            break
    assert job.state == "done", job.errors[:3]
    for start in range(0, len(per_agency), 500):  # a single ten is noisy on a shared machine: every 500 too
        batch = per_agency[start:start + 500]
        print(f"  agencies {start + 1:>5}-{start + len(batch):<5} median {statistics.median(batch) * 1000:5.0f} ms")
    first = statistics.median(per_agency[100:110]) if len(per_agency) >= 110 else statistics.median(per_agency[:10])
    last10 = statistics.median(per_agency[-10:])
    print(f"creation: one CSV of {len(rows)} rows, {job.done} agencies in {time.monotonic() - began:.0f} s over "
          f"{runs} task runs; median of agencies 101-110 {first * 1000:.0f} ms, of the last 10 "
          f"{last10 * 1000:.0f} ms, ratio {last10 / first:.2f} (<= {CREATION_RATIO}: "
          f"{verdict(last10 / first <= CREATION_RATIO)}); longest task run {longest_run:.1f} s "
          f"(<= {CHUNK_LIMIT_S} s: {verdict(longest_run <= CHUNK_LIMIT_S)})", flush=True)
    return per_agency


def queued() -> int:
    """Messages waiting in the worker's queues."""
    import redis
    from django.conf import settings

    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    return sum(client.llen(queue) for queue in ("celery", "fanout"))


def start_worker(**settings: str) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'platform'}:{REPO}", **settings}
    worker = subprocess.Popen([sys.executable, "-m", "celery", "-A", "eiso", "worker", "-Q", "celery,fanout",
                               "-l", "WARNING", "--concurrency", "2", "--max-tasks-per-child", "200",
                               "-n", "bench-national@%h"],
                              cwd=REPO, env=env, start_new_session=True)
    from eiso.celery import app

    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1):
            return worker
    raise RuntimeError("the Celery worker did not answer in a minute")


def time_change(agency) -> float:
    """Raise an NC in `agency` (committed, by its service) and time until its rollup row counts it."""
    from django_tenants.utils import schema_context

    from accounts.models import User
    from nonconformities.services import raise_nonconformity
    from supervision.models import AgencyStatus

    row = AgencyStatus.objects.get(agency=agency)
    before = row.value("nc_open") or 0
    actor, _ = User.objects.get_or_create(username="bench.national.inspector")
    with schema_context(agency.schema_name):
        began = time.monotonic()
        raise_nonconformity(actor=actor, source="inspection", description="Hồ sơ lưu chưa đủ thành phần",
                            source_ref=f"bench-national-{time.time_ns()}", perm=None)  # a new NC each time
    while time.monotonic() - began < 180:
        row.refresh_from_db()
        if (row.value("nc_open") or 0) > before:
            break
        time.sleep(0.05)
    return time.monotonic() - began


def wait_for_recompute(began_at, began: float) -> tuple[float, int]:
    """(seconds, rows not refreshed) once every agency's row was refreshed after `began_at`."""
    from django.db.models import Q

    from supervision.models import AgencyStatus

    stale = AgencyStatus.objects.filter(agency__schema_name__isnull=False).exclude(agency__level="supervisor")
    while stale.filter(Q(refreshed_at__lt=began_at) | Q(refreshed_at=None)).exists():
        if time.monotonic() - began > 1800:
            break
        time.sleep(0.5)
    return time.monotonic() - began, stale.filter(Q(refreshed_at__lt=began_at) | Q(refreshed_at=None)).count()


def recompute_again(label: str) -> float:
    """One more full recompute, nothing else running; printed with `label`."""
    from django.utils import timezone

    from supervision.tasks import refresh_all_statuses

    while queued():
        time.sleep(0.5)
    began_at, began = timezone.now(), time.monotonic()
    sent = refresh_all_statuses.delay().get(timeout=600)
    took, left = wait_for_recompute(began_at, began)
    print(f"full recompute {label}: {sent} agencies in {took:.0f} s, {left} not refreshed "
          f"(<= {RECOMPUTE_S} s: {verdict(took <= RECOMPUTE_S and not left)})", flush=True)
    return took


def tables_used() -> None:
    """What the recompute could skip: how many agencies ever put a row in a table the indicators watch."""
    from supervision.models import TableUse
    from tenants.models import Agency

    agencies = Agency.objects.agencies().exclude(level="supervisor").count()
    used = TableUse.objects.filter(first_row_at__isnull=False).values("agency").distinct().count()
    print(f"agencies that used a table the indicators read: {used} of {agencies} (the others' figures need none "
          "of those tables opened: supervision/table_use.py)", flush=True)


def recompute_and_change(worker: subprocess.Popen) -> None:
    from django.utils import timezone

    from supervision.tasks import refresh_all_statuses
    from tenants.models import Agency

    sampler = MemorySampler(worker.pid)
    sampler.start()
    agency = Agency.objects.agencies().filter(level="commune").order_by("pk").last()  # the last chunk's
    began_at, began = timezone.now(), time.monotonic()
    sent = refresh_all_statuses.delay().get(timeout=600)
    # the nightly chunks are on the fan-out queue: a change made meanwhile must not wait behind them (timed
    # from a thread of its own, so the recompute's own clock keeps running)
    during = {}

    def change_meanwhile():
        from django.db import connection

        time.sleep(5)
        during["s"] = time_change(agency)
        connection.close()

    changer = threading.Thread(target=change_meanwhile)
    changer.start()
    took, left = wait_for_recompute(began_at, began)
    changer.join()
    during = during.get("s", float("inf"))
    print(f"full recompute: {sent} agencies in {took:.0f} s, {left} not refreshed "
          f"(<= {RECOMPUTE_S} s: {verdict(took <= RECOMPUTE_S and not left)})", flush=True)
    print(f"a change made while the recompute ran visible after {during:.2f} s "
          f"(<= {VISIBLE_S} s: {verdict(during <= VISIBLE_S)})", flush=True)

    drained = time.monotonic()
    while queued() and time.monotonic() - drained < 600:
        time.sleep(0.5)
    time.sleep(2)  # the last ones running
    at_rest = time_change(agency)
    print(f"a change visible on the dashboard after {at_rest:.2f} s (<= {VISIBLE_S} s: "
          f"{verdict(at_rest <= VISIBLE_S)})", flush=True)

    sampler.stop()
    ranked = sorted(sampler.peaks.items(), key=lambda item: -item[1][1])
    worst = max((private for _key, (_rss, private) in ranked), default=0.0)
    shown = [item for item in ranked if not item[0][0].startswith("postgres")]
    backends = [item for item in ranked if item[0][0].startswith("postgres")]
    for (label, pid), (rss, private) in shown + backends[:3]:
        print(f"  {label:<28} pid {pid:>7}   peak RSS {rss:6.0f} MB   peak private {private:6.0f} MB")
    print(f"  ({len(backends)} PostgreSQL backends seen in all; the three largest above)")
    print(f"memory while every schema was visited (peaks, sampled every 0.2 s): largest private {worst:.0f} MB "
          f"(<= {MEMORY_MB} MB: {verdict(worst <= MEMORY_MB)})", flush=True)
    tables_used()
    for run in range(2, RECOMPUTES + 1):
        recompute_again(f"again ({run} of {RECOMPUTES} in a row)")


class MemorySampler(threading.Thread):
    """Peak RSS and private memory of every process of the worker and every PostgreSQL backend, sampled while
    the recompute runs: a backend lives only as long as its worker process (recycled every 200 tasks), so
    reading them once at the end would miss the ones that visited most."""

    def __init__(self, worker_pid: int):
        super().__init__(daemon=True)
        self.worker_pid, self.peaks, self.stopping = worker_pid, {}, threading.Event()

    def processes(self):
        import psutil

        worker = psutil.Process(self.worker_pid)
        yield "worker main", worker.pid
        for child in worker.children(recursive=True):
            yield "worker pool", child.pid
        yield "bench (web, the pages)", os.getpid()
        for proc in psutil.process_iter(["name", "cmdline"]):
            cmdline = " ".join(proc.info["cmdline"] or [])
            if proc.info["name"] == "postgres" and "eiso_bench_national" in cmdline:
                yield "postgres backend", proc.pid

    def run(self):
        while not self.stopping.is_set():
            for key in list(self.processes()):
                try:
                    rss, private = memory_mb(key[1])
                except (FileNotFoundError, ProcessLookupError):
                    continue
                old = self.peaks.get(key, (0.0, 0.0))
                self.peaks[key] = (max(old[0], rss), max(old[1], private))
            self.stopping.wait(0.2)

    def stop(self):
        self.stopping.set()
        self.join()


def pages() -> None:
    from django.conf import settings
    from django.db.models import Count
    from django.test import Client

    from accounts.models import Membership, User
    from accounts.roles import Role
    from tenants.models import Agency, Province
    from tests.factories import pass_second_factor

    biggest = Province.objects.annotate(n=Count("agencies")).order_by("-n").first()
    dost = Agency.objects.get(province=biggest, level="supervisor")
    inspector, _ = User.objects.get_or_create(username="bench.national.dost")
    Membership.objects.get_or_create(user=inspector, agency=dost, role=Role.SUPERVISOR_INSPECTOR)
    operator, _ = User.objects.get_or_create(username="bench.national.operator",
                                             defaults={"is_staff": True, "is_superuser": True})
    dashboard = Client(HTTP_HOST=f"{dost.slug}.{settings.EISO_BASE_DOMAIN}")
    dashboard.force_login(inspector)
    pass_second_factor(dashboard, inspector)
    public = Client(HTTP_HOST=settings.EISO_BASE_DOMAIN)
    admin = Client(HTTP_HOST=settings.EISO_BASE_DOMAIN)
    admin.force_login(operator)
    pass_second_factor(admin, operator)
    total = Agency.objects.agencies().count()
    print(f"pages with {total} agencies ({biggest.name}: {biggest.n}):")
    for label, client, url in [(f"DOST dashboard, {biggest.name}", dashboard, "/supervision/"),
                               ("DOST dashboard, communes by score", dashboard,
                                "/supervision/?level=commune&sort=-score&page=2"),
                               ("landing page", public, "/"), ("landing page, a search", public, "/?q=Long"),
                               ("landing page, one province", public, f"/?province={biggest.code}&page=2"),
                               ("platform admin, agencies", admin, "/admin/tenants/agency/"),
                               ("platform admin, search", admin, "/admin/tenants/agency/?q=Long")]:
        ms, queries, size = median_ms(client, url)
        print(f"  {label:<40} {ms:7.0f} ms   {queries:>3} queries   {size / 1024:7.0f} KB", flush=True)
    worst_case_dashboard(dashboard, biggest)


def worst_case_dashboard(dashboard, province) -> None:
    """The issue's figure: one DOST over every agency of the country. The agencies are moved into the largest
    province inside a transaction that is rolled back (the test client's requests run on this connection and
    see it), so the rows the page reads are the 5,000 real ones with their computed rollup."""
    from django.db import transaction

    from tenants.models import Agency

    class Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            moved = Agency.objects.agencies().exclude(level="supervisor").exclude(province=province)
            moved.update(province=province)
            total = Agency.objects.agencies().filter(province=province).exclude(level="supervisor").count()
            print(f"one DOST over all {total} agencies (moved into {province.name} for this, rolled back):")
            results = []
            for label, url in [("DOST dashboard", "/supervision/"),
                               ("DOST dashboard, communes by score, page 40", "/supervision/?level=commune"
                                "&sort=-score&page=40"),
                               ("DOST dashboard, a search", "/supervision/?q=Long")]:
                ms, queries, size = median_ms(dashboard, url)
                results.append((ms, queries))
                print(f"  {label:<40} {ms:7.0f} ms   {queries:>3} queries   {size / 1024:7.0f} KB", flush=True)
            worst = max(ms for ms, _queries in results)
            print(f"DOST dashboard at {total} agencies: slowest median {worst:.0f} ms (<= 150 ms: "
                  f"{verdict(worst <= 150)})", flush=True)
            raise Rollback
    except Rollback:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--agencies", type=int, default=5000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument("--reuse", action="store_true",
                        help="use the database a --keep run left (skip the creation and migrate steps)")
    args = parser.parse_args()
    from tenant_creation import recreate_database

    name = os.environ["EISO_DB_NAME"]
    if args.reuse:
        from tenant_creation import server_url

        url = urlparse(server_url())
        socket_dir = parse_qs(url.query).get("host", [""])[0]
        os.environ["DATABASE_URL"] = f"postgresql://{url.username or 'postgres'}@/{name}?host={socket_dir}"
    else:
        os.environ["DATABASE_URL"] = recreate_database(name)
    import django

    django.setup()
    from django.core.management import call_command

    from tenants.provisioning import ensure_public_tenant, ensure_template

    worker = None
    try:
        if not args.reuse:
            call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
            ensure_public_tenant()
            ensure_template()
            create_country(args.agencies)
            began = time.monotonic()
            call_command("migrate_agencies", verbosity=0)
            took = time.monotonic() - began
            print(f"migrate_agencies with nothing to apply: {took:.1f} s (<= {MIGRATE_S} s: "
                  f"{verdict(took <= MIGRATE_S)})", flush=True)
        # With no worker during the creation, every agency's first refresh (sent once it committed) is still
        # queued; in production a worker takes each as it comes. Dropped here: the recompute must be timed
        # alone, not behind 5,000 others (the first run of this bench was, and measured the backlog).
        from eiso.celery import app

        print(f"queued before the worker starts (the creation's first refreshes): {app.control.purge()} dropped",
              flush=True)
        worker = start_worker()
        recompute_and_change(worker)
        # The same recompute reading every table of every agency, as a country whose agencies all used every
        # area would need (opening a table costs the same whether it holds rows or not): the honest worst case.
        os.killpg(worker.pid, signal.SIGTERM)
        worker.wait(timeout=60)
        worker = start_worker(EISO_ROLLUP_SKIP_UNUSED="0")
        recompute_again("reading every table (EISO_ROLLUP_SKIP_UNUSED=0)")
        pages()
    finally:
        if worker is not None:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
        if not (args.keep or args.reuse):
            from django.db import connections

            connections.close_all()
            recreate_database(name, drop_only=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
