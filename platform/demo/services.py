"""Seeding the demo province, idempotently: a second run finds everything and creates nothing.

Agencies are created with tenants.provisioning.create_agency (DDL replay, ~0.1 s each). People are
created in bulk with one password hash computed once (hashing is deliberately slow, and there are
hundreds of accounts). What already exists is found by a handful of queries, so a re-run takes well
under a second.
"""

from __future__ import annotations

import importlib
import logging
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from accounts.models import Membership, User
from accounts.roles import SECOND_FACTOR_ROLES
from tenants.models import Agency, LineageEvent, Province
from tenants.provisioning import AgencySpec, create_agency

from . import data
from . import notices as notices_demo
from .people import DEMO_PASSWORD, DEMO_TOTP_KEY, PLATFORM_OPERATOR, people_of

log = logging.getLogger(__name__)


@dataclass
class SeedReport:
    agencies_created: list[str] = field(default_factory=list)
    users_created: int = 0
    memberships_created: int = 0
    lineage_events_created: int = 0
    starter_packs: list[str] = field(default_factory=list)
    starter_pack_note: str = ""
    tthc_entries_created: int = 0
    dossiers_created: int = 0
    model_procedures_created: int = 0
    legal_documents_created: int = 0
    committees_created: int = 0
    improvement_created: dict[str, int] = field(default_factory=dict)  # area -> rows made by demo.<area>
    seconds: float = 0.0

    @property
    def created_anything(self) -> bool:
        return bool(self.agencies_created or self.users_created or self.memberships_created
                    or self.lineage_events_created or self.starter_packs or self.tthc_entries_created
                    or self.dossiers_created or self.model_procedures_created or self.legal_documents_created
                    or self.committees_created or any(self.improvement_created.values()))

    def summary(self) -> str:
        parts = [f"{len(self.agencies_created)} agencies", f"{self.users_created} accounts",
                 f"{self.memberships_created} memberships", f"{self.lineage_events_created} lineage events",
                 f"{len(self.starter_packs)} starter packs", f"{self.tthc_entries_created} TTHC",
                 f"{self.dossiers_created} one-stop dossiers",
                 f"{self.model_procedures_created} model procedures",
                 f"{self.legal_documents_created} legal documents",
                 f"{self.committees_created} ISO steering committees"]
        parts += [f"{count} {area}" for area, count in self.improvement_created.items() if count]
        return f"created {', '.join(parts)} in {self.seconds:.1f} s"


class DemoNotAllowed(RuntimeError):
    """The settings say production (EISO_DEMO_ALLOWED is off): no demo accounts, ever."""


def ensure_demo_allowed() -> None:
    if not getattr(settings, "EISO_DEMO_ALLOWED", False):
        raise DemoNotAllowed(
            "The demo province is refused under production settings (EISO_DEMO_ALLOWED is off): it would "
            f"create the platform operator {PLATFORM_OPERATOR!r} and hundreds of accounts with the published "
            "password of the demo.")


def seed_demo_province(*, commune_limit: int | None = None, starter_packs: bool = True,
                       progress=None) -> SeedReport:
    """Create whatever of the demo province is missing; return what was created.

    `commune_limit` seeds a smaller province (tests); `starter_packs=False` skips the QMS documents.
    `progress(message)` is called as agencies are created.
    """
    ensure_demo_allowed()
    started = time.monotonic()
    report = SeedReport()
    connection.set_schema_to_public()
    province, _created = Province.objects.get_or_create(code=data.PROVINCE["code"], defaults=data.PROVINCE)
    agencies = _ensure_agencies(province, data.all_agencies(commune_limit), report, progress)
    _ensure_lineage(agencies, report)
    _ensure_calendar(province)
    current = data.current_agencies(commune_limit)
    _ensure_people(agencies, current, report)
    _ensure_tthc_catalogue(province, agencies, report)
    if starter_packs:
        _import_starter_packs(agencies, report)
        _import_dossiers(province, agencies, report)
        _ensure_committees(agencies, report)
    _ensure_model_procedures(province, agencies, report)
    _ensure_legal_register(province, agencies, report)
    if starter_packs:
        _ensure_improvement_cycle(agencies, report)
    _ensure_supervision(province, agencies)
    _ensure_lineage_pages(province, agencies)
    notices_demo.ensure(province, agencies)  # the DOST's notices to agencies (platform/demo/notices.py)
    _ensure_history_checks(agencies)
    report.seconds = time.monotonic() - started
    return report


