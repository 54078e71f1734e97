"""Create the agencies of a CSV file, showing progress; the same job the admin and the API start."""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tenants.bulk import run_job
from tenants.models import Province, ProvisioningJob
from tenants.services import create_provisioning_job, start_provisioning_job


def progress_line(job: ProvisioningJob, width: int = 30) -> str:
    filled = int(width * job.percent / 100)
    return f"[{'#' * filled}{'.' * (width - filled)}] {job.done}/{job.total} {job.percent:3d}%"


class Command(BaseCommand):
    help = "Create agencies from a CSV file (columns code, name, level, slug, short_name, parent_code, valid_from, address)"

    def add_arguments(self, parser):
        parser.add_argument("file", help="CSV file, UTF-8, comma or semicolon separated")
        parser.add_argument("--province", help="province code of rows without a province_code column, e.g. 86")
        parser.add_argument("--async", dest="use_celery", action="store_true",
                            help="run the job on a Celery worker and follow its progress")
        parser.add_argument("--timeout", type=float, default=3600, help="seconds to wait for the worker (--async)")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            text = path.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise CommandError(f"Cannot read {path}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{path} is not UTF-8 text: save it as “CSV UTF-8”.") from exc
        province = None
        if options["province"]:
            province = Province.objects.filter(code=options["province"]).first()
            if province is None:
                raise CommandError(f"No province has the code {options['province']!r}.")
        self._last = None
        self._tty = self.stdout.isatty()
        if options["use_celery"]:
            job = start_provisioning_job(text, path.name, province)
            self.stdout.write(f"Job #{job.pk} sent to the Celery worker.")
            job = self._follow(job, options["timeout"])
        else:
            job = create_provisioning_job(text, path.name, province)
            job = run_job(job, on_progress=self._show)
        self._report(job)

    def _show(self, job: ProvisioningJob) -> None:
        """A bar redrawn in place on a terminal; a line per 5 % step when the output is a file or a test."""
        if job.state in (ProvisioningJob.State.PENDING, ProvisioningJob.State.REJECTED):
            return  # nothing is being created (yet): the errors, if any, follow
        line = progress_line(job)
        if self._tty:
            self.stdout.write("\r" + line, ending="\n" if job.finished else "")
            self.stdout.flush()
            return
        step = job.percent // 5
        if step != self._last:
            self._last = step
            self.stdout.write(line)

    def _follow(self, job: ProvisioningJob, timeout: float) -> ProvisioningJob:
        deadline = time.monotonic() + timeout
        while True:
            job.refresh_from_db()
            self._show(job)
            if job.finished:
                return job
            if time.monotonic() > deadline:
                raise CommandError(f"Job #{job.pk} is still {job.state} after {timeout:.0f} s: is a worker running?")
            time.sleep(0.5)

    def _report(self, job: ProvisioningJob) -> None:
        for item in job.errors:
            where = f"line {item['line']}" if item["line"] else "job"
            column = f" [{item['field']}]" if item.get("field") else ""
            self.stderr.write(f"{where}{column}: {item['message']}")
        if job.state == ProvisioningJob.State.DONE:
            self.stdout.write(self.style.SUCCESS(f"Created {job.done} agencies (job #{job.pk})."))
            return
        if job.state == ProvisioningJob.State.REJECTED:
            raise CommandError(f"The file was rejected: {len(job.errors)} error(s); nothing was created.")
        raise CommandError(f"Job #{job.pk} {job.state}: {job.done} of {job.total} agencies created.")
