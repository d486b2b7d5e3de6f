"""Background work of notifications: e-mails leave from here, never from a request."""

from __future__ import annotations

from huey.contrib.djhuey import db_task


@db_task(retries=3, retry_delay=60)
def send_notification_email(notification_id: int) -> bool:
    from dragoman.notifications.services import notification_email_send

    return notification_email_send(notification_id=notification_id)
