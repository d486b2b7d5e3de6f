"""Types of the requests Dragoman's views receive."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that passed django-htmx's middleware (every request does: see settings)."""

    htmx: HtmxDetails


def int_or_none(value: str | None) -> int | None:
    """A whole number typed into a form or address, or None: an id such as "abc" must find
    nothing rather than fail the lookup."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else None
