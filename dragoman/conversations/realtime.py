"""What open pages hear of conversations, through ``core.realtime`` on the page's one socket
(``/ws/events/``): ``message`` (a new message, as each reader may see it) and
``conversations.unread`` (the reader's unread total, after they read).

Readers see a message differently (contact details masked for the other side, a linguist's
name only to staff), so one message is published once per way of seeing it, each to the
readers who see it that way, in their language. Everything is sent after the transaction
commits: nobody hears of a message that is not stored. Pages count new messages from the
``message`` events themselves; the total is sent again whenever the reader reads.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from django.db import transaction
from django.utils import translation

from dragoman.core import realtime

EVENT_MESSAGE = "message"
EVENT_UNREAD = "conversations.unread"
# Who sits in a conversation changes rarely (it opens, an administrator joins): each process
# remembers it for a few seconds rather than asking for every message. A page that joined
# meanwhile hears the message by its resume (it sees the gap in seq).
SEATS_TTL = 5.0
_seats: dict[int, tuple[float, list[tuple[int, str, bool, str]]]] = {}


def seats_changed(conversation_id: int) -> None:
    _seats.pop(conversation_id, None)


def _seats_of(conversation_id: int) -> list[tuple[int, str, bool, str]]:
    from dragoman.conversations.models import Participant

    now = time.monotonic()
    cached = _seats.get(conversation_id)
    if cached is not None and cached[0] > now:
        return cached[1]
    rows = [
        (user_id, side, bool(is_staff), language or "")
        for user_id, side, is_staff, language in Participant.objects.filter(
            conversation_id=conversation_id
        ).values_list("user_id", "side", "user__is_staff", "user__language")
    ]
    if len(_seats) > 10_000:
        _seats.clear()
    _seats[conversation_id] = (now + SEATS_TTL, rows)
    return rows


def message_published(message: Any) -> None:
    transaction.on_commit(lambda: _publish_message(message))


def _publish_message(message: Any) -> None:
    from dragoman.conversations.selectors import Viewer, message_view

    groups: dict[tuple[Any, ...], list[int]] = defaultdict(list)
    for user_id, side, is_staff, language in _seats_of(message.conversation_id):
        # The sender's name and text are the same for everybody but the sender themself,
        # staff, and the sender's own side: group by those, then by language.
        own = user_id if user_id == message.sender_id else None
        groups[(own, side, is_staff, language)].append(user_id)
    items = []
    for (_own, side, is_staff, language), user_ids in groups.items():
        # The sender is a group of their own, so "mine" and client_id reach only them.
        viewer = Viewer(user_ids[0], side, is_staff)
        with translation.override(language or None):
            items.append((EVENT_MESSAGE, user_ids, message_view(viewer, message)))
    realtime.publish_many(items)


def unread_changed(user_ids: list[int], *, now: bool = False) -> None:
    """Tell the users' pages their unread totals (the menu's badge)."""
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
        realtime.publish_many(
            (EVENT_UNREAD, [user_id], {"total": int(totals.get(user_id) or 0)}) for user_id in ids
        )

    if now:
        send()
    else:
        transaction.on_commit(send)
