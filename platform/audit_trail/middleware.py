"""Who acts in this request, for the audit rows written by signal (a role granted, a user deactivated)."""

from .services import current_actor, current_address


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # request.user stays lazy: the session is read only if an event is actually recorded.
        actor_token = current_actor.set(getattr(request, "user", None))
        address_token = current_address.set(request.META.get("REMOTE_ADDR"))
        try:
            return self.get_response(request)
        finally:
            current_actor.reset(actor_token)
            current_address.reset(address_token)
