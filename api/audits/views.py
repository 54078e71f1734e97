"""The REST endpoints of internal audit: programme, plans, checklists, findings (9.2).

A plan is made with `POST plans/` (its checklist is prefilled), then `POST plans/{id}/issue/`,
`start/`, findings on its lines with `POST lines/{id}/findings/` (a minor or major nonconformity opens an NC
record, whose id the finding carries), and `POST plans/{id}/complete/` issues the report, which
`GET plans/{id}/report/?fmt=pdf|docx` prints.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import BINARY, ERROR, AnyFileRenderer, ChoiceLabelField, ScopedViewSetMixin, valid
from api.documents.serializers import HistoryEventSerializer
from audits import report, selectors, services, standards
from audits.models import AuditPlan, AuditProgramme, AuditState, ChecklistLine, Finding, Grade, LineKind
from core.tabular import file_response

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class AuditProgrammeSerializer(serializers.ModelSerializer):
    class Meta:
        model = AuditProgramme
        fields = ["id", "year", "title", "objectives", "created_at"]
        read_only_fields = ["id", "created_at"]
        extra_kwargs = {"title": {"required": False, "allow_blank": True}}


class AuditFindingSerializer(serializers.ModelSerializer):
    grade_label = ChoiceLabelField("grade", Grade.choices)
    plan = serializers.IntegerField(source="line.plan_id", read_only=True)

    class Meta:
        model = Finding
        fields = ["id", "plan", "line", "grade", "grade_label", "evidence", "nonconformity_id", "recorded_at"]


class ChecklistLineSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind", LineKind.choices)
    questions = serializers.ListField(source="question_list", child=serializers.CharField(), read_only=True)

    class Meta:
        model = ChecklistLine
        fields = ["id", "plan", "position", "kind", "kind_label", "clause", "document_id", "title", "questions"]


class AuditPlanSerializer(serializers.ModelSerializer):
    state_label = ChoiceLabelField("state", AuditState.choices)
    edition = serializers.CharField(source="edition.code", read_only=True)

    class Meta:
        model = AuditPlan
        fields = ["id", "programme", "title", "state", "state_label", "edition", "units", "processes", "clauses",
                  "document_ids", "starts_on", "ends_on", "lead_auditor", "auditor_ids", "auditees", "issued_on",
                  "started_on", "completed_on", "conclusion"]


class AuditPlanInputSerializer(serializers.Serializer):
    programme = serializers.IntegerField()
    title = serializers.CharField(max_length=300)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    edition = serializers.CharField(required=False, default=None, allow_null=True,
                                    help_text="A standard edition shipped as data, e.g. “TCVN ISO 9001:2015”.")
    units = serializers.ListField(child=serializers.CharField(max_length=150), required=False, default=list)
    processes = serializers.CharField(required=False, allow_blank=True, default="")
    clauses = serializers.ListField(child=serializers.CharField(max_length=16), required=False, default=None,
                                    allow_null=True, help_text="None or empty: every clause that may not be excluded.")
    document_ids = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    lead_auditor = serializers.IntegerField()
    auditors = serializers.ListField(child=serializers.IntegerField(), required=False, default=list)
    auditees = serializers.CharField(required=False, allow_blank=True, default="")


class AuditStepSerializer(serializers.Serializer):
    on = serializers.DateField(required=False, allow_null=True, default=None,
                               help_text="The day of the step (today when left out).")


class AuditCompleteSerializer(serializers.Serializer):
    conclusion = serializers.CharField()
    completed_on = serializers.DateField(required=False, allow_null=True, default=None)


class AuditFindingInputSerializer(serializers.Serializer):
    grade = serializers.ChoiceField(choices=Grade.choices)
    evidence = serializers.CharField()


@extend_schema(tags=["audits"])
@extend_schema_view(list=extend_schema(summary="Yearly internal audit programmes"),
                    retrieve=extend_schema(summary="An internal audit programme"))
class AuditProgrammeViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                       viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": services.PERM}
    model = AuditProgramme
    serializer_class = AuditProgrammeSerializer
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return selectors.programmes().order_by("-year")

    @extend_schema(summary="Create the year's programme", request=AuditProgrammeSerializer,
                   responses={201: AuditProgrammeSerializer, 400: ERROR})
    def create(self, request):
        data = valid(AuditProgrammeSerializer, request.data)
        programme = services.create_programme(actor=request.user, **data)
        return Response(AuditProgrammeSerializer(programme).data, status=status.HTTP_201_CREATED)


class AuditPlanFilter(filters.FilterSet):
    year = filters.NumberFilter(field_name="programme__year")

    class Meta:
        model = AuditPlan
        fields = ["programme", "year", "state"]


@extend_schema(tags=["audits"])
@extend_schema_view(list=extend_schema(summary="Audit plans"), retrieve=extend_schema(summary="An audit plan"))
class AuditPlanViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": services.PERM,
                      "issue": services.PERM, "start": services.PERM, "complete": services.PERM,
                      "report": Perm.VIEW_QMS, "history": Perm.VIEW_HISTORY}
    model = AuditPlan
    serializer_class = AuditPlanSerializer
    filterset_class = AuditPlanFilter
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return selectors.plans()

    @extend_schema(summary="Plan an audit (its checklist is prefilled)", request=AuditPlanInputSerializer,
                   responses={201: AuditPlanSerializer, 400: ERROR})
    def create(self, request):
        data = valid(AuditPlanInputSerializer, request.data)
        data["programme"] = get_object_or_404(selectors.programmes(), pk=data["programme"])
        data["edition"] = data["edition"] or standards.default_code()
        plan = services.plan_audit(actor=request.user, **data)
        return Response(AuditPlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    def _step(self, request, service, field):
        data = valid(AuditStepSerializer, request.data)
        plan = service(self.get_object(), actor=request.user, **{field: data["on"]})
        return Response(AuditPlanSerializer(plan).data)

    @extend_schema(summary="Issue the plan (its auditors are told)", request=AuditStepSerializer,
                   responses={200: AuditPlanSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        return self._step(request, services.issue_plan, "issued_on")

    @extend_schema(summary="Start the audit", request=AuditStepSerializer, responses={200: AuditPlanSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        return self._step(request, services.start_audit, "started_on")

    @extend_schema(summary="Issue the report (every checklist line has a finding)", request=AuditCompleteSerializer,
                   responses={200: AuditPlanSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def complete(self, request, pk=None):
        data = valid(AuditCompleteSerializer, request.data)
        plan = services.complete_audit(self.get_object(), actor=request.user, **data)
        return Response(AuditPlanSerializer(plan).data)

    @extend_schema(summary="The audit report, PDF or DOCX", responses=BINARY, parameters=[
        OpenApiParameter("fmt", OpenApiTypes.STR, enum=["pdf", "docx"], description="pdf (default) or docx")])
    @action(detail=True, methods=["get"], renderer_classes=[AnyFileRenderer], filter_backends=[])
    def report(self, request, pk=None):
        plan = self.get_object()
        if request.query_params.get("fmt") == "docx":
            return file_response(report.report_docx(plan), f"bao-cao-danh-gia-noi-bo-{plan.pk}.docx", DOCX)
        return file_response(report.report_pdf(plan), f"bao-cao-danh-gia-noi-bo-{plan.pk}.pdf", "application/pdf")

    @extend_schema(summary="Who changed the plan, when", responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(selectors.plan_history(self.get_object()), many=True).data)


@extend_schema(tags=["audits"])
@extend_schema_view(list=extend_schema(summary="Checklist lines (filter by plan)"),
                    retrieve=extend_schema(summary="A checklist line"))
class ChecklistLineViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "findings": services.PERM}
    model = ChecklistLine
    serializer_class = ChecklistLineSerializer
    filterset_fields = ["plan", "kind"]
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return selectors.lines().order_by("plan_id", "position")

    @extend_schema(summary="Record a finding on the line (a nonconformity opens an NC)",
                   request=AuditFindingInputSerializer, responses={201: AuditFindingSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def findings(self, request, pk=None):
        data = valid(AuditFindingInputSerializer, request.data)
        finding = services.record_finding(self.get_object(), actor=request.user, **data)
        return Response(AuditFindingSerializer(finding).data, status=status.HTTP_201_CREATED)


class AuditFindingFilter(filters.FilterSet):
    plan = filters.NumberFilter(field_name="line__plan_id")

    class Meta:
        model = Finding
        fields = ["plan", "line", "grade"]


@extend_schema(tags=["audits"])
@extend_schema_view(list=extend_schema(summary="Audit findings"), retrieve=extend_schema(summary="An audit finding"))
class AuditFindingViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS}
    model = Finding
    serializer_class = AuditFindingSerializer
    filterset_class = AuditFindingFilter

    def scoped_queryset(self):
        return selectors.findings().order_by("line__plan_id", "line__position", "id")


ROUTES = [("audits/programmes", AuditProgrammeViewSet, "audits-programme"),
          ("audits/plans", AuditPlanViewSet, "audits-plan"),
          ("audits/lines", ChecklistLineViewSet, "audits-line"),
          ("audits/findings", AuditFindingViewSet, "audits-finding")]
