"""API tokens: `Authorization: Token <token>` (or `Bearer <token>`), checked by django-rest-knox against its
stored hash and expiry, and accepted only on the site of the agency that issued it."""

from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from rest_framework import exceptions
from rest_framework.authentication import get_authorization_header

from . import schema  # noqa: F401  (describes this scheme to drf-spectacular)

SCHEMES = (b"token", b"bearer")


class AgencyTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in SCHEMES:
            return None  # no token, or another scheme's: someone else's business
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        user, token = self.authenticate_credentials(parts[1])
        tenant = getattr(request, "tenant", None)
        if tenant is None or token.agency_id != tenant.pk:
            # The same answer as an unknown token: nothing says the token is good elsewhere.
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return user, token

