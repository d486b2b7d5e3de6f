"""Types of the requests Dragoman's views receive."""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class HtmxHttpRequest(HttpRequest):
    """A request that passed django-htmx's middleware (every request does: see settings)."""

    htmx: HtmxDetails
