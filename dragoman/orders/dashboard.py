"""What orders give the dashboard (``core.panels`` slot "dashboard"): a client's latest
requests and their statistics."""

from __future__ import annotations

from typing import Any

from dragoman.accounts.models import User
from dragoman.core.permissions import Actor
from dragoman.orders.selectors import order_list, order_statistics, statistics_charts


def dashboard_context(*, request: Any, user: User, actor: Actor) -> dict[str, Any]:
    if actor.is_staff or not actor.in_client:
        return {}
    stats = order_statistics(user=user)
    return {
        "recent_orders": order_list(user=user)[:5],
        "stats": stats,
        "charts": statistics_charts(stats),
    }
