"""Reads of the assignment side: the staff queue and the calendar clashes of linguists."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.db.models import (
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    TextField,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.assignments.models import Offer, OfferStatus
from dragoman.core.errors import Forbidden
from dragoman.core.permissions import actor_for
from dragoman.linguists.models import LanguagePair
from dragoman.orders.enums import OrderStatus
from dragoman.orders.models import Order, OrderEvent

# An event lasts at most 24 hours (orders.services._validate), so work that overlaps an
# event starts less than this long before the event starts. The database only has to look
# at that window; the exact overlap is checked in Python, the same way on SQLite and
# PostgreSQL (neither needs date arithmetic in SQL).
LONGEST_EVENT = timedelta(hours=24)

# Work that makes a linguist busy at a time: confirmed (in progress) and offered to them and
# not yet answered (the request is "assigned" while their offer is pending).
BUSY_STATUSES = (OrderStatus.IN_PROGRESS, OrderStatus.ASSIGNED)


def count_of(queryset: QuerySet, *, group_by: str) -> Coalesce:
    """A correlated ``COUNT(*)`` of ``queryset`` (already filtered on an ``OuterRef``), as an
    annotation: 0 when nothing matches. Grouping by the correlated column gives one row."""
    return Coalesce(
        Subquery(
            queryset.order_by().values(group_by).annotate(n=Count("pk")).values("n")[:1],
            output_field=IntegerField(),
        ),
        0,
    )


def event_window(order: Order) -> tuple[datetime, datetime] | None:
    """When an event request takes place; None for work with a deadline instead."""
    if order.starts_at is None or not order.duration_minutes:
        return None
    return order.starts_at, order.starts_at + timedelta(minutes=order.duration_minutes)


def overlapping_work(
    *,
    order: Order,
    linguist_ids: Iterable[int] | QuerySet | None = None,
    statuses: Iterable[str] = BUSY_STATUSES,
) -> dict[int, list[Order]]:
    """Other requests of linguists that overlap ``order``'s event, by linguist id, earliest
    first; empty for a translation (it has a deadline, not a time slot).

    One query whatever the number of linguists: only the requests of ``linguist_ids`` (ids
    or a subquery) that start inside the window (LONGEST_EVENT before the start, up to the
    end) are read.
    """
    window = event_window(order)
    if window is None:
        return {}
    starts, ends = window
    rows = Order.objects.filter(
        linguist__isnull=False,
        status__in=list(statuses),
        starts_at__lt=ends,
        starts_at__gt=starts - LONGEST_EVENT,
    ).exclude(pk=order.pk)
    if isinstance(linguist_ids, QuerySet):  # a subquery: stays in the same SQL statement
        rows = rows.filter(linguist_id__in=linguist_ids)
    elif linguist_ids is not None:
        rows = rows.filter(linguist_id__in=list(linguist_ids))
    clashes: dict[int, list[Order]] = defaultdict(list)
    for other in rows.only("pk", "title", "linguist_id", "starts_at", "duration_minutes").order_by(
        "starts_at", "pk"
    ):
        # The query keeps only events of linguists: both are set.
        if other.starts_at is None or other.linguist_id is None:
            continue
        if other.starts_at + timedelta(minutes=other.duration_minutes or 0) > starts:
            clashes[other.linguist_id].append(other)
    return dict(clashes)


def assignment_queue(*, user: User) -> QuerySet[Order]:
    """Requests waiting for a linguist (accepted, not offered), the longest-waiting first.

    ``waiting_since`` is when the client accepted the quote: a linguist declining later
    puts the request back in the queue but does not reset the clock, since the client has
    been waiting all along. Each row also carries how many offers were declined, the last
    reason given, and how many available linguists have the exact language pair.
    """
    if not actor_for(user).is_staff:
        raise Forbidden(_("Only platform staff see the assignment queue."))
    accepted_at = (
        OrderEvent.objects.filter(order=OuterRef("pk"), to_status=OrderStatus.ACCEPTED)
        .order_by("created_at", "pk")
        .values("created_at")[:1]
    )
    declined = Offer.objects.filter(order=OuterRef("pk"), status=OfferStatus.DECLINED)
    last_reason = declined.order_by("-answered_at", "-pk").values("reason")[:1]
    pair = LanguagePair.objects.filter(
        source_id=OuterRef("source_language_id"),
        target_id=OuterRef("target_language_id"),
        profile__is_available=True,
    )
    return (
        Order.objects.filter(status=OrderStatus.ACCEPTED)
        .select_related("organisation", "service", "source_language", "target_language", "topic")
        .annotate(
            waiting_since=Coalesce(
                Subquery(accepted_at, output_field=DateTimeField()),
                F("updated_at"),
            ),
            declines=count_of(declined, group_by="order"),
            last_decline_reason=Subquery(last_reason, output_field=TextField()),
            candidates=count_of(pair, group_by="source"),
        )
        .order_by("waiting_since", "pk")
    )
