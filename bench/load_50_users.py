"""50 concurrent users for 10 minutes on the production server set-up, against the demo province (issue 10 item 7).

    EISO_REDIS_PORT=6396 PYTHONPATH=platform:. .venv/bin/python bench/load_50_users.py \
        [--users 50] [--seconds 600] [--communes 40] [--port 8130] [--keep] [--reuse]
    (or `make bench-load`)

1. Builds its own database (EISO_DB_NAME, default eiso_bench_load, dropped and created again unless --reuse, on
   the embedded PostgreSQL under var/ unless DATABASE_URL) and Redis (EISO_REDIS_PORT), brings it up to date
   (`migrate_agencies`) and seeds the demo province exactly as `make demo` does (`seed_demo_province`, with the
   starter packs, history, dossiers, supervision), with at most --communes communes (the full province has 77;
   every commune the starter packs and the lineage need is kept). The DOST gets as many extra inspectors as the
   run has inspector users (`so-khcn.kiemtra<n>`, the demo's password and authenticator key): a second-factor
   code is refused the second time it is used, so no two simultaneous users can share an account.
2. Starts the production processes with the production settings (`eiso.settings.prod`: DEBUG off, placeholders
   refused, the second factor required) and the commands of deploy/Dockerfile and deploy/docker-compose.yml:
   gunicorn `eiso.wsgi:application` (WEB_CONCURRENCY sync workers, 3 as in the compose file, max-requests
   recycling), a Celery worker on both queues and Celery beat. The settings are given explicitly: a random
   SECRET_KEY, DATABASE_URL, REDIS_URL, EISO_BASE_DOMAIN=localhost (every agency is `<slug>.localhost:<port>`)
   and, because the bench speaks plain HTTP on loopback with no TLS proxy in front, the production settings' own
   switches SECURE_SSL_REDIRECT=0 and SECURE_COOKIES=0 (HSTS is only ever sent on HTTPS responses).
3. Runs locust headless (bench/locustfile.py) with --users users for --seconds: agency staff in the browser
   (dashboard, documents, procedures, NCs, other areas, an NC reported through the form), agency secretaries on
   the REST API with a token (lists, details, an NC raised, an objective's value recorded), DOST inspectors on
   /supervision/ (sorting, filtering, a drill-down, the CSV export, the API) and anonymous visitors (the landing
   page and its search, agencies' public pages and QR codes), every user on its own agency's host. Heads and
   inspectors pass the second factor with the demo's published key, as production asks.
4. Prints requests, failures, median / 95th / 99th percentile / max and requests per second per group and per
   request, the machine's load average before and during the run, and the errors the server processes logged;
   exits 1 if any request failed or a server process logged an error. Logs go to var/load/.

Writes nothing into bench/RESULTS.md. Stops every process it started, and drops its database unless --keep.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import secrets
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT), str(ROOT / "deploy"), str(ROOT / "bench")]
os.environ.setdefault("EISO_DB_NAME", "eiso_bench_load")
os.environ.setdefault("EISO_REDIS_PORT", "6396")
# This process seeds the demo (which the production settings refuse) and pings the worker; the servers it
# starts run under eiso.settings.prod.
os.environ["DJANGO_SETTINGS_MODULE"] = "eiso.settings.dev"
os.environ.setdefault("LOG_LEVEL", "WARNING")

import devserver  # noqa: E402  (deploy/devserver.py: the child processes, the health wait, stop signals)

# Users of each kind per 50 (locust spreads --users by these weights; bench/locustfile.py reads them).
WEIGHTS = {"web": 24, "api": 8, "dost": 4, "public": 14}
SERVER_ERROR = re.compile(r"Traceback|\bERROR\b|\bCRITICAL\b|WORKER TIMEOUT")
ACCESS_STATUS = re.compile(r'" (\d{3}) ')
_STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"[load +{time.monotonic() - _STARTED:6.1f}s] {message}", flush=True)


def needed(kind: str, users: int) -> int:
    return math.ceil(users * WEIGHTS[kind] / sum(WEIGHTS.values())) + 1


# ------------------------------------------------------------------------------------------------ the database


def database(reuse: bool) -> None:
    """DATABASE_URL and REDIS_URL for this process and the servers: embedded unless given."""
    name = os.environ["EISO_DB_NAME"]
    if not os.environ.get("DATABASE_URL"):
        if reuse:
            from eiso.localservices import embedded_postgres_url

            os.environ["DATABASE_URL"] = embedded_postgres_url(name)
        else:
            from tenant_creation import recreate_database

            os.environ["DATABASE_URL"] = recreate_database(name)
    if not os.environ.get("REDIS_URL"):
        from eiso.localservices import embedded_redis_url

        os.environ["REDIS_URL"] = embedded_redis_url(int(os.environ["EISO_REDIS_PORT"]))


def seed(communes: int, inspectors: int) -> None:
    """The demo province as `make demo` builds it, and the DOST's extra inspectors."""
    import logging

    import django

    django.setup()
    from django.core.management import call_command

    from demo.services import seed_demo_province

    started = time.monotonic()
    call_command("migrate_agencies", verbosity=0)
    log(f"database up to date in {time.monotonic() - started:.0f} s")
    os.chdir(ROOT)
    call_command("compilemessages", verbosity=0, ignore_patterns=[".venv", "var", "node_modules"])
    logging.getLogger("tenants.provisioning").setLevel(logging.WARNING)
    started = time.monotonic()
    report = seed_demo_province(commune_limit=communes)
    log(f"demo province seeded in {time.monotonic() - started:.0f} s: {report.summary()}")
    add_inspectors(inspectors)
    from django.db import connections

    connections.close_all()


