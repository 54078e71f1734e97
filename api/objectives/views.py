"""The REST endpoints of quality policy and objectives (6.2).

`GET objectives/?year=` lists the objectives with their latest value and status (the status rule is
objectives.selectors'); `POST objectives/{id}/measure/` records a period's value, `POST
objectives/{id}/refresh/` recomputes a computed one from the dossiers; `GET objectives/summary/?year=` is
the year's results as the management review reads them; `GET objectives/policy/` the policy in force.
"""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, ChoiceLabelField, ScopedViewSetMixin, valid
from api.documents.serializers import HistoryEventSerializer
from objectives import selectors, services
from objectives.models import Comparison, Frequency, Measurement, Objective, Source, Unit


class MeasurementSerializer(serializers.ModelSerializer):
    period_label = serializers.SerializerMethodField()

    class Meta:
        model = Measurement
        fields = ["id", "period", "period_label", "value", "note", "computed", "recorded_by", "recorded_at"]

    def get_period_label(self, measurement) -> str:
        objective = measurement.objective
        return selectors.period_label(objective.year, objective.frequency, measurement.period)


class ObjectiveSerializer(serializers.ModelSerializer):
    comparison_label = ChoiceLabelField("comparison", Comparison.choices)
    unit_label = ChoiceLabelField("unit", Unit.choices)
    frequency_label = ChoiceLabelField("frequency", Frequency.choices)
    source_label = ChoiceLabelField("source", Source.choices)
    status = serializers.SerializerMethodField()
    status_label = serializers.SerializerMethodField()
    measurements = serializers.SerializerMethodField()

    class Meta:
        model = Objective
        fields = ["id", "year", "title", "comparison", "comparison_label", "target", "unit", "unit_label", "owner",
                  "plan", "frequency", "frequency_label", "source", "source_label", "status", "status_label",
                  "measurements", "created_at"]

    @extend_schema_field(serializers.ChoiceField(choices=list(selectors.STATUS_LABELS)))
    def get_status(self, objective) -> str:
        return selectors.status(objective)

    def get_status_label(self, objective) -> str:
        return str(selectors.STATUS_LABELS[selectors.status(objective)])

    @extend_schema_field(MeasurementSerializer(many=True))
    def get_measurements(self, objective):
        rows = selectors.measurements_of(objective)
        for row in rows:
            row.objective = objective
        return MeasurementSerializer(rows, many=True).data


class ObjectiveInputSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    target = serializers.DecimalField(max_digits=12, decimal_places=2)
    comparison = serializers.ChoiceField(choices=Comparison.choices, default=Comparison.AT_LEAST)
    unit = serializers.ChoiceField(choices=Unit.choices, default=Unit.PERCENT)
    owner = serializers.IntegerField(required=False, allow_null=True, default=None,
                                     help_text="A person of the agency who answers for the objective.")
    plan = serializers.CharField(required=False, allow_blank=True, default="")
    frequency = serializers.ChoiceField(choices=Frequency.choices, default=Frequency.QUARTERLY)
    source = serializers.ChoiceField(choices=Source.choices, default=Source.MANUAL)


class ObjectiveUpdateSerializer(ObjectiveInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class MeasureSerializer(serializers.Serializer):
    period = serializers.IntegerField(help_text="1..12 monthly, 1..4 quarterly, 1..2 half-yearly, 1 yearly.")
    value = serializers.DecimalField(max_digits=12, decimal_places=2)
    note = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class SummaryRowSerializer(serializers.Serializer):
    objective = serializers.IntegerField(source="objective.pk")
    title = serializers.CharField(source="objective.title")
    target = serializers.CharField()
    latest_value = serializers.CharField()
    latest_period = serializers.CharField(source="latest_label")
    status = serializers.CharField()
    status_label = serializers.CharField()


class SummarySerializer(serializers.Serializer):
    year = serializers.IntegerField()
    total = serializers.IntegerField()
    met = serializers.IntegerField(help_text="Met, or on track while the year runs.")
    at_risk = serializers.IntegerField()
    missed = serializers.IntegerField()
    not_measured = serializers.IntegerField()
    rows = SummaryRowSerializer(many=True)


class PolicySerializer(serializers.Serializer):
    document = serializers.IntegerField(source="document_id")
    code = serializers.CharField()
    title = serializers.CharField()
    edition = serializers.IntegerField()
    issue_date = serializers.DateField(allow_null=True)
    content = serializers.CharField(help_text="The effective edition's text (HTML).")


class PolicyAnswerSerializer(serializers.Serializer):
    policy = PolicySerializer(allow_null=True, help_text="null when no quality policy is in force.")


YEAR = OpenApiParameter("year", int, description="Default: this year.")


def _year(request):
    try:
        return int(request.query_params.get("year") or 0) or None
    except ValueError:
        return None


@extend_schema(tags=["objectives"])
@extend_schema_view(list=extend_schema(summary="Quality objectives with their latest value and status",
                                       parameters=[OpenApiParameter("year", int)]),
                    retrieve=extend_schema(summary="A quality objective and its measurements"))
class ObjectiveViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": services.PERM,
                      "partial_update": services.PERM, "measure": services.PERM, "refresh": services.PERM,
                      "summary": Perm.VIEW_QMS, "policy": Perm.VIEW_QMS, "history": Perm.VIEW_HISTORY}
    model = Objective
    serializer_class = ObjectiveSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        objectives = selectors.objectives().order_by("-year", "id")
        year = _year(self.request) if self.action == "list" else None
        return objectives.filter(year=year) if year else objectives

    @extend_schema(summary="Set a quality objective", request=ObjectiveInputSerializer,
                   responses={201: ObjectiveSerializer, 400: ERROR})
    def create(self, request):
        objective = services.create_objective(actor=request.user, **valid(ObjectiveInputSerializer, request.data))
        return Response(ObjectiveSerializer(objective).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change a quality objective", request=ObjectiveUpdateSerializer,
                   responses={200: ObjectiveSerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        objective = services.update_objective(self.get_object(), actor=request.user,
                                              **valid(ObjectiveUpdateSerializer, request.data))
        return Response(ObjectiveSerializer(selectors.objectives().get(pk=objective.pk)).data)

    @extend_schema(summary="Record (or correct) a period's value", request=MeasureSerializer,
                   responses={200: MeasurementSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def measure(self, request, pk=None):
        objective = self.get_object()
        measurement = services.record_measurement(objective, actor=request.user,
                                                  **valid(MeasureSerializer, request.data))
        return Response(MeasurementSerializer(measurement).data)

    @extend_schema(summary="Compute the values again from the dossiers (computed objectives)", request=None,
                   responses={200: ObjectiveSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def refresh(self, request, pk=None):
        objective = self.get_object()
        services.refresh_computed(objective, actor=request.user)
        return Response(ObjectiveSerializer(selectors.objectives().get(pk=objective.pk)).data)

    @extend_schema(summary="The year's results, as the management review reads them", parameters=[YEAR],
                   responses={200: SummarySerializer})
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def summary(self, request):
        return Response(SummarySerializer(selectors.summary(_year(request))).data)

    @extend_schema(summary="The quality policy in force", responses={200: PolicyAnswerSerializer})
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def policy(self, request):
        return Response(PolicyAnswerSerializer({"policy": selectors.quality_policy()}).data)

    @extend_schema(summary="Who recorded what about the objective and its measurements, when",
                   responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(selectors.history(self.get_object()), many=True).data)


ROUTES = [("objectives", ObjectiveViewSet, "objective")]
