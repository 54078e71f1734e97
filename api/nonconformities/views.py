"""The REST endpoints of nonconformities and corrective actions (10.2).

`POST nonconformities/` opens an NC (the ISO secretary, any source); `POST nonconformities/report/` is a
member of staff reporting one. Each step of the lifecycle is an action on the NC (`correction`,
`root-cause`, `actions`, `effectiveness`, `close`); an action's owner marks it done with
`POST nc-actions/{id}/complete/`.
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, ChoiceLabelField, ScopedViewSetMixin, valid
from api.documents.serializers import HistoryEventSerializer
from nonconformities import history, selectors, services
from nonconformities.models import CorrectiveAction, Effectiveness, Grade, Nonconformity, Source, State

PERM = services.PERM


class ActionSerializer(serializers.ModelSerializer):
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = CorrectiveAction
        fields = ["id", "nonconformity", "description", "owner", "owner_name", "due_on", "done_on", "done_by",
                  "result", "overdue", "created_at"]


class NonconformitySerializer(serializers.ModelSerializer):
    source_label = ChoiceLabelField("source", Source.choices)
    grade_label = ChoiceLabelField("grade", Grade.choices)
    state_label = ChoiceLabelField("state", State.choices)
    effectiveness_overdue = serializers.BooleanField(read_only=True)
    actions = ActionSerializer(many=True, read_only=True)

    class Meta:
        model = Nonconformity
        fields = ["id", "number", "source", "source_label", "source_ref", "grade", "grade_label", "description",
                  "clause", "requirement", "process", "document", "detected_on", "state", "state_label",
                  "raised_by", "raised_at", "correction", "corrected_on", "corrected_by", "root_cause",
                  "analysed_on", "analysed_by", "planned_on", "planned_by", "implemented_on", "effectiveness_days",
                  "effectiveness_due_on", "effectiveness_overdue", "effectiveness", "effectiveness_note",
                  "effectiveness_checked_on", "effectiveness_checked_by", "not_effective_count", "closed_on",
                  "closed_by", "actions"]


class ReportSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=4000)
    detected_on = serializers.DateField(required=False, allow_null=True, default=None)
    process = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    clause = serializers.CharField(max_length=32, required=False, allow_blank=True, default="")
    document = serializers.IntegerField(required=False, allow_null=True, default=None,
                                        help_text="The procedure concerned, if any.")


class RaiseSerializer(ReportSerializer):
    source = serializers.ChoiceField(choices=Source.choices)
    grade = serializers.ChoiceField(choices=Grade.choices, default=Grade.MINOR)
    requirement = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")
    source_ref = serializers.CharField(max_length=120, required=False, allow_blank=True, default="",
                                       help_text="What raised it (e.g. audit-finding:12): raising again with the "
                                                 "same source and reference answers the NC made the first time.")


class DetailsSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=4000, required=False)
    grade = serializers.ChoiceField(choices=Grade.choices, required=False)
    clause = serializers.CharField(max_length=32, required=False, allow_blank=True)
    requirement = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    process = serializers.CharField(max_length=200, required=False, allow_blank=True)
    effectiveness_days = serializers.IntegerField(required=False, min_value=1, max_value=services.MAX_EFFECTIVENESS_DAYS)


class CorrectionSerializer(serializers.Serializer):
    correction = serializers.CharField(max_length=4000)
    corrected_on = serializers.DateField(required=False, allow_null=True, default=None)


class RootCauseSerializer(serializers.Serializer):
    root_cause = serializers.CharField(max_length=8000)


class NewActionSerializer(serializers.Serializer):
    description = serializers.CharField(max_length=4000)
    owner = serializers.IntegerField(help_text="A member of the agency (see GET people/).")
    due_on = serializers.DateField()


class EffectivenessSerializer(serializers.Serializer):
    result = serializers.ChoiceField(choices=Effectiveness.choices)
    note = serializers.CharField(max_length=4000)
    checked_on = serializers.DateField(required=False, allow_null=True, default=None)
    new_action = NewActionSerializer(required=False, allow_null=True, default=None,
                                     help_text="Required when the result is not_effective.")


class CompleteSerializer(serializers.Serializer):
    result = serializers.CharField(max_length=4000)
    done_on = serializers.DateField(required=False, allow_null=True, default=None)


class NonconformityFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=State.choices)
    source = filters.ChoiceFilter(choices=Source.choices)
    overdue = filters.BooleanFilter(method="filter_overdue", help_text="With an overdue action or check.")

    class Meta:
        model = Nonconformity
        fields = ["state", "source", "grade", "year", "overdue"]

    def filter_overdue(self, queryset, name, value):
        if value:
            return queryset.filter(pk__in=selectors.nonconformities(overdue=True).values("pk"))
        return queryset


@extend_schema(tags=["nonconformities"])
@extend_schema_view(list=extend_schema(summary="Nonconformities of the agency, newest first"),
                    retrieve=extend_schema(summary="A nonconformity with its corrective actions"))
class NonconformityViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                           viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": PERM, "report": Perm.VIEW_QMS,
                      "partial_update": PERM, "correction": PERM, "root_cause": PERM, "add_action": PERM,
                      "effectiveness": PERM, "close": PERM, "history": Perm.VIEW_HISTORY}
    model = Nonconformity
    serializer_class = NonconformitySerializer
    filterset_class = NonconformityFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        return Nonconformity.objects.prefetch_related("actions").order_by("-year", "-sequence")

    def _answer(self, nc, code=status.HTTP_200_OK):
        nc = self.scoped_queryset().get(pk=nc.pk)
        return Response(NonconformitySerializer(nc).data, status=code)

    @extend_schema(summary="Open a nonconformity (idempotent on source and source_ref)", request=RaiseSerializer,
                   responses={201: NonconformitySerializer, 400: ERROR})
    def create(self, request):
        data = valid(RaiseSerializer, request.data)
        nc = services.raise_nonconformity(actor=request.user, document_id=data.pop("document"), **data)
        return self._answer(nc, status.HTTP_201_CREATED)

    @extend_schema(summary="A member of staff reports a nonconformity", request=ReportSerializer,
                   responses={201: NonconformitySerializer, 400: ERROR})
    @action(detail=False, methods=["post"])
    def report(self, request):
        data = valid(ReportSerializer, request.data)
        nc = services.report_nonconformity(actor=request.user, document_id=data.pop("document"), **data)
        return self._answer(nc, status.HTTP_201_CREATED)

    @extend_schema(summary="Change the description, grade, clause, requirement, process or effectiveness delay",
                   request=DetailsSerializer, responses={200: NonconformitySerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        nc = services.update_details(self.get_object(), actor=request.user, **valid(DetailsSerializer, request.data))
        return self._answer(nc)

    @extend_schema(summary="Record the immediate correction", request=CorrectionSerializer,
                   responses={200: NonconformitySerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def correction(self, request, pk=None):
        data = valid(CorrectionSerializer, request.data)
        return self._answer(services.record_correction(self.get_object(), actor=request.user, **data))

    @extend_schema(summary="Record (or revise) the root cause", request=RootCauseSerializer,
                   responses={200: NonconformitySerializer, 400: ERROR})
    @action(detail=True, methods=["post"], url_path="root-cause")
    def root_cause(self, request, pk=None):
        data = valid(RootCauseSerializer, request.data)
        return self._answer(services.record_root_cause(self.get_object(), actor=request.user, **data))

    @extend_schema(summary="Plan a corrective action", request=NewActionSerializer,
                   responses={201: ActionSerializer, 400: ERROR})
    @action(detail=True, methods=["post"], url_path="actions")
    def add_action(self, request, pk=None):
        data = valid(NewActionSerializer, request.data)
        created = services.add_action(self.get_object(), actor=request.user, **data)
        return Response(ActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Record the effectiveness check (not effective: with the new action)",
                   request=EffectivenessSerializer, responses={200: NonconformitySerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def effectiveness(self, request, pk=None):
        data = valid(EffectivenessSerializer, request.data)
        data["new_action"] = dict(data["new_action"]) if data.get("new_action") else None
        return self._answer(services.record_effectiveness(self.get_object(), actor=request.user, **data))

    @extend_schema(summary="Close the nonconformity (no open action; effective check)", request=None,
                   responses={200: NonconformitySerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        return self._answer(services.close_nonconformity(self.get_object(), actor=request.user))

    @extend_schema(summary="Who changed what of the nonconformity and its actions, when",
                   responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(history.nc_events(self.get_object()), many=True).data)


class ActionFilter(filters.FilterSet):
    open = filters.BooleanFilter(field_name="done_on", lookup_expr="isnull", help_text="Not done yet.")
    mine = filters.BooleanFilter(method="filter_mine", help_text="Owned by the caller.")

    class Meta:
        model = CorrectiveAction
        fields = ["nonconformity", "open", "mine"]

    def filter_mine(self, queryset, name, value):
        return queryset.filter(owner_id=self.request.user.pk) if value else queryset


@extend_schema(tags=["nonconformities"])
@extend_schema_view(list=extend_schema(summary="Corrective actions of the agency's nonconformities"),
                    retrieve=extend_schema(summary="A corrective action"))
class CorrectiveActionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                              viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "complete": Perm.VIEW_QMS}
    model = CorrectiveAction
    serializer_class = ActionSerializer
    filterset_class = ActionFilter
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return CorrectiveAction.objects.order_by("due_on", "id")

    @extend_schema(summary="Mark the action done with its result (its owner, or the ISO secretary)",
                   request=CompleteSerializer, responses={200: ActionSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        data = valid(CompleteSerializer, request.data)
        done = services.complete_action(self.get_object(), actor=request.user, **data)
        return Response(ActionSerializer(done).data)


ROUTES = [("nonconformities", NonconformityViewSet, "nonconformity"),
          ("nc-actions", CorrectiveActionViewSet, "nc-action")]
