"""The province's model procedures over the API.

On an agency's subdomain: the models of its province that have a published edition, their published
editions, adopting one (a new TTHC procedure document of the agency), the difference between the agency's
procedure and the latest edition, and taking the changes into a draft. On the DOST's subdomain: every model
of the province with its drafts (keepers), creating and changing models, saving the draft edition,
publishing it, and who adopted each model. The rules are model_procedures.services'; their refusals answer
{code, detail}.
"""

from __future__ import annotations

from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, ChoiceLabelField, ScopedViewSetMixin, valid
from api.procedures.views import ProcedureInputSerializer
from model_procedures import diff, selectors, services
from model_procedures.models import ModelAdoption, ModelEdition, ModelProcedure
from tenants.models import Agency

TIME = {"max_digits": 9, "decimal_places": 2, "coerce_to_string": False}


class EditionSerializer(serializers.ModelSerializer):
    model = serializers.IntegerField(source="model_id", read_only=True)
    time_limit = serializers.DecimalField(allow_null=True, **TIME)
    steps = serializers.JSONField(help_text="[{number, action, responsible, time_allowed, time_unit, output}]")

    class Meta:
        model = ModelEdition
        fields = ["id", "model", "number", "status", "published_on", "change_note", "content", "tthc_codes",
                  "legal_basis", "dossier_components", "fees", "where_filed", "where_returned", "time_limit",
                  "time_unit", "steps"]


class AdoptionSerializer(serializers.ModelSerializer):
    agency = serializers.CharField(source="agency.slug", read_only=True, help_text="The agency's subdomain")
    agency_name = serializers.CharField(source="agency.name", read_only=True)

    class Meta:
        model = ModelAdoption
        fields = ["agency", "agency_name", "adopted_edition", "taken_edition", "adopted_at"]


class OwnAdoptionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ModelAdoption
        fields = ["document_id", "adopted_edition", "taken_edition", "adopted_at"]


class ModelSerializer(serializers.ModelSerializer):
    level_label = ChoiceLabelField("level", Agency.Level.choices)
    latest_edition = serializers.SerializerMethodField(help_text="The latest published edition's number")
    adoption = serializers.SerializerMethodField(help_text="The calling agency's adoption, if any")

    class Meta:
        model = ModelProcedure
        fields = ["id", "code", "title", "field", "level", "level_label", "tthc_codes", "latest_edition",
                  "adoption", "created_at"]

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_latest_edition(self, model):
        edition = selectors.latest_published(model)
        return edition.number if edition else None

    @extend_schema_field(OwnAdoptionSerializer(allow_null=True))
    def get_adoption(self, model):
        request = self.context.get("request")
        adoption = selectors.adoption_of(model, request.tenant) if request is not None else None
        return OwnAdoptionSerializer(adoption).data if adoption else None


class ModelWriteSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32, help_text="e.g. QT-MAU-HT-01 (not changed later)")
    title = serializers.CharField(max_length=300)
    level = serializers.CharField(max_length=32, help_text="commune, department, district, public_service_unit")
    field = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")


class DraftSerializer(ProcedureInputSerializer):
    """The draft edition whole: an agency procedure's spec and steps (numbered in the order given), the body
    text and what changed."""

    content = serializers.CharField(required=False, allow_blank=True, default="", help_text="HTML, sanitised")
    change_note = serializers.CharField(required=False, allow_blank=True, default="")


class AdoptSerializer(serializers.Serializer):
    code = serializers.CharField(max_length=32, required=False, allow_blank=True, default="",
                                 help_text="Our document's code (default: the model's, MAU read as TTHC)")
    title = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class DiffRowSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="The spec field's name (empty for a line of text)")
    ours = serializers.CharField()
    theirs = serializers.CharField()
    status = serializers.CharField(help_text="same, changed, added (only in the model), removed (only in ours)")


class DiffStepSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    ours = serializers.JSONField(allow_null=True, help_text="{number, action, responsible, time, output}")
    theirs = serializers.JSONField(allow_null=True)
    status = serializers.CharField()
    changed_fields = serializers.ListField(child=serializers.CharField())


class DiffSerializer(serializers.Serializer):
    ours_edition = serializers.IntegerField(allow_null=True, help_text="Our edition in force (else our draft)")
    ours_state = serializers.CharField(allow_null=True)
    model_edition = serializers.IntegerField(help_text="The model's latest published edition")
    has_changes = serializers.BooleanField()
    spec = DiffRowSerializer(many=True)
    steps = DiffStepSerializer(many=True)
    text = DiffRowSerializer(many=True)


TAKEN = inline_serializer("ModelChangesTaken", {"document": serializers.IntegerField(),
                                                "revision": serializers.IntegerField(),
                                                "edition": serializers.IntegerField()})


class ModelFilter(filters.FilterSet):
    level = filters.CharFilter(method="narrow")
    field = filters.CharFilter(method="narrow", help_text="lĩnh vực, e.g. Hộ tịch")
    q = filters.CharFilter(method="narrow", help_text="Text in the code or title, or a TTHC code")

    class Meta:
        model = ModelProcedure
        fields = ["level", "field", "q"]

    def narrow(self, queryset, name, value):
        return selectors.filter_models(queryset, **{name: value})


