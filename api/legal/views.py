"""The province's legal register, an agency's links to it and its legal update tasks over the API.

On every site of a province: the register (VIEW_QMS reads it; ADD_LEGAL_DOCUMENTS adds entries, the DOST any,
an agency its own, and changes them the same way; the services decide). On an agency's site: its documents'
links to the register (EDIT_DOCUMENTS) and its update tasks, due three months (the province's rule) after a
legal document takes effect, shown as due, overdue or done.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.roles import Perm
from api.base import ERROR, ChoiceLabelField, ScopedViewSetMixin, valid
from api.documents.serializers import HistoryEventSerializer
from documents.selectors import visible_documents
from legal import selectors as register
from legal import services as register_services
from legal.models import LegalDocument
from legal_updates import selectors, services
from legal_updates.models import LegalLink, UpdateTask
from tthc.models import TthcEntry


class LegalDocumentSerializer(serializers.ModelSerializer):
    kind_label = ChoiceLabelField("kind", LegalDocument.Kind.choices)
    status_label = ChoiceLabelField("status", LegalDocument.Status.choices)
    affects = serializers.SerializerMethodField(help_text="Codes of the TTHC it affects")
    added_by_agency = serializers.SerializerMethodField(help_text="Subdomain of the agency that added it; null: "
                                                                  "kept by the DOST")
    has_file = serializers.SerializerMethodField()

    class Meta:
        model = LegalDocument
        fields = ["id", "number", "title", "kind", "kind_label", "issuer", "signed_on", "effective_on", "url",
                  "has_file", "status", "status_label", "affects", "added_by_agency", "updated_at"]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_affects(self, entry) -> list[str]:
        return sorted(effect.entry.code for effect in entry.effects.all())

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_added_by_agency(self, entry):
        return entry.added_by_agency.slug if entry.added_by_agency_id else None

    def get_has_file(self, entry) -> bool:
        return bool(entry.file)


class LegalDocumentWriteSerializer(serializers.Serializer):
    number = serializers.CharField(max_length=64, help_text="Number and symbol, e.g. 26/2014/TT-BKHCN")
    title = serializers.CharField(max_length=500, required=False, allow_blank=True)
    kind = serializers.CharField(required=False, help_text="law, decree, circular, decision or other")
    issuer = serializers.CharField(max_length=200, required=False, allow_blank=True)
    signed_on = serializers.DateField(required=False, allow_null=True)
    effective_on = serializers.DateField(required=False, allow_null=True)
    url = serializers.CharField(max_length=500, required=False, allow_blank=True)
    status = serializers.CharField(required=False, help_text="in_force or repealed")
    affects = serializers.ListField(child=serializers.CharField(), required=False,
                                    help_text="Codes of the province's TTHC it affects")


class RegisterFilter(filters.FilterSet):
    q = filters.CharFilter(method="narrow", help_text="Text in the number, title or issuing body")
    kind = filters.ChoiceFilter(method="narrow", choices=LegalDocument.Kind.choices)
    when = filters.ChoiceFilter(method="narrow", choices=[(v, v) for v in ("in_force", "upcoming", "repealed")],
                                help_text="in_force: took effect; upcoming: takes effect later; repealed")
    tthc = filters.CharFilter(method="narrow", help_text="A TTHC code it affects")

    class Meta:
        model = LegalDocument
        fields = ["q", "kind", "when", "tthc"]

    def narrow(self, queryset, name, value):
        return register.filter_register(queryset, **{name: value})


def _affects(request, data: dict) -> dict:
    """TTHC codes as the province's catalogue entries; an unknown code is refused by the services' rule."""
    if "affects" in data:
        codes = {str(code).strip() for code in data.pop("affects")}
        entries = list(TthcEntry.objects.filter(province_id=request.tenant.province_id, code__in=codes))
        if len(entries) != len(codes):
            from django.utils.translation import gettext as _

            from core.errors import DomainError

            raise DomainError("legal_foreign_entry", _("A TTHC named is not in this province's catalogue."))
        data["affects"] = entries
    return data


MONTHS = inline_serializer("LegalUpdateRule", {"months": serializers.IntegerField(
    help_text="Months after a legal document takes effect by which affected procedures must be revised")})


@extend_schema(tags=["legal"])
@extend_schema_view(list=extend_schema(summary="The province's legal register"),
                    retrieve=extend_schema(summary="A legal document of the register"))
class RegisterViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Legal normative documents of the province, kept by the DOST and added to by agencies."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "history": Perm.VIEW_HISTORY,
                      "create": Perm.ADD_LEGAL_DOCUMENTS, "partial_update": Perm.ADD_LEGAL_DOCUMENTS,
                      "rule": Perm.VIEW_QMS, "set_rule": Perm.MANAGE_PROVINCE_CATALOGUE}
    model = LegalDocument
    serializer_class = LegalDocumentSerializer
    filterset_class = RegisterFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def scoped_queryset(self):
        return register.visible_register(self.request.user, self.request.tenant).prefetch_related("effects__entry")

    def _answer(self, entry, code=status.HTTP_200_OK):
        return Response(LegalDocumentSerializer(self.scoped_queryset().get(pk=entry.pk)).data, status=code)

    @extend_schema(summary="Add a legal document to the register (the DOST, or an agency as its own)",
                   request=LegalDocumentWriteSerializer, responses={201: LegalDocumentSerializer, 400: ERROR,
                                                                    403: ERROR})
    def create(self, request):
        data = _affects(request, valid(LegalDocumentWriteSerializer, request.data))
        return self._answer(register_services.create_legal_document(actor=request.user, **data),
                            status.HTTP_201_CREATED)

    @extend_schema(summary="Change a legal document (the DOST any, an agency its own); only the fields sent",
                   request=LegalDocumentWriteSerializer, responses={200: LegalDocumentSerializer, 400: ERROR,
                                                                    403: ERROR})
    def partial_update(self, request, pk=None):
        entry = self.get_object()
        data = _affects(request, valid(LegalDocumentWriteSerializer, request.data, partial=True))
        return self._answer(register_services.update_legal_document(entry, actor=request.user, **data))

    @extend_schema(summary="Change history of the legal document", responses={200: HistoryEventSerializer(many=True)})
    @action(detail=True, methods=["get"], filter_backends=[], pagination_class=None)
    def history(self, request, pk=None):
        return Response(HistoryEventSerializer(register.legal_history(self.get_object()), many=True).data)

    @extend_schema(summary="The province's update rule", responses={200: MONTHS})
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def rule(self, request):
        return Response({"months": register.update_months(request.tenant.province_id)})

    @extend_schema(summary="Set the province's update rule (DOST)", request=MONTHS,
                   responses={200: MONTHS, 400: ERROR, 403: ERROR})
    @action(detail=False, methods=["post"], url_path="rule/set", filter_backends=[], pagination_class=None)
    def set_rule(self, request):
        settings = register_services.set_update_months(actor=request.user, months=request.data.get("months"))
        return Response({"months": settings.update_months})


class LinkSerializer(serializers.ModelSerializer):
    legal_document = serializers.IntegerField(source="legal_document_id", read_only=True)
    number = serializers.SerializerMethodField()

    class Meta:
        model = LegalLink
        fields = ["id", "document", "legal_document", "number", "articles", "created_at"]

    def get_number(self, link) -> str:
        entries = self.context.get("entries")
        entry = (entries or {}).get(link.legal_document_id) or LegalDocument.objects.filter(
            pk=link.legal_document_id).first()
        return entry.number if entry else ""


class LinkWriteSerializer(serializers.Serializer):
    document = serializers.IntegerField(help_text="A document of this agency")
    legal_document = serializers.IntegerField(help_text="An entry of the province's register")
    articles = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


@extend_schema(tags=["legal"])
@extend_schema_view(list=extend_schema(summary="The agency's documents' links to the legal register"),
                    retrieve=extend_schema(summary="A link"))
class LinkViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS, "create": Perm.EDIT_DOCUMENTS,
                      "destroy": Perm.EDIT_DOCUMENTS}
    model = LegalLink
    serializer_class = LinkSerializer
    filterset_fields = ["document"]
    http_method_names = ["get", "post", "delete", "head", "options"]

    def scoped_queryset(self):
        return selectors.visible_links(self.request.user, self.request.tenant).order_by("pk")

    @extend_schema(summary="A document rests on a legal document (opens its update task if already in force)",
                   request=LinkWriteSerializer, responses={201: LinkSerializer, 400: ERROR, 403: ERROR})
    def create(self, request):
        data = valid(LinkWriteSerializer, request.data)
        document = get_object_or_404(visible_documents(request.user), pk=data["document"])
        link = services.link_document(document, actor=request.user, legal_document=data["legal_document"],
                                      articles=data["articles"])
        return Response(LinkSerializer(link).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="The document no longer rests on it", responses={204: None, 403: ERROR})
    def destroy(self, request, pk=None):
        services.unlink(self.get_object(), actor=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class TaskSerializer(serializers.ModelSerializer):
    state = serializers.SerializerMethodField(help_text="due, overdue or closed")
    number = serializers.SerializerMethodField(help_text="The legal document's number")

    class Meta:
        model = UpdateTask
        fields = ["id", "legal_document_id", "number", "document", "tthc_code", "effective_on", "opened_on",
                  "due_on", "closed_on", "closed_by", "state"]

    @extend_schema_field(serializers.ChoiceField(choices=["due", "overdue", "closed"]))
    def get_state(self, task) -> str:
        return selectors.state_of(task)

    def get_number(self, task) -> str:
        entry = LegalDocument.objects.filter(pk=task.legal_document_id).only("number").first()
        return entry.number if entry else ""


class TaskFilter(filters.FilterSet):
    state = filters.ChoiceFilter(method="narrow", choices=[(v, v) for v in ("open", "due", "overdue", "closed")])

    class Meta:
        model = UpdateTask
        fields = ["state", "document"]

    def narrow(self, queryset, name, value):
        return selectors.filter_tasks(queryset, state=value)


@extend_schema(tags=["legal"])
@extend_schema_view(list=extend_schema(summary="The agency's legal update tasks (filter due, overdue, closed)"),
                    retrieve=extend_schema(summary="A legal update task"))
class TaskViewSet(ScopedViewSetMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Opened when a legal document affecting the agency takes effect; closed by publishing a revised edition."""

    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS}
    model = UpdateTask
    serializer_class = TaskSerializer
    filterset_class = TaskFilter

    def scoped_queryset(self):
        return selectors.visible_tasks(self.request.user, self.request.tenant).order_by("due_on", "pk")


ROUTES = [("legal/register", RegisterViewSet, "legal-document"), ("legal/links", LinkViewSet, "legal-link"),
          ("legal/tasks", TaskViewSet, "legal-task")]
