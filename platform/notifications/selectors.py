"""Which notifications a person sees: their own, in this agency, and nobody else's."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Notification


def inbox(user, *, only_unread: bool = False) -> QuerySet[Notification]:
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    notifications = Notification.objects.for_user(user)
    return notifications.unread() if only_unread else notifications


def unread_count(user) -> int:
    return inbox(user, only_unread=True).count()
