import hmac

from django.conf import settings
from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import health


def _may_see_checks(request) -> bool:
    token = getattr(settings, "EISO_HEALTH_TOKEN", "")
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and hmac.compare_digest(given.encode(), token.encode())


@never_cache
def healthz(request):
    """200 while the web can serve (degraded included), 503 without a database; details behind a token."""
    status, checks = health()
    body = {"status": status}
    if _may_see_checks(request):
        body["checks"] = checks
    return JsonResponse(body, status=503 if status == "unavailable" else 200)
