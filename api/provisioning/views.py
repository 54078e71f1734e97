"""Provisioning over the public API, for platform operators: send a CSV of agencies, follow the job."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.roles import Perm
from core.errors import DomainError
from tenants.bulk import decode_csv
from tenants.models import Province, ProvisioningJob
from tenants.services import start_provisioning_job


class LineErrorSerializer(serializers.Serializer):
    line = serializers.IntegerField(help_text="line of the CSV file (the header is line 1; 0: the whole job)")
    field = serializers.CharField(allow_null=True, help_text="the column, when the error is about one")
    message = serializers.CharField()


class ProvisioningJobSerializer(serializers.ModelSerializer):
    province = serializers.SlugRelatedField(slug_field="code", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    finished = serializers.BooleanField(read_only=True)
    errors = LineErrorSerializer(many=True, read_only=True)
    created_slugs = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ProvisioningJob
        fields = ["id", "filename", "province", "state", "total", "done", "percent", "finished", "errors",
                  "created_slugs", "created_at", "finished_at"]


class ProvisioningJobUploadSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV, UTF-8: code, name, level[, slug, short_name, parent_code, "
                                           "valid_from, address, province_code]")
    province = serializers.SlugRelatedField(slug_field="code", queryset=Province.objects.all(), required=False,
                                            allow_null=True, help_text="province code of lines without province_code")


class ProvisioningJobViewSet(mixins.CreateModelMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             viewsets.GenericViewSet):
    """CSV imports of agencies. A file is checked whole before anything is created; follow `state` and `done`."""

    required_perms = Perm.OPERATE_PLATFORM
    queryset = ProvisioningJob.objects.select_related("province").order_by("-created_at")
    serializer_class = ProvisioningJobSerializer
    parser_classes = [MultiPartParser, FormParser]
    filterset_fields = ["state"]

    @extend_schema(request=ProvisioningJobUploadSerializer, responses={202: ProvisioningJobSerializer},
                   tags=["provisioning"])
    def create(self, request, *args, **kwargs):
        upload = ProvisioningJobUploadSerializer(data=request.data)
        upload.is_valid(raise_exception=True)
        try:
            text = decode_csv(upload.validated_data["file"])
        except ValueError as exc:
            raise DomainError("unreadable_file", str(exc)) from exc
        if not text.strip():
            raise DomainError("empty_file", _("The file is empty."))
        job = start_provisioning_job(text, upload.validated_data["file"].name,
                                     upload.validated_data.get("province"), request.user)
        return Response(ProvisioningJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(tags=["provisioning"])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(tags=["provisioning"])
    def retrieve(self, request, *args, **kwargs):
        return super().retrieve(request, *args, **kwargs)
