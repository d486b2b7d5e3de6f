"""A request's conversation (PIE seed): opened when a linguist confirms the request, open for
writing from CHAT_OPENS_MINUTES_BEFORE before an event (at once for translation work), told
of every change of status, closed when the request is cancelled or declined.

The reminder at the opening is a scheduled task (Huey keeps it in its storage, so it
survives restarts) and a sweep every minute catches any that were lost; posting it is
idempotent, and it follows the event when it moves.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.conversations.enums import (
    ConversationKind,
    ConversationStatus,
    Side,
    SystemEvent,
)
from dragoman.conversations.models import Conversation, Participant
from dragoman.conversations.services.messages import system_post
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify
from dragoman.orders.enums import OrderAction, OrderStatus
from dragoman.orgs.enums import MembershipStatus, Role

CLOSING = {OrderStatus.CANCELLED, OrderStatus.DECLINED}


def opens_at_for(order: Any) -> datetime | None:
    """When writing opens: before an event, CHAT_OPENS_MINUTES_BEFORE; otherwise at once."""
    if order.starts_at is None:
        return None
    return order.starts_at - timedelta(minutes=settings.CHAT_OPENS_MINUTES_BEFORE)


def _client_seats(order: Any) -> list[tuple[int, bool]]:
    """(user id, may write) of the client side: the requester, managers write; observers
    read."""
    from dragoman.orgs.models import Membership

    seats = {order.requester_id: True}
    for user_id, role in Membership.objects.filter(
        organisation_id=order.organisation_id,
        status=MembershipStatus.ACTIVE,
        role__in=[Role.MANAGER, Role.OBSERVER],
        user__is_active=True,
    ).values_list("user_id", "role"):
        seats[user_id] = seats.get(user_id, False) or role == Role.MANAGER
    return list(seats.items())


def conversation_open_for_order(*, order: Any) -> Conversation:
    """The request's conversation, made when its linguist confirms (idempotent)."""
    existing = Conversation.objects.filter(order=order).first()
    if existing is not None:
        return existing
    conversation = Conversation.objects.create(
        kind=ConversationKind.ORDER,
        order=order,
        subject=order.title[:200],
        opens_at=opens_at_for(order),
    )
    rows = [
        Participant(conversation=conversation, user_id=user_id, side=Side.CLIENT, can_write=w)
        for user_id, w in _client_seats(order)
    ]
    rows.append(
        Participant(conversation=conversation, user_id=order.linguist.user_id, side=Side.LINGUIST)
    )
    Participant.objects.bulk_create(rows)
    system_post(conversation=conversation, event=SystemEvent.OPENED)
    if conversation.opens_at is not None:
        _schedule_reminder(conversation)
    return conversation


def _schedule_reminder(conversation: Conversation) -> None:
    conversation_id = conversation.pk
    eta = conversation.opens_at

    def schedule() -> None:
        from dragoman.conversations.tasks import post_chat_reminder

        if eta is not None and eta > timezone.now():
            post_chat_reminder.schedule((conversation_id,), eta=eta)
        else:
            post_chat_reminder(conversation_id)

    transaction.on_commit(schedule)


def on_order_event(*, event: Any) -> None:
    """``orders.hooks``: every change of a request, inside its transaction."""
    order = event.order
    if event.action == OrderAction.ACCEPT_OFFER and order.linguist_id:
        conversation_open_for_order(order=order)
        return
    conversation = Conversation.objects.filter(order_id=order.pk).first()
    if conversation is None:
        return
    if event.from_status != event.to_status and event.to_status:
        system_post(
            conversation=conversation,
            event=SystemEvent.STATUS,
            data={"status": str(OrderStatus(event.to_status).label), "code": event.to_status},
        )
        if event.to_status in CLOSING and conversation.status == ConversationStatus.OPEN:
            Conversation.objects.filter(pk=conversation.pk).update(
                status=ConversationStatus.CLOSED, updated_at=timezone.now()
            )
    new_opening = opens_at_for(order)
    if new_opening != conversation.opens_at and conversation.status == ConversationStatus.OPEN:
        conversation_reschedule(conversation=conversation, opens_at=new_opening)


def conversation_reschedule(*, conversation: Conversation, opens_at: datetime | None) -> None:
    """The event moved: the chat opens at the new time, and the reminder follows it."""
    moved_later = opens_at is not None and opens_at > timezone.now()
    update: dict[str, Any] = {"opens_at": opens_at}
    if moved_later:
        update["reminder_posted_at"] = None
    Conversation.objects.filter(pk=conversation.pk).update(**update)
    conversation.opens_at = opens_at
    if moved_later:
        conversation.reminder_posted_at = None
        _schedule_reminder(conversation)


@transaction.atomic
def chat_reminder_post(*, conversation_id: int, now: datetime | None = None) -> bool:
    """Post the "chat is open" reminder and notify both sides, once, when it is due.

    Safe to run any number of times and at any moment: it does nothing before the opening
    (the event moved later: the new schedule posts it), after it was posted, or when the
    conversation closed. Returns whether it posted.
    """
    now = now or timezone.now()
    # Lock the conversation's own row only (its order may have no linguist: an outer join).
    conversation = (
        Conversation.objects.select_for_update(of=("self",))
        .select_related("order")
        .filter(pk=conversation_id)
        .first()
    )
    if (
        conversation is None
        or conversation.status != ConversationStatus.OPEN
        or conversation.reminder_posted_at is not None
        or conversation.opens_at is None
        or conversation.opens_at > now + timedelta(seconds=1)
    ):
        return False
    order = conversation.order
    if (
        order is None
        or order.status in CLOSING
        or (order.starts_at and order.starts_at < now - timedelta(hours=12))
    ):
        return False
    conversation.reminder_posted_at = now
    Conversation.objects.filter(pk=conversation.pk).update(reminder_posted_at=now)
    minutes = max(0, round((order.starts_at - now).total_seconds() / 60)) if order.starts_at else 0
    system_post(conversation=conversation, event=SystemEvent.REMINDER, data={"minutes": minutes})
    recipients = [p.user for p in conversation.participants.select_related("user")]
    notify(
        recipients=recipients,
        kind=NotificationKind.CHAT_OPEN,
        title=_("The chat of “%(title)s” is open: the event starts in %(minutes)s minutes.")
        % {"title": order.title, "minutes": minutes},
        link=reverse("conversations:detail", args=[conversation.pk]),
        order=order,
    )
    return True


def chat_reminders_due(*, now: datetime | None = None) -> int:
    """Every reminder that is due and not posted (the minute sweep); returns how many."""
    now = now or timezone.now()
    due = Conversation.objects.filter(
        kind=ConversationKind.ORDER,
        status=ConversationStatus.OPEN,
        reminder_posted_at__isnull=True,
        opens_at__lte=now,
        opens_at__gte=now - timedelta(hours=12),
    ).values_list("pk", flat=True)
    return sum(chat_reminder_post(conversation_id=pk, now=now) for pk in list(due))
