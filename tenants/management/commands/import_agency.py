"""Import an agency's archive into a new (or empty) agency of this installation: tenants/backup.py."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupError, import_agency
from tenants.provisioning import ProvisioningError


class Command(BaseCommand):
    help = "Restore an agency archive into a new agency, e.g. import_agency so-tu-phap.tar.gz --into so-tu-phap-khoi-phuc"

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--into", required=True, help="subdomain of the new agency (or of an existing empty one)")
        parser.add_argument("--name", default=None, help="the new agency's name (default: the source's)")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        try:
            report = import_agency(options["archive"], options["into"], name=options["name"], progress=self._progress)
        except (BackupError, ProvisioningError) as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        agency = report.agency
        self.stdout.write(self.style.SUCCESS(
            f"Imported into {agency.name} ({agency.site_url()}): {report.tables} tables, {report.rows} rows, "
            f"{report.files} files, {len(report.memberships)} memberships restored"))
        if report.missing_users:
            self.stdout.write(self.style.WARNING(
                "Not restored (no such user here): " + ", ".join(sorted(set(report.missing_users)))))

    def _progress(self, step: str, done: int, total: int) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"{step}: {done}/{total}")
