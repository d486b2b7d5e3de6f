"""Sending and reading messages: the one path both the socket and REST take.

A message is committed before anybody hears of it (``realtime.publish`` runs on commit), is
numbered under a row lock of its conversation (``seq`` 1, 2, 3… without gaps), and a retry
with the same ``client_id`` returns the message already stored instead of a second one.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
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
from dragoman.core.errors import Conflict, DomainError, Forbidden, TooMany, ValidationFailed
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


def message_send(
    *,
    conversation: Conversation,
    by: User,
    body: str,
    client_id: str = "",
    attachment: Attachment | None = None,
    seat: Seat | None = None,
) -> tuple[Message, bool]:
    """Send ``body`` (and an attachment) as ``by``; return the message and whether it is
    new. A retry with the same ``client_id`` returns the stored message (False).

    ``seat`` is the sender's seat when the caller just looked it up (the socket keeps it for
    half a minute); whether the conversation is still open is checked under the row lock.
    """
    body = body if isinstance(body, str) else ""
    client_id = (client_id or "").strip()
    _check_client_id(client_id)
    if seat is None:
        seat = seat_of(user=by, conversation=conversation)
    try:
        _check_text(body, has_attachment=attachment is not None)
        check_may_write(conversation, seat, by=by)
        return _send(conversation, by, seat, body, client_id, attachment), True
    except (IntegrityError, DomainError):
        # A retry of a stored message (the unique client_id refused a second row, or the
        # retry meets a rule the first attempt passed: the flood limit, a closed chat)
        # is answered with the stored message. Most messages are new: they pay for no
        # look-up.
        existing = _already_sent(by, client_id, conversation)
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def _send(
    conversation: Conversation,
    by: User,
    seat: Seat,
    body: str,
    client_id: str,
    attachment: Attachment | None,
) -> Message:
    _check_rate(by)
    masked = mask_contacts(body)
    masked_text = masked.text
    if seat.side in (Side.LINGUIST, Side.PROVIDER):
        # A linguist who types their own name reaches the other side by pseudonym (the
        # safety net orders use for notes: PRODUCT.md §2).
        masked_text = anonymised(masked_text, _linguists_of(by))
    numbered = _next_seq(conversation.pk, only_open=True)
    if numbered is None:
        # Closed or blocked since the caller looked: say so, as for anybody else.
        fresh = Conversation.objects.get(pk=conversation.pk)
        check_may_write(fresh, seat, by=by)
        raise Conflict(_("This conversation is closed."), code=ErrorCode.CLOSED)
    seq, now = numbered
    message = Message.objects.create(
        conversation=conversation,
        seq=seq,
        kind=MessageKind.ATTACHMENT if attachment is not None else MessageKind.TEXT,
        sender=by,
        side=seat.side,
        body=body,
        masked=masked_text,
        hidden_contacts=masked.hidden + (masked_text != masked.text),
        client_id=client_id,
        attachment=attachment,
    )
    conversation.last_seq, conversation.last_message_at = seq, now
    _seat_read(conversation, by, seat, seq)
    realtime.message_published(message)
    return message


def sender_profile(user: User) -> Any:
    """The user's linguist profile or None, remembered on the user object: the socket asks
    once, not for every message (Django does not remember that a profile is missing)."""
    cache = user._state.fields_cache
    if "linguist_profile" not in cache:
        from dragoman.linguists.models import LinguistProfile

        cache["linguist_profile"] = LinguistProfile.objects.filter(user_id=user.pk).first()
    return cache["linguist_profile"]


def _linguists_of(user: User) -> list[Any]:
    profile = sender_profile(user)
    return [profile] if profile is not None else []


def _next_seq(conversation_id: int, *, only_open: bool) -> tuple[int, datetime] | None:
    """Take the conversation's next ``seq``: one UPDATE that locks the row until the
    transaction ends (so numbers are given one at a time, without gaps: a rolled-back
    message gives its number back) and returns the new number; None when ``only_open``
    and the conversation is not open."""
    now = timezone.now()
    stamp = connection.ops.adapt_datetimefield_value(now)
    # The table's name as Django makes it (conversations_conversation), written out.
    sql = (
        'UPDATE "conversations_conversation" SET "last_seq" = "last_seq" + 1, '
        '"last_message_at" = %s, "updated_at" = %s WHERE "id" = %s'
    )
    params: list[Any] = [stamp, stamp, conversation_id]
    if only_open:
        sql += ' AND "status" = %s'
        params.append(ConversationStatus.OPEN.value)
    with connection.cursor() as cursor:
        cursor.execute(sql + ' RETURNING "last_seq"', params)
        row = cursor.fetchone()
    return (int(row[0]), now) if row else None


def system_post(
    *, conversation: Conversation, event: str, data: dict[str, Any] | None = None, **extra: Any
) -> Message:
    """A line from Dragoman itself in the conversation (a status change, the reminder, who
    joined, a proposal's step), in the caller's transaction."""
    numbered = _next_seq(conversation.pk, only_open=False)
    if numbered is None:
        raise Conflict(_("No such conversation."), code=ErrorCode.NOT_FOUND)
    seq, now = numbered
    message = Message.objects.create(
        conversation=conversation,
        seq=seq,
        kind=extra.pop("kind", MessageKind.SYSTEM),
        sender=extra.pop("sender", None),
        side=Side.SYSTEM,
        event=event,
        data=data or {},
        **extra,
    )
    conversation.last_seq, conversation.last_message_at = seq, now
    realtime.message_published(message)
    return message


def _seat_read(conversation: Conversation, user: User, seat: Seat, seq: int) -> None:
    """The sender has read everything up to their own message (one UPDATE, usually)."""
    moved = Participant.objects.filter(
        conversation=conversation, user=user, last_read_seq__lt=seq
    ).update(last_read_seq=seq)
    if not moved:
        _participant, created = Participant.objects.get_or_create(
            conversation=conversation,
            user=user,
            defaults={"side": seat.side, "can_write": seat.can_write, "last_read_seq": seq},
        )
        if created:
            realtime.seats_changed(conversation.pk)


@transaction.atomic
def conversation_read(
    *, conversation: Conversation, by: User, seq: int | None = None, seat: Seat | None = None
) -> int:
    """Mark the conversation read up to ``seq`` (default: everything); return the unread
    count left. Reading never moves backwards."""
    if seat is None:
        seat = seat_of(user=by, conversation=conversation)
    last = Conversation.objects.filter(pk=conversation.pk).values_list("last_seq", flat=True)[0]
    conversation.last_seq = last
    target = last if seq is None else max(0, min(int(seq), last))
    participant, created = Participant.objects.get_or_create(
        conversation=conversation,
        user=by,
        defaults={"side": seat.side, "can_write": seat.can_write},
    )
    if created:
        realtime.seats_changed(conversation.pk)
    if target > participant.last_read_seq:
        Participant.objects.filter(pk=participant.pk, last_read_seq__lt=target).update(
            last_read_seq=target
        )
        participant.last_read_seq = target
        realtime.unread_changed([by.pk])
    return max(0, last - participant.last_read_seq)
