"""Reads of orders that check the reader's rights."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.catalog.models import Language, Service
from dragoman.core.cache_versions import version_bump, versions_of
from dragoman.core.errors import NotFound
from dragoman.core.permissions import actor_for
from dragoman.orders.enums import OPEN_STATUSES, OrderAction
from dragoman.orders.models import Order, OrderEvent, OrderFile
from dragoman.orders.permissions import filter_orders


def open_orders_of(user: User) -> int:
    """How many open orders ``user`` started: their removal waits until these move on."""
    return Order.objects.filter(requester_id=user.pk, status__in=OPEN_STATUSES).count()


def order_list(
    *,
    user: User,
    status: str | None = None,
    service: str | None = None,
    source: str | None = None,
    target: str | None = None,
    requester_id: int | None = None,
    requester_name: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
    search: str | None = None,
) -> QuerySet[Order]:
    queryset = filter_orders(actor_for(user), Order.objects.all())
    if status:
        queryset = queryset.filter(status=status)
    # Codes become ids first: filtering on the reference tables' codes would join them, and
    # a join per filter costs the planner more than the query itself on a large table.
    codes = {code for code in (source, target) if code}
    languages = (
        dict(Language.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}
    )
    if service:
        queryset = queryset.filter(service_id__in=Service.objects.filter(code=service).values("pk"))
    if source:
        queryset = queryset.filter(source_language_id=languages.get(source, 0))
    if target:
        queryset = queryset.filter(target_language_id=languages.get(target, 0))
    if requester_id:
        queryset = queryset.filter(requester_id=requester_id)
    if requester_name:
        queryset = queryset.filter(requester__full_name__icontains=requester_name)
    if since or until:
        # An event has a start, a translation a deadline: "when" is whichever it has
        # (indexed as such, see Order.Meta).
        queryset = queryset.alias(when=Coalesce("starts_at", "deadline"))
    if since:
        queryset = queryset.filter(when__gte=since)
    if until:
        queryset = queryset.filter(when__lte=until)
    if search:
        queryset = queryset.filter(Q(title__icontains=search) | Q(notes__icontains=search))
    # The people and the organisation are joined; the small reference tables (service,
    # languages, topic) are read in one query each for the page's rows.
    return (
        queryset.select_related("organisation", "requester", "linguist")
        # The requester's name is shown, never their numbers: parsing 100 phone numbers a page
        # cost 2 ms.
        .defer("requester__phone", "requester__mobile", "requester__password")
        .prefetch_related("service", "source_language", "target_language", "topic")
        .order_by("-created_at", "-id")
    )


REQUESTER_CHOICES_LIMIT = 50


def order_requesters(*, user: User) -> list[tuple[int, str]]:
    """Who the "requester" filter of the list offers: the organisation's requesters and
    managers for its managers, those of them who started a request for its observers (at
    most ``REQUESTER_CHOICES_LIMIT``, by name); nobody for others, who filter by id or
    search instead."""
    from dragoman.orgs.enums import MembershipStatus, Role
    from dragoman.orgs.models import Membership

    actor = actor_for(user)
    if not actor.is_client(Role.MANAGER, Role.OBSERVER) or actor.organisation_id is None:
        return []
    people = Membership.objects.filter(
        organisation_id=actor.organisation_id,
        status=MembershipStatus.ACTIVE,
        role__in=[Role.REQUESTER, Role.MANAGER],
    )
    if actor.is_client(Role.OBSERVER):
        # Observers do not see the contact list (core.permissions), only the requesters
        # the organisation's requests already name.
        people = people.filter(
            user_id__in=Order.objects.filter(organisation_id=actor.organisation_id).values(
                "requester_id"
            )
        )
    # One more than the limit tells the page to offer a name search instead of a list.
    return list(
        people.order_by("sort_name", "pk").values_list("user_id", "user__full_name")[
            : REQUESTER_CHOICES_LIMIT + 1
        ]
    )


def order_get_for_user(*, user: User, order_id: int) -> Order:
    """The order, or NotFound when it does not exist or the user may not see it."""
    order = (
        filter_orders(actor_for(user), Order.objects.all())
        .select_related(
            "organisation",
            "requester",
            "service",
            "source_language",
            "target_language",
            "topic",
            "linguist",
        )
        .filter(pk=order_id)
        .first()
    )
    if order is None:
        raise NotFound(_("No such request."))
    return order


def order_history(*, order: Order) -> QuerySet[OrderEvent]:
    return order.events.select_related("actor")


# Actions that need more than a status change (a quote, an offer) have their own services;
# these are the ones a plain button or POST to /transitions takes. ("deliver" checks that a
# translation has a deliverable inside ``order_transition``.)
PLAIN_ACTIONS = ("submit", "cancel", "decline", "deliver", "complete")


def order_actions(*, order: Order, actor: Any) -> list[str]:
    """The plain actions ``actor`` may take on ``order`` now, in the machine's order."""
    from dragoman.orders.machine import TRANSITIONS, actions_from
    from dragoman.orders.permissions import order_parties

    parties = order_parties(actor, order)
    return [
        action
        for action in actions_from(order.status)
        if action in PLAIN_ACTIONS and parties & set(TRANSITIONS[action].parties)
    ]


