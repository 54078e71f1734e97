"""Check that no agency's history (pghistory events) was altered, deleted, or written unsealed: walks each
agency's seal chain, recomputes every event's hash, compares the head with the anchors in the audit trail,
and names the first broken row. Exit status 1 when any history is broken (for monitoring).
`--anchor` also records each result and head in the audit trail, as the nightly task does."""

from django.core.management.base import BaseCommand, CommandError

from history_seal.services import check_and_anchor, verify
from tenants.models import Agency


class Command(BaseCommand):
    help = "Verify every agency's sealed history; report the first altered row of each broken one."

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="the agency's subdomain (default: every agency)")
        parser.add_argument("--anchor", action="store_true",
                            help="record each result and chain head in the audit trail (as the nightly task)")

    def handle(self, *args, agency=None, anchor=False, **options):
        agencies = Agency.objects.agencies().order_by("slug")
        if agency:
            agencies = agencies.filter(slug=agency)
            if not agencies:
                raise CommandError(f"no agency {agency!r}")
        broken = 0
        for found in agencies:
            state = check_and_anchor(found) if anchor else verify(found)
            if state.intact:
                self.stdout.write(f"{found.slug}: intact, {state.events} events")
            else:
                broken += 1
                self.stderr.write(f"{found.slug}: first broken at {state.first_broken.describe()}")
        if broken:
            raise CommandError(f"{broken} agency history(ies) broken")