def add_inspectors(count: int) -> None:
    """`so-khcn.kiemtra1..count`: inspectors of the DOST with the demo's password and authenticator key."""
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from accounts.models import Membership, User
    from accounts.roles import Role
    from demo.data import SUPERVISOR
    from demo.people import DEMO_PASSWORD, DEMO_TOTP_KEY, full_name
    from tenants.models import Agency

    connection.set_schema_to_public()
    dost = Agency.objects.get(slug=SUPERVISOR.slug)
    password = make_password(DEMO_PASSWORD)
    for number in range(1, count + 1):
        username = f"{SUPERVISOR.slug}.kiemtra{number}"
        user, _ = User.objects.get_or_create(username=username, defaults={
            "full_name": full_name(username), "password": password,
            "job_title": "Chuyên viên Phòng Tiêu chuẩn Đo lường Chất lượng"})
        Membership.objects.get_or_create(user=user, agency=dost, role=Role.SUPERVISOR_INSPECTOR,
                                         defaults={"unit": "Phòng Tiêu chuẩn Đo lường Chất lượng"})
        TOTPDevice.objects.get_or_create(user=user, name="app", defaults={"key": DEMO_TOTP_KEY, "confirmed": True})


def accounts(communes: int, users: int) -> dict[str, list[dict]]:
    """Distinct accounts for each kind of signed-in user: API clients are ISO secretaries (the agencies with
    QMS content first), browsers are staff, heads and administrators of the same agencies, then of others."""
    from accounts.roles import SECOND_FACTOR_ROLES
    from demo import data
    from demo.people import people_of

    current = [a for a in data.current_agencies(communes) if a.slug != data.SUPERVISOR.slug]
    content = [a for a in current if a.slug in data.STARTER_PACK_AGENCIES]
    ordered = content + [a for a in current if a not in content]

    def entry(agency, person):
        return {"username": person.username, "slug": agency.slug, "second_factor": person.role in SECOND_FACTOR_ROLES}

    people = {agency.slug: {p.username.rsplit(".", 1)[1]: p for p in people_of(agency)} for agency in ordered}
    api = [entry(a, people[a.slug]["thuky"]) for a in ordered][:needed("api", users)]
    web = [entry(a, people[a.slug][suffix]) for a in ordered for suffix in ("canbo", "lanhdao", "admin")]
    dost = [{"username": f"{data.SUPERVISOR.slug}.{suffix}", "slug": data.SUPERVISOR.slug, "second_factor": True}
            for suffix in ("thanhtra", "admin")]
    dost += [{"username": f"{data.SUPERVISOR.slug}.kiemtra{n}", "slug": data.SUPERVISOR.slug, "second_factor": True}
             for n in range(1, max(needed("dost", users) - len(dost), 0) + 1)]
    return {"web": web[:needed("web", users)], "api": api, "dost": dost}


# ------------------------------------------------------------------------------------------------ the servers


class LoggedChildren(devserver.Children):
    """The production processes, each writing to its own log under var/load/."""

    def __init__(self, env: dict[str, str], logs: Path):
        super().__init__(env)
        self.logs = logs

    def start(self, name: str, args: list[str]) -> None:
        with open(self.logs / f"{name}.log", "w") as out:
            proc = subprocess.Popen([sys.executable, *args], cwd=ROOT, env=self.env, start_new_session=True,
                                    stdout=out, stderr=subprocess.STDOUT, preexec_fn=devserver._die_with_parent)
        self.procs.append((name, proc))
        log(f"started {name} (pid {proc.pid}): {' '.join(args)}")


