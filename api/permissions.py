"""One permission class for the whole API.

A view declares what it needs (`required_perms`: a Perm for every action, or a dict action -> Perm); the
class checks it against the caller's roles in the agency of the subdomain the request came in on. A token
from one agency therefore opens nothing in another: the roles are looked up in the requested agency.
"""

from rest_framework.permissions import SAFE_METHODS, BasePermission

from accounts.roles import Perm
from accounts.services import has_perm


def required_perm(view, request) -> str:
    declared = getattr(view, "required_perms", None)
    if declared is None:
        return Perm.VIEW_QMS if request.method in SAFE_METHODS else Perm.MANAGE_AGENCY
    if isinstance(declared, dict):
        action = getattr(view, "action", None) or request.method.lower()
        return declared.get(action, declared.get("default", Perm.MANAGE_AGENCY))
    return declared


class AgencyPermission(BasePermission):
    message = "You do not have permission to do this in this agency."

    def has_permission(self, request, view):
        perm = required_perm(view, request)
        user = request.user
        if not (user and user.is_authenticated):
            return False
        tenant = getattr(request, "tenant", None)
        if tenant is None:
            return False
        return has_perm(user, tenant, perm)
