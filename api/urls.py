"""The API every agency subdomain serves under /api/v1/, with its OpenAPI schema and docs.

Each area's package lists its viewsets in ROUTES; adding an area is adding its package here.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .agencies.views import CurrentAgencyView
from .announcement import views as announcement
from .audits import views as audits
from .auth.views import LogoutView, MeView, ObtainTokenView
from .committee import views as committee
from .documents import files as document_files
from .documents import views as documents
from .dossiers import views as dossiers
from .inspections import views as inspections
from .legal import views as legal
from .lineage import views as lineage
from .model_procedures import views as model_procedures
from .nonconformities import views as nonconformities
from .notices import views as notices
from .notifications import views as notifications
from .objectives import views as objectives
from .people import views as people
from .procedures import views as procedures
from .province_reports import views as province_reports
from .records import views as records
from .reviews import views as reviews
from .risks import views as risks
from .supervision import views as supervision
from .training import views as training
from .tthc import views as tthc
from .workdays import views as workdays

AREAS = [supervision, notifications, people, documents, document_files, records, procedures, workdays,
         tthc, dossiers, model_procedures, legal, committee,
         objectives, risks, training, nonconformities, audits, reviews, announcement,
         inspections, notices, province_reports, lineage]

router = DefaultRouter()
for area in AREAS:
    for prefix, viewset, basename in area.ROUTES:
        router.register(prefix, viewset, basename=basename)

v1 = [
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("auth/logout/", LogoutView.as_view(), name="auth-logout"),
    path("me/", MeView.as_view(), name="me"),
    path("agency/", CurrentAgencyView.as_view(), name="current-agency"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("api/v1/", include((v1, "api"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="eiso.urls_tenant"), name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs")  # no inline script (CSP),
]
