"""WebSocket consumers. ``/ws/ping/`` proves the real-time path end to end; ``/ws/events/``
is the page's one socket: it carries the user's events out, and the requests apps register
(``register``) in: conversations take ``send``, ``resume`` and ``read`` on it."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from channels.consumer import get_handler_name
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.utils import timezone

from dragoman.core.realtime import user_group

CLOSE_NOT_AUTHENTICATED = 4401


class AuthenticatedConsumer(AsyncJsonWebsocketConsumer):
    """Refuses anonymous sockets; joins the user's own group for ``realtime.publish``."""

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated or not user.is_active:
            # Accept, then close with a code of our own: a refused handshake would only say
            # "403", and a client could not tell "log in again" from "wrong origin".
            await self.accept()
            await self.close(code=CLOSE_NOT_AUTHENTICATED)
            return
        self.user_group = user_group(user.pk)
        await self.channel_layer.group_add(self.user_group, self.channel_name)
        await self.accept()

    async def dispatch(self, message: dict[str, Any]) -> None:
        # Channels calls close_old_connections through sync_to_async before every message
        # (every frame received and every event delivered): a trip to the one thread that
        # runs database work, for events that touch no database. The handlers that do use
        # the database go through database_sync_to_async, which closes old connections
        # itself, so that trip only queued deliveries behind database work.
        handler = getattr(self, get_handler_name(message), None)
        if handler is None:
            raise ValueError(f"No handler for message type {message['type']}")
        await handler(message)

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "user_group"):
            await self.channel_layer.group_discard(self.user_group, self.channel_name)

    async def dragoman_event(self, message: dict[str, Any]) -> None:
        # The event's name wins over a key of the same name in its payload.
        await self.send_json({**message["payload"], "type": "event", "event": message["event"]})


class PingConsumer(AuthenticatedConsumer):
    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json(
                {
                    "type": "pong",
                    "user_id": self.scope["user"].pk,
                    "echo": content.get("echo"),
                    "server_time": timezone.now().isoformat(),
                }
            )
        else:
            await self.send_json(
                {"type": "error", "code": "unknown_message", "message": 'Send {"type": "ping"}.'}
            )


SocketHandler = Callable[["EventsConsumer", dict[str, Any]], Awaitable[dict[str, Any] | None]]
_handlers: dict[str, SocketHandler] = {}
ConnectHook = Callable[["EventsConsumer"], Awaitable[None]]
_connect_hooks: dict[str, ConnectHook] = {}


def on_connect(hook: ConnectHook) -> None:
    """Call ``hook(consumer)`` when an authenticated ``/ws/events/`` socket has connected
    (e.g. to look up once what the socket's requests will need)."""
    _connect_hooks[f"{hook.__module__}.{hook.__qualname__}"] = hook


def register(message_type: str, handler: SocketHandler) -> None:
    """Let ``/ws/events/`` answer messages of ``message_type`` with ``handler(consumer,
    content)``; what it returns is sent back (with the request's ``ref``, if any)."""
    _handlers[message_type] = handler


class EventsConsumer(AuthenticatedConsumer):
    """``/ws/events/``: the user's own events (``realtime.publish``), e.g. the unread count
    that keeps the menu's badge current, and the requests apps registered.

    Messages are handled one at a time, in the order they arrive, and the events published
    to the user wait meanwhile (Channels dispatches one message at a time): an answer to
    ``resume`` therefore reaches the client before any newer event.
    """

    async def connect(self) -> None:
        await super().connect()
        if hasattr(self, "user_group"):
            for hook in list(_connect_hooks.values()):
                await hook(self)

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        kind = content.get("type") if isinstance(content, dict) else None
        handler = _handlers.get(kind) if isinstance(kind, str) else None
        if handler is None:
            known = ", ".join(sorted(_handlers)) or "nothing"
            await self.send_json(
                {
                    "type": "error",
                    "code": "unknown_message",
                    "message": f"Unknown message type; this socket takes: {known}.",
                    "ref": content.get("ref") if isinstance(content, dict) else None,
                }
            )
            return
        answer = await handler(self, content)
        if answer is not None:
            if "ref" in content:
                answer = {**answer, "ref": content["ref"]}
            await self.send_json(answer)

    @classmethod
    async def decode_json(cls, text_data: str) -> Any:
        try:
            return await super().decode_json(text_data)
        except ValueError:
            return {"type": None}
