"""What the board's pages share: the board_page decorator, country options, staff checks."""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponseBase
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django_countries import countries

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board.permissions import can_vet
from dragoman.core.errors import NotFound, ValidationFailed
from dragoman.core.permissions import actor_for

PER_PAGE = 50


def board_page(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A board page: logged-in users only; what the reader may not see is a plain 404."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from exc

    return login_required(wrapper)


@lru_cache(maxsize=64)
def _country_names(language: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, str(name)) for code, name in countries)


def country_options(selected: str) -> str:
    """The country ``<option>``s, built once per language: 250 options through the template
    engine took more time than the whole search."""
    return format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        (
            (code, mark_safe(" selected") if code == selected else "", name)
            for code, name in _country_names(get_language() or "")
        ),
    )


def raise_first(form: Any) -> None:
    raise ValidationFailed(
        " ".join(str(m) for messages_ in form.errors.values() for m in messages_)
    )


def _staff(request: AuthedHttpRequest) -> None:
    if not can_vet(actor_for(request.user)):
        raise PermissionDenied(_("Only platform staff vet the board."))
