"""The REST endpoints of context, interested parties, risks and opportunities (4.1, 4.2, 6.1).

`risks/issues/` and `risks/parties/` keep the context; `risks/register/` the risks and opportunities, with
`reassess/` (residual scores after treatment), `close/`, `reopen/`, `history/` and `heatmap/`;
`risks/matrix/` reads and sets the agency's matrix (levels are computed from it, never sent).
"""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, ChoiceLabelField, ScopedViewSetMixin, valid
from api.documents.serializers import HistoryEventSerializer
from api.object_schema import OneObjectListSchema
from risks import selectors, services
from risks.models import (
    MATRIX_SIZES,
    AssessmentBasis,
    ContextIssue,
    InterestedParty,
    IssueCategory,
    Risk,
    RiskKind,
    RiskStatus,
    Side,
    Treatment,
)

READ, WRITE = Perm.VIEW_QMS, services.PERM


class ContextIssueSerializer(serializers.ModelSerializer):
    side_label = ChoiceLabelField("side", Side.choices)
    category_label = ChoiceLabelField("category", IssueCategory.choices)

    class Meta:
        model = ContextIssue
        fields = ["id", "side", "side_label", "category", "category_label", "description", "effect", "noted_on",
                  "relevant", "changed_on"]
        read_only_fields = ["id", "changed_on"]
        extra_kwargs = {"noted_on": {"required": False}, "effect": {"required": False}}


class InterestedPartySerializer(serializers.ModelSerializer):
    class Meta:
        model = InterestedParty
        fields = ["id", "name", "needs", "monitoring", "relevant", "changed_on"]
        read_only_fields = ["id", "changed_on"]
        extra_kwargs = {"monitoring": {"required": False}}


class RiskSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind", RiskKind.choices)
    treatment_label = ChoiceLabelField("treatment", Treatment.choices)
    status_label = ChoiceLabelField("status", RiskStatus.choices)
    documents = serializers.ListField(child=serializers.IntegerField(), source="document_ids", read_only=True,
                                      help_text="Ids of the agency's documents (procedures) the risk names.")
    score = serializers.IntegerField(read_only=True)
    residual_score = serializers.IntegerField(read_only=True, allow_null=True)
    level = serializers.SerializerMethodField(help_text="low / medium / high, from the agency's matrix.")
    residual_level = serializers.SerializerMethodField()

    class Meta:
        model = Risk
        fields = ["id", "kind", "kind_label", "title", "process", "documents", "cause", "consequence", "likelihood",
                  "impact", "score", "level", "residual_likelihood", "residual_impact", "residual_score",
                  "residual_level", "treatment", "treatment_label", "actions", "owner", "review_on", "status",
                  "status_label", "identified_on", "treated_on", "closed_on"]

    def _grid(self):
        if "grid" not in self.context:
            self.context["grid"] = selectors.matrix()
        return self.context["grid"]

    def get_level(self, risk) -> str:
        return self._grid().level_of(risk.score)

    def get_residual_level(self, risk) -> str | None:
        return self._grid().level_of(risk.residual_score)


class RiskInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RiskKind.choices)
    title = serializers.CharField(max_length=300)
    process = serializers.CharField(max_length=200, required=False, allow_blank=True)
    documents = serializers.ListField(child=serializers.IntegerField(), required=False)
    cause = serializers.CharField(required=False, allow_blank=True)
    consequence = serializers.CharField(required=False, allow_blank=True)
    likelihood = serializers.IntegerField()
    impact = serializers.IntegerField()
    treatment = serializers.ChoiceField(choices=Treatment.choices)
    actions = serializers.CharField(required=False, allow_blank=True)
    owner = serializers.IntegerField(help_text="A member of the agency.")
    review_on = serializers.DateField()


class RiskPatchSerializer(RiskInputSerializer):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False


class RiskReassessSerializer(serializers.Serializer):
    likelihood = serializers.IntegerField()
    impact = serializers.IntegerField()
    assessed_on = serializers.DateField(required=False, allow_null=True)
    review_on = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True)


