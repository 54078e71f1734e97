"""URLs of the public schema: the province landing page, platform administration, health, public API."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("web.urls_public")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("core.urls")),
    path("", include("api.urls_public")),
]

# A database that is away answers 503 with Retry-After, not a 500 (core/unavailable.py).
handler500 = "core.unavailable.server_error"
