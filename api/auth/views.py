from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.roles import Perm
from accounts.services import can_enter, roles_in


class ObtainTokenView(APIView):
    """POST username and password, get a token for this agency's API."""

    authentication_classes = []
    permission_classes = [AllowAny]
    serializer_class = AuthTokenSerializer

    @extend_schema(
        request=AuthTokenSerializer,
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
        tags=["auth"],
    )
    def post(self, request):
        serializer = AuthTokenSerializer(data=request.data, context={"request": request})
        serializer.is_valid(raise_exception=True)
        user = serializer.validated_data["user"]
        tenant = request.tenant
        if tenant.kind == "agency" and not can_enter(user, tenant):
            raise serializers.ValidationError({"non_field_errors": [_("This account has no role in this agency.")]})
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})


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
