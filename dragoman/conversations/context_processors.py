from __future__ import annotations

from typing import Any

from django.http import HttpRequest


def conversations(request: HttpRequest) -> dict[str, Any]:
    """``unread_messages`` for the menu's badge: one query, only when a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_messages": 0}

    def unread_messages() -> int:
        cached = getattr(request, "_dragoman_unread_messages", None)
        if cached is None:
            from dragoman.conversations.selectors import unread_total

            cached = unread_total(user=user)
            request._dragoman_unread_messages = cached  # type: ignore[attr-defined]  # a per-request cache
        return cached

    return {"unread_messages": unread_messages}
