"""URLs served on every agency's subdomain."""

from django.urls import include, path

urlpatterns = [
    path("", include("web.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("core.urls")),
    path("", include("api.urls")),
    # Records keep the addresses they had under documents (bookmarks, printed links).
    path("documents/", include("records.urls")),
    path("documents/", include("procedures.urls")),  # a TTHC procedure's steps, under its document
    path("documents/", include("documents.urls")),
    path("notifications/", include("notifications.urls")),
    path("calendar/", include("workdays.urls")),
    path("tthc/", include("procedures.urls_coverage")),  # which assigned TTHC a procedure carries
    path("tthc/", include("tthc.urls")),
    path("dossiers/", include("dossiers.urls")),
    path("models/", include("model_procedures.urls")),
    path("legal/", include("legal_updates.urls")),  # the province's legal register and our update tasks
    path("committee/", include("committee.urls")),  # the ISO steering committee (Ban chỉ đạo ISO)
]
