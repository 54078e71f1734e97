"""What is recorded without anyone calling the audit trail: log-ins, log-outs and failed log-ins (Django's
and axes' signals), roles granted and taken (Membership), users created, changed in rights or deactivated,
agencies created or changed in state (the registry), lineage events."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .services import record

WATCHED_USER_FIELDS = ("is_active", "is_superuser", "is_staff", "username", "email")
WATCHED_AGENCY_FIELDS = ("name", "code", "slug", "level", "status", "valid_from", "valid_to", "parent_id",
                         "province_id")


def _tenant(request):
    return getattr(request, "tenant", None) if request is not None else None


def _address(request):
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in)
def logged_in(sender, request, user, **kwargs):
    record("auth.login", agency=_tenant(request), actor=user, target=user.username, address=_address(request))


@receiver(user_logged_out)
def logged_out(sender, request, user, **kwargs):
    if user is not None:
        record("auth.logout", agency=_tenant(request), actor=user, target=user.username, address=_address(request))


@receiver(user_login_failed)
def login_failed(sender, credentials, request=None, **kwargs):
    # The username tried is kept (it is what an investigation needs); never the password nor the code.
    action = "auth.otp_failed" if credentials.get("second_factor") else "auth.login_failed"
    record(action, agency=_tenant(request), target=str(credentials.get("username", ""))[:150],
           address=_address(request))


def _connect_model_receivers():
    from accounts.models import Membership, User
    from tenants.models import Agency, LineageEvent

    @receiver(post_save, sender=Membership, weak=False)
    def role_granted(sender, instance, created, **kwargs):
        if created:
            record("roles.granted", agency=instance.agency, target=instance.user.username, role=instance.role,
                   unit=instance.unit)

    @receiver(post_delete, sender=Membership, weak=False)
    def role_taken(sender, instance, **kwargs):
        record("roles.taken", agency=instance.agency, target=instance.user.username, role=instance.role)

    @receiver(pre_save, sender=User, weak=False)
    def user_before(sender, instance, **kwargs):
        instance._audit_before = (dict(User.objects.filter(pk=instance.pk).values(*WATCHED_USER_FIELDS).first() or {})
                                  if instance.pk else None)

    @receiver(post_save, sender=User, weak=False)
    def user_changed(sender, instance, created, **kwargs):
        before = getattr(instance, "_audit_before", None)
        if created or before is None:
            record("users.created", target=instance.username)
            return
        changes = {field: [before.get(field), getattr(instance, field)] for field in WATCHED_USER_FIELDS
                   if before.get(field) != getattr(instance, field)}
        if changes:
            action = "users.deactivated" if changes.get("is_active") == [True, False] else "users.changed"
            record(action, target=instance.username, changes=changes)

    @receiver(pre_save, sender=Agency, weak=False)
    def agency_before(sender, instance, **kwargs):
        instance._audit_before = (dict(Agency.objects.filter(pk=instance.pk).values(*WATCHED_AGENCY_FIELDS).first()
                                       or {}) if instance.pk else None)

    @receiver(post_save, sender=Agency, weak=False)
    def agency_changed(sender, instance, created, **kwargs):
        if instance.kind != Agency.Kind.AGENCY:
            return
        before = getattr(instance, "_audit_before", None)
        if created or before is None:
            record("agencies.created", agency=instance, target=instance.slug, name=instance.name)
            return
        changes = {field: [before.get(field), getattr(instance, field)] for field in WATCHED_AGENCY_FIELDS
                   if before.get(field) != getattr(instance, field)}
        if changes:
            record("agencies.changed", agency=instance, target=instance.slug, changes=changes)

    @receiver(post_save, sender=LineageEvent, weak=False)
    def lineage_recorded(sender, instance, created, **kwargs):
        if created:
            record("agencies.lineage", target=f"{instance.kind} {instance.effective_date}",
                   legal_basis=instance.legal_basis)


_connect_model_receivers()
