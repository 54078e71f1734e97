"""The province's working-day calendar over the API: its days off and days worked, and deadline counting."""

from __future__ import annotations

from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, valid
from workdays import selectors, services
from workdays.models import CalendarDayKind, ProvinceCalendarDay


class CalendarDaySerializer(serializers.ModelSerializer):
    class Meta:
        model = ProvinceCalendarDay
        fields = ["id", "day", "kind", "name", "legal_basis", "created_at"]
        read_only_fields = ["id", "created_at"]


class CalendarEntrySerializer(serializers.Serializer):
    day = serializers.DateField()
    name = serializers.CharField()
    working = serializers.BooleanField(help_text="true: a working day (a weekend day worked)")
    source = serializers.ChoiceField(choices=["national", "province"])


class DeadlineQuerySerializer(serializers.Serializer):
    start = serializers.DateField(help_text="The day of receipt (it does not count)")
    days = serializers.IntegerField(min_value=0, max_value=selectors.MAX_DAYS)


@extend_schema(tags=["calendar"])
@extend_schema_view(
    list=extend_schema(summary="The province's own changes to the national calendar"),
    retrieve=extend_schema(summary="One change to the calendar"),
)
class CalendarDayViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Working days of the caller's province: national holidays, Tết and moved Saturdays (from the
    maintained `holidays` library) plus the province's own days off and days worked, which its DOST keeps."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": Perm.MANAGE_PROVINCE_CATALOGUE,
                      "destroy": Perm.MANAGE_PROVINCE_CATALOGUE, "year": Perm.VIEW_QMS, "deadline": Perm.VIEW_QMS}
    serializer_class = CalendarDaySerializer
    queryset = ProvinceCalendarDay.objects.none()  # for the schema generator; get_queryset scopes requests
    http_method_names = ["get", "post", "delete", "head", "options"]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProvinceCalendarDay.objects.none()
        return selectors.province_days(self.request.tenant.province_id)

    @extend_schema(summary="Add a day off or a weekend day worked (the province's DOST only)",
                   request=CalendarDaySerializer, responses={201: CalendarDaySerializer, 400: ERROR, 403: ERROR})
    def create(self, request):
        data = valid(CalendarDaySerializer, request.data)
        data.setdefault("kind", CalendarDayKind.DAY_OFF)
        day = services.add_calendar_day(actor=request.user, agency=request.tenant, **data)
        return Response(CalendarDaySerializer(day).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Remove one of the province's changes", responses={204: None, 403: ERROR})
    def destroy(self, request, pk=None):
        services.remove_calendar_day(self.get_object(), actor=request.user, agency=request.tenant)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Every exception to Monday-Friday in a year, national and the province's",
                   parameters=[OpenApiParameter("year", int, description="default: this year")],
                   responses=CalendarEntrySerializer(many=True))
    @action(detail=False, methods=["get"], filter_backends=[])
    def year(self, request):
        try:
            year = int(request.query_params.get("year") or timezone.localdate().year)
        except ValueError:
            year = timezone.localdate().year
        year = min(max(year, 2000), 2100)
        entries = selectors.year_calendar(year, request.tenant.province_id)
        return Response(CalendarEntrySerializer(entries, many=True).data)

    @extend_schema(summary="The date N working days after a day (a TTHC's due date)",
                   parameters=[DeadlineQuerySerializer],  # its bounds (0..3650 days) in the schema too
                   responses={200: inline_serializer("Deadline", {"start": serializers.DateField(),
                                                                  "days": serializers.IntegerField(),
                                                                  "due": serializers.DateField()}),
                              400: ERROR})
    @action(detail=False, methods=["get"], filter_backends=[])
    def deadline(self, request):
        data = valid(DeadlineQuerySerializer, request.query_params)
        due = selectors.add_working_days(data["start"], data["days"], request.tenant.province_id)
        return Response({"start": data["start"], "days": data["days"], "due": due})


ROUTES = [("calendar", CalendarDayViewSet, "calendar-day")]
