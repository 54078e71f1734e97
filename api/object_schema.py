"""OpenAPI descriptions views pick for themselves (kept apart from api.base, which DRF's settings import before
drf-spectacular's AutoSchema can be)."""

from drf_spectacular.openapi import AutoSchema


class OneObjectListSchema(AutoSchema):
    """For a viewset whose `list` answers one object (a state, a matrix, a summary): drf-spectacular would
    describe any `list` as an array."""

    def _is_list_view(self, serializer=None) -> bool:
        return False
