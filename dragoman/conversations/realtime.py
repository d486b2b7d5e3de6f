"""What open pages hear of conversations, through ``core.realtime.publish`` on the page's one
socket (``/ws/events/``): ``message`` (a new message, as each reader may see it) and
``conversations.unread`` (the reader's unread counts).

Readers see a message differently (contact details masked for the other side, a linguist's
name only to staff), so one message is published once per way of seeing it, each to the
readers who see it that way, in their language. Everything is sent after the transaction
commits: nobody hears of a message that is not stored.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import translation

from dragoman.core import realtime

EVENT_MESSAGE = "message"
EVENT_UNREAD = "conversations.unread"


def message_published(message: Any) -> None:
    message_id = message.pk
    transaction.on_commit(lambda: _publish_message(message_id))


def _publish_message(message_id: int) -> None:
    from dragoman.conversations.models import Message, Participant
    from dragoman.conversations.selectors import Viewer, message_view

    message = (
        Message.objects.select_related("sender__linguist_profile", "attachment", "proposal")
        .filter(pk=message_id)
        .first()
    )
    if message is None:
        return
    seats = Participant.objects.filter(conversation_id=message.conversation_id).values_list(
        "user_id", "side", "user__is_staff", "user__language", "last_read_seq"
    )
    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for user_id, side, is_staff, language, _read in seats:
        # The sender's name and text are the same for everybody but the sender themself,
        # staff, and the sender's own side: group by those, then by language.
        key = (
            user_id if user_id == message.sender_id else None,
            side,
            is_staff,
            language or "",
        )
        groups[key].append(user_id)
    for (_own, side, is_staff, language), user_ids in groups.items():
        # The sender is a group of their own, so "mine" and client_id reach only them.
        viewer = Viewer(user_ids[0], side, is_staff)
        with translation.override(language or None):
            payload = message_view(viewer, message)
        realtime.publish(EVENT_MESSAGE, user_ids, payload)
    unread_changed([u for u, *_rest in seats if u != message.sender_id], now=True)


def unread_changed(user_ids: list[int], *, now: bool = False) -> None:
    """Tell the users' pages their unread counts (the total for the menu's badge)."""
    ids = sorted(set(user_ids))
    if not ids:
        return

    def send() -> None:
        from django.db.models import F, Sum

        from dragoman.conversations.models import Participant

        totals = dict(
            Participant.objects.filter(user_id__in=ids)
            .values("user_id")
            .annotate(n=Sum(F("conversation__last_seq") - F("last_read_seq")))
            .values_list("user_id", "n")
        )
        for user_id in ids:
            realtime.publish(EVENT_UNREAD, [user_id], {"total": int(totals.get(user_id) or 0)})

    if now:
        send()
    else:
        transaction.on_commit(send)
