"""How many document and record list pages per second does one agency's API serve, before and after?

Builds (once) an agency "bench-list" in its own embedded PostgreSQL (EISO_DATA_DIR, default /work/bench-list,
outside the repository) with 300 documents (each effective in its first edition, with ~5 KB of content,
two sign-offs and an attached file's row and text; every other one with a second edition being drafted)
and 500 records (with extracted file text), search vectors built as the services build them. Then it
serves the API with gunicorn twice, side by side on loopback: the code of BEFORE (a git ref, checked out
with `git worktree add` into a temporary folder) and this working tree (AFTER), and asks
GET /api/v1/documents/ and GET /api/v1/records/ (50 rows a page, token of the ISO secretary) from 1, 8 and
32 client threads, alternating BEFORE and AFTER so a noisy neighbour hurts both alike.

    PYTHONPATH=platform:. .venv/bin/python bench/list_throughput.py [--before c1456c0] [--requests 400] [--rounds 5]

Latency at 1 client is the server's time per request (loopback, nothing queued): the target of issue 6
item 8 is after/before <= 0.5 there.
"""

from __future__ import annotations

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "platform"), str(ROOT)]
os.environ.setdefault("EISO_DATA_DIR", "/work/bench-list")
os.environ.setdefault("EISO_DB_NAME", "eiso_bench_list")
os.environ.setdefault("EISO_REDIS_PORT", "6395")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eiso.settings.test")  # DEBUG off; no query log in memory
Path(os.environ["EISO_DATA_DIR"]).mkdir(parents=True, exist_ok=True)

SLUG = "bench-list"
HOST = f"{SLUG}.localhost"
BEFORE = "c1456c0"  # the commit issue 6 item 8 started from
ENDPOINTS = ["/api/v1/documents/", "/api/v1/records/"]
LEVELS = [1, 8, 32]
PARAGRAPH = ("Bộ phận Một cửa tiếp nhận hồ sơ, kiểm tra tính đầy đủ và hợp lệ của thành phần hồ sơ; trường hợp "
             "hồ sơ chưa đầy đủ, công chức hướng dẫn tổ chức, cá nhân bổ sung một lần bằng văn bản. ")


