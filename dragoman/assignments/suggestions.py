"""Ranked suggestions of linguists for a request (PRODUCT.md §2: "Staff assign a linguist
(with suggestions ranked by language pair, topic, availability, rating, past work with this
client)").

The exact language pair is a filter, not a score: only linguists who take new work and have
the request's source → target pair are suggested. The others are ranked by the points of
their reasons (``Weights``), so staff see why each one ranks where it does. Linguists who
are busy at the event's time stay in the list, last, with the clashing request named.

The whole ranking costs two SQL queries whatever the number of linguists: one for the
candidates with every count annotated as a correlated subquery, one for calendar clashes
(events only).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Avg, Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from dragoman.accounts.models import User
from dragoman.assignments.models import Offer, OfferStatus
from dragoman.assignments.selectors import count_of, event_window, overlapping_work
from dragoman.core.errors import Forbidden
from dragoman.core.permissions import actor_for
from dragoman.linguists.models import LinguistProfile
from dragoman.orders.enums import OrderStatus
from dragoman.orders.models import Order
from dragoman.orders.selectors import order_get_for_user

# Requests that count as work a linguist did (or is doing) for a client.
PAST_WORK_STATUSES = (OrderStatus.IN_PROGRESS, OrderStatus.DELIVERED, OrderStatus.COMPLETED)


@dataclass(frozen=True)
class Weights:
    """Points each reason adds to (or takes from) a suggestion's score.

    - ``service``: the linguist lists the request's service (simultaneous, translation…).
      The strongest signal after the pair: an interpreter is rarely a good translator.
    - ``topic``: one of the linguist's specialisations is the request's topic.
    - ``native``: the target language is one of the linguist's native languages
      (translating into one's native language is the profession's norm).
    - ``per_past_job`` up to ``past_jobs_counted`` jobs: requests of the same client
      organisation the linguist did or is doing. Clients like "their" interpreter, but a
      long history must not outweigh the service and the topic.
    - ``declined``: the linguist declined this very request before; offering it again
      rarely helps, so it sinks well below the others but stays visible.
    - ``per_upcoming_job`` up to ``upcoming_jobs_counted``: confirmed work still ahead; a small
      nudge that spreads work over people, never enough to beat a better match.
    - ``busy``: the event overlaps confirmed work or a pending offer of the linguist. Busy
      linguists are also sorted after every free one, whatever their score: offering is
      refused for them (``services.offer_create``).
    - ``per_rating_step``: the linguist's WWA average from outsourcers on the reputation board
      (PRODUCT.md §8), published entries only: each point above 3 (the middle of 1 to 5) adds
      this much, each point below takes it away, so a 5 adds 10 and a 1 takes 10 away. A
      rating weighs less than the topic: one client's opinion is not a match.

    Ties are broken by pseudonym, so the order never changes between two page loads.
    """

    service: int = 30
    topic: int = 20
    native: int = 15
    per_past_job: int = 5
    past_jobs_counted: int = 5
    declined: int = -40
    per_upcoming_job: int = -2
    upcoming_jobs_counted: int = 5
    busy: int = -100
    per_rating_step: int = 5


WEIGHTS = Weights()


@dataclass(frozen=True)
class Reason:
    """One line of "why": a stable code for programs, a label for people, the points."""

    code: str
    label: str
    points: int

    @property
    def tone(self) -> str:
        return "plus" if self.points > 0 else "minus" if self.points < 0 else "neutral"


@dataclass
class Suggestion:
    """One linguist to offer the request to: ``profile_id`` and ``pseudonym`` identify them,
    ``name`` is their real name (staff only: never shown to clients)."""

    profile_id: int
    pseudonym: str
    name: str = field(repr=False)
    score: int
    reasons: list[Reason]
    busy_with: list[int]  # ids of the requests the event overlaps
    rank: int = 0

    @property
    def is_busy(self) -> bool:
        return bool(self.busy_with)


def rating_points(row: Mapping[str, Any]) -> int | None:
    """The points of the linguist's WWA average (see ``Weights``), or None without any
    published WWA entry: no rating is not a bad rating."""
    if not row.get("wwa_count"):
        return None
    return round((float(row["wwa_average"]) - 3) * WEIGHTS.per_rating_step)


def _candidate_ids(order: Order) -> QuerySet[LinguistProfile]:
    """The required filter: available, with the exact language pair."""
    return LinguistProfile.objects.filter(
        is_available=True,
        language_pairs__source_id=order.source_language_id,
        language_pairs__target_id=order.target_language_id,
    )


def _candidates(order: Order) -> list[Mapping[str, Any]]:
    """Candidates with every count the score needs, as plain rows: one query."""
    through_service = LinguistProfile.services.through.objects.filter(
        linguistprofile_id=OuterRef("pk"), service_id=order.service_id
    )
    through_topic = LinguistProfile.specialisations.through.objects.filter(
        linguistprofile_id=OuterRef("pk"), topic_id=order.topic_id
    )
    through_native = LinguistProfile.native_languages.through.objects.filter(
        linguistprofile_id=OuterRef("pk"), language_id=order.target_language_id
    )
    past_work = Order.objects.filter(
        linguist_id=OuterRef("pk"),
        organisation_id=order.organisation_id,
        status__in=PAST_WORK_STATUSES,
    ).exclude(pk=order.pk)
    now = timezone.now()
    upcoming = Order.objects.filter(
        Q(starts_at__gte=now) | Q(deadline__gte=now),
        linguist_id=OuterRef("pk"),
        status=OrderStatus.IN_PROGRESS,
    )
    declines = Offer.objects.filter(
        order_id=order.pk, linguist_id=OuterRef("pk"), status=OfferStatus.DECLINED
    )
    from dragoman.board.enums import EntryStatus
    from dragoman.board.models import WWAEntry

    wwa = WWAEntry.objects.filter(
        provider_id=OuterRef("user_id"), status=EntryStatus.PUBLISHED
    ).order_by()
    # Plain rows rather than model instances: building hundreds of instances would cost more
    # than the query itself.
    return list(
        _candidate_ids(order)
        .annotate(
            offers_service=Exists(through_service),
            specialises=Exists(through_topic),
            native=Exists(through_native),
            past_jobs=count_of(past_work, group_by="linguist"),
            upcoming_jobs=count_of(upcoming, group_by="linguist"),
            declines=count_of(declines, group_by="linguist"),
            wwa_count=count_of(wwa, group_by="provider"),
            wwa_average=Subquery(
                wwa.values("provider").annotate(average=Avg("rating")).values("average")[:1]
            ),
        )
        .order_by()
        .values(
            "pk",
            "pseudonym",
            "user__full_name",
            "offers_service",
            "specialises",
            "native",
            "past_jobs",
            "upcoming_jobs",
            "declines",
            "wwa_count",
            "wwa_average",
        )
    )


def _points(row: Mapping[str, Any], busy: bool, is_event: bool) -> list[tuple[str, int]]:
    """The (code, points) of each reason of one candidate, in the order they are shown."""
    w = WEIGHTS
    found = [("language_pair", 0)]
    if row["offers_service"]:
        found.append(("service", w.service))
    if row["specialises"]:
        found.append(("topic", w.topic))
    if row["native"]:
        found.append(("native", w.native))
    if is_event:
        found.append(("busy", w.busy) if busy else ("free", 0))
    if row["past_jobs"]:
        found.append(("past_work", w.per_past_job * min(row["past_jobs"], w.past_jobs_counted)))
    if row["declines"]:
        found.append(("declined", w.declined))
    if row["upcoming_jobs"]:
        found.append(
            ("load", w.per_upcoming_job * min(row["upcoming_jobs"], w.upcoming_jobs_counted))
        )
    rating = rating_points(row)
    if rating is not None:
        found.append(("rating", rating))
    return found


PER_LINGUIST_LABELS = frozenset({"busy", "past_work", "load", "rating"})


def _label(order: Order, code: str, row: Mapping[str, Any], busy_with: list[int]) -> str:
    if code == "language_pair":
        return _("Works from %(source)s into %(target)s") % {
            "source": order.source_language,
            "target": order.target_language,
        }
    if code == "service":
        return _("Offers %(service)s") % {"service": order.service}
    if code == "topic":
        return _("Specialises in %(topic)s") % {"topic": order.topic}
    if code == "native":
        return _("Native speaker of %(language)s") % {"language": order.target_language}
    if code == "busy":
        return _("Busy: overlaps %(requests)s") % {
            "requests": ", ".join(f"#{pk}" for pk in busy_with)
        }
    if code == "free":
        return _("Free at that time")
    if code == "past_work":
        count = row["past_jobs"]
        return ngettext(
            "Worked for this client once", "Worked for this client %(count)s times", count
        ) % {"count": count}
    if code == "declined":
        return _("Declined this request before")
    if code == "rating":
        return ngettext(
            "Rated %(average)s of 5 by an outsourcer (WWA)",
            "Rated %(average)s of 5 by %(count)s outsourcers (WWA)",
            row["wwa_count"],
        ) % {"average": f"{float(row['wwa_average']):.1f}", "count": row["wwa_count"]}
    count = row["upcoming_jobs"]
    return ngettext("%(count)s confirmed job ahead", "%(count)s confirmed jobs ahead", count) % {
        "count": count
    }


def suggestions_for(*, order: Order, limit: int | None = 20) -> list[Suggestion]:
    """The linguists to offer ``order`` to, best first, each with the reasons of its score.

    Callers check the reader's rights (``suggestions_for_user``); this only ranks. For
    labels, ``order`` should come with its service, languages and topic (as
    ``order_get_for_user`` reads it). Every candidate is scored; labels are written only
    for the ``limit`` returned (language names are slow to look up).
    """
    rows = _candidates(order)
    is_event = event_window(order) is not None
    clashes = (
        overlapping_work(order=order, linguist_ids=_candidate_ids(order).values("pk"))
        if is_event and rows
        else {}
    )
    ranked = []
    for row in rows:
        busy_with = [other.pk for other in clashes.get(row["pk"], [])]
        points = _points(row, bool(busy_with), is_event)
        score = sum(p for _code, p in points)
        ranked.append((bool(busy_with), -score, row["pseudonym"], row, points, busy_with))
    ranked.sort(key=lambda item: item[:3])
    # Labels that name only the request (pair, service, topic…) are the same for everyone.
    shared: dict[str, str] = {}

    def label(code: str, row: Mapping[str, Any], busy_with: list[int]) -> str:
        if code in PER_LINGUIST_LABELS:
            return _label(order, code, row, busy_with)
        if code not in shared:
            shared[code] = _label(order, code, row, busy_with)
        return shared[code]

    suggestions = []
    for rank, (_busy, minus_score, _pseudonym, row, points, busy_with) in enumerate(
        ranked[:limit] if limit is not None else ranked, start=1
    ):
        reasons = [Reason(code, label(code, row, busy_with), p) for code, p in points]
        suggestions.append(
            Suggestion(
                profile_id=row["pk"],
                pseudonym=row["pseudonym"],
                name=row["user__full_name"],
                score=-minus_score,
                reasons=reasons,
                busy_with=busy_with,
                rank=rank,
            )
        )
    return suggestions


def no_suggestion_message(*, order: Order) -> str:
    """What staff read when nobody can be suggested."""
    return _(
        "No available linguist works from %(source)s into %(target)s: add one (or this pair "
        "to a profile) in the staff console."
    ) % {"source": order.source_language, "target": order.target_language}


def suggestions_for_user(
    *, user: User, order_id: int, limit: int | None = 20
) -> tuple[Order, list[Suggestion]]:
    """The request and its suggestions, for staff only: NotFound when the user may not see
    the request, Forbidden when they see it but are not staff (suggestions name linguists)."""
    order = order_get_for_user(user=user, order_id=order_id)
    if not actor_for(user).is_staff:
        raise Forbidden(_("Only platform staff see suggested linguists."))
    return order, suggestions_for(order=order, limit=limit)
