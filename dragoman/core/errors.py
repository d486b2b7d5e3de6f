"""Domain errors: a code the program can act on and a message a person can act on.

Services raise these; the API maps them to a status and ``{"code", "message", "fields"}``;
pages show the message next to the form.
"""

from __future__ import annotations

from django.utils.functional import Promise


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(
        self,
        message: str | Promise,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ) -> None:
        super().__init__(str(message))
        self.message = str(message)
        if code:
            self.code = code
        self.fields = fields or {}


class ValidationFailed(DomainError):
    """The input breaks a rule of the domain (422)."""

    status = 422
    code = "validation_failed"


class NotFound(DomainError):
    """The object does not exist *or the caller may not see it* (404): never a hint which."""

    status = 404
    code = "not_found"


class Forbidden(DomainError):
    """The caller sees the object but may not do this to it (403)."""

    status = 403
    code = "forbidden"


class Conflict(DomainError):
    """The request clashes with the current state (409), e.g. a duplicate or open work."""

    status = 409
    code = "conflict"


def from_django_validation(exc: Exception) -> ValidationFailed:
    """Turn Django's ValidationError (from ``full_clean`` or a form) into a ValidationFailed."""
    fields: dict[str, list[str]] = {}
    if hasattr(exc, "message_dict"):
        fields = {k: [str(m) for m in v] for k, v in exc.message_dict.items()}
        messages = [m for v in fields.values() for m in v]
    else:
        messages = [str(m) for m in getattr(exc, "messages", [str(exc)])]
    return ValidationFailed(" ".join(messages), fields=fields)


class TooMany(DomainError):
    """The caller does something too often (429); the message says when to try again."""

    status = 429
    code = "rate_limited"
