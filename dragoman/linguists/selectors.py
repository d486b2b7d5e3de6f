"""Reads of linguist profiles that check the reader's rights."""

from __future__ import annotations

from django.conf import settings
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.core.errors import Forbidden, NotFound
from dragoman.core.permissions import actor_for
from dragoman.linguists.models import LinguistProfile
from dragoman.linguists.permissions import can_list_linguists, filter_linguists


def _with_details(queryset: QuerySet[LinguistProfile]) -> QuerySet[LinguistProfile]:
    return queryset.select_related("user").prefetch_related(
        "language_pairs__source",
        "language_pairs__target",
        "native_languages",
        "services",
        "specialisations",
    )


def linguist_list(
    *,
    user: User,
    source: str | None = None,
    target: str | None = None,
    service: str | None = None,
    search: str | None = None,
) -> QuerySet[LinguistProfile]:
    actor = actor_for(user)
    if not can_list_linguists(actor):
        raise Forbidden(_("You may not list linguists."))
    queryset = filter_linguists(actor, LinguistProfile.objects.all())
    if source or target:
        pair = Q()
        if source:
            pair &= Q(language_pairs__source__code=source)
        if target:
            pair &= Q(language_pairs__target__code=target)
        queryset = queryset.filter(pair)
    if service:
        queryset = queryset.filter(services__code=service)
    if search:
        queryset = queryset.filter(
            Q(pseudonym__icontains=search)
            | Q(user__full_name__icontains=search)
            | Q(user__email__icontains=search)
        )
    return _with_details(queryset.distinct()).order_by("pseudonym", "pk")


def linguist_get_for_user(*, user: User, profile_id: int) -> LinguistProfile:
    actor = actor_for(user)
    profile = (
        _with_details(filter_linguists(actor, LinguistProfile.objects.all()))
        .filter(pk=profile_id)
        .first()
    )
    if profile is None:
        raise NotFound(_("No such linguist."))
    return profile


def calendar_url(profile: LinguistProfile) -> str:
    """The private address of the linguist's feed of confirmed work (served by orders)."""
    return settings.SITE_URL + reverse("calendar_feed", args=[profile.calendar_token])
