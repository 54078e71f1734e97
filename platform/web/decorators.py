"""Server-side permission checks for views: the same rules as the API, from accounts.services."""

from functools import wraps

from django.core.exceptions import PermissionDenied

from accounts.services import has_perm


def agency_perm_required(perm):
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_perm(request.user, request.tenant, perm):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        # Read by the isolation matrix (tests/api/matrix.py) to derive what each page should answer;
        # functools.wraps carries it through the decorators stacked above (require_POST, login_required).
        wrapped.agency_perm = perm
        return wrapped

    return decorator
