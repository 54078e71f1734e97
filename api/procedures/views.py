"""TTHC procedures over the API: the spec and step table of each edition, read where the caller may see the
edition and saved whole (PUT) or in part (PATCH) while the edition is editable.

A spec is addressed by its edition's id (`/procedure-specs/{revision id}/`): an edition has at most one, and
a client saving the first one knows the edition, not a spec id. The rules (steps within the time limit,
positive times, codes, editable edition) are procedures.services'; their refusals answer {code, detail}.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, ScopedViewSetMixin, valid
from api.object_schema import OneObjectListSchema
from documents import selectors as documents_selectors
from procedures import durations, selectors, services
from procedures.edition_parts import signed
from procedures.models import ProcedureStep, TimeUnit, TthcProcedureSpec


class RoundedDecimalField(serializers.DecimalField):
    """A JSON number rounded to the field's decimal places (a client's 0.5700000000000001 is 0.57), not
    refused for the noise of binary floats; the bounds stay (and are in the schema)."""

    def validate_precision(self, value):
        return super().validate_precision(value.quantize(Decimal(1).scaleb(-self.decimal_places), ROUND_HALF_UP))


TIME = {"max_digits": 9, "decimal_places": 2, "coerce_to_string": False, "min_value": Decimal(0),
        "max_value": Decimal("9999999.99")}
REVISION_ID = OpenApiParameter("id", OpenApiTypes.INT, OpenApiParameter.PATH,
                               description="The edition's id (a revision of a tthc_procedure document).")


class ProcedureStepSerializer(serializers.ModelSerializer):
    time_allowed = RoundedDecimalField(**TIME)

    class Meta:
        model = ProcedureStep
        fields = ["number", "action", "responsible", "time_allowed", "time_unit", "output"]


class ProcedureSpecSerializer(serializers.ModelSerializer):
    document = serializers.IntegerField(source="revision.document_id", read_only=True)
    edition = serializers.IntegerField(source="revision.edition", read_only=True)
    editable = serializers.BooleanField(source="revision.is_editable", read_only=True,
                                        help_text="Whether the edition's procedure can still be saved.")
    time_limit = RoundedDecimalField(**TIME)
    time_limit_hours = serializers.SerializerMethodField(help_text="The time limit in working hours (1 day = 8).")
    steps_hours = serializers.SerializerMethodField(help_text="The steps' times added up, in working hours.")
    steps = serializers.SerializerMethodField()

    class Meta:
        model = TthcProcedureSpec
        fields = ["revision", "document", "edition", "editable", "tthc_codes", "legal_basis", "dossier_components",
                  "fees", "where_filed", "where_returned", "time_limit", "time_unit", "time_limit_hours",
                  "steps_hours", "steps"]

    @extend_schema_field(ProcedureStepSerializer(many=True))
    def get_steps(self, spec):
        return ProcedureStepSerializer(spec.revision.procedure_steps.all(), many=True).data

    @extend_schema_field(RoundedDecimalField(**TIME))
    def get_time_limit_hours(self, spec):
        return durations.in_hours(spec.time_limit, spec.time_unit)

    @extend_schema_field(RoundedDecimalField(**TIME))
    def get_steps_hours(self, spec):
        return sum((durations.in_hours(s.time_allowed, s.time_unit) for s in spec.revision.procedure_steps.all()), 0)


class StepInputSerializer(serializers.Serializer):
    # Blank values pass to the service, which refuses them with a declared code (step_incomplete).
    action = serializers.CharField(required=False, allow_blank=True, default="")
    responsible = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)
    time_allowed = RoundedDecimalField(**TIME)
    time_unit = serializers.ChoiceField(choices=TimeUnit.choices, default=TimeUnit.WORKING_HOURS)
    output = serializers.CharField(required=False, allow_blank=True, default="", max_length=300)


class ProcedureInputSerializer(serializers.Serializer):
    """The whole spec and step table (PUT), or some of its fields (PATCH: `steps`, when sent, replace the
    whole table). Steps are numbered in the order given."""

    tthc_codes = serializers.ListField(child=serializers.CharField(allow_blank=True, trim_whitespace=False),
                                       help_text="TTHC codes the procedure covers, e.g. [\"1.001193\"]")
    legal_basis = serializers.CharField(required=False, allow_blank=True, default="")
    dossier_components = serializers.CharField(required=False, allow_blank=True, default="",
                                               help_text="One component per line.")
    fees = serializers.CharField(required=False, allow_blank=True, default="")
    where_filed = serializers.CharField(required=False, allow_blank=True, default="")
    where_returned = serializers.CharField(required=False, allow_blank=True, default="")
    time_limit = RoundedDecimalField(**TIME)
    time_unit = serializers.ChoiceField(choices=TimeUnit.choices)
    steps = StepInputSerializer(many=True)


class ProcedureSpecFilter(filters.FilterSet):
    revision = filters.NumberFilter(field_name="revision_id", help_text="The edition's id")
    document = filters.NumberFilter(field_name="revision__document_id", help_text="The document's id")
    tthc_code = filters.CharFilter(method="filter_code", help_text="Specs covering this TTHC code")

    class Meta:
        model = TthcProcedureSpec
        fields = ["revision", "document"]

    def filter_code(self, queryset, name, value):
        return queryset.filter(tthc_codes__contains=[value])


@extend_schema(tags=["procedures"])
@extend_schema_view(
    list=extend_schema(summary="TTHC procedures' specs and steps of the editions the caller may see"),
    retrieve=extend_schema(summary="The TTHC procedure (spec and steps) of an edition", parameters=[REVISION_ID]),
)
class ProcedureSpecViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    """A TTHC procedure's particulars and step table, per edition (DOMAIN.md §4)."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "update": Perm.EDIT_DOCUMENTS,
                      "partial_update": Perm.EDIT_DOCUMENTS}
    model = TthcProcedureSpec
    serializer_class = ProcedureSpecSerializer
    filterset_class = ProcedureSpecFilter
    lookup_field, lookup_url_kwarg = "revision", "pk"
    http_method_names = ["get", "put", "patch", "head", "options"]

    def scoped_queryset(self):
        return selectors.visible_specs(self.request.user).prefetch_related("revision__procedure_steps") \
            .order_by("revision__document__code", "-revision__edition")

    @extend_schema(summary="Save the spec and the whole step table of an editable edition",
                   parameters=[REVISION_ID], request=ProcedureInputSerializer,
                   responses={200: ProcedureSpecSerializer, 400: ERROR, 404: ERROR})
    def update(self, request, pk=None):
        return self._save(request, pk, valid(ProcedureInputSerializer, request.data))

    @extend_schema(summary="Change some of an editable edition's spec (steps, when sent, replace the table)",
                   parameters=[REVISION_ID], request=ProcedureInputSerializer(partial=True),
                   responses={200: ProcedureSpecSerializer, 400: ERROR, 404: ERROR})
    def partial_update(self, request, pk=None):
        return self._save(request, pk, valid(ProcedureInputSerializer, request.data, partial=True), partial=True)

    def _save(self, request, pk, data, *, partial=False):
        revision = get_object_or_404(documents_selectors.visible_revisions(request.user), pk=pk)
        if partial:
            # What is not sent stays as saved (the service always takes the whole spec and table).
            data = {**(signed(revision) or {"tthc_codes": [], "time_limit": None, "time_unit": None,
                                             "steps": []}), **data}
            for step in data["steps"]:
                step.pop("number", None)
        services.save_procedure(revision, actor=request.user, **data)
        return Response(self.get_serializer(self.get_queryset().get(revision=revision)).data)


