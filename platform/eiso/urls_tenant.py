"""URLs served on every agency's subdomain."""

from django.urls import include, path

urlpatterns = [
    path("", include("web.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("core.urls")),
    path("", include("api.urls")),
    path("documents/", include("documents.urls")),
    path("notifications/", include("notifications.urls")),
]
