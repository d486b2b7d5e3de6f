"""Authenticate WebSockets by API token (``Authorization: Bearer …``) as well as by session.

Wired in ``config.asgi``; the tokens are the REST API's (``accounts.services``)."""

from __future__ import annotations

from typing import Any

from channels.db import database_sync_to_async
from channels.middleware import BaseMiddleware
from django.contrib.auth.models import AnonymousUser

from dragoman.accounts.services import api_token_authenticate


@database_sync_to_async
def _user_for_token(secret: str) -> Any:
    return api_token_authenticate(secret=secret)


class BearerTokenMiddleware(BaseMiddleware):
    async def __call__(self, scope: dict, receive: Any, send: Any) -> Any:
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode("latin-1")
        if authorization:
            # A socket that names a token is judged by that token alone, as in the REST API:
            # a wrong or revoked token does not fall back to the browser's session.
            user = None
            if authorization.lower().startswith("bearer "):
                user = await _user_for_token(authorization[7:].strip())
            scope = dict(scope, user=user or AnonymousUser())
        return await super().__call__(scope, receive, send)
