"""Sending and reading messages: the one path both the socket and REST take.

A message is committed before anybody hears of it (``realtime.publish`` runs on commit), is
numbered under a row lock of its conversation (``seq`` 1, 2, 3… without gaps), and a retry
with the same ``client_id`` returns the message already stored instead of a second one.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.conversations import realtime
from dragoman.conversations.enums import (
    ConversationStatus,
    ErrorCode,
    MessageKind,
    Side,
)
from dragoman.conversations.masking import mask_contacts
from dragoman.conversations.models import Attachment, Conversation, Message, Participant
from dragoman.conversations.permissions import Seat
from dragoman.conversations.selectors import seat_of
from dragoman.core.errors import Conflict, Forbidden, TooMany, ValidationFailed
from dragoman.orders.selectors import anonymised

MAX_BODY = 10_000
CLIENT_ID = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def _check_text(body: str, *, has_attachment: bool) -> None:
    if not body.strip() and not has_attachment:
        raise ValidationFailed(
            _("Write something first: the message is empty."),
            code=ErrorCode.EMPTY,
            fields={"body": [_("Required.")]},
        )
    if len(body) > MAX_BODY:
        raise ValidationFailed(
            _("A message may have at most %(limit)s characters; this one has %(count)s.")
            % {"limit": f"{MAX_BODY:,}".replace(",", " "), "count": len(body)},
            code=ErrorCode.TOO_LONG,
            fields={"body": [_("Too long.")]},
        )


def check_may_write(conversation: Conversation, seat: Seat, *, by: User) -> None:
    """Refuse writing in a conversation that is closed, blocked or not open yet, or for a
    reader; the message says what to do instead."""
    if conversation.status == ConversationStatus.BLOCKED:
        if seat.side == Side.CUSTOMER:
            raise Forbidden(
                _("The provider has blocked you: you can no longer write in this conversation."),
                code=ErrorCode.BLOCKED,
            )
        raise Conflict(
            _("You blocked this customer; the conversation is closed for good."),
            code=ErrorCode.CLOSED,
        )
    if conversation.status != ConversationStatus.OPEN:
        raise Conflict(
            _("This conversation is closed (%(status)s): no more messages can be sent.")
            % {"status": conversation.get_status_display()},
            code=ErrorCode.CLOSED,
        )
    if not seat.can_write:
        if seat.side == Side.STAFF:
            raise Forbidden(
                _("Join the conversation as administrator before you write in it."),
                code=ErrorCode.READ_ONLY,
            )
        raise Forbidden(
            _("You may read this conversation but not write in it."), code=ErrorCode.READ_ONLY
        )
    if conversation.opens_at is not None and timezone.now() < conversation.opens_at:
        raise Conflict(
            _("The chat opens %(minutes)s minutes before the event, on %(when)s.")
            % {
                "minutes": settings.CHAT_OPENS_MINUTES_BEFORE,
                "when": date_format(timezone.localtime(conversation.opens_at), "DATETIME_FORMAT"),
            },
            code=ErrorCode.NOT_OPEN_YET,
        )
    if seat.side == Side.PROVIDER and not conversation.messages.filter(side=Side.CUSTOMER).exists():
        raise Forbidden(
            _("Only the customer starts a conversation; wait until they write to you."),
            code=ErrorCode.PROVIDER_FIRST,
        )


def _check_rate(by: User) -> None:
    since = timezone.now() - timedelta(seconds=settings.CHAT_RATE_SECONDS)
    recent = Message.objects.filter(sender=by, created_at__gte=since).count()
    if recent >= settings.CHAT_RATE_MESSAGES:
        raise TooMany(
            _("You sent %(count)s messages in %(seconds)s seconds: wait a moment, then send again.")
            % {"count": recent, "seconds": settings.CHAT_RATE_SECONDS},
            code=ErrorCode.RATE_LIMITED,
        )


def _check_client_id(client_id: str) -> None:
    if client_id and not CLIENT_ID.match(client_id):
        raise ValidationFailed(
            _("client_id may have 1 to 64 letters, digits and . _ : - only."),
            code=ErrorCode.BAD_CLIENT_ID,
            fields={"client_id": [_("Not valid.")]},
        )


def _already_sent(by: User, client_id: str, conversation: Conversation) -> Message | None:
    if not client_id:
        return None
    existing = (
        Message.objects.filter(sender=by, client_id=client_id)
        .select_related("attachment", "sender__linguist_profile")
        .first()
    )
    if existing is not None and existing.conversation_id != conversation.pk:
        raise Conflict(
            _("This client_id was already used for a message in another conversation."),
            code=ErrorCode.BAD_CLIENT_ID,
        )
    return existing


@transaction.atomic
def message_send(
    *,
    conversation: Conversation,
    by: User,
    body: str,
    client_id: str = "",
    attachment: Attachment | None = None,
) -> tuple[Message, bool]:
    """Send ``body`` (and an attachment) as ``by``; return the message and whether it is
    new. A retry with the same ``client_id`` returns the stored message (False)."""
    body = body if isinstance(body, str) else ""
    client_id = (client_id or "").strip()
    _check_client_id(client_id)
    existing = _already_sent(by, client_id, conversation)
    if existing is not None:
        return existing, False
    _check_text(body, has_attachment=attachment is not None)
    seat = seat_of(user=by, conversation=conversation)
    check_may_write(conversation, seat, by=by)
    _check_rate(by)
    locked = _lock(conversation)
    # A retry that raced the first attempt waited for the lock: the first one is stored now.
    existing = _already_sent(by, client_id, conversation)
    if existing is not None:
        return existing, False
    masked = mask_contacts(body)
    masked_text = masked.text
    if seat.side in (Side.LINGUIST, Side.PROVIDER):
        # A linguist who types their own name reaches the other side by pseudonym (the
        # safety net orders use for notes: PRODUCT.md §2).
        masked_text = anonymised(masked_text, _linguists_of(by))
    message = _append(
        locked,
        kind=MessageKind.ATTACHMENT if attachment is not None else MessageKind.TEXT,
        sender=by,
        side=seat.side,
        body=body,
        masked=masked_text,
        hidden_contacts=masked.hidden + (masked_text != masked.text),
        client_id=client_id,
        attachment=attachment,
    )
    _seat_read(locked, by, seat, message.seq)
    conversation.last_seq, conversation.last_message_at = locked.last_seq, locked.last_message_at
    return message, True


def _linguists_of(user: User) -> list[Any]:
    profile = getattr(user, "linguist_profile", None)
    return [profile] if profile is not None else []


def _lock(conversation: Conversation) -> Conversation:
    locked = Conversation.objects.select_for_update().get(pk=conversation.pk)
    conversation.last_seq = locked.last_seq
    conversation.status = locked.status
    return locked


def _append(conversation: Conversation, **fields: Any) -> Message:
    """Write the next message of a locked conversation and publish it after commit."""
    now = timezone.now()
    conversation.last_seq += 1
    conversation.last_message_at = now
    Conversation.objects.filter(pk=conversation.pk).update(
        last_seq=conversation.last_seq, last_message_at=now, updated_at=now
    )
    message = Message.objects.create(conversation=conversation, seq=conversation.last_seq, **fields)
    message.conversation = conversation
    realtime.message_published(message)
    return message


def system_post(
    *, conversation: Conversation, event: str, data: dict[str, Any] | None = None, **extra: Any
) -> Message:
    """A line from Dragoman itself in the conversation (a status change, the reminder, who
    joined, a proposal's step), in the caller's transaction."""
    locked = _lock(conversation)
    message = _append(
        locked,
        kind=extra.pop("kind", MessageKind.SYSTEM),
        sender=extra.pop("sender", None),
        side=Side.SYSTEM,
        event=event,
        data=data or {},
        **extra,
    )
    conversation.last_seq, conversation.last_message_at = locked.last_seq, locked.last_message_at
    return message


def _seat_read(conversation: Conversation, user: User, seat: Seat, seq: int) -> None:
    """The sender has read everything up to their own message (one UPDATE, usually)."""
    moved = Participant.objects.filter(
        conversation=conversation, user=user, last_read_seq__lt=seq
    ).update(last_read_seq=seq)
    if not moved:
        Participant.objects.get_or_create(
            conversation=conversation,
            user=user,
            defaults={"side": seat.side, "can_write": seat.can_write, "last_read_seq": seq},
        )


@transaction.atomic
def conversation_read(*, conversation: Conversation, by: User, seq: int | None = None) -> int:
    """Mark the conversation read up to ``seq`` (default: everything); return the unread
    count left. Reading never moves backwards."""
    seat = seat_of(user=by, conversation=conversation)
    last = Conversation.objects.filter(pk=conversation.pk).values_list("last_seq", flat=True)[0]
    conversation.last_seq = last
    target = last if seq is None else max(0, min(int(seq), last))
    participant, _created = Participant.objects.get_or_create(
        conversation=conversation,
        user=by,
        defaults={"side": seat.side, "can_write": seat.can_write},
    )
    if target > participant.last_read_seq:
        Participant.objects.filter(pk=participant.pk, last_read_seq__lt=target).update(
            last_read_seq=target
        )
        participant.last_read_seq = target
        realtime.unread_changed([by.pk])
    return max(0, last - participant.last_read_seq)
