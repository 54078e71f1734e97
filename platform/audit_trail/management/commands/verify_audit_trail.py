"""Check that no audit row was altered, inserted or removed: walks each agency's chain of hashes and names
the first broken row. Exit status 1 when a chain is broken (for monitoring)."""

from django.core.management.base import BaseCommand, CommandError

from audit_trail.models import AuditEvent
from audit_trail.services import verify
from tenants.models import Agency


class Command(BaseCommand):
    help = "Verify the audit trail's hash chains; report the first altered row of each broken chain."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="the agency's subdomain (default: every chain)")

    def handle(self, *args, agency=None, **options):
        chain = None
        if agency:
            found = Agency.objects.filter(slug=agency).first()
            if found is None:
                raise CommandError(f"no agency {agency!r}")
            chain = found.pk
        broken = verify(chain)
        rows = AuditEvent.objects.count() if chain is None else AuditEvent.objects.filter(chain=chain).count()
        if not broken:
            self.stdout.write(f"audit trail intact: {rows} events checked")
            return
        names = dict(Agency.objects.filter(pk__in=[b[0] for b in broken]).values_list("pk", "slug"))
        for number, row, why in broken:
            self.stderr.write(f"chain {names.get(number, 'platform' if number == 0 else number)}: "
                              f"first broken at event {row}: {why}")
        raise CommandError(f"{len(broken)} chain(s) broken")
