import sentry_sdk


class ObservabilityMiddleware:
    """Tags every error and trace with the agency the request is for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        if tenant is not None:
            sentry_sdk.set_tag("tenant", tenant.schema_name)
        return self.get_response(request)
