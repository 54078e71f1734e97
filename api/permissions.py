"""One permission class for the whole API, and it fails closed.

A view declares what it needs: `required_perms` is a Perm for every action, or a dict action -> Perm. The
class checks it against the caller's roles in the agency of the subdomain the request came in on, so a
token from one agency opens nothing in another. An action that did not declare its permission (a new
@action someone forgot to add, OPTIONS on a dict-declared viewset, a view with no declaration at all) is
refused for everyone: forgetting can only close a door, never open one.
"""

from __future__ import annotations

import logging

from rest_framework.permissions import BasePermission

from accounts.services import has_perm

log = logging.getLogger(__name__)


def view_action(view, request) -> str:
    return getattr(view, "action", None) or request.method.lower()


def declared_perm(view, action: str) -> str | None:
    """The permission `view` declared for `action`, or None when it declared none."""
    declared = getattr(view, "required_perms", None)
    if isinstance(declared, dict):
        return declared.get(action)
    return declared


class AgencyPermission(BasePermission):
    message = "You do not have permission to do this in this agency."

    def has_permission(self, request, view):
        action = view_action(view, request)
        perm = declared_perm(view, action)
        if perm is None:
            log.warning("refused %s %s: %s declares no permission for %r", request.method, request.path,
                        type(view).__name__, action)
            return False
        user = request.user
        if not (user and user.is_authenticated):
            return False
        tenant = getattr(request, "tenant", None)
        if tenant is None:
            return False
        return has_perm(user, tenant, perm)
