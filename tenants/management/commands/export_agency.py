"""Export one agency (its schema's tables and its files) to an archive: tenants/backup.py, deploy/README.md."""

from django.core.management.base import BaseCommand, CommandError

from tenants.backup import BackupError, export_agency
from tenants.models import Agency


class Command(BaseCommand):
    help = "Export an agency to an archive, e.g. export_agency so-tu-phap /backups/so-tu-phap.tar.gz"

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the agency's subdomain")
        parser.add_argument("archive", help="where to write it: .tar.gz, .tar.xz, .tar.bz2 or .tar")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        agency = Agency.objects.filter(slug=options["slug"]).first()
        if agency is None:
            raise CommandError(f"No agency has the subdomain {options['slug']!r}.")
        try:
            manifest = export_agency(agency, options["archive"], progress=self._progress)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(table["rows"] for table in manifest["tables"])
        self.stdout.write(self.style.SUCCESS(
            f"Exported {agency.name}: {len(manifest['tables'])} tables, {rows} rows, {len(manifest['files'])} files, "
            f"{len(manifest['memberships'])} memberships to {options['archive']}"))

    def _progress(self, step: str, done: int, total: int) -> None:
        if self.verbosity > 1:
            self.stdout.write(f"{step}: {done}/{total}")
