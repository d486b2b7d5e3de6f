"""Telling people what concerns them: in their list, and by e-mail unless they opted out.

``notify`` is the one way to notify (STYLE.md habit 5); the caller chooses the recipients.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.core import realtime
from dragoman.core.errors import ValidationFailed
from dragoman.notifications import selectors
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.models import Notification, NotificationPreference
from dragoman.notifications.unsubscribe import unsubscribe_headers, unsubscribe_url

if TYPE_CHECKING:
    from dragoman.orders.models import Order

EVENT_UNREAD = "notifications.unread"


def _publish_counts(user_ids: list[int], latest: dict[int, Notification] | None = None) -> None:
    """Push each user's new unread count to their open pages (after commit)."""
    counts = selectors.unread_counts(user_ids=user_ids)
    for user_id, count in counts.items():
        payload: dict[str, Any] = {"unread_count": count}
        notification = (latest or {}).get(user_id)
        if notification is not None:
            payload["notification"] = {
                "id": notification.pk,
                "kind": notification.kind,
                "title": notification.title,
                "link": notification.link,
            }
        realtime.publish(EVENT_UNREAD, [user_id], payload)


@transaction.atomic
def notify(
    *,
    recipients: Iterable[Any],
    kind: str,
    title: str,
    body: str = "",
    link: str = "",
    order: Order | None = None,
) -> list[Notification]:
    """Give each recipient one notification of ``kind``.

    The rows are written in the caller's transaction; after it commits, one task per
    recipient e-mails it (unless they switched the kind off) and their open pages hear the
    new unread count. Inactive users and duplicates are skipped.
    """
    if kind not in NotificationKind.values:
        raise ValueError(f"Unknown notification kind: {kind}")
    people = {user.pk: user for user in recipients if user is not None and user.is_active}
    if not people:
        return []
    title = " ".join(str(title).split())[:200]
    created = Notification.objects.bulk_create(
        Notification(
            recipient_id=user_id,
            kind=kind,
            title=title,
            body=str(body)[:4000],
            link=link[:500],
            order=order,
        )
        for user_id in people
    )
    ids = [n.pk for n in created]
    user_ids = list(people)

    def after_commit() -> None:
        from dragoman.notifications.tasks import send_notification_email

        for notification_id in ids:
            send_notification_email(notification_id)

    transaction.on_commit(after_commit)
    _publish_counts(user_ids, {n.recipient_id: n for n in created})
    return created


def notification_email_send(*, notification_id: int) -> bool:
    """E-mail one notification, once. Returns whether an e-mail left.

    Safe to run twice: ``emailed_at`` is claimed before sending and given back when the mail
    server fails, so the task's retry sends it, and a second run after success does nothing.
    """
    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at is not None:
        return False
    user = notification.recipient
    if not user.is_active or not user.email:
        return False
    if not selectors.email_wanted(user=user, kind=notification.kind):
        return False
    claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    )
    if not claimed:
        return False
    with translation.override(user.language), timezone.override(user.timezone):
        context = {
            "user": user,
            "notification": notification,
            "url": settings.SITE_URL + notification.link if notification.link else "",
            "kind_label": NotificationKind(notification.kind).label,
            "settings_url": settings.SITE_URL + reverse("notification_settings"),
            "unsubscribe_url": unsubscribe_url(user_id=user.pk, kind=notification.kind),
        }
        # One line: a line break in a title must not break the e-mail's headers.
        subject = " ".join(notification.title.split())
        body = render_to_string("notifications/email/notification_message.txt", context)
    try:
        EmailMultiAlternatives(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [user.email],
            headers=unsubscribe_headers(user_id=user.pk, kind=notification.kind),
        ).send()
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)
        raise
    return True


@transaction.atomic
def notification_mark_read(*, user: User, notification_id: int) -> Notification:
    """Mark one of the user's own notifications read (NotFound for anybody else's)."""
    notification = selectors.notification_get_for_user(user=user, notification_id=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
        _publish_counts([user.pk])
    return notification


@transaction.atomic
def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread notification of the user read; returns how many changed."""
    changed = Notification.objects.filter(recipient_id=user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if changed:
        realtime.publish(EVENT_UNREAD, [user.pk], {"unread_count": 0})
    return changed


@transaction.atomic
def preference_set(*, user: User, kind: str, email: bool) -> NotificationPreference:
    """Switch e-mail of one kind on or off for the user (in-app notifications stay)."""
    if kind not in NotificationKind.values:
        raise ValidationFailed(
            _("Unknown kind of notification: %(kind)s.") % {"kind": kind},
            fields={"kind": [_("Unknown.")]},
        )
    preference, _created = NotificationPreference.objects.update_or_create(
        user_id=user.pk, kind=kind, defaults={"email": email}
    )
    return preference
