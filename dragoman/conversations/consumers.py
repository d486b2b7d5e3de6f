"""Conversations on the page's one socket (``/ws/events/``): ``send``, ``resume`` and
``read``, answered through the same services and selectors as REST.

- ``{"type": "send", "conversation": 7, "body": "…", "client_id": "c-…"}`` →
  ``{"type": "sent", "message": {…}, "created": true}`` (the stored message with ``id`` and
  ``seq``; a retry with the same ``client_id`` answers the same message with ``created``
  false); everybody in the conversation, the sender's other tabs too, gets ``message``.
- ``{"type": "resume", "conversation": 7, "after": 41}`` →
  ``{"type": "messages", "conversation": 7, "messages": […], "last_seq": 60, "more": false}``:
  exactly the messages after 41, in order, sent before any newer event.
- ``{"type": "read", "conversation": 7, "seq": 60}`` → ``{"type": "read", "unread": 0}``.

A refusal is ``{"type": "error", "code": "…", "message": "…"}`` with the codes of REST.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from typing import Any

from channels.db import database_sync_to_async
from django.utils import translation

from dragoman.core.errors import DomainError
from dragoman.core.permissions import forget_actor


def _on_a_thread(function: Any) -> Any:
    """Run the database work of one socket's request on a thread of a pool, not on the one
    thread Channels keeps for database work by default: sockets of different people then
    wait for PostgreSQL side by side instead of in one queue. (A socket's own requests still
    come one at a time: Channels hands a consumer the next message when it answered.)"""
    return database_sync_to_async(function, thread_sensitive=False)


def _error(exc: DomainError, content: dict[str, Any]) -> dict[str, Any]:
    answer: dict[str, Any] = {"type": "error", "code": exc.code, "message": exc.message}
    if exc.fields:
        answer["fields"] = exc.fields
    if content.get("client_id"):
        answer["client_id"] = content["client_id"]
    return answer


ACTOR_TTL = 30.0


def _run(user: Any, content: dict[str, Any], work: Any) -> dict[str, Any]:
    # A socket lives for hours: its user's rights are looked up again every half minute, so
    # a contact made observer (or removed) stops writing without reconnecting.
    now = time.monotonic()
    if getattr(user, "_dragoman_actor_at", 0.0) < now - ACTOR_TTL:
        forget_actor(user)
        user._dragoman_actor_at = now
    with translation.override(getattr(user, "language", None) or None):
        try:
            return work()
        except DomainError as exc:
            return _error(exc, content)


def _int(value: Any, default: int = 0) -> int:
    if isinstance(value, bool):
        return default
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


SEAT_TTL = 30.0


def _conversation(
    user: Any, seats: dict[int, tuple[float, Any, Any]], conversation_id: Any
) -> tuple[Any, Any]:
    """The conversation and the user's seat in it, looked up again every half minute per
    socket (rights change rarely; whether it is still open is checked when writing)."""
    from dragoman.conversations.selectors import conversation_get_for_user, seat_of

    key = conversation_id if isinstance(conversation_id, int) else None
    now = time.monotonic()
    cached = seats.get(key) if key is not None else None
    if cached is not None and cached[0] > now:
        return cached[1], cached[2]
    conversation = conversation_get_for_user(user=user, conversation_id=conversation_id)
    seat = seat_of(user=user, conversation=conversation)
    if len(seats) > 1000:
        seats.clear()
    seats[conversation.pk] = (now + SEAT_TTL, conversation, seat)
    return conversation, seat


@_on_a_thread
def _send(user: Any, content: dict[str, Any], seats: dict) -> dict[str, Any]:
    from dragoman.conversations.selectors import Viewer, message_view
    from dragoman.conversations.services import message_send
    from dragoman.conversations.services.messages import sender_profile

    def work() -> dict[str, Any]:
        conversation, seat = _conversation(user, seats, content.get("conversation"))
        sender_profile(user)  # asked once per socket
        body = content.get("body")
        message, created = message_send(
            conversation=conversation,
            by=user,
            body=body if isinstance(body, str) else "",
            client_id=str(content.get("client_id") or ""),
            seat=seat,
        )
        viewer = Viewer.of(user, seat)
        return {"type": "sent", "created": created, "message": message_view(viewer, message)}

    return _run(user, content, work)


@_on_a_thread
def _resume(user: Any, content: dict[str, Any], seats: dict) -> dict[str, Any]:
    from dragoman.conversations.selectors import PAGE, Viewer, message_view, messages_after

    def work() -> dict[str, Any]:
        conversation, seat = _conversation(user, seats, content.get("conversation"))
        viewer = Viewer.of(user, seat)
        after = max(0, _int(content.get("after")))
        rows = messages_after(conversation=conversation, after=after, limit=PAGE + 1)
        more = len(rows) > PAGE
        rows = rows[:PAGE]
        return {
            "type": "messages",
            "conversation": conversation.pk,
            "after": after,
            "messages": [message_view(viewer, m) for m in rows],
            "last_seq": rows[-1].seq if rows else after,
            "more": more,
        }

    return _run(user, content, work)


@_on_a_thread
def _read(user: Any, content: dict[str, Any], seats: dict) -> dict[str, Any]:
    from dragoman.conversations.services import conversation_read

    def work() -> dict[str, Any]:
        conversation, seat = _conversation(user, seats, content.get("conversation"))
        seq = content.get("seq")
        unread = conversation_read(
            conversation=conversation,
            by=user,
            seq=None if seq is None else _int(seq),
            seat=seat,
        )
        return {"type": "read", "conversation": conversation.pk, "unread": unread}

    return _run(user, content, work)


# Every page opens the socket: warm only the few conversations a person is likely to write in.
WARM_CONVERSATIONS = 20


@_on_a_thread
def _warm(user: Any, seats: dict) -> None:
    """Look the seats of the user's latest conversations up once, when the socket connects
    (two queries), so that its first messages do not pay for it."""
    from dragoman.conversations.permissions import seat_for
    from dragoman.conversations.selectors import conversations_sat_in
    from dragoman.conversations.services.messages import sender_profile
    from dragoman.core.permissions import actor_for

    forget_actor(user)
    actor = actor_for(user)
    user._dragoman_actor_at = time.monotonic()
    sender_profile(user)
    expires = time.monotonic() + SEAT_TTL
    joined = set()
    conversations = conversations_sat_in(user=user, limit=WARM_CONVERSATIONS)
    if actor.is_staff:
        joined = set(
            user.conversation_seats.filter(side="staff", can_write=True).values_list(
                "conversation_id", flat=True
            )
        )
    for conversation in conversations:
        seat = seat_for(actor, conversation, joined_staff=conversation.pk in joined)
        if seat is not None:
            seats[conversation.pk] = (expires, conversation, seat)


async def warm_seats(consumer: Any) -> None:
    """Start looking the seats up without holding the connection back: a request that
    arrives meanwhile waits for it (``_ready``), and Channels hands the socket nothing else
    while a request is handled, so a resume's answer still comes before newer events."""
    consumer.conversations_warming = asyncio.ensure_future(
        _warm(consumer.scope["user"], _seats(consumer))
    )


async def _ready(consumer: Any) -> None:
    warming = getattr(consumer, "conversations_warming", None)
    if warming is not None:
        consumer.conversations_warming = None
        with contextlib.suppress(Exception):
            await warming  # a failed warm-up only means lookups on demand


def _seats(consumer: Any) -> dict[int, tuple[float, Any, Any]]:
    if not hasattr(consumer, "conversation_seats"):
        consumer.conversation_seats = {}
    return consumer.conversation_seats


async def handle_send(consumer: Any, content: dict[str, Any]) -> dict[str, Any]:
    await _ready(consumer)
    return await _send(consumer.scope["user"], content, _seats(consumer))


async def handle_resume(consumer: Any, content: dict[str, Any]) -> dict[str, Any]:
    await _ready(consumer)
    return await _resume(consumer.scope["user"], content, _seats(consumer))


async def handle_read(consumer: Any, content: dict[str, Any]) -> dict[str, Any]:
    await _ready(consumer)
    return await _read(consumer.scope["user"], content, _seats(consumer))