class RiskMatrixSerializer(serializers.Serializer):
    size = serializers.ChoiceField(choices=[(s, f"{s}x{s}") for s in MATRIX_SIZES])
    medium_from = serializers.IntegerField()
    high_from = serializers.IntegerField()
    likelihood_labels = serializers.ListField(child=serializers.CharField(min_length=1, max_length=60), required=False)
    impact_labels = serializers.ListField(child=serializers.CharField(min_length=1, max_length=60), required=False)


class RiskHeatCellSerializer(serializers.Serializer):
    likelihood = serializers.IntegerField()
    impact = serializers.IntegerField()
    level = serializers.CharField(help_text="low, medium or high on the agency's matrix")
    count = serializers.IntegerField()


def _matrix_data() -> dict:
    grid = selectors.matrix()
    return {"size": grid.size, "medium_from": grid.medium_from, "high_from": grid.high_from,
            "likelihood_labels": grid.likelihood_labels, "impact_labels": grid.impact_labels}


@extend_schema(tags=["risks"])
class RiskMatrixViewSet(viewsets.GenericViewSet):
    schema = OneObjectListSchema()  # `list` answers one object
    required_perms = {"list": READ, "create": WRITE}
    serializer_class = RiskMatrixSerializer
    pagination_class = None
    filter_backends: list = []

    @extend_schema(summary="The agency's risk matrix (the default 5×5 while none is saved)",
                   responses={200: RiskMatrixSerializer})
    def list(self, request):
        return Response(_matrix_data())

    @extend_schema(summary="Set the risk matrix (re-levels the register)", request=RiskMatrixSerializer,
                   responses={200: RiskMatrixSerializer, 400: ERROR})
    def create(self, request):
        services.set_matrix(actor=request.user, **valid(RiskMatrixSerializer, request.data))
        return Response(_matrix_data())


