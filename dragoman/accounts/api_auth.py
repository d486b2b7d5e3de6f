"""How the REST API knows its caller: a personal API token, or the browser's session."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from ninja.security import APIKeyCookie, HttpBearer

from dragoman.accounts.services import api_token_authenticate


class BearerToken(HttpBearer):
    """``Authorization: Bearer <token>`` with a personal API token."""

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(secret=token)
        if user is not None:
            request.user = user
        return user


class SessionCookie(APIKeyCookie):
    """The browser's session, for htmx and scripts on Dragoman's own pages (CSRF checked)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request: HttpRequest) -> str | None:
        # Without a logged-in session there is nothing to protect: let the other schemes
        # answer (401), instead of failing a CSRF check that does not apply.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        # A request that names a token is judged by that token alone: a revoked or wrong
        # token must fail even in a browser that also holds a session.
        if "authorization" in request.headers:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if key is None:
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None
