from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import second_factor
from accounts.login import LOGIN_REFUSED, cooloff_minutes, count_refusal, is_locked_out, locked_out_message
from accounts.models import ApiToken
from accounts.roles import Perm
from accounts.services import can_enter, roles_in
from audit_trail.services import record
from core.errors import DomainError

ERROR = inline_serializer("LoginError", {"code": serializers.CharField(), "detail": serializers.CharField()})


def _locked_out() -> Response:
    return Response({"code": "locked_out", "detail": locked_out_message()}, status=429,
                    headers={"Retry-After": str(cooloff_minutes() * 60)})


class TokenRequestSerializer(AuthTokenSerializer):
    otp = serializers.CharField(
        required=False, allow_blank=True, write_only=True,
        help_text="The code from the authenticator app (or a backup code): required for operators, "
                  "supervisors and heads or deputies (error codes otp_required, otp_invalid, otp_not_enrolled).")


class ObtainTokenView(APIView):
    """POST username and password (and `otp`, the second factor, for those whose roles need one), get a token
    for this agency's API. Tokens issued before keep working until they expire."""

    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = TokenRequestSerializer

    @extend_schema(
        request=TokenRequestSerializer,
        responses={200: inline_serializer("TokenResponse", {
            "token": serializers.CharField(help_text="Send as `Authorization: Token <token>`; shown once."),
            "expiry": serializers.DateTimeField(help_text="When the token stops working.")}),
            401: ERROR, 403: ERROR, 429: ERROR},
        tags=["auth"],
    )
    def post(self, request):
        # The serializer hands `request` (DRF's) to authenticate(), so django-axes counts failures and
        # refuses locked-out username+address pairs here as on the log-in pages; it flags that request.
        serializer = TokenRequestSerializer(data=request.data, context={"request": request})
        if not serializer.is_valid():
            if is_locked_out(request):
                return _locked_out()
            if "non_field_errors" in serializer.errors:
                raise serializers.ValidationError({"non_field_errors": [LOGIN_REFUSED]})
            raise serializers.ValidationError(serializer.errors)
        user = serializer.validated_data["user"]
        tenant = request.tenant
        if tenant.kind == "agency" and not can_enter(user, tenant):
            # Same words as a wrong password, and counted like one (see web.views.AgencyLoginView).
            if count_refusal(request, user.get_username()):
                return _locked_out()
            raise serializers.ValidationError({"non_field_errors": [LOGIN_REFUSED]})
        try:
            second_factor.check_for_token(request, user, request.data.get("otp"))
        except DomainError as exc:
            if exc.code == "locked_out":
                return _locked_out()
            return Response({"code": exc.code, "detail": exc.message}, status=exc.status_code)
        # A new token per client that asks (knox), bound to this agency, stored only as its hash.
        instance, token = ApiToken.objects.create(user, agency=tenant)
        record("auth.token_issued", agency=tenant, actor=user, target=user.username,
               address=request.META.get("REMOTE_ADDR"), expiry=instance.expiry)
        return Response({"token": token, "expiry": instance.expiry})


class MeSerializer(serializers.Serializer):
    username = serializers.CharField()
    full_name = serializers.CharField()
    job_title = serializers.CharField()
    agency = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())


class MeView(APIView):
    """Who the caller is and what roles they hold in this agency."""

    required_perms = Perm.VIEW_QMS

    @extend_schema(responses=MeSerializer, tags=["auth"])
    def get(self, request):
        user = request.user
        return Response(MeSerializer({
            "username": user.username, "full_name": user.full_name, "job_title": user.job_title,
            "agency": request.tenant.name, "roles": sorted(roles_in(user, request.tenant)),
        }).data)


class LogoutView(APIView):
    """Revoke the token this request carries (a session is ended by the site's log-out)."""

    required_perms = Perm.VIEW_QMS

    @extend_schema(request=None, responses={204: None}, tags=["auth"], summary="Revoke this token")
    def post(self, request):
        if isinstance(request.auth, ApiToken):
            request.auth.delete()
        return Response(status=204)
