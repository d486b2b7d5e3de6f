"""Middleware of the whole site."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction
from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.utils.decorators import sync_and_async_middleware
from django.utils.translation import gettext as _

API_PREFIX = "/api/"
JSON = "application/json"


@sync_and_async_middleware
def api_errors_as_json(
    get_response: Callable[[HttpRequest], HttpResponseBase | Awaitable[HttpResponseBase]],
) -> Callable[..., HttpResponseBase | Awaitable[HttpResponseBase]]:
    """Answer every error under /api/ in the API's ``{"code", "message", "fields"}`` format.

    The API's own handlers already do (``core.api``). Two answers come before any handler:
    Django's 404 for a path that names no operation, and django-ninja's 405 for a method the
    path does not take, both as plain HTML. Programs read the JSON ones instead; the 405
    keeps its ``Allow`` header.
    """
    if iscoroutinefunction(get_response):

        async def middleware_async(request: HttpRequest) -> HttpResponseBase:
            response = await get_response(request)
            return _as_json(request, response)

        return middleware_async

    def middleware(request: HttpRequest) -> HttpResponseBase:
        return _as_json(request, get_response(request))  # type: ignore[arg-type]  # sync branch: a response, not an awaitable

    return middleware


def _as_json(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    if (
        response.status_code not in (404, 405)
        or not request.path.startswith(API_PREFIX)
        or response.get("Content-Type", "").startswith(JSON)
    ):
        return response
    if response.status_code == 405:
        allowed = response.get("Allow", "")
        answer = _error(
            405,
            "method_not_allowed",
            _("This path does not take %(method)s; it takes %(allowed)s.")
            % {"method": request.method, "allowed": allowed},
        )
        answer["Allow"] = allowed
        return answer
    return _error(404, "not_found", _("Not found."))


def _error(status: int, code: str, message: str) -> JsonResponse:
    return JsonResponse(
        {"code": code, "message": message, "fields": {}},
        status=status,
        content_type=f"{JSON}; charset=utf-8",
    )