def order_history_entries(*, order: Order, actor: Any) -> list[dict[str, Any]]:
    """The history as the viewer may read it: a linguist appears to clients only by
    pseudonym (PRODUCT.md §2, anonymity), in the names of the actors and in the notes
    people typed (``note``: use it rather than ``event.note``)."""
    events = list(order_history(order=order).select_related("actor__linguist_profile"))
    linguists = order_linguists(order=order) if not actor.is_staff else []
    return [
        {
            "event": event,
            "by": display_name_for(actor, event.actor),
            "label": str(OrderAction(event.action).label),
            "note": anonymised(event.note, linguists),
        }
        for event in events
    ]


def order_linguists(*, order: Order) -> list[Any]:
    """Every linguist the order was offered to, and its current one, with their users: the
    people whose names ``anonymised`` keeps from the client side."""
    from dragoman.linguists.models import LinguistProfile

    return list(
        LinguistProfile.objects.filter(Q(offers__order_id=order.pk) | Q(pk=order.linguist_id))
        .select_related("user")
        .distinct()
    )


def anonymised(text: str, linguists: list[Any]) -> str:
    """The text with each linguist's name, e-mail and phone numbers (in any letter case)
    replaced by their pseudonym: a safety net for notes, reasons and file names people
    type, before the client side reads them (PRODUCT.md §2)."""
    for profile in linguists:
        user = profile.user
        # As written: a backslash in it must not read as a group of the pattern.
        pseudonym = profile.pseudonym.replace("\\", "\\\\")
        secrets = [user.email, str(user.phone or ""), str(user.mobile or "")]
        patterns = [re.escape(secret) for secret in secrets if len(secret) > 2]
        words = user.full_name.split()
        if len("".join(words)) > 2:
            # Also with the words joined by "_", "-", "." or nothing, as in the name of a
            # file ("contract_lena_smith.docx").
            patterns.append(r"[\s_.\-]*".join(re.escape(word) for word in words))
        for pattern in patterns:
            if text:
                text = re.sub(pattern, pseudonym, text, flags=re.I)
    return text


def display_name_for(viewer: Any, person: Any) -> str:
    """How ``person`` is named to ``viewer`` (an Actor): a linguist by pseudonym to everybody
    but staff and themself (PRODUCT.md §2, anonymity); nobody at all is Dragoman itself.
    Load ``linguist_profile`` with the person (select_related) to keep this query-free."""
    if person is None:
        return "Dragoman"
    profile = getattr(person, "linguist_profile", None)
    if profile is not None and not viewer.is_staff and viewer.user_id != person.pk:
        return profile.pseudonym
    return person.full_name


def order_files(*, order: Order, kind: str | None = None) -> QuerySet[OrderFile]:
    """The files of an order its reader may download (the caller has read the order through
    ``order_get_for_user``): not removed, oldest first, with their uploaders."""
    queryset = order.files.filter(deleted_at__isnull=True).select_related(
        "uploaded_by__linguist_profile"
    )
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset


def order_file_get(*, order: Order, file_id: int) -> OrderFile:
    """One file of an order already read through ``order_get_for_user``, or NotFound."""
    found = order_files(order=order).filter(pk=file_id).first()
    if found is None:
        raise NotFound(_("No such file."))
    return found


def contacts_to_reassign(*, user: User, source_id: int, target_id: int) -> list[Any]:
    """Both contacts, read through the organisations ``user`` may manage (NotFound or
    Forbidden otherwise)."""
    from dragoman.orgs.models import Membership
    from dragoman.orgs.selectors import contact_get_for_user, organisation_get_for_user

    found = []
    for contact_id in (source_id, target_id):
        membership = Membership.objects.filter(pk=contact_id).only("organisation_id").first()
        if membership is None:
            raise NotFound(_("No such contact."))
        organisation = organisation_get_for_user(
            user=user, organisation_id=membership.organisation_id
        )
        found.append(
            contact_get_for_user(
                user=user, organisation=organisation, contact_id=contact_id, manage=True
            )
        )
    return found


