"""The request a logged-in person's page receives (views behind ``login_required``)."""

from __future__ import annotations

from dragoman.accounts.models import User
from dragoman.core.http import HtmxHttpRequest


class AuthedHttpRequest(HtmxHttpRequest):
    user: User