@extend_schema(tags=["model-procedures"])
@extend_schema_view(list=extend_schema(summary="The province's model procedures the caller may see"),
                    retrieve=extend_schema(summary="A model procedure"))
class ModelProcedureViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin,
                            viewsets.GenericViewSet):
    """Model procedures the DOST publishes; agencies adopt them and follow their new editions."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "editions": Perm.VIEW_QMS,
                      "create": Perm.MANAGE_PROVINCE_CATALOGUE, "partial_update": Perm.MANAGE_PROVINCE_CATALOGUE,
                      "draft": Perm.MANAGE_PROVINCE_CATALOGUE, "start_edition": Perm.MANAGE_PROVINCE_CATALOGUE,
                      "publish": Perm.MANAGE_PROVINCE_CATALOGUE, "adoptions": Perm.SUPERVISE,
                      "adopt": Perm.EDIT_DOCUMENTS, "difference": Perm.VIEW_QMS,
                      "take_changes": Perm.EDIT_DOCUMENTS}
    model = ModelProcedure
    serializer_class = ModelSerializer
    filterset_class = ModelFilter
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def scoped_queryset(self):
        return selectors.visible_models(self.request.user, self.request.tenant).order_by("code")

    def _answer(self, model, code=status.HTTP_200_OK):
        return Response(self.get_serializer(model).data, status=code)

    @extend_schema(summary="Create a model procedure with an empty draft edition (DOST)",
                   request=ModelWriteSerializer, responses={201: ModelSerializer, 400: ERROR, 403: ERROR})
    def create(self, request):
        model = services.create_model(actor=request.user, **valid(ModelWriteSerializer, request.data))
        return self._answer(model, status.HTTP_201_CREATED)

    @extend_schema(summary="Change a model's title, level or field (DOST)", request=ModelWriteSerializer(partial=True),
                   responses={200: ModelSerializer, 400: ERROR, 403: ERROR})
    def partial_update(self, request, pk=None):
        data = valid(ModelWriteSerializer, request.data, partial=True)
        data.pop("code", None)
        return self._answer(services.update_model(self.get_object(), actor=request.user, **data))

    @extend_schema(summary="The model's editions the caller may see (drafts: the DOST's keepers only)",
                   responses={200: EditionSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def editions(self, request, pk=None):
        editions = selectors.visible_editions(request.user, request.tenant).filter(model=self.get_object())
        return Response(EditionSerializer(editions.order_by("number"), many=True).data)

    @extend_schema(summary="Save the draft edition whole: text, spec and steps (DOST)", request=DraftSerializer,
                   responses={200: EditionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["put"], filter_backends=[], pagination_class=None)
    def draft(self, request, pk=None):
        edition = services.save_draft(self.get_object(), actor=request.user, **valid(DraftSerializer, request.data))
        return Response(EditionSerializer(edition).data)

    @extend_schema(summary="Start a new draft edition from the latest published one (DOST)", request=None,
                   responses={201: EditionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="start-edition", filter_backends=[], pagination_class=None)
    def start_edition(self, request, pk=None):
        edition = services.start_edition(self.get_object(), actor=request.user)
        return Response(EditionSerializer(edition).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Publish the draft edition; adopting agencies are told (DOST)", request=None,
                   responses={200: EditionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def publish(self, request, pk=None):
        return Response(EditionSerializer(services.publish_edition(self.get_object(), actor=request.user)).data)

    @extend_schema(summary="The agencies that adopted the model (DOST)", responses={200: AdoptionSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def adoptions(self, request, pk=None):
        model = self.get_object()
        if not selectors.sees_whole_province(request.user, request.tenant):
            return Response([])
        return Response(AdoptionSerializer(selectors.adoptions_of(model), many=True).data)

    @extend_schema(summary="Adopt the model: a new TTHC procedure document of the agency, as a draft",
                   request=AdoptSerializer, responses={201: OwnAdoptionSerializer, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], filter_backends=[], pagination_class=None)
    def adopt(self, request, pk=None):
        adoption = services.adopt(self.get_object(), actor=request.user, **valid(AdoptSerializer, request.data))
        return Response(OwnAdoptionSerializer(adoption).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Our procedure beside the model's latest edition: spec, steps and text",
                   responses={200: DiffSerializer, 400: ERROR, 404: ERROR})
    @action(detail=True, methods=["get"], url_path="diff", filter_backends=[], pagination_class=None)
    def difference(self, request, pk=None):
        model = self.get_object()
        document = services.adopted_document(services.adoption_required(model, request.tenant))
        return Response(diff.difference(document, selectors.latest_published(model)).as_dict())

    @extend_schema(summary="Take the model's latest edition into our draft (a new edition, or the open draft)",
                   request=None, responses={200: TAKEN, 400: ERROR, 403: ERROR})
    @action(detail=True, methods=["post"], url_path="take-changes", filter_backends=[], pagination_class=None)
    def take_changes(self, request, pk=None):
        model = self.get_object()
        revision = services.take_changes(model, actor=request.user)
        return Response({"document": revision.document_id, "revision": revision.pk,
                         "edition": revision.edition})


ROUTES = [("model-procedures", ModelProcedureViewSet, "model-procedure")]
