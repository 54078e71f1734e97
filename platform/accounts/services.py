"""Who may do what in which agency. Every view and endpoint asks here; nothing else decides."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tenants.models import Agency

from .models import Membership
from .roles import AGENCY_ROLES, ROLE_PERMS, SUPERVISOR_ROLES, Role


def roles_in(user, agency: Agency) -> frozenset[str]:
    """The roles `user` holds in `agency`, including read-only supervision of its province."""
    if user is None or not user.is_authenticated or not user.is_active:
        return frozenset()
    cache = user.__dict__.setdefault("_eiso_roles", {})
    if agency.pk in cache:
        return cache[agency.pk]
    roles = set()
    if user.is_superuser:
        roles.add(Role.PLATFORM_OPERATOR)
    if agency.kind == Agency.Kind.AGENCY:
        memberships = Membership.objects.filter(user=user).filter(agency__province_id=agency.province_id)
        for membership in memberships.select_related("agency"):
            if membership.agency_id == agency.pk:
                roles.add(membership.role)
            elif membership.role in SUPERVISOR_ROLES and membership.agency.level == Agency.Level.SUPERVISOR:
                roles.add(membership.role)
    result = frozenset(roles)
    cache[agency.pk] = result
    return result


def perms_in(user, agency: Agency) -> frozenset[str]:
    perms: set[str] = set()
    for role in roles_in(user, agency):
        perms |= ROLE_PERMS[role]
    return frozenset(perms)


def has_perm(user, agency: Agency, perm: str) -> bool:
    return perm in perms_in(user, agency)


def require_perm(user, agency: Agency, perm: str) -> None:
    if not has_perm(user, agency, perm):
        raise PermissionDenied(_("You do not have permission to do this in %(agency)s.") % {"agency": agency.name})


def can_enter(user, agency: Agency) -> bool:
    return bool(roles_in(user, agency))


def is_member(user, agency: Agency) -> bool:
    """Holds a role inside the agency itself (supervisors read it but are not its staff). Only members may
    be named in answers given in this agency: a stranger's name is not this agency's to tell."""
    return bool(roles_in(user, agency) & set(AGENCY_ROLES))
