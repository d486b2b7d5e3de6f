"""Shared pieces of the REST API: error mapping and schema helpers. Authentication is the
accounts app's (``accounts.api_auth``), wired in ``config.api``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Router, Schema
from ninja.constants import NOT_SET
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from phonenumber_field.phonenumber import to_python
from pydantic import BaseModel

from dragoman.core.errors import DomainError


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class InputSchema(BaseModel):
    """A request body, read strictly.

    It must be a JSON object. (django-ninja's ``Schema`` reads its fields as attributes of
    whatever it is given, so a list or a bare number passed for a body whose fields are all
    optional; this is a plain pydantic model for that reason.)
    Booleans and numbers must be sent as such: declare them ``StrictBool``, ``StrictInt``
    and ``StrictFloat`` (pydantic), or ``true`` would pass as the id 1 and ``0`` as false.
    Strings still become dates, times, amounts and choices, as JSON has no other way to
    send them, which is why the whole model is not in pydantic's strict mode.
    """


def error_answers(*, methods: list[str], authenticated: bool) -> dict[int, type[ErrorOut]]:
    """The error answers an operation may give, all in the one error format.

    Any operation: 403 (a rule of the domain, or a failed CSRF check for the session),
    404 (an object the caller may not see) and 422 (a path, query or body value); 401 when
    it needs authentication. An operation that changes something may also meet a body
    that is not JSON (400) or a clash with the current state (409).
    """
    codes = {403, 404, 422}
    if authenticated:
        codes.add(401)
    if set(methods) - {"GET", "HEAD"}:
        codes |= {400, 409}
    return {code: ErrorOut for code in sorted(codes)}


class ApiRouter(Router):
    """A django-ninja router whose every operation also declares its error answers
    (``error_answers``), so the OpenAPI document tells clients what to expect; an answer a
    handler declares itself (e.g. 401 for a wrong password) is kept."""

    def add_api_operation(
        self,
        path: str,
        methods: list[str],
        view_func: Callable[..., Any],
        *,
        response: Any = NOT_SET,
        **options: Any,
    ) -> None:
        if response is not NOT_SET:
            declared = response if isinstance(response, dict) else {200: response}
            auth = options.get("auth", NOT_SET)
            if auth is NOT_SET:
                auth = self.auth
            errors = error_answers(methods=methods, authenticated=auth is not None)
            response = {**declared, **{c: e for c, e in errors.items() if c not in declared}}
        super().add_api_operation(path, methods, view_func, response=response, **options)


def error_response(
    api: NinjaAPI, request: HttpRequest, status: int, code: str, message: str, fields: Any = None
) -> HttpResponse:
    return api.create_response(
        request, {"code": code, "message": message, "fields": fields or {}}, status=status
    )


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(DomainError)
    def domain_error(request: HttpRequest, exc: DomainError) -> HttpResponse:
        return error_response(api, request, exc.status, exc.code, exc.message, exc.fields)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields: dict[str, list[str]] = {}
        for error in exc.errors:
            location = [str(p) for p in error.get("loc", []) if p not in ("body", "query", "path")]
            if location and location[0] == "payload":
                location = location[1:]
            key = ".".join(location) or "__all__"
            message = str(error.get("msg", _("Invalid value.")))
            if error.get("type") in ("model_type", "dict_type"):
                message = _("Send a JSON object here.")
            elif error.get("type") == "list_type":
                message = _("Send a JSON array here.")
            fields.setdefault(key, []).append(message.removeprefix("Value error, "))
        return error_response(
            api, request, 422, "validation_failed", _("Some fields are not valid."), fields
        )

    @api.exception_handler(AuthenticationError)
    def not_authenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        response = error_response(
            api,
            request,
            401,
            "not_authenticated",
            _("Log in or send a valid API token (Authorization: Bearer <token>)."),
        )
        response["WWW-Authenticate"] = 'Bearer realm="dragoman"'
        return response

    @api.exception_handler(Http404)
    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(api, request, 404, "not_found", _("Not found."))

    @api.exception_handler(HttpError)
    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(api, request, exc.status_code, "error", str(exc))


def clean_phone(value: str | None) -> str:
    """A phone number in E.164, or ValueError with a readable message."""
    if not value:
        return ""
    number = to_python(value)
    if number is None or not number.is_valid():
        raise ValueError(
            _("Enter a valid phone number with its country code, e.g. +44 20 7946 0958.")
        )
    return number.as_e164
