"""Types of the requests Dragoman's views receive."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that passed django-htmx's middleware (every request does: see settings)."""

    htmx: HtmxDetails


def id_from(value: str | None) -> int:
    """The id typed into a form or address, or 0 when it is not one: a lookup of "abc" must
    find nothing (no row has id 0) rather than fail."""
    value = (value or "").strip()
    return int(value) if value.isdigit() and len(value) < 19 else 0
