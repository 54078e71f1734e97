"""Create one agency (row, schema, domain) from the command line, with the checks the CSV importer makes."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from tenants.bulk import plan_one
from tenants.models import Agency, Province
from tenants.provisioning import ProvisioningError, create_agency


class Command(BaseCommand):
    help = "Create an agency with its own schema and subdomain, e.g. --name 'UBND xã Long Đức' --level xã --province 86"

    def add_arguments(self, parser):
        parser.add_argument("--name", required=True)
        parser.add_argument("--level", required=True,
                            help="department, district, commune, public_service_unit, supervisor (or sở, xã, ...)")
        parser.add_argument("--province", required=True, help="province code, e.g. 86")
        parser.add_argument("--slug", default="", help="subdomain; made from the name when left out")
        parser.add_argument("--code", default="", help="official agency code, e.g. 000.00.14.H62")
        parser.add_argument("--short-name", default="")
        parser.add_argument("--parent", default="", help="code or subdomain of the parent agency")
        parser.add_argument("--valid-from", default="", help="dd/mm/yyyy or yyyy-mm-dd")
        parser.add_argument("--address", default="")
        parser.add_argument("--method", choices=["ddl", "clone", "migrate"], default=None,
                            help="how to build the schema (default: settings.EISO_TENANT_CREATION)")

    def handle(self, *args, **options):
        province = Province.objects.filter(code=options["province"]).first()
        if province is None:
            raise CommandError(f"No province has the code {options['province']!r}.")
        parent = None
        if options["parent"]:
            parent = Agency.objects.agencies().filter(Q(code=options["parent"]) | Q(slug=options["parent"])).first()
            if parent is None:
                raise CommandError(f"No agency has the code or subdomain {options['parent']!r}.")
        plan = plan_one({"name": options["name"], "level": options["level"], "slug": options["slug"],
                         "code": options["code"], "short_name": options["short_name"],
                         "valid_from": options["valid_from"], "address": options["address"]}, province)
        if plan.errors:
            raise CommandError("\n".join(f"{e['field'] or '-'}: {e['message']}" for e in plan.errors))
        spec = plan.agencies[0].spec
        spec.parent = parent
        try:
            agency = create_agency(spec, method=options["method"])
        except ProvisioningError as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"Created {agency.name} ({agency.get_level_display()}): schema {agency.schema_name}, {agency.site_url()}"))
