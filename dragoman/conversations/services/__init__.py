"""Every change of a conversation goes through one of these services (STYLE.md habit 1)."""

from dragoman.conversations.services.invitations import admin_invite, admin_join
from dragoman.conversations.services.messages import (
    MAX_BODY,
    conversation_read,
    message_send,
    system_post,
)
from dragoman.conversations.services.order_chat import (
    chat_reminder_post,
    chat_reminders_due,
    conversation_open_for_order,
    on_order_event,
)

__all__ = [
    "MAX_BODY",
    "admin_invite",
    "admin_join",
    "chat_reminder_post",
    "chat_reminders_due",
    "conversation_open_for_order",
    "conversation_read",
    "message_send",
    "on_order_event",
    "system_post",
]
