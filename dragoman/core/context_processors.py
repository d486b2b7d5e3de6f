from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from dragoman.core.permissions import actor_for


def dragoman(request: HttpRequest) -> dict[str, Any]:
    return {"actor": actor_for(getattr(request, "user", None))}
