"""Background work of conversations: reminders when an event's chat opens, e-mail digests."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_task(retries=3, retry_delay=30)
def post_chat_reminder(conversation_id: int) -> bool:
    from dragoman.conversations.services.order_chat import chat_reminder_post

    return chat_reminder_post(conversation_id=conversation_id)


@db_periodic_task(crontab(minute="*"))
def sweep_chat_reminders() -> int:
    """Catches reminders whose scheduled task was lost (storage wiped, a long outage)."""
    from dragoman.conversations.services.order_chat import chat_reminders_due

    return chat_reminders_due()


@db_periodic_task(crontab(minute="*/5"))
def send_conversation_digests() -> int:
    """Every five minutes, the hourly digests of unread messages that are due."""
    from dragoman.conversations.services.email import digests_due

    return digests_due()
