"""The users of bench/load_50_users.py (issue 10 item 7), for locust: agency staff in the browser, agency staff
on the REST API, the DOST's inspectors and anonymous visitors, each on its agency's own host.

Run by bench/load_50_users.py, which builds the demo province, starts gunicorn, a Celery worker and beat under
the production settings and writes the configuration this file reads (EISO_LOAD_CONFIG: a JSON file with the
port, the accounts for each kind of user, the password, the published authenticator key and the slugs).

Every agency is its own host (`<slug>.localhost:<port>`, django-tenants picks the schema from the Host header),
so each user sends to 127.0.0.1 with its agency's Host header: no name resolution of `*.localhost` needed, and
the session cookie stays with the user. Every request refuses redirects and counts anything but the expected
status as a failure, so a session that silently fell back to the log-in page is an error, not a success.

Request names are "<group> | <what>"; when locust quits, the figures of each name and of each group (all its
requests merged, percentiles included) go to the results file the runner prints.
"""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import os
import random
import re
import struct
import time
import uuid

from locust import HttpUser, between, events, task
from locust.stats import StatsEntry

with open(os.environ["EISO_LOAD_CONFIG"], encoding="utf-8") as _file:
    CONFIG = json.load(_file)

CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
DOCUMENT_LINK = re.compile(r'href="/documents/(\d+)/"')
NC_LINK = re.compile(r'href="/nonconformities/(\d+)/"')
SUPERVISED_LINK = re.compile(r'href="/supervision/agencies/(\d+)/')
SEARCHES = ["hồ sơ", "quy trình", "tiếp nhận", "kiểm soát", "đánh giá"]
NC_PROCESSES = ["Bộ phận Một cửa", "Văn phòng", "Phòng Hành chính - Tổng hợp", "Bộ phận tiếp nhận và trả kết quả"]
NC_WHAT = ["Hồ sơ trả kết quả quá hạn {n} ngày làm việc, không có văn bản xin lỗi công dân.",
           "Sổ theo dõi hồ sơ thiếu chữ ký người nhận tại {n} hồ sơ đã trả.",
           "Biểu mẫu đang dùng không đúng phiên bản hiện hành của quy trình ({n} hồ sơ).",
           "Chưa cập nhật văn bản pháp luật mới vào danh mục tài liệu bên ngoài ({n} văn bản)."]


def host(slug: str | None) -> str:
    domain, port = CONFIG["base_domain"], CONFIG["port"]
    return f"{slug}.{domain}:{port}" if slug else f"{domain}:{port}"