class CoverageRowSerializer(serializers.Serializer):
    tthc_id = serializers.IntegerField(source="entry.pk", help_text="The catalogue entry's id (/api/v1/tthc/{id}/)")
    tthc_code = serializers.CharField(source="entry.code")
    tthc_name = serializers.CharField(source="entry.name")
    field = serializers.CharField(source="entry.field")
    time_limit = serializers.IntegerField(source="entry.time_limit")
    time_unit = serializers.CharField(source="entry.time_unit")
    catalogue_changed_on = serializers.DateField(source="entry.content_changed_on", allow_null=True)
    status = serializers.ChoiceField(choices=selectors.CoverageStatus.STATES,
                                     help_text="covered: an effective procedure carries it; outdated: one does, but "
                                               "it was issued before the entry changed or exceeds its time limit; "
                                               "missing: none does")
    document = serializers.IntegerField(source="document.pk", allow_null=True, default=None)
    document_code = serializers.CharField(source="document.code", allow_null=True, default=None)
    revision = serializers.IntegerField(source="revision.pk", allow_null=True, default=None)
    issue_date = serializers.DateField(source="revision.issue_date", allow_null=True, default=None)
    reasons = serializers.ListField(child=serializers.CharField(), help_text="Why it is outdated, in words")


class CoverageQuerySerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=selectors.CoverageStatus.STATES, required=False,
                                     help_text="Only the rows in this state")


class CoverageSerializer(serializers.Serializer):
    assigned = serializers.IntegerField(help_text="TTHC the catalogue assigns to this agency")
    with_procedure = serializers.IntegerField(help_text="Of them, carried by an effective procedure")
    missing = serializers.IntegerField()
    outdated = serializers.IntegerField()
    percent = serializers.IntegerField(allow_null=True, help_text="with_procedure / assigned in whole per cent "
                                                                  "(null when nothing is assigned)")
    rows = CoverageRowSerializer(many=True)


@extend_schema(tags=["procedures"])
class CoverageViewSet(viewsets.ViewSet):
    schema = OneObjectListSchema()  # `list` answers one object
    """Which TTHC assigned to this agency an effective procedure carries: the figure the supervisor sees."""

    required_perms = {"list": Perm.VIEW_QMS}
    pagination_class = None

    @extend_schema(summary="TTHC coverage of this agency: each assigned TTHC and the procedure carrying it",
                   parameters=[CoverageQuerySerializer], responses={200: CoverageSerializer, 400: ERROR})
    def list(self, request):
        status = valid(CoverageQuerySerializer, request.query_params).get("status", "")
        coverage = selectors.tthc_coverage(request.tenant)
        rows = coverage.rows_in(status)
        return Response(CoverageSerializer({
            "assigned": coverage.assigned, "with_procedure": coverage.with_procedure,
            "missing": coverage.count(selectors.CoverageStatus.MISSING),
            "outdated": coverage.count(selectors.CoverageStatus.OUTDATED),
            "percent": coverage.percent, "rows": rows}).data)


ROUTES = [("procedure-specs", ProcedureSpecViewSet, "procedure-spec"), ("tthc-coverage", CoverageViewSet, "tthc-coverage")]
