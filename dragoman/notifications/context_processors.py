from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def notifications(request: HttpRequest) -> dict[str, Any]:
    """``unread_notifications`` for the menu's badge: one query, made only when a template
    shows it, and once per request however often it is shown.

    Templates call a callable they find in the context, so the count is a function here.
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}

    def unread_notifications() -> int:
        cached = getattr(request, "_dragoman_unread_notifications", None)
        if cached is None:
            from dragoman.notifications.selectors import unread_count

            cached = unread_count(user=user)
            request._dragoman_unread_notifications = cached  # type: ignore[attr-defined]  # a per-request cache
        return cached

    return {"unread_notifications": unread_notifications}
