"""The public schema's API, for platform operators: the agency registry and provisioning jobs.

Agency data is served on agency subdomains (api/urls.py); this one lives on the bare base domain, with its
own OpenAPI schema and docs.
"""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from .agencies.views import RegistryAgencyViewSet
from .auth.views import ObtainTokenView
from .provisioning.views import ProvisioningJobViewSet

router = DefaultRouter()
router.register("provisioning/jobs", ProvisioningJobViewSet, basename="provisioning-job")
router.register("agencies", RegistryAgencyViewSet, basename="registry-agency")

v1 = [
    path("auth/token/", ObtainTokenView.as_view(), name="auth-token"),
    path("", include(router.urls)),
]

PUBLIC_SCHEMA_SETTINGS = {
    "TITLE": "eISO platform API",
    "DESCRIPTION": "The platform operators' API on the bare base domain: the agency registry and bulk creation "
    "of agencies from CSV files. Authenticate with a session or a token from POST /api/v1/auth/token/ "
    "sent as `Authorization: Token <key>`. Each agency's own API is at https://<agency>.<base-domain>/api/v1/.",
}

urlpatterns = [
    path("api/v1/", include((v1, "api"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="eiso.urls_public", custom_settings=PUBLIC_SCHEMA_SETTINGS),
         name="schema"),
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs")  # no inline script (CSP),
]
