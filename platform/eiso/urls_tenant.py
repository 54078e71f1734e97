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
    path("objectives/", include("objectives.urls")),  # quality policy and objectives (6.2)
    path("context/", include("risks.urls")),  # context, interested parties, risks and opportunities (4.1, 4.2, 6.1)
    path("training/", include("training.urls")),  # training sessions and each person's training record (7.2)
    path("nonconformities/", include("nonconformities.urls")),  # nonconformities and corrective actions (10.2)
    path("audits/", include("audits.urls")),  # internal audit: programme, plans, checklists, findings (9.2)
    path("reviews/", include("reviews.urls")),  # management review: inputs gathered, outputs, actions (9.3)
    path("announcement/", include("announcement.urls")),  # confirmation, announcement of conformity, publication state
    path("inspections/", include("inspections.urls")),  # the DOST's inspections; an agency's side of them
    path("notices/", include("notices.urls")),  # the DOST's notices; an agency reads and acknowledges
    path("reports/", include("province_reports.urls")),  # the November and December reports
    path("lineage/", include("lineage.urls")),  # the DOST's mergers and renames; an agency's predecessors
    path("supervision/", include("supervision.urls")),  # the DOST: its province's agencies, weights
    path("cong-khai/", include("announcement.urls_public")),  # the public page: no log-in
]

# A database that is away answers 503 with Retry-After, not a 500 (core/unavailable.py).
handler500 = "core.unavailable.server_error"
