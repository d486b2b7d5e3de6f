"""WebSocket consumers. ``/ws/ping/`` proves the real-time path end to end."""

from __future__ import annotations

from typing import Any

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

    async def disconnect(self, code: int) -> None:
        if hasattr(self, "user_group"):
            await self.channel_layer.group_discard(self.user_group, self.channel_name)

    async def dragoman_event(self, message: dict[str, Any]) -> None:
        await self.send_json({"type": "event", "event": message["event"], **message["payload"]})


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


class EventsConsumer(AuthenticatedConsumer):
    """``/ws/events/``: the user's own events (``realtime.publish``), e.g. the unread count
    that keeps the menu's badge current. The browser only listens."""

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        await self.send_json(
            {"type": "error", "code": "read_only", "message": "This socket only sends events."}
        )
