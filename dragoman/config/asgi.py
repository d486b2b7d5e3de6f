"""ASGI entry point: HTTP through Django, WebSockets through Channels (served by uvicorn)."""

from __future__ import annotations

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragoman.config.settings")

from django.core.asgi import get_asgi_application

django_asgi_app = get_asgi_application()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import OriginValidator  # noqa: E402
from django.conf import settings  # noqa: E402

from dragoman.accounts.ws_auth import BearerTokenMiddleware  # noqa: E402
from dragoman.config.routing import websocket_urlpatterns  # noqa: E402
from dragoman.core.asgi_limits import HttpConcurrencyLimit  # noqa: E402


class DragomanOriginValidator(OriginValidator):
    """Refuse sockets opened by pages of other sites (cross-site WebSocket hijacking).

    Browsers always send Origin, so a socket without one comes from a program, which
    authenticates itself with a token or cookie it holds: no hijacking is possible there.
    """

    def valid_origin(self, parsed_origin):
        if parsed_origin is None:
            return True
        return self.validate_origin(parsed_origin)


def _allowed_origins() -> list[str]:
    """Sockets may come from Dragoman's own pages (its hosts) or from listed origins.

    A socket with no Origin header (a server-side client with a token) is let through by the
    validator; browsers always send one.
    """
    return [*settings.ALLOWED_HOSTS, *settings.WEBSOCKET_ALLOWED_ORIGINS] or ["localhost"]


application = ProtocolTypeRouter(
    {
        "http": HttpConcurrencyLimit(
            django_asgi_app,
            limit=settings.HTTP_CONCURRENCY,
            queue_timeout=settings.HTTP_QUEUE_TIMEOUT,
        ),
        "websocket": DragomanOriginValidator(
            AuthMiddlewareStack(BearerTokenMiddleware(URLRouter(websocket_urlpatterns))),
            _allowed_origins(),
        ),
    }
)
