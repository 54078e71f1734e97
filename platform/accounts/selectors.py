"""Who is who in an agency: the one answer every person picker, web and API, is built on."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.errors import DomainError

from .models import Membership, User
from .roles import AGENCY_ROLES, ROLE_PERMS, Perm


def roles_granting(perm: str) -> list[str]:
    return [role for role, perms in ROLE_PERMS.items() if perm in perms]


def members(agency, perm: str | None = None) -> QuerySet[User]:
    """Active people holding a role inside `agency` (optionally one that grants `perm`), by name.

    Supervisors read an agency through their DOST membership but are not its members: they are never
    offered as reviewers, approvers or readers, and their names are not listed to the agency.
    """
    memberships = Membership.objects.filter(agency=agency)
    if perm is not None and perm not in Perm.values:
        raise DomainError("unknown_permission", _("“%(perm)s” is not a permission.") % {"perm": perm})
    if perm is not None:
        memberships = memberships.filter(role__in=roles_granting(perm))
    return (User.objects.filter(is_active=True, pk__in=memberships.values("user_id"))
            .order_by("full_name", "username"))


def memberships_of(agency, user_ids) -> dict[int, list[Membership]]:
    """Each listed person's memberships in `agency` (one query), for showing their roles and unit."""
    by_user: dict[int, list[Membership]] = {}
    for membership in Membership.objects.filter(agency=agency, user_id__in=list(user_ids)).order_by("role"):
        by_user.setdefault(membership.user_id, []).append(membership)
    return by_user


def is_member(user, agency) -> bool:
    """Holds an agency role inside the agency itself (supervisors of the province read it but are not its
    staff). Only members may be named in answers given in this agency: a stranger's name is not this
    agency's to tell."""
    return Membership.objects.filter(agency=agency, user_id=getattr(user, "pk", user), role__in=AGENCY_ROLES,
                                     user__is_active=True).exists()