class _ContextViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                      viewsets.GenericViewSet):
    required_perms = {"list": READ, "retrieve": READ, "create": WRITE, "partial_update": WRITE}
    http_method_names = ["get", "post", "patch", "head", "options"]
    record_service = update_service = None

    def create(self, request):
        data = valid(self.serializer_class, request.data)
        data.pop("relevant", None)
        made = type(self).record_service(actor=request.user, **data)
        return Response(self.serializer_class(made).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        data = valid(self.serializer_class, request.data, partial=True)
        changed = type(self).update_service(self.get_object(), actor=request.user, **data)
        return Response(self.serializer_class(changed).data)


@extend_schema(tags=["risks"])
@extend_schema_view(list=extend_schema(summary="Internal and external issues of the agency's context"),
                    retrieve=extend_schema(summary="A context issue"),
                    create=extend_schema(summary="Note a context issue", responses={201: ContextIssueSerializer, 400: ERROR}),
                    partial_update=extend_schema(summary="Change an issue or mark it no longer relevant",
                                                 responses={200: ContextIssueSerializer, 400: ERROR}))
class ContextIssueViewSet(_ContextViewSet):
    model = ContextIssue
    serializer_class = ContextIssueSerializer
    filterset_fields = ["side", "category", "relevant"]
    record_service, update_service = staticmethod(services.record_issue), staticmethod(services.update_issue)

    def scoped_queryset(self):
        return selectors.issues()


@extend_schema(tags=["risks"])
@extend_schema_view(list=extend_schema(summary="Interested parties and their needs"),
                    retrieve=extend_schema(summary="An interested party"),
                    create=extend_schema(summary="Add an interested party", responses={201: InterestedPartySerializer, 400: ERROR}),
                    partial_update=extend_schema(summary="Change an interested party",
                                                 responses={200: InterestedPartySerializer, 400: ERROR}))
class InterestedPartyViewSet(_ContextViewSet):
    model = InterestedParty
    serializer_class = InterestedPartySerializer
    filterset_fields = ["relevant"]
    record_service, update_service = staticmethod(services.record_party), staticmethod(services.update_party)

    def scoped_queryset(self):
        return selectors.parties()


REGISTER_FILTERS = [OpenApiParameter(name, OpenApiTypes.STR, description=text) for name, text in (
    ("kind", "risk or opportunity"), ("status", "open, treated or closed"), ("level", "low, medium or high"),
    ("basis", "inherent (default) or residual: which scores level, likelihood and impact filter on"),
    ("owner", "a member's id"), ("document", "a document's id"), ("likelihood", "1..size"), ("impact", "1..size"),
    ("overdue", "true: review date passed"), ("q", "words in the title, process or cause"))]


@extend_schema(tags=["risks"])
@extend_schema_view(list=extend_schema(summary="The register of risks and opportunities", parameters=REGISTER_FILTERS),
                    retrieve=extend_schema(summary="A risk or opportunity"))
class RiskViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_perms = {"list": READ, "retrieve": READ, "create": WRITE, "partial_update": WRITE, "reassess": WRITE,
                      "close": WRITE, "reopen": WRITE, "history": Perm.VIEW_HISTORY, "heatmap": READ}
    model = Risk
    serializer_class = RiskSerializer
    http_method_names = ["get", "post", "patch", "head", "options"]
    filter_backends: list = []

    def scoped_queryset(self):
        if self.action == "list":
            return selectors.filtered(selectors.RiskFilters.from_query(self.request.query_params))
        return selectors.risks().order_by("id")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "grid": selectors.matrix()}

    def _answer(self, risk, code=status.HTTP_200_OK):
        return Response(RiskSerializer(risk, context=self.get_serializer_context()).data, status=code)

    @extend_schema(summary="Enter a risk or opportunity", request=RiskInputSerializer,
                   responses={201: RiskSerializer, 400: ERROR})
    def create(self, request):
        return self._answer(services.record_risk(actor=request.user, **valid(RiskInputSerializer, request.data)),
                            status.HTTP_201_CREATED)

    @extend_schema(summary="Change a risk (a new inherent scoring is kept as an assessment)",
                   request=RiskPatchSerializer, responses={200: RiskSerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        risk = self.get_object()
        return self._answer(services.update_risk(risk, actor=request.user, **valid(RiskPatchSerializer, request.data)))

    @extend_schema(summary="Re-assess after treatment (residual scores; the risk becomes treated)",
                   request=RiskReassessSerializer, responses={200: RiskSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def reassess(self, request, pk=None):
        risk = self.get_object()
        return self._answer(services.reassess(risk, actor=request.user, **valid(RiskReassessSerializer, request.data)))

    @extend_schema(summary="Close the risk", request=None, responses={200: RiskSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._answer(services.close_risk(self.get_object(), actor=request.user))

    @extend_schema(summary="Reopen a closed risk", request=None, responses={200: RiskSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._answer(services.reopen_risk(self.get_object(), actor=request.user))

    @extend_schema(summary="Who recorded what about the risk and its assessments, when",
                   responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(selectors.risk_history(self.get_object()), many=True).data)

    @extend_schema(summary="Counts per likelihood × impact cell (not closed)", responses={200: RiskHeatCellSerializer(many=True)},
                   parameters=[OpenApiParameter("basis", OpenApiTypes.STR, enum=AssessmentBasis.values),
                               OpenApiParameter("kind", OpenApiTypes.STR, enum=RiskKind.values)])
    @action(detail=False, methods=["get"], pagination_class=None)
    def heatmap(self, request):
        found = selectors.heat_map(request.query_params.get("basis") or AssessmentBasis.INHERENT,
                                   request.query_params.get("kind") or "")
        cells = [cell for _likelihood, _label, row in found.rows for cell in row]
        return Response(RiskHeatCellSerializer(cells, many=True).data)


ROUTES = [("risks/matrix", RiskMatrixViewSet, "risk-matrix"),
          ("risks/issues", ContextIssueViewSet, "context-issue"),
          ("risks/parties", InterestedPartyViewSet, "interested-party"),
          ("risks/register", RiskViewSet, "risk")]
