"""Helpers that put board rows in place without the services, for tests that are about
something else (lists, statistics, query counts)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from dragoman.accounts.tests.factories import UserFactory
from dragoman.board import text
from dragoman.board.enums import AuthorKind, EntryStatus, OutsourcerStatus
from dragoman.board.models import LWAEntry, Outsourcer
from dragoman.board.services import outsourcer_figures_refresh
from dragoman.linguists.tests.factories import make_linguist

_counter = {"n": 0}


def make_outsourcer(
    name: str = "Globex Translations",
    *,
    status: str = OutsourcerStatus.PUBLISHED,
    country: str = "FR",
    city: str = "Paris",
    **fields: Any,
) -> Outsourcer:
    return Outsourcer.objects.create(
        name=name,
        search_name=text.normalise(name),
        country=country,
        city=city,
        search_city=text.normalise(city),
        status=status,
        listed=status in (OutsourcerStatus.PUBLISHED, OutsourcerStatus.SUSPENDED),
        **fields,
    )


def make_author() -> Any:
    _counter["n"] += 1
    return make_linguist(email=f"author{_counter['n']}@example.test").user


def make_entry(
    outsourcer: Outsourcer,
    *,
    rating: int = 5,
    author: Any = None,
    status: str = EntryStatus.PUBLISHED,
    comment: str = "",
    refresh: bool = True,
    **fields: Any,
) -> LWAEntry:
    author = author or make_author()
    entry = LWAEntry.objects.create(
        outsourcer=outsourcer,
        author=author,
        author_kind=AuthorKind.LINGUIST,
        author_label=f"Author {author.pk}",
        rating=rating,
        comment=comment,
        work_confirmed=True,
        status=status,
        published_at=timezone.now() if status == EntryStatus.PUBLISHED else None,
        **fields,
    )
    if refresh:
        outsourcer_figures_refresh(outsourcer=outsourcer)
    return entry


def make_entries(outsourcer: Outsourcer, ratings: list[int], **fields: Any) -> list[LWAEntry]:
    """Many published entries at once, each by a different author (one user row is enough:
    the rules are not what is tested here)."""
    author = UserFactory()
    now = timezone.now()
    entries = LWAEntry.objects.bulk_create(
        LWAEntry(
            outsourcer=outsourcer,
            author=author,
            author_kind=AuthorKind.LINGUIST,
            author_label="Author",
            rating=rating,
            work_confirmed=True,
            status=EntryStatus.PUBLISHED,
            published_at=fields.get("published_at", now),
        )
        for rating in ratings
    )
    outsourcer_figures_refresh(outsourcer=outsourcer)
    return entries
