"""`{% unread_notifications as n %}` for the bell in the top bar (one indexed COUNT, agency sites only)."""

from django import template
from django.db import connection

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    tenant = getattr(request, "tenant", None)
    if user is None or not user.is_authenticated or getattr(tenant, "kind", None) != "agency":
        return 0
    if getattr(connection, "schema_name", None) != tenant.schema_name:
        return 0
    from notifications.selectors import unread_count

    return unread_count(user)
