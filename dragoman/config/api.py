"""The REST API at /api/v1/: one NinjaAPI, one router per app."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from ninja import NinjaAPI

from dragoman.accounts.api_auth import BearerToken, SessionCookie
from dragoman.core.api import install_error_handlers

api = NinjaAPI(
    title="Dragoman API",
    version="1",
    description=(
        "Orders, conversations, time reports and reputation for language services. "
        "Authenticate with `POST /api/v1/auth/token` and send `Authorization: Bearer <token>`. "
        'Errors are JSON: `{"code", "message", "fields"}`.'
    ),
    auth=[BearerToken(), SessionCookie(csrf=True)],
    urls_namespace="api",
    docs_decorator=None,
)
install_error_handlers(api)

from dragoman.accounts.api import router as accounts_router  # noqa: E402
from dragoman.assignments.api import queue_router  # noqa: E402
from dragoman.assignments.api import router as assignments_router  # noqa: E402
from dragoman.board.api import board_router, entries_router, outsourcers_router  # noqa: E402
from dragoman.catalog.api import router as catalog_router  # noqa: E402
from dragoman.conversations.api import providers_router, tags_router  # noqa: E402
from dragoman.conversations.api import router as conversations_router  # noqa: E402
from dragoman.linguists.api import router as linguists_router  # noqa: E402
from dragoman.notifications.api import router as notifications_router  # noqa: E402
from dragoman.orders.api import router as orders_router  # noqa: E402
from dragoman.orgs.api import router as orgs_router  # noqa: E402

api.add_router("/", accounts_router)
api.add_router("/organisations", orgs_router)
api.add_router("/linguists", linguists_router)
api.add_router("/", catalog_router)
api.add_router("/orders", orders_router)
api.add_router("/orders", assignments_router)
api.add_router("/notifications", notifications_router)
api.add_router("/assignments", queue_router)
api.add_router("/outsourcers", outsourcers_router)
api.add_router("/lwa-entries", entries_router)
api.add_router("/board", board_router)
api.add_router("/conversations", conversations_router)
api.add_router("/tags", tags_router)
api.add_router("/providers", providers_router)

__all__ = ["api", "staff_member_required"]