def build(documents: int = 300, records: int = 500) -> str:
    """The agency and its data (kept between runs), and the secretary's API token."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone
    from django_tenants.utils import tenant_context

    from accounts.models import ApiToken, Membership, User
    from accounts.roles import Role
    from documents.models import (
        Attachment,
        Document,
        Record,
        RecordRequirement,
        Revision,
        RevisionState,
        Signoff,
    )
    from documents.search import refresh_document_search
    from records.search import refresh_record_search
    from tenants.models import Agency, Province
    from tenants.provisioning import AgencySpec, create_agency, ensure_public_tenant, ensure_template

    call_command("migrate_schemas", shared=True, interactive=False, verbosity=0)
    ensure_public_tenant()
    ensure_template()
    agency = Agency.objects.filter(slug=SLUG).first()
    if agency is None:
        province, _ = Province.objects.get_or_create(code="86", defaults={"name": "Tỉnh Vĩnh Long",
                                                                          "slug": "vinh-long"})
        agency = create_agency(AgencySpec(name="Sở Tư pháp (benchmark)", level="department", province=province,
                                          slug=SLUG))
    people = []
    for username, name, role in [("bench-secretary", "Trần Thị Bình", Role.ISO_SECRETARY),
                                 ("bench-approver", "Lê Văn Cường", Role.APPROVER)]:
        user, _ = User.objects.get_or_create(username=username, defaults={"full_name": name,
                                                                          "job_title": "Chuyên viên"})
        Membership.objects.get_or_create(user=user, agency=agency, role=role)
        people.append(user)
    secretary, approver = people
    _instance, token = ApiToken.objects.create(secretary, agency=agency)
    with connection.cursor() as cursor:
        # Statistics as autovacuum keeps them in production; without them, right after a bulk load, the
        # planner guesses nested loops and both versions measure its guess instead of their own work.
        cursor.execute("ANALYZE")
    with tenant_context(agency), transaction.atomic():  # all or nothing: a half-built agency is never reused
        if Document.objects.count() >= documents:
            return token
        started = time.perf_counter()
        now = timezone.now()
        # Rows straight through the ORM: 300 publications through the services would render 600 PDF
        # snapshots (minutes) and change nothing the list reads.
        docs = Document.objects.bulk_create([
            Document(code=f"QT-BL-{i:03d}", title=f"Quy trình giải quyết thủ tục hành chính số {i}",
                     kind="internal_procedure", owner=secretary, owner_unit=f"Phòng {i % 12}",
                     review_due=timezone.localdate() + timezone.timedelta(days=i - 60)) for i in range(documents)])
        content = "".join(f"<h2>{n}. Mục</h2><p>{PARAGRAPH * 6}</p>" for n in range(1, 6))  # ~5 KB
        # Files and sign-offs go on while the first edition is a draft (the database freezes approved ones).
        first = Revision.objects.bulk_create([
            Revision(document=d, edition=1, content=content, created_by=secretary) for d in docs])
        Attachment.objects.bulk_create([
            Attachment(revision=r, file=f"{agency.schema_name}/documents/{r.pk}.docx", original_name="phu-luc.docx",
                       content_type="application/pdf", size=20000, sha256="0" * 64, extracted_text=PARAGRAPH * 10,
                       uploaded_by=secretary) for r in first])
        Signoff.objects.bulk_create([
            Signoff(revision=r, step=step, user=user, decision="agreed", signer_name=user.full_name,
                    signer_title="Chuyên viên", decided_at=now,
                    snapshot_pdf=f"{agency.schema_name}/signoffs/{r.pk}-{step}.pdf",
                    snapshot_hash="0" * 64, snapshot_pdf_sha256="0" * 64)
            for r in first for step, user in (("drafted", secretary), ("approval", approver))])
        Revision.objects.filter(pk__in=[r.pk for r in first]).update(
            state=RevisionState.PUBLISHED, issue_date=now.date(), submitted_at=now, approved_at=now,
            published_at=now, content_hash="0" * 64)
        Revision.objects.bulk_create([Revision(document=d, edition=2, state=RevisionState.DRAFT, content=content,
                                               created_by=secretary) for d in docs[::2]])
        for document, revision in zip(docs, first, strict=True):
            document.effective_revision = revision
        Document.objects.bulk_update(docs, ["effective_revision"])
        requirements = RecordRequirement.objects.bulk_create([
            RecordRequirement(document=d, name="Sổ theo dõi hồ sơ", kept_by="Văn thư", retention="5 năm")
            for d in docs])
        Record.objects.bulk_create([
            Record(document=docs[i % len(docs)], requirement=requirements[i % len(docs)], year=2025,
                   title=f"Hồ sơ số {i}/2025", field="Hộ tịch", reference=f"Hộp {i // 20}",
                   file=f"{agency.schema_name}/records/{i}.pdf", original_name=f"ho-so-{i}.pdf",
                   content_type="application/pdf", size=50000, sha256="0" * 64, extracted_text=PARAGRAPH * 8,
                   filed_by=secretary) for i in range(records)])
        for document in Document.objects.all():
            refresh_document_search(document)
        for record in Record.objects.select_related("document"):
            refresh_record_search(record)
        print(f"built {documents} documents and {records} records in {time.perf_counter() - started:.0f} s")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return token


def compile_catalogues(tree: Path) -> None:
    """The Vietnamese .mo files are built, not committed (make messages): without them a tree answers in
    English and the two versions would neither do the same work nor give the same bodies."""
    env = dict(os.environ, PYTHONPATH=f"{tree / 'platform'}{os.pathsep}{tree}")
    subprocess.run([sys.executable, "manage.py", "compilemessages", "-v", "0", "--ignore=.venv", "--ignore=var"],
                   cwd=tree, env=env, check=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(tree: Path, port: int) -> subprocess.Popen:
    """gunicorn on `tree`'s code (2 sync workers: the machine has 2 cores), on the bench database."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    # Production settings (DEBUG off, the hostname -> agency cache on), with a throw-away key.
    env = dict(os.environ, PYTHONPATH=f"{tree / 'platform'}{os.pathsep}{tree}",
               DJANGO_SETTINGS_MODULE="eiso.settings.prod", SECRET_KEY="bench-only-not-a-secret",
               SECURE_COOKIES="0", SECURE_SSL_REDIRECT="0",
               DATABASE_URL=f"postgresql://{db['USER']}@/{db['NAME']}?host={db['HOST']}",
               REDIS_URL=settings.REDIS_URL)
    proc = subprocess.Popen([sys.executable, "-m", "gunicorn", "eiso.wsgi", "-b", f"127.0.0.1:{port}", "-w", "2",
                             "--chdir", str(tree), "--log-level", "warning", "--backlog", "256"],
                            env=env, cwd=tree, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while True:
        try:
            get(port, "/healthz")
            return proc
        except OSError as exc:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn on {tree} did not start: {proc.stderr.read().decode()[-2000:]}") from exc
            time.sleep(0.3)


def get(port: int, path: str, token: str | None = None, *, body: bool = False):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Host": HOST, "Accept": "application/json", "Accept-Language": "vi"}
    if token:
        headers["Authorization"] = f"Token {token}"
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        content = response.read()
        return (response.status, content) if body else response.status
    finally:
        connection.close()


def load(port: int, path: str, token: str, clients: int, requests: int, seconds: float) -> tuple[list, float]:
    """`clients` threads share `requests` requests (or stop after `seconds`): each latency (ms), and the
    wall time they took."""
    latencies: list[float] = []
    errors = []
    lock = threading.Lock()
    remaining = [requests]
    stop_at = time.monotonic() + seconds

    def worker():
        while True:
            with lock:
                if remaining[0] <= 0 or time.monotonic() > stop_at:
                    return
                remaining[0] -= 1
            started = time.perf_counter()
            status = get(port, path, token)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                (latencies if status == 200 else errors).append(elapsed if status == 200 else status)

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise RuntimeError(f"{path}: {len(errors)} failed requests, e.g. status {errors[0]}")
    return latencies, time.perf_counter() - started


def summary(latencies: list[float], wall: float) -> dict:
    latencies = sorted(latencies)
    return {"rps": len(latencies) / wall, "median": statistics.median(latencies),
            "p95": latencies[int(0.95 * (len(latencies) - 1))], "n": len(latencies)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default=BEFORE, help="git ref of the code to compare against")
    parser.add_argument("--requests", type=int, default=400, help="requests per endpoint, level and version")
    parser.add_argument("--seconds", type=float, default=30, help="time cap per endpoint, level and version")
    parser.add_argument("--rounds", type=int, default=5, help="alternations of before and after per level")
    args = parser.parse_args()

    token = build()
    before_tree = Path(tempfile.mkdtemp(prefix="eiso-bench-before-")) / "tree"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(before_tree), args.before],
                   check=True)
    servers = {}
    try:
        for tree in (before_tree, ROOT):
            compile_catalogues(tree)
        for name, tree in (("before", before_tree), ("after", ROOT)):
            port = free_port()
            servers[name] = (port, serve(tree, port))
        for port, _proc in servers.values():  # warm both workers of each server (imports, connections)
            for path in ENDPOINTS * 8:
                get(port, path + "?page_size=50", token)
        print(f"before = {args.before} ({git('rev-parse', '--short', args.before)}), "
              f"after = working tree at {git('rev-parse', '--short', 'HEAD')}"
              f"{' + uncommitted changes' if git('status', '--porcelain', '--untracked-files=no') else ''}")
        print(f"{'endpoint':<22}{'clients':>8} | {'before req/s':>12}{'median ms':>10}{'p95 ms':>9} | "
              f"{'after req/s':>12}{'median ms':>10}{'p95 ms':>9} | {'after/before':>22}")
        for path in ENDPOINTS:
            bodies = {name: get(port, path, token, body=True) for name, (port, _proc) in servers.items()}
            assert bodies["before"] == bodies["after"], f"{path}: the two versions answer differently"
            for clients in LEVELS:
                # Rounds alternate the versions, so load from elsewhere on the machine hits both alike.
                runs = {name: ([], 0.0) for name in servers}
                for _round in range(args.rounds):
                    for name, (port, _proc) in servers.items():
                        latencies, wall = load(port, path, token, clients, args.requests // args.rounds,
                                               args.seconds / args.rounds)
                        runs[name] = (runs[name][0] + latencies, runs[name][1] + wall)
                b, a = summary(*runs["before"]), summary(*runs["after"])
                print(f"{path:<22}{clients:>8} | {b['rps']:>12.1f}{b['median']:>10.1f}{b['p95']:>9.1f} | "
                      f"{a['rps']:>12.1f}{a['median']:>10.1f}{a['p95']:>9.1f} | "
                      f"req/s x{a['rps'] / b['rps']:.2f}, median x{a['median'] / b['median']:.2f}", flush=True)
    finally:
        for _port, proc in servers.values():
            proc.terminate()
            proc.wait(10)
        subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(before_tree)], check=False)


def git(*args) -> str:
    return subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True).stdout.strip()


if __name__ == "__main__":
    main()
