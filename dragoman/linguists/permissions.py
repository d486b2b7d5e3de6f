"""Who may list and edit linguists: staff all of them, a linguist their own profile; clients
never see who a linguist is (PRODUCT.md §2)."""

from __future__ import annotations

from django.db.models import QuerySet

from dragoman.core.permissions import Actor
from dragoman.linguists.models import LinguistProfile


def can_list_linguists(actor: Actor) -> bool:
    """Staff list linguists; a linguist sees their own profile; clients never see identities."""
    return actor.is_staff or actor.is_linguist


def filter_linguists(actor: Actor, queryset: QuerySet[LinguistProfile]) -> QuerySet:
    if actor.is_staff:
        return queryset
    if actor.is_linguist and actor.user_id is not None:
        return queryset.filter(user_id=actor.user_id)
    return queryset.none()


def can_edit_linguist_profile(actor: Actor, profile: LinguistProfile) -> bool:
    return actor.is_staff or profile.user_id == actor.user_id
