from django.conf import settings

from accounts.roles import Perm, Role
from accounts.services import perms_in, roles_in


def eiso(request):
    tenant = getattr(request, "tenant", None)
    user = getattr(request, "user", None)
    is_agency = tenant is not None and tenant.kind == "agency"
    perms = perms_in(user, tenant) if is_agency and user else frozenset()
    roles = roles_in(user, tenant) if is_agency and user else frozenset()
    return {
        "tenant": tenant,
        "is_agency_site": is_agency,
        "agency_perms": perms,
        "agency_roles": roles,
        "agency_role_labels": [Role(role).label for role in sorted(roles)],  # what people read, translated
        "Perm": Perm,
        "base_domain": settings.EISO_BASE_DOMAIN,
    }