def production_env(port: int, web_workers: int) -> dict[str, str]:
    return dict(
        os.environ, DJANGO_SETTINGS_MODULE="eiso.settings.prod", SECRET_KEY=secrets.token_urlsafe(50),
        PYTHONPATH=os.pathsep.join([str(ROOT / "platform"), str(ROOT)]), PYTHONUNBUFFERED="1",
        EISO_BASE_DOMAIN="localhost", EISO_PUBLIC_PORT=str(port), WEB_CONCURRENCY=str(web_workers),
        # Plain HTTP on loopback, no TLS proxy in front: the production settings' own switches (deploy/README.md).
        SECURE_SSL_REDIRECT="0", SECURE_COOKIES="0", LOG_LEVEL="INFO")


def start_servers(children: LoggedChildren, port: int) -> None:
    """The commands of deploy/Dockerfile (CMD) and deploy/docker-compose.yml (worker, beat)."""
    children.start("gunicorn", ["-m", "gunicorn", "eiso.wsgi:application", "--bind", f"127.0.0.1:{port}",
                                "--access-logfile", str(children.logs / "access.log"),
                                "--max-requests", "1000", "--max-requests-jitter", "100", "--timeout", "60"])
    children.start("worker", ["-m", "celery", "-A", "eiso", "worker", "-Q", "celery,fanout", "-l", "INFO",
                              "--concurrency", "2", "--max-tasks-per-child", "200", "-n", "load@%h"])
    children.start("beat", ["-m", "celery", "-A", "eiso", "beat", "-l", "INFO",
                            "-s", str(children.logs / "celerybeat-schedule")])


# ------------------------------------------------------------------------------------------------ the run


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and its children (gunicorn's workers, the worker's pool), in MB."""
    import psutil

    try:
        parent = psutil.Process(pid)
        processes = [parent, *parent.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0.0
    total = 0
    for process in processes:
        try:
            total += process.memory_info().rss
        except psutil.NoSuchProcess:
            pass
    return total / 2**20


def run_locust(args, config_path: Path, logs: Path, children: LoggedChildren) -> tuple[int, list[float], dict]:
    """locust headless until it ends; meanwhile every 5 s the 1-minute load average and the memory of each
    server process with its children (peaks kept)."""
    command = [sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
               "--users", str(args.users), "--spawn-rate", str(args.spawn_rate), "--run-time", f"{args.seconds}s",
               "--host", f"http://127.0.0.1:{args.port}", "--only-summary", "--stop-timeout", "20",
               "--loglevel", "WARNING"]
    log(f"locust: {args.users} users for {args.seconds} s (spawn {args.spawn_rate}/s)")
    samples, peaks = [], {name: 0.0 for name, _proc in children.procs}
    with open(logs / "locust.log", "w") as out:
        proc = subprocess.Popen(command, cwd=ROOT, env=dict(os.environ, EISO_LOAD_CONFIG=str(config_path)),
                                stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while proc.poll() is None:
                samples.append(os.getloadavg()[0])
                for name, child in children.procs:
                    peaks[name] = max(peaks[name], tree_rss_mb(child.pid))
                ended = children.exited()
                if ended:
                    log(f"{ended[0]} exited with code {ended[1]} during the run; stopping locust")
                    proc.terminate()
                time.sleep(5)
        finally:
            if proc.poll() is None:
                proc.terminate()
                proc.wait(30)
    return proc.returncode, samples, peaks


def server_errors(logs: Path) -> dict[str, list[str]]:
    """Error lines of the server processes' logs, and every 5xx answer in the access log."""
    found = {}
    for name in ("gunicorn", "worker", "beat"):
        path = logs / f"{name}.log"
        lines = path.read_text(errors="replace").splitlines() if path.exists() else []
        found[name] = [line for line in lines if SERVER_ERROR.search(line)]
    access = (logs / "access.log").read_text(errors="replace").splitlines() if (logs / "access.log").exists() else []
    found["5xx answers"] = [line for line in access if (m := ACCESS_STATUS.search(line)) and m.group(1) >= "500"]
    return found


