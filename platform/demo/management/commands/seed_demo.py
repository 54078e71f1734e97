"""`manage.py seed_demo`: create the demo province (Vĩnh Long after 2025) and its accounts, idempotently."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo import data
from demo.people import accounts_table
from demo.services import DemoNotAllowed, ensure_demo_allowed, seed_demo_province


def demo_base_url() -> str:
    """'http://{slug}localhost:8000/' with the slug (and its dot) left to fill in."""
    port = f":{settings.EISO_PUBLIC_PORT}" if settings.EISO_PUBLIC_PORT else ""
    return f"http://{{slug}}{settings.EISO_BASE_DOMAIN}{port}/"


def account_examples() -> list[data.DemoAgency]:
    by_slug = {agency.slug: agency for agency in data.current_agencies()}
    return [by_slug[slug] for slug in ("so-tu-phap", "so-y-te", "phuong-thanh-duc", "xa-cang-long")]


class Command(BaseCommand):
    help = "Create the demo province of Vĩnh Long (DOST, departments, communes, history) and its demo accounts."

    def add_arguments(self, parser):
        parser.add_argument("--communes", type=int, default=None,
                            help="seed at most this many communes (the full province has 124)")
        parser.add_argument("--no-starter-packs", action="store_true",
                            help="do not import the framework-model QMS documents into a few agencies")
        parser.add_argument("--quiet-accounts", action="store_true", help="do not print the accounts table")

    def handle(self, *args, **options):
        try:
            ensure_demo_allowed()
        except DemoNotAllowed as refusal:
            raise CommandError(str(refusal)) from None
        report = seed_demo_province(commune_limit=options["communes"],
                                    starter_packs=not options["no_starter_packs"],
                                    progress=lambda message: self.stdout.write(message))
        self.stdout.write(self.style.SUCCESS(f"Demo province: {report.summary()}"))
        if report.starter_pack_note:
            self.stdout.write(report.starter_pack_note)
        if not options["quiet_accounts"]:
            self.stdout.write(accounts_table(account_examples(), demo_base_url()))