def totp_now(key_hex: str, step: int = 30) -> str:
    """The six digits an authenticator app shows now (RFC 6238, SHA-1), for the demo's published key."""
    counter = struct.pack(">Q", int(time.time()) // step)
    digest = hmac.new(bytes.fromhex(key_hex), counter, hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    code = (struct.unpack(">I", digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1_000_000
    return f"{code:06d}"


def _pool(kind: str):
    """Each user takes the next account of its kind: no two users share one (a second-factor code is refused
    the second time it is used, as it should be)."""
    return itertools.cycle(CONFIG["accounts"][kind])


POOLS = {kind: _pool(kind) for kind in CONFIG["accounts"]}


class Visitor(HttpUser):
    """What every kind of user shares: its agency's Host header and strict requests."""

    abstract = True
    wait_time = between(*CONFIG["wait"])
    group = ""

    def on_start(self):
        self.slug = None

    def go(self, slug: str | None) -> None:
        self.client.headers["Host"] = host(slug)
        self.client.headers["Accept-Language"] = "vi"

    def get(self, path: str, what: str, expect: int = 200, **kwargs):
        with self.client.get(path, name=f"{self.group} | {what}", allow_redirects=False, catch_response=True,
                             **kwargs) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} for {path} (expected {expect})")
            return response

    def post(self, path: str, what: str, expect: int, **kwargs):
        with self.client.post(path, name=f"{self.group} | {what}", allow_redirects=False, catch_response=True,
                              **kwargs) as response:
            if response.status_code != expect:
                response.failure(f"{response.status_code} for POST {path} (expected {expect}): "
                                 f"{response.text[:300]}")
            return response


class SignedIn(Visitor):
    """A person logged in on their agency's site: password, then the authenticator code when the role needs
    one (heads, supervisors), as production asks it."""

    abstract = True
    pool = ""

    def on_start(self):
        self.documents, self.ncs, self.objectives, self.agencies = [], [], [], []
        self.account = next(POOLS[self.pool])
        self.slug = self.account["slug"]
        self.go(self.slug)
        self.group, group = "log-in", self.group
        try:
            self.log_in()
        finally:
            self.group = group

    def csrf(self, response) -> str:
        found = CSRF.search(response.text)
        return found.group(1) if found else ""

    def log_in(self) -> None:
        form = self.get("/login/", "log-in page")
        answer = self.post("/login/", "password", 302, data={
            "username": self.account["username"], "password": CONFIG["password"], "next": "/",
            "csrfmiddlewaretoken": self.csrf(form)})
        if answer.status_code != 302:
            return
        home = self.get("/", "first page", expect=302 if self.account["second_factor"] else 200)
        if self.account["second_factor"] and home.status_code == 302:
            step = home.headers["Location"]
            page = self.get(step, "second-factor page")
            self.post(step, "second-factor code", 302, data={
                "code": totp_now(CONFIG["totp_key_hex"]), "next": "/", "csrfmiddlewaretoken": self.csrf(page)})

    def on_stop(self):
        # The cookie's secret is a valid form token too (Django accepts it unmasked).
        self.client.post("/logout/", data={"csrfmiddlewaretoken": self.client.cookies.get("csrftoken", "")},
                         name="log-in | log-out", allow_redirects=False)


class AgencyStaffWeb(SignedIn):
    """Secretaries, staff, heads and administrators reading their QMS in the browser, now and then reporting
    a nonconformity through the form."""

    weight = CONFIG["weights"]["web"]
    pool = "web"
    group = "staff web"

    @task(3)
    def dashboard(self):
        self.get("/", "dashboard")

    @task(3)
    def document_list(self):
        page = self.get("/documents/", "documents list")
        self.documents = sorted(set(DOCUMENT_LINK.findall(page.text))) or self.documents

    @task(1)
    def procedures(self):
        self.get("/documents/?kind=internal_procedure", "documents list, procedures only")

    @task(1)
    def search(self):
        self.get("/documents/", "documents search", params={"q": random.choice(SEARCHES)})

    @task(3)
    def document_detail(self):
        if self.documents:
            self.get(f"/documents/{random.choice(self.documents)}/", "document detail")

    @task(1)
    def tthc_coverage(self):
        self.get("/tthc/coverage/", "TTHC procedures coverage")

    @task(2)
    def nc_list(self):
        page = self.get("/nonconformities/", "NC list")
        self.ncs = sorted(set(NC_LINK.findall(page.text))) or self.ncs

    @task(1)
    def nc_detail(self):
        if self.ncs:
            self.get(f"/nonconformities/{random.choice(self.ncs)}/", "NC detail")

    @task(1)
    def other_areas(self):
        path, what = random.choice([("/objectives/", "objectives"), ("/context/", "context and risks"),
                                    ("/audits/", "internal audit"), ("/notifications/", "notifications"),
                                    ("/documents/records/", "records"), ("/training/", "training")])
        self.get(path, what)

    @task(1)
    def report_nc(self):
        form = self.get("/nonconformities/new/", "NC form")
        # The secretary's and administrator's form also asks for the source and grade; staff's ignores them.
        self.post("/nonconformities/new/", "NC raised (form)", 302, data={
            "csrfmiddlewaretoken": self.csrf(form), "source": "staff", "grade": "minor",
            "description": random.choice(NC_WHAT).format(n=random.randint(1, 9)),
            "process": random.choice(NC_PROCESSES), "clause": "8.5.1", "detected_on": ""})


class AgencyApiClient(SignedIn):
    """An agency's own tool on the REST API with a token (ISO secretaries): lists, details, a nonconformity
    raised and an objective's value recorded now and then."""

    weight = CONFIG["weights"]["api"]
    pool = "api"
    group = "staff API"

    def log_in(self) -> None:
        answer = self.post("/api/v1/auth/token/", "API token", 200, json={
            "username": self.account["username"], "password": CONFIG["password"],
            "otp": totp_now(CONFIG["totp_key_hex"]) if self.account["second_factor"] else ""})
        if answer.status_code == 200:
            self.client.headers["Authorization"] = f"Token {answer.json()['token']}"

    def on_stop(self):
        self.client.post("/api/v1/auth/logout/", name="log-in | API token revoked", allow_redirects=False)

    def ids(self, response) -> list[int]:
        try:
            return [row["id"] for row in response.json()["results"]]
        except (ValueError, KeyError, TypeError):
            return []

    @task(1)
    def me(self):
        self.get("/api/v1/me/", "me")

    @task(3)
    def documents_list(self):
        self.documents = self.ids(self.get("/api/v1/documents/", "documents list")) or self.documents

    @task(2)
    def document_detail(self):
        if self.documents:
            self.get(f"/api/v1/documents/{random.choice(self.documents)}/", "document detail")

    @task(2)
    def nc_list(self):
        self.ncs = self.ids(self.get("/api/v1/nonconformities/", "NC list")) or self.ncs

    @task(1)
    def nc_detail(self):
        if self.ncs:
            self.get(f"/api/v1/nonconformities/{random.choice(self.ncs)}/", "NC detail")

    @task(1)
    def procedure_specs(self):
        self.get("/api/v1/procedure-specs/", "procedure specs list")

    @task(1)
    def records(self):
        self.get("/api/v1/records/", "records list")

    @task(1)
    def objectives_summary(self):
        self.get("/api/v1/objectives/summary/", "objectives summary")
        if not self.objectives:
            listed = self.get("/api/v1/objectives/", "objectives list")
            try:
                self.objectives = [row["id"] for row in listed.json()["results"]
                                   if row["source"] == "manual" and row["year"] == CONFIG["year"]]
            except (ValueError, KeyError, TypeError):
                self.objectives = []

    @task(1)
    def raise_nc(self):
        self.post("/api/v1/nonconformities/", "NC raised", 201, json={
            "source": "complaint", "grade": "minor", "source_ref": f"load-{uuid.uuid4().hex[:12]}",
            "description": random.choice(NC_WHAT).format(n=random.randint(1, 9)),
            "process": random.choice(NC_PROCESSES), "clause": "9.1.2"})

    @task(1)
    def measure(self):
        if self.objectives:
            self.post(f"/api/v1/objectives/{random.choice(self.objectives)}/measure/", "objective measured",
                      200, json={"period": 1, "value": f"{random.uniform(85, 100):.2f}", "note": "Số liệu tháng"})


class DostInspector(SignedIn):
    """The DOST's inspectors on the supervision dashboard: sorting, filtering, a drill-down into one agency,
    now and then an export, the inspections and notices pages and the supervision API."""

    weight = CONFIG["weights"]["dost"]
    pool = "dost"
    group = "DOST"

    @task(3)
    def dashboard(self):
        page = self.get("/supervision/", "supervision dashboard")
        self.agencies = sorted(set(SUPERVISED_LINK.findall(page.text))) or self.agencies

    @task(3)
    def sorted_filtered(self):
        params = random.choice([{"sort": "-score"}, {"sort": "score"}, {"sort": "-tthc_coverage"},
                                {"sort": "name", "page": "2"}, {"level": "commune", "alerting": "1"},
                                {"level": "department", "sort": "-score"}, {"q": "phường"},
                                {"obligation": "encouraged", "sort": "-refreshed"}])
        page = self.get("/supervision/", "supervision sorted or filtered", params=params)
        self.agencies = sorted(set(SUPERVISED_LINK.findall(page.text))) or self.agencies

    @task(3)
    def drill_down(self):
        if self.agencies:
            self.get(f"/supervision/agencies/{random.choice(self.agencies)}/", "one agency (drill-down)")

    @task(1)
    def export(self):
        self.get("/supervision/export.csv", "export CSV (communes)", params={"level": "commune", "sort": "-score"})

    @task(1)
    def api(self):
        self.get("/api/v1/supervision/agencies/", "supervision API list", params={"sort": "-score"})

    @task(1)
    def inspections_and_notices(self):
        path, what = random.choice([("/inspections/", "inspections"), ("/notices/", "notices")])
        self.get(path, what)


class PublicVisitor(Visitor):
    """Citizens and officials of other agencies without an account: the province's landing page (browse,
    search) and the agencies' public pages with their QR code."""

    weight = CONFIG["weights"]["public"]
    group = "public"

    @task(3)
    def landing(self):
        self.go(None)
        self.get("/", "landing page")

    @task(1)
    def landing_search(self):
        self.go(None)
        self.get("/", "landing search", params=random.choice([{"q": "xã"}, {"q": "phường"}, {"q": "Sở"},
                                                             {"page": "2"}]))

    @task(4)
    def public_page(self):
        self.go(random.choice(CONFIG["public_slugs"]))
        self.get("/cong-khai/", "agency public page")

    @task(1)
    def public_qr(self):
        self.go(random.choice(CONFIG["public_slugs"]))
        self.get("/cong-khai/qr.svg", "public page QR code")


def figures(entry: StatsEntry, seconds: float) -> dict:
    return {"requests": entry.num_requests, "failures": entry.num_failures,
            "median": entry.median_response_time, "p95": entry.get_response_time_percentile(0.95),
            "p99": entry.get_response_time_percentile(0.99), "max": entry.max_response_time,
            "rps": entry.num_requests / seconds if seconds else 0.0}


@events.quitting.add_listener
def write_results(environment, **_kwargs):
    """Each request name's figures and each group's (its names merged), the total, and every failure."""
    stats = environment.stats
    seconds = max(stats.total.last_request_timestamp - stats.total.start_time, 1e-9)
    groups: dict[str, StatsEntry] = {}
    names = []
    for entry in sorted(stats.entries.values(), key=lambda e: e.name):
        group = entry.name.split(" | ")[0]
        merged = groups.setdefault(group, StatsEntry(stats, group, "", use_response_times_cache=False))
        merged.extend(entry)
        names.append({"name": entry.name, "method": entry.method, **figures(entry, seconds)})
    results = {
        "seconds": seconds, "names": names, "total": figures(stats.total, seconds),
        "groups": [{"name": name, **figures(entry, seconds)} for name, entry in sorted(groups.items())],
        "errors": [{"method": e.method, "name": e.name, "error": str(e.error), "occurrences": e.occurrences}
                   for e in stats.errors.values()],
    }
    with open(CONFIG["results"], "w", encoding="utf-8") as out:
        json.dump(results, out, ensure_ascii=False, indent=1)