def _ensure_calendar(province) -> None:
    """The province's own changes to the working-day calendar (workdays), marked as illustrations."""
    from workdays.models import ProvinceCalendarDay

    for change in data.CALENDAR_CHANGES:
        ProvinceCalendarDay.objects.get_or_create(province=province, day=change["day"], defaults=change)


def _ensure_agencies(province, wanted: list[data.DemoAgency], report: SeedReport, progress) -> dict[str, Agency]:
    existing = {agency.slug: agency for agency in Agency.objects.filter(slug__in=[w.slug for w in wanted])}
    for spec in wanted:  # parents come before their children in the data
        if spec.slug in existing:
            continue
        agency = create_agency(AgencySpec(
            name=spec.name, level=spec.level, province=province, slug=spec.slug, code=spec.code,
            parent=existing.get(spec.parent) if spec.parent else None, valid_from=spec.valid_from,
            valid_to=spec.valid_to, address=spec.address))
        existing[spec.slug] = agency
        report.agencies_created.append(spec.slug)
        if progress and len(report.agencies_created) % 10 == 0:
            progress(f"  {len(report.agencies_created)} agencies created ...")
    return existing


def _ensure_lineage(agencies: dict[str, Agency], report: SeedReport) -> None:
    for event in data.LINEAGE_EVENTS:
        predecessors = [agencies[slug] for slug in event["predecessors"]]
        if LineageEvent.objects.filter(kind=event["kind"], effective_date=data.REFORM_DATE,
                                       predecessors=predecessors[0]).exists():
            continue
        with transaction.atomic():
            row = LineageEvent.objects.create(kind=event["kind"], effective_date=data.REFORM_DATE,
                                              legal_basis=event["legal_basis"], note=event["note"])
            row.predecessors.set(predecessors)
            row.successors.set([agencies[slug] for slug in event["successors"] if slug in agencies])
        report.lineage_events_created += 1


def _ensure_lineage_pages(province, agencies: dict[str, Agency]) -> None:
    """A 2026 rename and the merged ward's predecessors' months (platform/demo/lineage.py)."""
    from .lineage import ensure

    ensure(province, agencies)


def _ensure_people(agencies: dict[str, Agency], current: list[data.DemoAgency], report: SeedReport) -> None:
    ensure_demo_allowed()  # again right where the published password is used, whoever calls this
    people = [(agencies[spec.slug], person) for spec in current for person in people_of(spec)]
    usernames = [person.username for _agency, person in people] + [PLATFORM_OPERATOR]
    users = {user.username: user for user in User.objects.filter(username__in=usernames)}
    missing = [person for _agency, person in people if person.username not in users]
    password = make_password(DEMO_PASSWORD) if missing or PLATFORM_OPERATOR not in users else None
    with transaction.atomic():
        if PLATFORM_OPERATOR not in users:
            operator = User.objects.create(username=PLATFORM_OPERATOR, password=password, is_staff=True,
                                           is_superuser=True, full_name="Quản trị hệ thống eISO",
                                           job_title="Quản trị viên nền tảng")
            users[PLATFORM_OPERATOR] = operator
            report.users_created += 1
        created = User.objects.bulk_create([
            User(username=person.username, password=password, full_name=person.full_name,
                 job_title=person.job_title) for person in missing])
        users.update({user.username: user for user in created})
        report.users_created += len(created)

        have = set(Membership.objects.filter(user__in=[users[p.username] for _a, p in people])
                   .values_list("user_id", "agency_id", "role"))
        new = [Membership(user=users[person.username], agency=agency, role=person.role, unit=person.unit)
               for agency, person in people if (users[person.username].pk, agency.pk, person.role) not in have]
        Membership.objects.bulk_create(new)
        report.memberships_created = len(new)
        _enrol_second_factor([users[p.username] for _a, p in people if p.role in SECOND_FACTOR_ROLES]
                             + [users[PLATFORM_OPERATOR]])