STATISTICS_SECONDS = 600


def _statistics_keys(organisation_id: int | None) -> list[str]:
    keys = ["order-stats-version:all"]
    if organisation_id:
        keys.append(f"order-stats-version:{organisation_id}")
    return keys


def statistics_changed(*, organisation_id: int) -> None:
    """Called after every change of an order (``services._record``, after commit): the
    cached statistics of its organisation, and those across organisations, are stale."""
    version_bump(*_statistics_keys(organisation_id))


def order_statistics(*, user: User) -> dict[str, Any]:
    """Counts of the requests the user may see: by status, by language pair, by month, and
    the amounts of accepted quotes by currency (memoQ seed: a requester's statistics).

    Computed once and kept in the cache until an order of the organisation changes
    (``statistics_changed`` bumps a version that is part of the key) or for
    ``STATISTICS_SECONDS`` at most; a dashboard over 100 000 orders then costs two cache
    reads instead of four grouped scans.
    """
    actor = actor_for(user)
    scope = (
        "staff"
        if actor.is_staff
        else f"{actor.kind}:{actor.organisation_id}:"
        f"{actor.user_id if actor.is_client('requester') or actor.is_linguist else ''}"
    )
    # Months are counted on the reader's clock (TruncMonth uses the active time zone).
    zone = timezone.get_current_timezone_name()
    key = f"order-stats:{scope}:{zone}:{versions_of(*_statistics_keys(actor.organisation_id))}"
    found = cache.get(key)
    if found is None:
        found = _order_statistics(user)
        cache.set(key, found, STATISTICS_SECONDS)
    return found


def statistics_charts(stats: dict[str, Any], *, months: int = 12) -> dict[str, Any]:
    """Bars for the dashboard: the last ``months`` months (empty months included) and the
    statuses, each with its share of the largest bar in per cent."""
    from datetime import date

    from django.utils import timezone

    from dragoman.orders.enums import OrderStatus

    today = timezone.localdate()
    keys = []
    year, month = today.year, today.month
    for _step in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    keys.reverse()
    counts = {row["month"]: row["count"] for row in stats["by_month"]}
    peak = max([counts.get(key, 0) for key in keys] + [1])
    month_bars = [
        {
            "key": key,
            "label": date(int(key[:4]), int(key[5:]), 1),
            "count": counts.get(key, 0),
            "percent": round(100 * counts.get(key, 0) / peak),
        }
        for key in keys
    ]
    by_status = stats["by_status"]
    status_peak = max([*by_status.values(), 1])
    status_bars = [
        {
            "status": value,
            "label": label,
            "count": by_status[value],
            "percent": round(100 * by_status[value] / status_peak),
        }
        for value, label in OrderStatus.choices
        if by_status.get(value)
    ]
    return {"months": month_bars, "statuses": status_bars}


def _order_statistics(user: User) -> dict[str, Any]:
    from django.db.models import Count, DecimalField, ExpressionWrapper, F, Sum
    from django.db.models.functions import TruncMonth

    from dragoman.orders.enums import QuoteStatus
    from dragoman.orders.models import QuoteLine

    orders = filter_orders(actor_for(user), Order.objects.all()).order_by()
    by_status = dict(
        orders.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    by_pair = [
        {"source": s, "target": t, "count": n}
        for s, t, n in orders.values_list("source_language__code", "target_language__code")
        .annotate(n=Count("id"))
        .order_by("-n", "source_language__code", "target_language__code")
        .values_list("source_language__code", "target_language__code", "n")
    ]
    by_month = [
        {"month": month.strftime("%Y-%m"), "count": n}
        for month, n in orders.annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(n=Count("id"))
        .order_by("month")
        .values_list("month", "n")
        if month is not None
    ]
    amount = ExpressionWrapper(
        F("quantity") * F("unit_price"), output_field=DecimalField(max_digits=22, decimal_places=4)
    )
    spent = [
        {"currency": currency, "amount": str(total.quantize(Decimal("0.01")))}
        for currency, total in QuoteLine.objects.filter(
            quote__order__in=orders, quote__status=QuoteStatus.ACCEPTED
        )
        .values_list("quote__currency")
        .annotate(total=Sum(amount))
        .order_by("quote__currency")
        .values_list("quote__currency", "total")
    ]
    return {
        "total": sum(by_status.values()),
        "by_status": by_status,
        "by_language_pair": by_pair,
        "by_month": by_month,
        "spent": spent,
    }
