"""The DOST's inspections (Circular 26/2014 Arts. 33–39) and each agency's side of them, over the API.

On the DOST's subdomain: the province's plans (shares, helpers choosing agencies, submit, approve) and
inspections (request letter or decision with team, checklist, findings, record, lead's signature, accepting
the corrective report). On an agency's subdomain: its own inspections of approved plans (its report, the
head's signature, the corrective report). The services refuse a step taken on the wrong site.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, ChoiceLabelField, ScopedViewSetMixin, valid
from inspections import selectors, services
from inspections.models import ChecklistItem, Finding, Inspection, InspectionPlan, TeamMember


class PlanSerializer(serializers.ModelSerializer):
    status_label = ChoiceLabelField("status", InspectionPlan.Status.choices)

    class Meta:
        model = InspectionPlan
        fields = ["id", "year", "title", "inspecting_unit", "status", "status_label", "submitted_on",
                  "approval_number", "approved_on", "notice"]

    notice = serializers.SerializerMethodField(help_text="The notice the approved plan went to its agencies as")

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_notice(self, plan) -> int | None:
        if plan.status != InspectionPlan.Status.APPROVED:
            return None
        notice = selectors.plan_notice(plan)
        return notice.pk if notice is not None else None


class SharesSerializer(serializers.Serializer):
    mandatory = serializers.IntegerField()
    covered = serializers.IntegerField()
    on_site = serializers.IntegerField()
    on_site_needed = serializers.IntegerField(help_text="One third of the mandatory agencies, rounded up")
    on_site_percent = serializers.IntegerField()
    total = serializers.IntegerField()
    missing = serializers.SerializerMethodField(help_text="Subdomains of mandatory agencies not in the plan")
    warnings = serializers.ListField(child=serializers.CharField())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_missing(self, shares) -> list[str]:
        return [agency.slug for agency in shares.missing]


class TeamSerializer(serializers.ModelSerializer):
    class Meta:
        model = TeamMember
        fields = ["id", "name", "position", "role", "user"]


class ChecklistSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChecklistItem
        fields = ["id", "code", "group", "text", "evidence", "result", "note"]


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "item_code", "description", "requirement", "grade", "nc_id", "nc_number", "landed_at"]


class InspectionSerializer(serializers.ModelSerializer):
    agency = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agency_name = serializers.CharField(source="agency.name", read_only=True)
    year = serializers.IntegerField(source="plan.year", read_only=True)
    form_label = ChoiceLabelField("form", Inspection.Form.choices)
    status_label = ChoiceLabelField("status", Inspection.Status.choices)
    team = TeamSerializer(many=True, read_only=True)
    checklist = ChecklistSerializer(many=True, read_only=True)
    findings = FindingSerializer(many=True, read_only=True)
    corrective_overdue = serializers.SerializerMethodField()

    class Meta:
        model = Inspection
        fields = ["id", "plan", "year", "agency", "agency_name", "form", "form_label", "inspecting_unit",
                  "cooperating_unit", "expected_time", "budget", "status", "status_label", "letter_number",
                  "letter_on", "answer_due", "visit_on", "agency_report", "answered_on", "record_on",
                  "record_place", "conclusion", "lead_signed_at", "agency_signed_at", "corrective_due",
                  "corrective_report", "corrective_submitted_on", "corrective_accepted_on", "corrective_overdue",
                  "corrective_reminded_on", "corrective_reminders",
                  "team", "checklist", "findings"]

    @extend_schema_field(serializers.BooleanField())
    def get_corrective_overdue(self, inspection) -> bool:
        return selectors.corrective_overdue(inspection)


class PlanWriteSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    title = serializers.CharField(max_length=500, required=False, allow_blank=True, default="")


class LineSerializer(serializers.Serializer):
    agency = serializers.SlugField(help_text="The agency's subdomain")
    form = serializers.ChoiceField(choices=Inspection.Form.choices)
    inspecting_unit = serializers.CharField(max_length=255, required=False, allow_blank=True)
    cooperating_unit = serializers.CharField(max_length=255, required=False, allow_blank=True)
    expected_time = serializers.CharField(max_length=64, required=False, allow_blank=True)
    budget = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class LineEditSerializer(serializers.Serializer):
    """The fields of a plan's line to change (those left out stay as they are)."""

    form = serializers.ChoiceField(choices=Inspection.Form.choices, required=False)
    inspecting_unit = serializers.CharField(max_length=255, required=False, allow_blank=True)
    cooperating_unit = serializers.CharField(max_length=255, required=False, allow_blank=True)
    expected_time = serializers.CharField(max_length=64, required=False, allow_blank=True)
    budget = serializers.IntegerField(required=False, allow_null=True, min_value=0)


class ChooseSerializer(serializers.Serializer):
    helper = serializers.ChoiceField(choices=["oldest", "worst", "random"])
    count = serializers.IntegerField(min_value=1, max_value=2000)
    level = serializers.CharField(required=False, allow_blank=True, default="")
    mandatory_only = serializers.BooleanField(required=False, default=False)
    seed = serializers.IntegerField(required=False, allow_null=True, default=None)


class ApproveSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    approved_on = serializers.DateField()


HELPERS = {"oldest": selectors.oldest_inspected, "worst": selectors.worst_scored, "random": selectors.random_sample}


@extend_schema(tags=["inspections"])
@extend_schema_view(list=extend_schema(summary="The province's inspection plans (DOST)"),
                    retrieve=extend_schema(summary="An inspection plan"))
class PlanViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_perms = {"list": Perm.SUPERVISE, "retrieve": Perm.SUPERVISE, "shares": Perm.SUPERVISE,
                      "choose": Perm.SUPERVISE, "create": Perm.MANAGE_INSPECTIONS,
                      "add_inspection": Perm.MANAGE_INSPECTIONS, "submit": Perm.MANAGE_INSPECTIONS,
                      "approve": Perm.MANAGE_INSPECTIONS, "notify": Perm.MANAGE_INSPECTIONS}
    model = InspectionPlan
    serializer_class = PlanSerializer
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return selectors.visible_plans(self.request.user, self.request.tenant)

    @extend_schema(summary="Start the year's plan (DOST)", request=PlanWriteSerializer,
                   responses={201: PlanSerializer, 400: ERROR, 403: ERROR})
    def create(self, request):
        plan = services.create_plan(actor=request.user, **valid(PlanWriteSerializer, request.data))
        return Response(PlanSerializer(plan).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="The plan's shares: mandatory agencies covered, on site (at least one third)",
                   responses={200: SharesSerializer})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def shares(self, request, pk=None):
        return Response(SharesSerializer(selectors.plan_shares(self.get_object())).data)

    @extend_schema(summary="Agencies not in the plan a helper proposes: oldest inspection, worst score or a random sample",
                   request=ChooseSerializer, responses={200: {"type": "array", "items": {"type": "string"}}})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def choose(self, request, pk=None):
        plan = self.get_object()
        data = valid(ChooseSerializer, request.data)
        helper = HELPERS[data.pop("helper")]
        count = data.pop("count")
        if helper is not selectors.random_sample:
            data.pop("seed")
        chosen = helper(plan.province_id, count, exclude=plan.inspections.values_list("agency_id", flat=True), **data)
        return Response([agency.slug for agency in chosen])

    @extend_schema(summary="Add an agency to a draft plan (DOST)", request=LineSerializer,
                   responses={201: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="inspections", filter_backends=[], pagination_class=None)
    def add_inspection(self, request, pk=None):
        plan = self.get_object()
        data = valid(LineSerializer, request.data)
        agency = get_object_or_404(selectors.inspectable_agencies(plan.province_id), slug=data.pop("agency"))
        inspection = services.add_inspection(plan, actor=request.user, agency=agency, **data)
        return Response(InspectionSerializer(inspection).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Submit the plan to the People's Committee (DOST)", request=None,
                   responses={200: PlanSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return Response(PlanSerializer(services.submit_plan(self.get_object(), actor=request.user)).data)

    @extend_schema(summary="Record the People's Committee's approving decision (DOST)", request=ApproveSerializer,
                   responses={200: PlanSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        plan = services.approve_plan(self.get_object(), actor=request.user, **valid(ApproveSerializer, request.data))
        return Response(PlanSerializer(plan).data)


    @extend_schema(summary="Send the approved plan to its agencies as a notice, once (DOST)", request=None,
                   responses={200: PlanSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def notify(self, request, pk=None):
        plan = self.get_object()
        services.send_plan_notice(plan, actor=request.user)
        return Response(PlanSerializer(plan).data)


class RequestSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    sent_on = serializers.DateField()
    answer_due = serializers.DateField()


class TeamWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    position = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    role = serializers.ChoiceField(choices=TeamMember.Role.choices, default=TeamMember.Role.MEMBER)


class DecisionSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64)
    signed_on = serializers.DateField()
    visit_on = serializers.DateField()
    team = TeamWriteSerializer(many=True)


class InspectionReportSerializer(serializers.Serializer):
    report = serializers.CharField()


class CheckSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text="A checklist item's id")
    result = serializers.ChoiceField(choices=ChecklistItem.Result.choices)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class FindingWriteSerializer(serializers.Serializer):
    description = serializers.CharField()
    requirement = serializers.CharField(required=False, allow_blank=True, default="")
    grade = serializers.ChoiceField(choices=Finding.Grade.choices, default=Finding.Grade.MINOR)
    item_code = serializers.CharField(required=False, allow_blank=True, default="")


class RecordSerializer(serializers.Serializer):
    record_on = serializers.DateField()
    place = serializers.CharField(required=False, allow_blank=True, default="")
    conclusion = serializers.CharField()


@extend_schema(tags=["inspections"])
@extend_schema_view(list=extend_schema(summary="Inspections: the province's (DOST) or the agency's own"),
                    retrieve=extend_schema(summary="An inspection with its team, checklist and findings"))
class InspectionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                        viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS,
                      "send_request": Perm.MANAGE_INSPECTIONS, "issue_decision": Perm.MANAGE_INSPECTIONS,
                      "check": Perm.MANAGE_INSPECTIONS, "add_finding": Perm.MANAGE_INSPECTIONS,
                      "make_record": Perm.MANAGE_INSPECTIONS, "sign_as_lead": Perm.MANAGE_INSPECTIONS,
                      "accept_corrective": Perm.MANAGE_INSPECTIONS, "edit_line": Perm.MANAGE_INSPECTIONS,
                      "remove_line": Perm.MANAGE_INSPECTIONS,
                      "answer": Perm.MANAGE_QMS, "corrective_report": Perm.MANAGE_QMS,
                      "sign_for_agency": Perm.SIGN_FOR_AGENCY}
    model = Inspection
    serializer_class = InspectionSerializer
    http_method_names = ["get", "post", "head", "options"]

    def scoped_queryset(self):
        return selectors.visible_inspections(self.request.user, self.request.tenant).prefetch_related(
            "team", "checklist", "findings")

    def _answer(self, inspection):
        return Response(InspectionSerializer(self.scoped_queryset().get(pk=inspection.pk)).data)

    @extend_schema(summary="Change a line of a draft plan: form, units, expected time, budget (DOST)",
                   request=LineEditSerializer, responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="line")
    def edit_line(self, request, pk=None):
        return self._answer(services.update_inspection(self.get_object(), actor=request.user,
                                                       **valid(LineEditSerializer, request.data)))

    @extend_schema(summary="Take a line out of a draft plan (DOST)", request=None,
                   responses={204: None, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="remove")
    def remove_line(self, request, pk=None):
        services.remove_inspection(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Send the request letter of a dossier check (DOST)", request=RequestSerializer,
                   responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="request")
    def send_request(self, request, pk=None):
        return self._answer(services.send_request(self.get_object(), actor=request.user,
                                                  **valid(RequestSerializer, request.data)))

    @extend_schema(summary="Issue the decision of an on-site check with its team (DOST)", request=DecisionSerializer,
                   responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="decision")
    def issue_decision(self, request, pk=None):
        return self._answer(services.issue_decision(self.get_object(), actor=request.user,
                                                    **valid(DecisionSerializer, request.data)))

    @extend_schema(summary="The agency's report (the inspected agency)", request=InspectionReportSerializer,
                   responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        return self._answer(services.answer(self.get_object(), actor=request.user,
                                            **valid(InspectionReportSerializer, request.data)))

    @extend_schema(summary="Record a checklist point's result (DOST)", request=CheckSerializer,
                   responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"])
    def check(self, request, pk=None):
        inspection = self.get_object()
        data = valid(CheckSerializer, request.data)
        item = get_object_or_404(inspection.checklist, pk=data.pop("item"))
        services.check_item(item, actor=request.user, **data)
        return self._answer(inspection)

    @extend_schema(summary="Add a finding (DOST)", request=FindingWriteSerializer,
                   responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="findings")
    def add_finding(self, request, pk=None):
        inspection = self.get_object()
        services.add_finding(inspection, actor=request.user, **valid(FindingWriteSerializer, request.data))
        return self._answer(inspection)

    @extend_schema(summary="Make the inspection record (DOST)", request=RecordSerializer,
                   responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="record")
    def make_record(self, request, pk=None):
        return self._answer(services.make_record(self.get_object(), actor=request.user,
                                                 **valid(RecordSerializer, request.data)))

    @extend_schema(summary="The team lead signs the record (DOST)", request=None,
                   responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="sign-lead")
    def sign_as_lead(self, request, pk=None):
        return self._answer(services.sign_as_lead(self.get_object(), actor=request.user))

    @extend_schema(summary="The agency's head signs the record (the inspected agency)", request=None,
                   responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="sign-agency")
    def sign_for_agency(self, request, pk=None):
        return self._answer(services.sign_for_agency(self.get_object(), actor=request.user))

    @extend_schema(summary="Submit the corrective report (the inspected agency)", request=InspectionReportSerializer,
                   responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="corrective-report")
    def corrective_report(self, request, pk=None):
        return self._answer(services.submit_corrective_report(self.get_object(), actor=request.user,
                                                              **valid(InspectionReportSerializer, request.data)))

    @extend_schema(summary="Accept the corrective report (DOST)", request=None,
                   responses={200: InspectionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="accept-corrective")
    def accept_corrective(self, request, pk=None):
        return self._answer(services.accept_corrective_report(self.get_object(), actor=request.user))


ROUTES = [("inspections/plans", PlanViewSet, "inspection-plan"),
          ("inspections/inspections", InspectionViewSet, "inspection")]