def _enrol_second_factor(people: list[User]) -> None:
    """Heads, supervisors and the operator get the demo's published authenticator key (DEMO_TOTP_KEY), so
    the demo also runs with EISO_2FA_REQUIRED=1."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    enrolled = set(TOTPDevice.objects.filter(user__in=people).values_list("user_id", flat=True))
    TOTPDevice.objects.bulk_create([TOTPDevice(user=person, name="app", key=DEMO_TOTP_KEY, confirmed=True)
                                    for person in {p.pk: p for p in people}.values() if person.pk not in enrolled])


def _ensure_tthc_catalogue(province, agencies: dict[str, Agency], report: SeedReport) -> None:
    """The province's TTHC catalogue (platform/demo/tthc.py), imported by the DOST's administrator."""
    from .tthc import ensure_catalogue

    keeper = User.objects.get(username=f"{data.SUPERVISOR.slug}.admin")
    try:
        report.tthc_entries_created = ensure_catalogue(province, agencies[data.SUPERVISOR.slug], keeper)
    finally:
        connection.set_schema_to_public()


def _import_dossiers(province, agencies: dict[str, Agency], report: SeedReport) -> None:
    """August–November 2026 of one-stop dossiers for the agencies with QMS content (platform/demo/dossiers.py)."""
    from .dossiers import ensure_dossiers

    secretaries = {user.username: user for user in User.objects.filter(
        username__in=[f"{slug}.thuky" for slug in data.STARTER_PACK_AGENCIES])}
    for slug in data.STARTER_PACK_AGENCIES:
        agency, secretary = agencies.get(slug), secretaries.get(f"{slug}.thuky")
        if agency is None or secretary is None:
            continue
        try:
            job = ensure_dossiers(agency, secretary, province=province)
            report.dossiers_created += job.created_count if job is not None else 0
        except Exception:  # noqa: BLE001 - the demo starts without them rather than not at all
            log.exception("could not import the demo dossiers of %s", slug)
        finally:
            connection.set_schema_to_public()


def _ensure_committees(agencies: dict[str, Agency], report: SeedReport) -> None:
    """The ISO steering committee of the agencies with QMS content (platform/demo/committee.py); Sở Tư pháp's
    changed once since."""
    from .committee import ensure_committee

    people = {user.username: user for user in User.objects.filter(
        username__in=[f"{slug}.{suffix}" for slug in data.STARTER_PACK_AGENCIES
                      for suffix in ("admin", "thuky", "lanhdao", "canbo")])}
    for index, slug in enumerate(data.STARTER_PACK_AGENCIES):
        agency = agencies.get(slug)
        if agency is None:
            continue
        try:
            mine = {suffix: people[f"{slug}.{suffix}"] for suffix in ("admin", "thuky", "lanhdao", "canbo")}
            report.committees_created += ensure_committee(agency, mine, index, with_change=slug == "so-tu-phap")
        except Exception:  # noqa: BLE001 - the demo starts without it rather than not at all
            log.exception("could not establish the demo steering committee of %s", slug)
        finally:
            connection.set_schema_to_public()


# The improvement cycle's areas, in the order an agency lives them (the announcement needs the audit and the
# review before it). Each has a module demo/<area>.py with `ensure(agency, people, index) -> int` (rows made,
# 0 when the agency has them already), called in the agency's schema; an area not built yet is skipped.
IMPROVEMENT_CYCLE = ["objectives", "risks", "training", "nonconformities", "audits", "reviews", "announcement"]


def _ensure_improvement_cycle(agencies: dict[str, Agency], report: SeedReport) -> None:
    """Objectives, risks, training, audits, nonconformities, reviews and the announcement of the agencies
    with QMS content, each through its own services (platform/demo/<area>.py)."""
    from django_tenants.utils import schema_context

    suffixes = ("admin", "thuky", "lanhdao", "canbo")
    people = {user.username: user for user in User.objects.filter(
        username__in=[f"{slug}.{suffix}" for slug in data.STARTER_PACK_AGENCIES for suffix in suffixes])}
    for area in IMPROVEMENT_CYCLE:
        try:
            module = importlib.import_module(f"demo.{area}")
        except ModuleNotFoundError:
            continue
        for index, slug in enumerate(data.STARTER_PACK_AGENCIES):
            agency = agencies.get(slug)
            if agency is None:
                continue
            try:
                mine = {suffix: people[f"{slug}.{suffix}"] for suffix in suffixes}
                with schema_context(agency.schema_name):
                    made = module.ensure(agency, mine, index)
                report.improvement_created[area] = report.improvement_created.get(area, 0) + made
            except Exception:  # noqa: BLE001 - the demo starts without it rather than not at all
                log.exception("could not build the demo %s of %s", area, slug)
            finally:
                connection.set_schema_to_public()


def _ensure_supervision(province, agencies: dict[str, Agency]) -> None:
    """The DOST's dashboard filled: weights, obligation bases, every row computed, the trend's months
    (platform/demo/supervision.py); last, once every area has its data."""
    from .province_reports import ensure as ensure_reports
    from .supervision import ensure

    try:
        ensure(province, agencies)
        ensure_reports(province)  # the DOST's November report, from the rollup just computed
    except Exception:  # noqa: BLE001 - the demo starts without it rather than not at all
        log.exception("could not fill the DOST's dashboard")
    finally:
        connection.set_schema_to_public()


def _ensure_history_checks(agencies: dict[str, Agency]) -> None:
    """Each agency's sealed history checked once and its head anchored, as the nightly task does, so the
    platform admin's "history checks" list and the registry API show a result (agencies checked already are
    left alone)."""
    from audit_trail.models import AuditEvent
    from history_seal.services import ANCHOR_ACTION, check_and_anchor

    checked = set(AuditEvent.objects.filter(action=ANCHOR_ACTION).values_list("chain", flat=True))
    for agency in agencies.values():
        if agency.kind == Agency.Kind.AGENCY and agency.pk not in checked:
            check_and_anchor(agency)
    connection.set_schema_to_public()


def _ensure_model_procedures(province, agencies: dict[str, Agency], report: SeedReport) -> None:
    """The DOST's model procedures and a few communes' adoptions (platform/demo/model_procedures.py); after
    the starter packs, which fill only agencies that have no document yet."""
    from .model_procedures import ADOPTIONS_AFTER, ADOPTIONS_BEFORE, ensure_model_procedures

    slugs = {slug for slug, _code, _issue in ADOPTIONS_BEFORE + ADOPTIONS_AFTER}
    people = {user.username: user for user in User.objects.filter(
        username__in=[f"{data.SUPERVISOR.slug}.admin"] + [f"{slug}.{suffix}" for slug in slugs
                                                           for suffix in ("thuky", "lanhdao")])}
    try:
        report.model_procedures_created = ensure_model_procedures(
            province, agencies[data.SUPERVISOR.slug], people[f"{data.SUPERVISOR.slug}.admin"], agencies, people)
    finally:
        connection.set_schema_to_public()


def _ensure_legal_register(province, agencies: dict[str, Agency], report: SeedReport) -> None:
    """The province's legal register and the update tasks it gives (platform/demo/legal_register.py), after the
    procedures it affects exist."""
    from .legal_register import ensure_register

    keeper = User.objects.get(username=f"{data.SUPERVISOR.slug}.admin")
    try:
        report.legal_documents_created = ensure_register(province, agencies[data.SUPERVISOR.slug], keeper,
                                                         agencies)
    finally:
        connection.set_schema_to_public()


def _import_starter_packs(agencies: dict[str, Agency], report: SeedReport) -> None:
    """QMS documents for a few agencies (platform/demo/qms.py), where documents.starter exists.

    The demo must start even if that content cannot be made: a failure is logged and reported, not raised
    (tests/tenants/test_demo.py makes sure it works).
    """
    try:
        importlib.import_module("documents.starter")
    except ImportError:
        report.starter_pack_note = "documents.starter is not available: no QMS content imported"
        return
    from .qms import fill_agency, fill_tthc_procedure

    people = {user.username: user for user in User.objects.filter(
        username__in=[f"{slug}.{suffix}" for slug in data.STARTER_PACK_AGENCIES for suffix in ("thuky", "lanhdao")])}
    failed = []
    for slug in data.STARTER_PACK_AGENCIES:
        agency = agencies.get(slug)
        if agency is None:
            continue
        try:
            if fill_agency(agency, people[f"{slug}.thuky"], people[f"{slug}.lanhdao"]):
                report.starter_packs.append(slug)
            # Apart from the pack: an agency that already had its pack still gets its TTHC procedure once.
            fill_tthc_procedure(agency, people[f"{slug}.thuky"], people[f"{slug}.lanhdao"])
        except Exception:  # noqa: BLE001 - see the docstring
            log.exception("could not fill %s with the starter pack", slug)
            failed.append(slug)
        finally:
            connection.set_schema_to_public()
    if failed:
        report.starter_pack_note = f"starter pack failed for {', '.join(failed)} (see the log)"
