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

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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
    - ``rating``: linguists are not rated yet (WWA, PRODUCT.md §8); see ``rating_reason``.

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
    rating: int = 0


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
    profile: LinguistProfile
    pseudonym: str
    name: str = field(repr=False)  # the real name: staff only, never shown to clients
    score: int
    reasons: list[Reason]
    busy_with: list[int]  # ids of the requests the event overlaps
    rank: int = 0

    @property
    def is_busy(self) -> bool:
        return bool(self.busy_with)


def rating_reason(profile: LinguistProfile) -> Reason | None:
    """Extension point for the linguist's rating (WWA entries from clients, PRODUCT.md §8).

    There is no rating yet, so no reason and no points. When ratings exist, annotate the
    average in ``_candidates`` (one more correlated subquery, not a query per linguist)
    and return ``Reason("rating", …, points)`` here, scaled by ``WEIGHTS.rating``.
    """
    return None


def _candidates(order: Order) -> list[LinguistProfile]:
    """Available linguists with the exact pair, each with its counts: one query."""
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
    return list(
        LinguistProfile.objects.filter(
            is_available=True,
            language_pairs__source_id=order.source_language_id,
            language_pairs__target_id=order.target_language_id,
        )
        .select_related("user")
        .only("pk", "pseudonym", "user_id", "user__full_name")
        .annotate(
            offers_service=Exists(through_service),
            specialises=Exists(through_topic),
            native=Exists(through_native),
            past_jobs=count_of(past_work, group_by="linguist"),
            upcoming_jobs=count_of(upcoming, group_by="linguist"),
            declines=count_of(declines, group_by="linguist"),
        )
        .order_by()
    )


def _reasons(order: Order, linguist: Any, busy_with: list[Order], is_event: bool) -> list[Reason]:
    w = WEIGHTS
    reasons = [
        Reason(
            "language_pair",
            _("Works from %(source)s into %(target)s")
            % {"source": order.source_language, "target": order.target_language},
            0,
        )
    ]
    if linguist.offers_service:
        reasons.append(
            Reason("service", _("Offers %(service)s") % {"service": order.service}, w.service)
        )
    if linguist.specialises:
        reasons.append(
            Reason("topic", _("Specialises in %(topic)s") % {"topic": order.topic}, w.topic)
        )
    if linguist.native:
        reasons.append(
            Reason(
                "native",
                _("Native speaker of %(language)s") % {"language": order.target_language},
                w.native,
            )
        )
    if is_event:
        if busy_with:
            reasons.append(
                Reason(
                    "busy",
                    _("Busy: overlaps %(requests)s")
                    % {"requests": ", ".join(f"#{other.pk}" for other in busy_with)},
                    w.busy,
                )
            )
        else:
            reasons.append(Reason("free", _("Free at that time"), 0))
    if linguist.past_jobs:
        reasons.append(
            Reason(
                "past_work",
                ngettext(
                    "Worked for this client once",
                    "Worked for this client %(count)s times",
                    linguist.past_jobs,
                )
                % {"count": linguist.past_jobs},
                w.per_past_job * min(linguist.past_jobs, w.past_jobs_counted),
            )
        )
    if linguist.declines:
        reasons.append(Reason("declined", _("Declined this request before"), w.declined))
    if linguist.upcoming_jobs:
        reasons.append(
            Reason(
                "load",
                ngettext(
                    "%(count)s confirmed job ahead",
                    "%(count)s confirmed jobs ahead",
                    linguist.upcoming_jobs,
                )
                % {"count": linguist.upcoming_jobs},
                w.per_upcoming_job * min(linguist.upcoming_jobs, w.upcoming_jobs_counted),
            )
        )
    rating = rating_reason(linguist)
    if rating is not None:
        reasons.append(rating)
    return reasons


def suggestions_for(*, order: Order, limit: int | None = 20) -> list[Suggestion]:
    """The linguists to offer ``order`` to, best first, each with the reasons of its score.

    Callers check the reader's rights (``suggestions_for_user``); this only ranks. For
    labels, ``order`` should come with its service, languages and topic (as
    ``order_get_for_user`` reads it).
    """
    candidates = _candidates(order)
    is_event = event_window(order) is not None
    clashes = overlapping_work(order=order) if is_event and candidates else {}
    suggestions = []
    for linguist in candidates:
        busy_with = clashes.get(linguist.pk, [])
        reasons = _reasons(order, linguist, busy_with, is_event)
        suggestions.append(
            Suggestion(
                profile=linguist,
                pseudonym=linguist.pseudonym,
                name=linguist.user.full_name,
                score=sum(reason.points for reason in reasons),
                reasons=reasons,
                busy_with=[other.pk for other in busy_with],
            )
        )
    suggestions.sort(key=lambda s: (s.is_busy, -s.score, s.pseudonym))
    for rank, suggestion in enumerate(suggestions, start=1):
        suggestion.rank = rank
    return suggestions if limit is None else suggestions[:limit]


def no_suggestion_message(*, order: Order) -> str:
    """What staff read when nobody can be suggested."""
    return _(
        "No available linguist works from %(source)s into %(target)s: add one (or this pair "
        "to a profile) in the staff console."
    ) % {"source": order.source_language, "target": order.target_language}


def suggestions_for_user(
    *, user: Any, order_id: int, limit: int | None = 20
) -> tuple[Order, list[Suggestion]]:
    """The request and its suggestions, for staff only: NotFound when the user may not see
    the request, Forbidden when they see it but are not staff (suggestions name linguists)."""
    order = order_get_for_user(user=user, order_id=order_id)
    if not actor_for(user).is_staff:
        raise Forbidden(_("Only platform staff see suggested linguists."))
    return order, suggestions_for(order=order, limit=limit)
