"""Saved board searches, each its owner's alone."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.board.models import (
    SavedSearch,
)
from dragoman.core.errors import NotFound, ValidationFailed


@transaction.atomic
def saved_search_save(
    *,
    by: User,
    name: str,
    q: str = "",
    country: str = "",
    city: str = "",
    sort: str = "name",
) -> SavedSearch:
    """Keep a search of the board under a name (FAQ 2.1); the same name replaces it."""
    from dragoman.board.enums import SearchSort

    name = " ".join((name or "").split())[:100]
    if not name:
        raise ValidationFailed(_("Name the search."), fields={"name": [_("Required.")]})
    if sort not in SearchSort.values:
        sort = SearchSort.NAME
    search, _created = SavedSearch.objects.update_or_create(
        user_id=by.pk,
        name=name,
        defaults={
            "q": (q or "").strip()[:200],
            "country": (country or "").upper()[:2],
            "city": (city or "").strip()[:100],
            "sort": sort,
        },
    )
    return search


@transaction.atomic
def saved_search_delete(*, by: User, search: SavedSearch) -> None:
    """Forget one of the user's saved searches (found with
    ``selectors.saved_search_get_for_user``, which checks that it is theirs)."""
    if search.user_id != by.pk:
        raise NotFound(_("No such saved search."))
    search.delete()
