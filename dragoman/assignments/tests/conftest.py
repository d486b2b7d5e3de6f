"""Requests waiting for a linguist and linguists to suggest, built through the services."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import timezone

from dragoman.catalog.models import Language, Service, Topic
from dragoman.linguists.models import LinguistProfile
from dragoman.linguists.services import linguist_profile_update
from dragoman.linguists.tests.factories import make_linguist
from dragoman.orders.models import Order
from dragoman.orders.selectors import order_get_for_user
from dragoman.orders.services import order_create, quote_answer, quote_send


def waiting_order(
    world,
    *,
    title: str = "Supplier call",
    by=None,
    service: str = "consecutive",
    pair: tuple[str, str] = ("de", "en"),
    topic: str = "Law and contracts",
    starts_at: datetime | None = None,
    duration_minutes: int = 60,
) -> Order:
    """A request submitted, quoted and accepted: it waits in the assignment queue."""
    by = by or world.requester
    order = order_create(
        by=by,
        title=title,
        service=Service.objects.get(code=service),
        source_language=Language.objects.get(code=pair[0]),
        target_language=Language.objects.get(code=pair[1]),
        topic=Topic.objects.get(name=topic),
        starts_at=starts_at or timezone.now() + timedelta(days=3),
        duration_minutes=duration_minutes,
        submit=True,
    )
    quote = quote_send(
        order=order,
        by=world.staff,
        lines=[{"description": "Interpreting", "quantity": 2, "unit": "hour", "unit_price": 90}],
    )
    quote_answer(quote=quote, by=by, accept=True)
    return order_get_for_user(user=world.staff, order_id=order.pk)


def linguist(
    name: str,
    *,
    pairs: tuple[tuple[str, str], ...] = (("de", "en"),),
    services: Iterable[str] = (),
    topics: Iterable[str] = (),
    native: Iterable[str] = (),
    available: bool = True,
) -> LinguistProfile:
    profile = make_linguist(pairs=pairs, full_name=name)
    return linguist_profile_update(
        by=profile.user,
        profile=profile,
        services=Service.objects.filter(code__in=list(services)),
        specialisations=Topic.objects.filter(name__in=list(topics)),
        native_languages=Language.objects.filter(code__in=list(native)),
        is_available=available,
    )


def work(world, profile: LinguistProfile, *, status: str, by=None, **fields) -> Order:
    """A request of ``profile`` in ``status`` (set directly: only its state matters here)."""
    order = waiting_order(world, by=by, title=f"{status} work")
    Order.objects.filter(pk=order.pk).update(status=status, linguist=profile, **fields)
    order.refresh_from_db()
    return order
