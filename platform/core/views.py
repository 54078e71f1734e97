from django.http import JsonResponse
from django.views.decorators.cache import never_cache

from .health import health


@never_cache
def healthz(request):
    ok, checks = health()
    return JsonResponse({"status": "ok" if ok else "unavailable", "checks": checks}, status=200 if ok else 503)
