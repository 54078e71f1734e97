"""The province's TTHC catalogue over the API.

On an agency's subdomain: the entries assigned to that agency (VIEW_QMS). On the DOST's subdomain: the whole
province's catalogue and its publication decisions (SUPERVISE); its administrators (MANAGE_PROVINCE_CATALOGUE)
create, change, withdraw and import entries and record decisions. The services refuse a change made anywhere
but on the DOST's own site, or to another province's rows.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, ChoiceLabelField, ScopedViewSetMixin, valid
from api.documents.serializers import HistoryEventSerializer
from tenants.models import Agency
from tthc import selectors, services
from tthc.models import PublicationDecision, TthcEntry


class DecisionSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicationDecision
        fields = ["id", "number", "signed_on"]


class EntrySerializer(serializers.ModelSerializer):
    level_label = ChoiceLabelField("level", Agency.Level.choices)
    time_unit_label = ChoiceLabelField("time_unit", TthcEntry.TimeUnit.choices)
    decision = DecisionSummarySerializer(read_only=True)
    agencies = serializers.SerializerMethodField(help_text="Subdomains of the agencies assigned by name")

    class Meta:
        model = TthcEntry
        fields = ["id", "code", "name", "field", "level", "level_label", "legal_basis", "time_limit", "time_unit",
                  "time_unit_label", "fees", "filed_at", "returned_at", "decision", "entered_on",
                  "assigned_levels", "agencies", "status", "withdrawn_on", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_agencies(self, entry) -> list[str]:
        return [assignment.agency.slug for assignment in entry.assignments.all()]


class EntryWriteSerializer(serializers.Serializer):
    """What the DOST sends; the services check the values (level, time limit, unit, unique code)."""

    code = serializers.CharField(max_length=32)
    name = serializers.CharField(max_length=500)
    field = serializers.CharField(max_length=200, required=False, allow_blank=True)
    level = serializers.CharField(max_length=32, help_text="department, commune, public_service_unit, district…")
    time_limit = serializers.IntegerField()
    time_unit = serializers.CharField(required=False, help_text="working_days (default) or working_hours")
    legal_basis = serializers.CharField(required=False, allow_blank=True)
    fees = serializers.CharField(required=False, allow_blank=True)
    filed_at = serializers.CharField(required=False, allow_blank=True)
    returned_at = serializers.CharField(required=False, allow_blank=True)
    decision = serializers.IntegerField(required=False, allow_null=True, help_text="A publication decision's id")
    assigned_levels = serializers.ListField(child=serializers.CharField(), required=False,
                                            help_text="Levels the entry is assigned to (default: its level)")
    agencies = serializers.ListField(child=serializers.SlugField(), required=False,
                                     help_text="Subdomains of the province's agencies it is assigned to by name")


class EntryFilter(filters.FilterSet):
    field = filters.CharFilter(method="narrow", help_text="lĩnh vực, e.g. Hộ tịch")
    level = filters.CharFilter(method="narrow", help_text="An agency level: the entry's or one assigned")
    q = filters.CharFilter(method="narrow", help_text="Text in the code, name or field")
    decision = filters.NumberFilter(method="narrow", help_text="A publication decision's id")
    status = filters.ChoiceFilter(method="narrow", choices=TthcEntry.Status.choices)

    class Meta:
        model = TthcEntry
        fields = ["field", "level", "q", "decision", "status"]

    def narrow(self, queryset, name, value):
        return selectors.filter_entries(queryset, **{name: value})


def _entry_arguments(request, data: dict) -> dict:
    """The write's references (decision id, agency subdomains) as the objects the services take."""
    tenant = request.tenant
    if "decision" in data:
        number = data.pop("decision")
        data["decision"] = (get_object_or_404(PublicationDecision, pk=number, province_id=tenant.province_id)
                            if number else None)
    if "agencies" in data:
        data["agencies"] = services.agencies_by_slug(tenant.province_id, data.pop("agencies"))
    return data


IMPORT_RESULT = inline_serializer("TthcImportResult", {
    "rows": serializers.IntegerField(), "created": serializers.ListField(child=serializers.CharField()),
    "updated": serializers.ListField(child=serializers.CharField()), "unchanged": serializers.IntegerField(),
    "withdrawn": serializers.ListField(child=serializers.CharField()),
    "decisions_created": serializers.ListField(child=serializers.CharField())})
IMPORT_ERRORS = inline_serializer("TthcImportErrors", {
    "code": serializers.CharField(), "detail": serializers.CharField(),
    "errors": inline_serializer("TthcImportLineError", {
        "line": serializers.IntegerField(help_text="As the spreadsheet shows it: the header is line 1"),
        "field": serializers.CharField(allow_null=True), "message": serializers.CharField()}, many=True)})


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(help_text="CSV (UTF-8, comma or semicolon) or XLSX; columns in tthc/imports.py")
    replace = serializers.BooleanField(default=False, help_text="Withdraw entries the file leaves out")


