"""Shared pieces of the REST API: error mapping and schema helpers. Authentication is the
accounts app's (``accounts.api_auth``), wired in ``config.api``."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError
from phonenumber_field.phonenumber import to_python

from dragoman.core.errors import DomainError


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


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
