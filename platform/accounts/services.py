"""Who may do what in which agency. Every view and endpoint asks here; nothing else decides."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from tenants.models import Agency

from .models import Membership
from .roles import AGENCY_ROLES, READ_PERMS, ROLE_PERMS, SUPERVISOR_ROLES, Role


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


def lineage_roles(user, agency: Agency) -> frozenset[str]:
    """The roles the person holds in a current successor of `agency` (a merger, a split or a dissolution,
    walked through later events too): they read its QMS history, never change it (granted_in). Only an
    agency that ended or is ending (valid_to set) has successors, so other agencies cost no query."""
    if (user is None or not user.is_authenticated or not user.is_active or agency.kind != Agency.Kind.AGENCY
            or agency.valid_to is None):
        return frozenset()
    cache = user.__dict__.setdefault("_eiso_lineage_roles", {})
    if agency.pk not in cache:
        from lineage.selectors import successor_ids

        successors = successor_ids(agency.pk)
        cache[agency.pk] = frozenset(
            Membership.objects.filter(user=user, agency_id__in=successors, role__in=AGENCY_ROLES,
                                      agency__in=Agency.objects.current()).values_list("role", flat=True)
        ) if successors else frozenset()
    return cache[agency.pk]


def granted_in(user, agency: Agency) -> frozenset[str]:
    """What the person's roles grant, before the agency's own state is considered; a successor's people
    get only the reading part of their roles in a predecessor (lineage_roles)."""
    perms: set[str] = set()
    for role in roles_in(user, agency):
        perms |= ROLE_PERMS[role]
    for role in lineage_roles(user, agency):
        perms |= ROLE_PERMS[role] & READ_PERMS
    return frozenset(perms)


def perms_in(user, agency: Agency) -> frozenset[str]:
    """What the person may do in the agency now: a suspended or ended agency is read-only for everyone, so
    every page, endpoint and service that asks here refuses its changes."""
    perms = granted_in(user, agency)
    if agency.kind != Agency.Kind.AGENCY or agency.accepts_changes:
        return perms
    if not can_enter(user, agency):  # suspended: its own people are out, sessions already open included
        return frozenset()
    return perms & READ_PERMS


def has_perm(user, agency: Agency, perm: str) -> bool:
    return perm in perms_in(user, agency)


def require_perm(user, agency: Agency, perm: str) -> None:
    if has_perm(user, agency, perm):
        return
    if perm in granted_in(user, agency):
        raise PermissionDenied(read_only_reason(agency))
    raise PermissionDenied(_("You do not have permission to do this in %(agency)s.") % {"agency": agency.name})


def read_only_reason(agency: Agency) -> str:
    if agency.status == Agency.Status.SUSPENDED:
        return _("%(agency)s is suspended: its records can be read but not changed.") % {"agency": agency.name}
    return _("%(agency)s ceased to exist on %(date)s: its records can be read but not changed.") % {
        "agency": agency.name, "date": agency.valid_to.strftime("%d/%m/%Y") if agency.valid_to else "—"}


def can_enter(user, agency: Agency) -> bool:
    """A role there, and the agency not suspended (then only the platform's operators and the province's
    supervisors may look in)."""
    roles = roles_in(user, agency)
    if agency.kind == Agency.Kind.AGENCY and agency.status == Agency.Status.SUSPENDED:
        return bool(roles & {Role.PLATFORM_OPERATOR, *SUPERVISOR_ROLES})
    return bool(roles or lineage_roles(user, agency))
