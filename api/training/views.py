"""The REST endpoints of training (7.2, 7.3): sessions, their attendees and materials, people's records.

`POST sessions/` plans a session (with `attendees`, user ids); `POST sessions/{id}/attendees/` adds people,
`POST sessions/{id}/held/` records it as held, `POST sessions/{id}/result/` an attendee's attendance and
result, `POST sessions/{id}/materials/` uploads a file (multipart); `GET materials/{id}/download/` streams
it. `GET records/{user id}/` is a person's training record: one's own, or anyone's for the ISO secretary
(anyone else gets 404).
"""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from accounts.models import User
from accounts.roles import Perm
from api.base import (
    BINARY,
    ERROR,
    AnyFileRenderer,
    ChoiceLabelField,
    ScopedViewSetMixin,
    file_response,
    valid,
)
from api.documents.serializers import HistoryEventSerializer
from training import selectors, services
from training.models import Attendance, Material, SessionState, TrainingKind, TrainingSession


class TrainingAttendanceSerializer(serializers.ModelSerializer):
    class Meta:
        model = Attendance
        fields = ["id", "user", "name", "attended", "result"]


class TrainingMaterialSerializer(serializers.ModelSerializer):
    class Meta:
        model = Material
        fields = ["id", "session", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class TrainingSessionSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind", TrainingKind.choices)
    state_label = ChoiceLabelField("state", SessionState.choices)
    attendee_count = serializers.IntegerField(read_only=True)
    attended_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = TrainingSession
        fields = ["id", "topic", "kind", "kind_label", "date", "hours", "trainer", "trainer_organisation", "location",
                  "description", "state", "state_label", "attendee_count", "attended_count", "created_at"]


class TrainingSessionDetailSerializer(TrainingSessionSerializer):
    attendances = TrainingAttendanceSerializer(many=True, read_only=True)
    materials = TrainingMaterialSerializer(many=True, read_only=True)

    class Meta(TrainingSessionSerializer.Meta):
        fields = [*TrainingSessionSerializer.Meta.fields, "attendances", "materials"]


class TrainingSessionInputSerializer(serializers.Serializer):
    topic = serializers.CharField(max_length=300)
    kind = serializers.ChoiceField(choices=TrainingKind.choices)
    date = serializers.DateField()
    hours = serializers.DecimalField(max_digits=5, decimal_places=1)
    trainer = serializers.CharField(max_length=150)
    trainer_organisation = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    location = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(required=False, allow_blank=True, default="")
    attendees = serializers.ListField(child=serializers.IntegerField(), required=False, default=list,
                                      help_text="Members of the agency invited.")


class TrainingSessionUpdateSerializer(TrainingSessionInputSerializer):
    attendees = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
            field.default = serializers.empty


class TrainingAttendeesSerializer(serializers.Serializer):
    users = serializers.ListField(child=serializers.IntegerField(), min_length=1)


class TrainingResultSerializer(serializers.Serializer):
    attendance = serializers.IntegerField()
    attended = serializers.BooleanField(default=True)
    result = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class TrainingHeldSerializer(serializers.Serializer):
    held_on = serializers.DateField(required=False, allow_null=True, default=None)


class TrainingUploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class TrainingRecordRowSerializer(serializers.Serializer):
    session = serializers.IntegerField(source="session.pk")
    topic = serializers.CharField(source="session.topic")
    kind = serializers.CharField(source="session.kind")
    date = serializers.DateField(source="session.date")
    hours = serializers.DecimalField(source="session.hours", max_digits=5, decimal_places=1)
    attended = serializers.BooleanField()
    result = serializers.CharField()


class TrainingRecordSerializer(serializers.Serializer):
    user = serializers.IntegerField(source="person.pk")
    name = serializers.CharField(source="person.display_name")
    sessions = serializers.IntegerField(source="summary.sessions")
    hours = serializers.DecimalField(source="summary.hours", max_digits=7, decimal_places=1)
    iso_awareness = serializers.DateField(source="summary.iso_awareness", allow_null=True)
    rows = TrainingRecordRowSerializer(many=True)


def _attendance(session, pk) -> Attendance:
    found = selectors.attendances().filter(session=session, pk=pk).first()
    if found is None:
        raise Http404
    return found


@extend_schema(tags=["training"])
@extend_schema_view(list=extend_schema(summary="Training sessions, planned and held"),
                    retrieve=extend_schema(summary="A training session with its attendees and materials"))
class TrainingSessionViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                             viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": services.PERM,
                      "partial_update": services.PERM, "attendees": services.PERM, "result": services.PERM,
                      "held": services.PERM, "materials": services.PERM, "history": Perm.VIEW_HISTORY}
    model = TrainingSession
    serializer_class = TrainingSessionSerializer
    filterset_fields = ["state", "kind"]
    http_method_names = ["get", "post", "patch", "head", "options"]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def scoped_queryset(self):
        return selectors.session_detail() if self.action == "retrieve" else selectors.sessions()

    def get_serializer_class(self):
        return TrainingSessionDetailSerializer if self.action == "retrieve" else TrainingSessionSerializer

    def _answer(self, session, code=status.HTTP_200_OK):
        return Response(TrainingSessionDetailSerializer(selectors.session_detail().get(pk=session.pk)).data, status=code)

    @extend_schema(summary="Plan a training session", request=TrainingSessionInputSerializer,
                   responses={201: TrainingSessionDetailSerializer, 400: ERROR})
    def create(self, request):
        session = services.plan_session(actor=request.user, **valid(TrainingSessionInputSerializer, request.data))
        return self._answer(session, status.HTTP_201_CREATED)

    @extend_schema(summary="Change a training session", request=TrainingSessionUpdateSerializer,
                   responses={200: TrainingSessionDetailSerializer, 400: ERROR})
    def partial_update(self, request, pk=None):
        session = services.update_session(self.get_object(), actor=request.user,
                                          **valid(TrainingSessionUpdateSerializer, request.data))
        return self._answer(session)

    @extend_schema(summary="Add members of the agency to the session", request=TrainingAttendeesSerializer,
                   responses={200: TrainingSessionDetailSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def attendees(self, request, pk=None):
        session = self.get_object()
        services.add_attendees(session, actor=request.user, users=valid(TrainingAttendeesSerializer, request.data)["users"])
        return self._answer(session)

    @extend_schema(summary="Record an attendee's attendance and result (held sessions)", request=TrainingResultSerializer,
                   responses={200: TrainingAttendanceSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def result(self, request, pk=None):
        session = self.get_object()
        data = valid(TrainingResultSerializer, request.data)
        attendance = services.record_result(_attendance(session, data.pop("attendance")), actor=request.user, **data)
        return Response(TrainingAttendanceSerializer(attendance).data)

    @extend_schema(summary="Record the session as held", request=TrainingHeldSerializer,
                   responses={200: TrainingSessionDetailSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def held(self, request, pk=None):
        session = services.mark_held(self.get_object(), actor=request.user, **valid(TrainingHeldSerializer, request.data))
        return self._answer(session)

    @extend_schema(summary="Upload a material of the session", request={"multipart/form-data": TrainingUploadSerializer},
                   responses={201: TrainingMaterialSerializer, 400: ERROR})
    @action(detail=True, methods=["post"])
    def materials(self, request, pk=None):
        session = self.get_object()
        upload = valid(TrainingUploadSerializer, request.data)["file"]
        material = services.add_material(session, actor=request.user, uploaded_file=upload)
        return Response(TrainingMaterialSerializer(material).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Who recorded what about the session, its attendees and materials, when",
                   responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(selectors.history(self.get_object()), many=True).data)


@extend_schema(tags=["training"])
@extend_schema_view(retrieve=extend_schema(summary="A training material's details"))
class TrainingMaterialViewSet(ScopedViewSetMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_perms = {"retrieve": Perm.VIEW_QMS, "download": Perm.VIEW_QMS}
    model = Material
    serializer_class = TrainingMaterialSerializer

    def scoped_queryset(self):
        return selectors.materials()

    @extend_schema(summary="Download the material", responses=BINARY)
    @action(detail=True, methods=["get"], renderer_classes=[AnyFileRenderer])
    def download(self, request, pk=None):
        material = self.get_object()
        return file_response(material.file, material.original_name, material.content_type)


@extend_schema(tags=["training"])
class TrainingRecordViewSet(ScopedViewSetMixin, viewsets.GenericViewSet):
    """A person's training record: one's own, or anyone's in the agency for the ISO secretary."""

    required_perms = {"retrieve": Perm.VIEW_QMS, "me": Perm.VIEW_QMS}
    model = User
    serializer_class = TrainingRecordSerializer

    def scoped_queryset(self):
        return User.objects.none()

    def _record(self, person_id):
        person = selectors.person_of_record(self.request.tenant, self.request.user, person_id)
        if person is None:
            raise Http404
        return Response(TrainingRecordSerializer({"person": person, "summary": selectors.record_summary(person.pk),
                                          "rows": selectors.person_record(person.pk)}).data)

    @extend_schema(summary="A person's training record (404 unless it is yours or you keep training)",
                   responses={200: TrainingRecordSerializer})
    def retrieve(self, request, pk=None):
        try:
            person_id = int(pk)
        except (TypeError, ValueError) as exc:
            raise Http404 from exc
        return self._record(person_id)

    @extend_schema(summary="My training record", responses={200: TrainingRecordSerializer})
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def me(self, request):
        return self._record(request.user.pk)


ROUTES = [("training/sessions", TrainingSessionViewSet, "training-session"),
          ("training/materials", TrainingMaterialViewSet, "training-material"),
          ("training/records", TrainingRecordViewSet, "training-record")]
