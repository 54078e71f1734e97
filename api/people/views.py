"""Members of this agency with their roles: whom an API client can pick as reviewer, approver or reader.

The list is accounts.selectors.members, the same people every picker on the web offers; `?perm=` narrows
it to those whose role grants a permission (e.g. approve_documents). People of other agencies and the
province's supervisors (who read the agency without being its members) are never listed.
"""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from accounts.models import User
from accounts.roles import Perm, Role
from accounts.selectors import members, memberships_of


class RoleSerializer(serializers.Serializer):
    role = serializers.ChoiceField(choices=Role.choices)
    label = serializers.CharField(source="get_role_display")
    unit = serializers.CharField()


class MemberSerializer(serializers.ModelSerializer):
    name = serializers.CharField(source="display_name", read_only=True)
    roles = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = ["id", "username", "name", "job_title", "roles"]

    @extend_schema_field(RoleSerializer(many=True))
    def get_roles(self, person):
        return RoleSerializer(self.context["memberships"].get(person.pk, []), many=True).data


@extend_schema(tags=["people"])
@extend_schema_view(
    list=extend_schema(summary="Members of this agency with their roles (filter by permission)",
                       parameters=[OpenApiParameter("perm", str, enum=Perm.values, description=(
                           "Only people whose role grants this permission, e.g. review_documents or "
                           "approve_documents for a submission's reviewers and approvers"))]),
    retrieve=extend_schema(summary="One member of this agency with their roles"),
)
class PeopleViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    required_perms = {"list": Perm.VIEW_QMS, "retrieve": Perm.VIEW_QMS}
    serializer_class = MemberSerializer
    queryset = User.objects.none()  # for the schema generator; get_queryset scopes every request

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return User.objects.none()
        return members(self.request.tenant, self.request.query_params.get("perm") or None)

    def get_serializer_context(self):
        context = super().get_serializer_context()
        people = getattr(self, "_page_people", None)
        context["memberships"] = memberships_of(self.request.tenant, [p.pk for p in people or []])
        return context

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        self._page_people = page if page is not None else list(queryset)
        return page

    def get_object(self):
        person = super().get_object()
        self._page_people = [person]
        return person


ROUTES = [("people", PeopleViewSet, "person")]