@extend_schema(tags=["tthc"])
@extend_schema_view(list=extend_schema(summary="TTHC the caller may see: the agency's own, or the province's"),
                    retrieve=extend_schema(summary="A TTHC of the catalogue"))
class EntryViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The province's TTHC catalogue: an agency reads what is assigned to it, the DOST keeps the whole list."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "history": Perm.VIEW_HISTORY,
                      "create": Perm.MANAGE_PROVINCE_CATALOGUE, "partial_update": Perm.MANAGE_PROVINCE_CATALOGUE,
                      "withdraw": Perm.MANAGE_PROVINCE_CATALOGUE, "import_file": Perm.MANAGE_PROVINCE_CATALOGUE}
    model = TthcEntry
    serializer_class = EntrySerializer
    filterset_class = EntryFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        return selectors.visible_entries(self.request.user, self.request.tenant).prefetch_related(
            "assignments__agency")

    def _answer(self, entry, code=status.HTTP_200_OK):
        entry = self.scoped_queryset().get(pk=entry.pk)
        return Response(EntrySerializer(entry).data, status=code)

    @extend_schema(summary="Add a TTHC to the province's catalogue (DOST)", request=EntryWriteSerializer,
                   responses={201: EntrySerializer, 400: ERROR, 403: ERROR})
    def create(self, request):
        data = _entry_arguments(request, valid(EntryWriteSerializer, request.data))
        return self._answer(services.create_entry(actor=request.user, **data), status.HTTP_201_CREATED)

    @extend_schema(summary="Change a TTHC (DOST); only the fields sent", request=EntryWriteSerializer,
                   responses={200: EntrySerializer, 400: ERROR, 403: ERROR})
    def partial_update(self, request, pk=None):
        entry = self.get_object()
        data = _entry_arguments(request, valid(EntryWriteSerializer, request.data, partial=True))
        return self._answer(services.update_entry(entry, actor=request.user, **data))

    @extend_schema(summary="Withdraw a TTHC from the catalogue (DOST)", request=None,
                   responses={200: EntrySerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._answer(services.withdraw_entry(self.get_object(), actor=request.user))

    @extend_schema(summary="Change history of the TTHC", responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(selectors.entry_history(self.get_object()), many=True).data)

    @extend_schema(summary="Import the catalogue from CSV or XLSX (DOST): every row checked, all or nothing",
                   description="Runs inline (a few thousand rows take seconds). A bad row answers 400 with every "
                               "error by line and applies nothing; the same file twice changes nothing.",
                   request={"multipart/form-data": ImportSerializer},
                   responses={200: IMPORT_RESULT, 400: IMPORT_ERRORS, 403: ERROR})
    @action(detail=False, methods=["post"], url_path="import", filter_backends=[], pagination_class=None)
    def import_file(self, request):
        data = valid(ImportSerializer, request.data)
        try:
            result = services.import_catalogue(actor=request.user, upload=data["file"], replace=data["replace"])
        except services.ImportRejected as rejected:
            return Response({"code": rejected.code, "detail": rejected.message, "errors": rejected.errors},
                            status=status.HTTP_400_BAD_REQUEST)
        return Response(vars(result))


class DecisionSerializer(serializers.ModelSerializer):
    deadline = serializers.SerializerMethodField(help_text="5 working days after signing")
    deadline_status = serializers.SerializerMethodField(help_text="met, due or overdue")

    class Meta:
        model = PublicationDecision
        fields = ["id", "number", "signed_on", "title", "received_on", "deadline", "deadline_status"]

    @extend_schema_field(serializers.DateField())
    def get_deadline(self, decision):
        return selectors.decision_deadline(decision)

    @extend_schema_field(serializers.ChoiceField(choices=["met", "due", "overdue"]))
    def get_deadline_status(self, decision) -> str:
        return selectors.decision_status(decision)


class DecisionWriteSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    signed_on = serializers.DateField()
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")
    received_on = serializers.DateField(required=False, allow_null=True, default=None)


@extend_schema(tags=["tthc"])
@extend_schema_view(list=extend_schema(summary="The province's TTHC publication decisions with their deadlines"),
                    retrieve=extend_schema(summary="A publication decision"))
class DecisionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Provincial decisions publishing TTHC; the DOST updates the catalogue within 5 working days of each."""

    required_perms = {"list": Perm.SUPERVISE, "retrieve": Perm.SUPERVISE, "create": Perm.MANAGE_PROVINCE_CATALOGUE}
    model = PublicationDecision
    serializer_class = DecisionSerializer
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return selectors.visible_decisions(self.request.user, self.request.tenant).select_related("province")

    @extend_schema(summary="Record a publication decision (DOST)", request=DecisionWriteSerializer,
                   responses={201: DecisionSerializer, 400: ERROR, 403: ERROR})
    def create(self, request):
        decision = services.record_decision(actor=request.user, **valid(DecisionWriteSerializer, request.data))
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)


ROUTES = [("tthc/entries", EntryViewSet, "tthc-entry"), ("tthc/decisions", DecisionViewSet, "tthc-decision")]
