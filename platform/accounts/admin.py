from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["agency"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = DjangoUserAdmin.fieldsets + ((_("Agency profile"), {"fields": ("full_name", "job_title")}),)
    list_display = ("username", "full_name", "job_title", "email", "is_active", "is_superuser")
    search_fields = ("username", "full_name", "email")
    inlines = [MembershipInline]

    def has_delete_permission(self, request, obj=None):
        # People signed documents in agency schemas this admin cannot see: deactivate, never delete.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ("user", "agency", "role", "unit")
    list_filter = ("role", "agency__level", "agency__province")
    search_fields = ("user__username", "user__full_name", "agency__name")
    autocomplete_fields = ["user", "agency"]
