"""Conversations by e-mail (issue: "one e-mail on the first message of a new conversation;
then at most one digest per hour per person of messages still unread; nothing is sent for
messages read meanwhile").

The first message of a marketplace conversation reaches the provider as a notification
(``CONVERSATION_STARTED``, sent by ``market_conversation_start``, which marks it e-mailed).
Everything later waits for the digest: every few minutes ``digests_due`` finds the people
with messages they have neither read nor been told of, whose last e-mail about
conversations is an hour old or more, and sends each of them one e-mail covering all their
conversations.

A digest tells of what other people wrote: messages, files and proposals. Dragoman's own
lines (status changes, the chat's reminder) are left out: their events come as
notifications of their own. It shows what the reader may see in Dragoman: a linguist by
pseudonym, the other side's text with contact details masked (PRODUCT.md §2, §3).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Greatest, RowNumber
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dragoman.accounts.models import User
from dragoman.conversations.enums import MessageKind, Side
from dragoman.conversations.models import Message, Participant
from dragoman.conversations.permissions import seat_for
from dragoman.conversations.selectors import (
    Viewer,
    attachment_name,
    conversation_title,
    sender_name,
    shown_body,
    system_text,
)
from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.models import NotificationPreference
from dragoman.notifications.unsubscribe import unsubscribe_headers, unsubscribe_url

logger = logging.getLogger(__name__)

DIGEST_INTERVAL = timedelta(hours=1)
KIND = NotificationKind.CONVERSATION_MESSAGES
# Per conversation, the latest few unread messages, each cut to a few lines.
MESSAGES_SHOWN = 5
CHARACTERS_SHOWN = 300
# What ``seat_for`` reads of a conversation, and what its title names.
CONVERSATION_RELATED = (
    "conversation__order__linguist__user",
    "conversation__order__organisation",
    "conversation__provider__linguist__user",
    "conversation__provider__organisation",
    "conversation__customer",
    "conversation__customer_organisation",
)


def _told_of() -> Greatest:
    """Up to which seq the person knows a conversation: read it, or was e-mailed about it."""
    return Greatest(F("last_read_seq"), F("emailed_seq"))


def _news() -> QuerySet[Message]:
    """Messages worth an e-mail: what people wrote (text, files) and proposal cards."""
    return Message.objects.exclude(kind=MessageKind.SYSTEM)


def _waiting(now: datetime) -> QuerySet[Participant]:
    """Seats with news for their person, who may get a digest now: active, with an e-mail
    address, digests not switched off, and no e-mail about conversations within the hour."""
    news = _news().filter(
        Q(sender_id__isnull=True) | ~Q(sender_id=OuterRef("user_id")),
        conversation_id=OuterRef("conversation_id"),
        seq__gt=OuterRef("told_of"),
    )
    emailed_lately = Participant.objects.filter(
        user_id=OuterRef("user_id"), last_email_at__gt=now - DIGEST_INTERVAL
    )
    switched_off = NotificationPreference.objects.filter(
        user_id=OuterRef("user_id"), kind=KIND, email=False
    )
    return (
        Participant.objects.annotate(told_of=_told_of())
        .filter(conversation__last_seq__gt=F("told_of"), user__is_active=True)
        .exclude(user__email="")
        .filter(Exists(news))
        .exclude(Exists(emailed_lately))
        .exclude(Exists(switched_off))
    )


def digests_due(*, now: datetime | None = None) -> int:
    """Send every digest that is due; returns how many left. A failed e-mail is logged and
    its messages wait for the next run (its seats are given back)."""
    now = now or timezone.now()
    user_ids = sorted(set(_waiting(now).values_list("user_id", flat=True)))
    sent = 0
    for user_id in user_ids:
        try:
            sent += digest_send(user_id=user_id, now=now)
        except Exception:
            logger.exception("The conversations digest to user %s failed", user_id)
    return sent


@dataclass
class _Entry:
    """One conversation in a digest."""

    participant: Participant
    viewer: Viewer
    title: str
    url: str
    messages: list[dict[str, Any]] = field(default_factory=list)
    more: int = 0


def digest_send(*, user_id: int, now: datetime | None = None) -> bool:
    """E-mail the person one digest of their unread messages in all their conversations,
    when one is due; returns whether an e-mail left.

    Safe to run twice, and side by side: the seats are claimed (``emailed_seq`` and
    ``last_email_at`` moved, on condition that nobody moved them since they were read)
    before the e-mail is sent, and given back when the mail server fails.
    """
    now = now or timezone.now()
    user = User.objects.filter(pk=user_id, is_active=True).exclude(email="").first()
    if user is None:
        return False
    seats = list(
        _waiting(now)
        .filter(user_id=user.pk)
        .select_related(*CONVERSATION_RELATED)
        .order_by(F("conversation__last_message_at").desc(nulls_last=True), "conversation_id")
    )
    if not seats:
        return False
    entries, gone = _entries(user, seats)
    if gone:
        # The person may no longer read these conversations (they left the organisation,
        # the request went to another linguist): nothing of them is ever told.
        _move(gone, emailed_seq={p.pk: p.conversation.last_seq for p in gone})
    _fill(user, entries)
    entries = [entry for entry in entries if entry.messages]
    if not entries:
        return False
    told = [entry.participant for entry in entries]
    if not _claim(told, now):
        return False
    with translation.override(user.language), timezone.override(user.timezone):
        count = sum(len(entry.messages) + entry.more for entry in entries)
        subject = ngettext(
            "%(count)s unread message in your Dragoman conversations",
            "%(count)s unread messages in your Dragoman conversations",
            count,
        ) % {"count": count}
        body = render_to_string(
            "conversations/email/digest.txt",
            {
                "user": user,
                "entries": entries,
                "count": count,
                "kind_label": KIND.label,
                "settings_url": settings.SITE_URL + reverse("notification_settings"),
                "unsubscribe_url": unsubscribe_url(user_id=user.pk, kind=KIND),
            },
        )
    email = EmailMultiAlternatives(
        subject,
        body,
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        headers=unsubscribe_headers(user_id=user.pk, kind=KIND),
    )
    try:
        email.send()
    except Exception:
        _give_back(told, now)
        raise
    return True


def _entries(user: User, seats: list[Participant]) -> tuple[list[_Entry], list[Participant]]:
    """The conversations the person may still read, each with how they see it; and the
    seats they lost."""
    actor = actor_for(user)
    entries, gone = [], []
    for participant in seats:
        conversation = participant.conversation
        joined_staff = participant.side == Side.STAFF and participant.can_write
        seat = seat_for(actor, conversation, joined_staff=joined_staff)
        if seat is None:
            gone.append(participant)
            continue
        viewer = Viewer(user.pk, seat.side, user.is_staff)
        entries.append(
            _Entry(
                participant=participant,
                viewer=viewer,
                title=conversation_title(actor, conversation),
                url=settings.SITE_URL + reverse("conversations:detail", args=[conversation.pk]),
            )
        )
    return entries, gone


def _fill(user: User, entries: list[_Entry]) -> None:
    """Each conversation's latest unread messages by others, in one query however many
    conversations there are."""
    if not entries:
        return
    wanted = Q()
    for entry in entries:
        participant = entry.participant
        wanted |= Q(
            conversation_id=participant.conversation_id,
            seq__gt=participant.told_of,  # type: ignore[attr-defined]  # annotated by _waiting
            seq__lte=participant.conversation.last_seq,
        )
    rows = (
        _news()
        .filter(wanted)
        .filter(Q(sender_id__isnull=True) | ~Q(sender_id=user.pk))
        .annotate(
            latest=Window(
                RowNumber(), partition_by=[F("conversation_id")], order_by=F("seq").desc()
            ),
            unread=Window(Count("id"), partition_by=[F("conversation_id")]),
        )
        .filter(latest__lte=MESSAGES_SHOWN)
        .select_related("sender__linguist_profile", "attachment", "proposal")
        .order_by("conversation_id", "seq")
    )
    by_conversation = {entry.participant.conversation_id: entry for entry in entries}
    for message in rows:
        entry = by_conversation[message.conversation_id]
        entry.messages.append(
            {
                "sender": sender_name(entry.viewer, message),
                "created_at": message.created_at,
                "text": _text(entry.viewer, message),
            }
        )
        entry.more = max(0, message.unread - MESSAGES_SHOWN)


def _text(viewer: Viewer, message: Message) -> str:
    """One message as the reader may see it, on one line and cut short."""
    if message.kind == MessageKind.PROPOSAL:
        text = system_text(message)
    else:
        text = shown_body(viewer, message)[0]
        if message.kind == MessageKind.ATTACHMENT:
            name = _("File: %(name)s") % {"name": attachment_name(viewer, message)}
            text = f"{name} {text}" if text.strip() else name
    return Truncator(" ".join(text.split())).chars(CHARACTERS_SHOWN)


def _claim(told: list[Participant], now: datetime) -> bool:
    """Mark the seats e-mailed up to what the digest shows, all or none: another run that
    got to any of them first (they changed since they were read) wins."""
    with transaction.atomic():
        moved = _move(
            told,
            emailed_seq={p.pk: p.conversation.last_seq for p in told},
            last_email_at={p.pk: now for p in told},
        )
        if moved != len(told):
            transaction.set_rollback(True)
            return False
    return True


def _give_back(told: list[Participant], now: datetime) -> None:
    """The e-mail did not leave: the seats are as before, for the next run to try again."""
    Participant.objects.filter(pk__in=[p.pk for p in told], last_email_at=now).update(
        emailed_seq=_each("emailed_seq", {p.pk: p.emailed_seq for p in told}, IntegerField()),
        last_email_at=_each(
            "last_email_at", {p.pk: p.last_email_at for p in told}, DateTimeField()
        ),
    )


def _move(
    seats: list[Participant],
    *,
    emailed_seq: dict[int, int],
    last_email_at: dict[int, datetime] | None = None,
) -> int:
    """One UPDATE of several seats, each to its own values, each only if it still has the
    values it was read with (``last_email_at=None`` reads IS NULL)."""
    unchanged = Q(pk__in=[])
    for p in seats:
        unchanged |= Q(pk=p.pk, emailed_seq=p.emailed_seq, last_email_at=p.last_email_at)
    values: dict[str, Any] = {"emailed_seq": _each("emailed_seq", emailed_seq, IntegerField())}
    if last_email_at is not None:
        values["last_email_at"] = _each("last_email_at", last_email_at, DateTimeField())
    return Participant.objects.filter(unchanged).update(**values)


def _each(name: str, values: dict[int, Any], output_field: Any) -> Case:
    """``name`` set to each seat's own value (a seat not listed keeps its own)."""
    return Case(
        *(
            When(pk=pk, then=Value(value, output_field=output_field))
            for pk, value in values.items()
        ),
        default=F(name),
        output_field=output_field,
    )
