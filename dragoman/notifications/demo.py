"""The demo's notifications: dated when their step happened, and never e-mailed."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

from dragoman.core.demo import Timeline
from dragoman.notifications.models import Notification

# Notifications of steps older than this were read when they came; newer ones wait unread,
# so that the demo's people find their badge lit.
READ_AFTER = timedelta(days=1)


def load(timeline: Timeline) -> None:
    """Follow the timeline: a step's notifications get its date (the demo writes none of its
    own; the other apps' services do, through ``notify``)."""

    def date_notifications(since: datetime, when: datetime) -> None:
        written = Notification.objects.filter(created_at__gte=since)
        if when < timeline.now - READ_AFTER:
            written.update(created_at=when, read_at=when)
        else:
            written.update(created_at=when)

    timeline.after_each_step(Notification, date_notifications)


def finish() -> None:
    """The demo's history is invented and its people have example addresses: its
    notifications are in the app, not e-mailed (the queued e-mails find them sent)."""
    Notification.objects.filter(emailed_at__isnull=True).update(emailed_at=timezone.now())
