import sentry_sdk
from django.middleware.locale import LocaleMiddleware


class VietnameseFirstLocaleMiddleware(LocaleMiddleware):
    """Pages are Vietnamese unless the person chose English with the switch (the language cookie).

    Many civil servants' browsers announce English; the product is Vietnamese first, so the web UI ignores
    Accept-Language. The API still honours it, for clients that ask for English errors.
    """

    def process_request(self, request):
        if not request.path.startswith("/api/"):
            request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return super().process_request(request)

class ObservabilityMiddleware:
    """Tags every error and trace with the agency the request is for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            sentry_sdk.set_tag("tenant", tenant.schema_name)
        return self.get_response(request)
