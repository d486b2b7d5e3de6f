"""Reads of notifications: a user only ever reads their own."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.core.errors import NotFound
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.models import Notification, NotificationPreference


def notification_list(*, user: User, unread: bool | None = None) -> QuerySet[Notification]:
    """The user's notifications, newest first; ``unread=True`` keeps the unread ones."""
    queryset = Notification.objects.filter(recipient_id=user.pk)
    if unread is True:
        queryset = queryset.filter(read_at__isnull=True)
    elif unread is False:
        queryset = queryset.filter(read_at__isnull=False)
    return queryset.order_by("-created_at", "-id")


def unread_count(*, user: User) -> int:
    return Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).count()


def unread_counts(*, user_ids: list[int]) -> dict[int, int]:
    """Unread counts of several users in one query (for the real-time badge)."""
    from django.db.models import Count

    counts = dict(
        Notification.objects.filter(recipient_id__in=user_ids, read_at__isnull=True)
        .order_by()
        .values_list("recipient_id")
        .annotate(n=Count("id"))
        .values_list("recipient_id", "n")
    )
    return {user_id: counts.get(user_id, 0) for user_id in user_ids}


def notification_get_for_user(*, user: User, notification_id: int) -> Notification:
    """The user's own notification, or NotFound (also for somebody else's)."""
    notification = Notification.objects.filter(pk=notification_id, recipient_id=user.pk).first()
    if notification is None:
        raise NotFound(_("No such notification."))
    return notification


def email_wanted(*, user: User, kind: str) -> bool:
    """E-mail is on unless the user switched this kind off."""
    choice = (
        NotificationPreference.objects.filter(user_id=user.pk, kind=kind)
        .values_list("email", flat=True)
        .first()
    )
    return True if choice is None else bool(choice)


def preferences_for(*, user: User) -> list[dict[str, Any]]:
    """Every kind with the user's choice, in the order of the enum."""
    chosen = dict(
        NotificationPreference.objects.filter(user_id=user.pk).values_list("kind", "email")
    )
    return [
        {"kind": kind.value, "label": str(kind.label), "email": chosen.get(kind.value, True)}
        for kind in NotificationKind
    ]
