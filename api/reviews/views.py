"""Management review over the API: the reviews (plan, prepare the inputs, record the minutes, the minutes as
PDF or DOCX, history) and their actions (add, change, record the result).

Preparing is `POST reviews/{id}/prepare/` (the clause 9.3.2 inputs gathered and frozen on the review), holding
is `POST reviews/{id}/hold/` (outputs and decisions); an action's owner records its result with
`POST review-actions/{id}/complete/`.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import (
    BINARY,
    ERROR,
    AnyFileRenderer,
    ChoiceLabelField,
    ScopedViewSetMixin,
    WholeBodyMixin,
    valid,
)
from api.documents.serializers import HistoryEventSerializer
from core.tabular import file_response
from reviews import minutes, selectors, services
from reviews.models import ActionKind, Review, ReviewAction, ReviewState

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class InputSourceSerializer(serializers.Serializer):
    source = serializers.CharField()
    lines = serializers.ListField(child=serializers.CharField())


class InputItemSerializer(serializers.Serializer):
    item = serializers.CharField(help_text="Clause 9.3.2 item: a, b, c1 … c7, d, e, f.")
    label = serializers.CharField()
    reported = serializers.BooleanField()
    sources = InputSourceSerializer(many=True)


class AttendeeSerializer(serializers.Serializer):
    user = serializers.IntegerField(allow_null=True)
    name = serializers.CharField()
    position = serializers.CharField(allow_blank=True)


class ReviewActionSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind", ActionKind.choices)
    state = serializers.SerializerMethodField()

    class Meta:
        model = ReviewAction
        fields = ["id", "review", "kind", "kind_label", "text", "owner", "owner_name", "due_on", "done_on", "result",
                  "state"]

    def get_state(self, action) -> str:
        return selectors.state_of(action)


class ReviewSerializer(serializers.ModelSerializer):
    state_label = ChoiceLabelField("state", ReviewState.choices)
    attendees = AttendeeSerializer(many=True, read_only=True)

    class Meta:
        model = Review
        fields = ["id", "title", "period_since", "period_until", "planned_on", "place", "chair", "chair_name",
                  "chair_title", "secretary", "secretary_name", "attendees", "state", "state_label",
                  "inputs_prepared_at", "held_on", "summary", "improvements", "qms_changes", "resource_needs",
                  "decisions"]


class ReviewDetailSerializer(ReviewSerializer):
    inputs = serializers.SerializerMethodField()
    actions = ReviewActionSerializer(many=True, read_only=True)

    class Meta(ReviewSerializer.Meta):
        fields = [*ReviewSerializer.Meta.fields, "inputs", "actions"]

    @extend_schema_field(InputItemSerializer(many=True))
    def get_inputs(self, review) -> list:
        return InputItemSerializer([{"item": i.item, "label": i.label, "reported": i.reported, "sources": i.sources}
                                    for i in selectors.inputs_of(review)], many=True).data


class PlanSerializer(WholeBodyMixin, serializers.Serializer):
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    planned_on = serializers.DateField()
    period_since = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text="Default: the day after the previous review's period.")
    period_until = serializers.DateField(required=False, allow_null=True, default=None,
                                         help_text="Default: the meeting date.")
    place = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    chair = serializers.IntegerField(help_text="A member who signs for the agency (head or deputy).")
    secretary = serializers.IntegerField(help_text="A member of the agency.")
    attendee_users = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    other_attendees = serializers.ListField(child=serializers.CharField(max_length=200), required=False, default=list,
                                            help_text="Names of attendees without an account.")


class OutputsSerializer(serializers.Serializer):
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    improvements = serializers.CharField(required=False, allow_blank=True, default="")
    qms_changes = serializers.CharField(required=False, allow_blank=True, default="")
    resource_needs = serializers.CharField(required=False, allow_blank=True, default="")
    decisions = serializers.CharField(required=False, allow_blank=True, default="")


class HoldSerializer(OutputsSerializer):
    held_on = serializers.DateField()


class ActionWriteSerializer(WholeBodyMixin, serializers.Serializer):
    kind = serializers.ChoiceField(choices=ActionKind.choices, default=ActionKind.IMPROVEMENT)
    text = serializers.CharField(max_length=500)
    owner = serializers.IntegerField(help_text="A member of the agency.")
    due_on = serializers.DateField()


class ActionCreateSerializer(ActionWriteSerializer):
    review = serializers.IntegerField()


class ReviewActionCompleteSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    result = serializers.CharField(max_length=2000)


class ReviewFilter(filters.FilterSet):
    class Meta:
        model = Review
        fields = ["state"]


@extend_schema(tags=["reviews"])
@extend_schema_view(list=extend_schema(summary="Management reviews, the latest first"),
                    retrieve=extend_schema(summary="A management review with its inputs by clause item and actions",
                                           responses=ReviewDetailSerializer))
class ReviewViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": services.PERM,
                      "partial_update": services.PERM, "prepare": services.PERM, "hold": services.PERM,
                      "outputs": services.PERM, "minutes_pdf": Perm.VIEW_QMS, "minutes_docx": Perm.VIEW_QMS,
                      "history": Perm.VIEW_HISTORY}
    model = Review
    serializer_class = ReviewSerializer
    filterset_class = ReviewFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        return selectors.reviews()

    def get_serializer_class(self):
        return ReviewDetailSerializer if self.action != "list" else ReviewSerializer

    def _answer(self, review, code=status.HTTP_200_OK):
        return Response(ReviewDetailSerializer(review).data, status=code)

    @extend_schema(summary="Plan a management review", request=PlanSerializer,
                   responses={201: ReviewDetailSerializer, 400: ERROR})
    def create(self, request):
        data = valid(PlanSerializer, request.data)
        review = services.plan_review(actor=request.user, **data)
        return self._answer(review, status.HTTP_201_CREATED)

    @extend_schema(summary="Change the plan of a review not held yet", request=PlanSerializer,
                   responses={200: ReviewDetailSerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        review = self.get_object()
        data = valid(PlanSerializer, request.data)
        return self._answer(services.update_plan(review, actor=request.user, **data))

    @extend_schema(summary="Gather the clause 9.3.2 inputs and freeze them on the review", request=None,
                   responses={200: ReviewDetailSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def prepare(self, request, pk=None):
        return self._answer(services.prepare_inputs(self.get_object(), actor=request.user))

    @extend_schema(summary="Record the minutes: the review is held", request=HoldSerializer,
                   responses={200: ReviewDetailSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def hold(self, request, pk=None):
        review = self.get_object()
        data = valid(HoldSerializer, request.data)
        return self._answer(services.record_minutes(review, actor=request.user, **data))

    @extend_schema(summary="Correct the outputs and decisions of a held review", request=OutputsSerializer,
                   responses={200: ReviewDetailSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def outputs(self, request, pk=None):
        review = self.get_object()
        data = valid(OutputsSerializer, request.data)
        return self._answer(services.update_outputs(review, actor=request.user, **data))

    @extend_schema(summary="The minutes as PDF", responses=BINARY)
    @action(detail=True, methods=["get"], url_path="minutes-pdf", renderer_classes=[AnyFileRenderer])
    def minutes_pdf(self, request, pk=None):
        review = self.get_object()
        return file_response(minutes.minutes_pdf(review), minutes.filename(review, "pdf"), "application/pdf")

    @extend_schema(summary="The minutes as DOCX", responses=BINARY)
    @action(detail=True, methods=["get"], url_path="minutes-docx", renderer_classes=[AnyFileRenderer])
    def minutes_docx(self, request, pk=None):
        review = self.get_object()
        return file_response(minutes.minutes_docx(review), minutes.filename(review, "docx"), DOCX)

    @extend_schema(summary="Who changed the review and its actions, when",
                   responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(selectors.review_history(self.get_object()), many=True).data)


class ActionFilter(filters.FilterSet):
    state = filters.ChoiceFilter(choices=selectors.ActionState.choices, method="by_state",
                                 help_text="open (not done), overdue, done")
    mine = filters.BooleanFilter(method="by_owner", help_text="Only the caller's actions.")

    class Meta:
        model = ReviewAction
        fields = ["state", "mine", "review"]

    def by_state(self, queryset, name, value):
        return selectors.filter_actions(queryset, state=value)

    def by_owner(self, queryset, name, value):
        return queryset.filter(owner_id=self.request.user.pk) if value else queryset


@extend_schema(tags=["reviews"])
@extend_schema_view(list=extend_schema(summary="Actions decided by management reviews"),
                    retrieve=extend_schema(summary="A management review action"))
class ReviewActionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                          viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": services.PERM,
                      "partial_update": services.PERM, "complete": Perm.VIEW_QMS}
    model = ReviewAction
    serializer_class = ReviewActionSerializer
    filterset_class = ActionFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        return selectors.actions().order_by("due_on", "id")

    @extend_schema(summary="Record an action the review decided (its owner is told)", request=ActionCreateSerializer,
                   responses={201: ReviewActionSerializer, 400: ERROR})
    def create(self, request):
        data = valid(ActionCreateSerializer, request.data)
        review = get_object_or_404(selectors.reviews(), pk=data.pop("review"))
        created = services.add_action(review, actor=request.user, **data)
        return Response(ReviewActionSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Change an open action", request=ActionWriteSerializer,
                   responses={200: ReviewActionSerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        current = self.get_object()
        data = valid(ActionWriteSerializer, request.data)
        return Response(ReviewActionSerializer(services.update_action(current, actor=request.user, **data)).data)

    @extend_schema(summary="The action is done: when and its result (its owner or the ISO secretary)",
                   request=ReviewActionCompleteSerializer, responses={200: ReviewActionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        current = self.get_object()
        data = valid(ReviewActionCompleteSerializer, request.data)
        return Response(ReviewActionSerializer(services.complete_action(current, actor=request.user, **data)).data)


ROUTES = [("reviews", ReviewViewSet, "review"), ("review-actions", ReviewActionViewSet, "review-action")]