def table(rows: list[dict], first: str) -> str:
    lines = [f"| {first} | requests | failures | median ms | 95% ms | 99% ms | max ms | req/s |",
             "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for row in rows:
        lines.append(f"| {row['name']} | {row['requests']} | {row['failures']} | {row['median']:.0f} | "
                     f"{row['p95']:.0f} | {row['p99']:.0f} | {row['max']:.0f} | {row['rps']:.2f} |")
    return "\n".join(lines)


def report(results: dict, load_before: tuple, samples: list[float], peaks: dict, errors: dict[str, list[str]]) -> None:
    total = {**results["total"], "name": "**all**"}
    print(f"\n{results['seconds']:.0f} s of load, {total['requests']} requests, {total['failures']} failed, "
          f"{total['rps']:.1f} requests/s\n")
    print(table([*results["groups"], total], "group"))
    print()
    print(table(results["names"], "request"))
    during = (f"min {min(samples):.2f}, mean {sum(samples) / len(samples):.2f}, max {max(samples):.2f} "
              f"({len(samples)} samples, every 5 s)") if samples else "no sample"
    print(f"\nload average (1 min) before: {load_before[0]:.2f} / {load_before[1]:.2f} / {load_before[2]:.2f} "
          f"(1/5/15 min); during the run: {during}; machine: {os.cpu_count()} cores")
    print("peak memory (RSS, with children): " + ", ".join(f"{name} {mb:.0f} MB" for name, mb in peaks.items()))
    for error in results["errors"]:
        print(f"FAILED {error['occurrences']}x {error['method']} {error['name']}: {error['error'][:500]}")
    for name, lines in errors.items():
        print(f"{name}: {len(lines)} error line(s)" + "".join(f"\n    {line[:300]}" for line in lines[:10]))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=600)
    parser.add_argument("--spawn-rate", type=float, default=2, help="users started per second")
    parser.add_argument("--communes", type=int, default=40, help="at most this many communes (the demo has 77)")
    parser.add_argument("--port", type=int, default=int(os.environ.get("EISO_LOAD_PORT") or 8130))
    parser.add_argument("--web-workers", type=int, default=3, help="gunicorn workers (WEB_CONCURRENCY)")
    parser.add_argument("--wait", type=float, nargs=2, default=[1, 5], metavar=("MIN", "MAX"),
                        help="seconds a user waits between two actions")
    parser.add_argument("--reuse", action="store_true",
                        help="seed into the database an earlier run kept with --keep (development)")
    parser.add_argument("--keep", action="store_true", help="do not drop the database at the end")
    args = parser.parse_args()
    if not devserver.port_is_free(args.port):
        log(f"port {args.port} is in use: pass --port")
        return 2
    for sig in devserver.STOP_SIGNALS:
        signal.signal(sig, devserver._raise_stop)
    from eiso.localservices import data_dir

    logs = data_dir() / "load"
    logs.mkdir(parents=True, exist_ok=True)
    children = None
    own_database = not os.environ.get("DATABASE_URL")  # dropped at the end unless --keep
    try:
        started = time.monotonic()
        database(args.reuse)
        seed(args.communes, max(needed("dost", args.users) - 2, 0))  # so-khcn.thanhtra and .admin exist
        from django.utils import timezone

        from demo import data
        from demo.people import DEMO_PASSWORD, DEMO_TOTP_KEY

        config = {"port": args.port, "base_domain": "localhost", "wait": args.wait, "weights": WEIGHTS,
                  "password": DEMO_PASSWORD, "totp_key_hex": DEMO_TOTP_KEY, "year": timezone.localdate().year,
                  "accounts": accounts(args.communes, args.users),
                  "public_slugs": [a.slug for a in data.current_agencies(args.communes) if a != data.SUPERVISOR],
                  "results": str(logs / "results.json")}
        config_path = logs / "config.json"
        config_path.write_text(json.dumps(config, ensure_ascii=False, indent=1))
        (logs / "results.json").unlink(missing_ok=True)
        children = LoggedChildren(production_env(args.port, args.web_workers), logs)
        start_servers(children, args.port)
        if not devserver.wait_until_healthy(args.port, children):
            log(f"the servers did not start; see {logs}")
            return 2
        log(f"set-up done in {time.monotonic() - started:.0f} s (logs in {logs})")
        load_before = os.getloadavg()
        code, samples, peaks = run_locust(args, config_path, logs, children)
        if not (logs / "results.json").exists():
            log(f"locust ended (code {code}) without results; see {logs / 'locust.log'}")
            return 2
        results = json.loads((logs / "results.json").read_text())
        errors = server_errors(logs)
        print(f"\n{args.users} users ({', '.join(f'{k} {v}' for k, v in WEIGHTS.items())} per 50) for "
              f"{args.seconds} s, {args.wait[0]:g}-{args.wait[1]:g} s between actions; gunicorn "
              f"{args.web_workers} sync workers, Celery worker (2 processes) and beat, eiso.settings.prod; "
              f"demo province with at most {args.communes} communes")
        report(results, load_before, samples, peaks, errors)
        failed = results["total"]["failures"] or any(errors.values()) or code not in (0, 1)
        return 1 if failed else 0
    except devserver.Stop as stop:
        log(f"{stop} received: stopping")
        return 130
    finally:
        for sig in devserver.STOP_SIGNALS:
            signal.signal(sig, devserver._note_signal)
        if children is not None:
            children.stop()
        if own_database and not args.keep:
            from django.db import connections
            from tenant_creation import recreate_database

            connections.close_all()
            recreate_database(os.environ["EISO_DB_NAME"], drop_only=True)
        log("stopped")


if __name__ == "__main__":
    sys.exit(main())
