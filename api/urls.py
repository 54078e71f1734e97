"""The API every agency subdomain serves under /api/v1/, with its OpenAPI schema and docs."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import DefaultRouter

from . import agencies, auth, documents, documents_files, notifications

router = DefaultRouter()
router.register("supervision/agencies", agencies.ProvinceAgencyViewSet, basename="province-agency")
router.register("notifications", notifications.NotificationViewSet, basename="notification")
router.register("documents", documents.DocumentViewSet, basename="document")
router.register("revisions", documents.RevisionViewSet, basename="revision")
router.register("attachments", documents_files.AttachmentViewSet, basename="attachment")
router.register("records", documents_files.RecordViewSet, basename="record")
router.register("record-requirements", documents_files.RecordRequirementViewSet, basename="record-requirement")

v1 = [
    path("auth/token/", auth.ObtainTokenView.as_view(), name="auth-token"),
    path("me/", auth.MeView.as_view(), name="me"),
    path("agency/", agencies.CurrentAgencyView.as_view(), name="current-agency"),
    path("", include(router.urls)),
]

urlpatterns = [
    path("api/v1/", include((v1, "api"), namespace="v1")),
    path("api/schema/", SpectacularAPIView.as_view(urlconf="eiso.urls_tenant"), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
]
