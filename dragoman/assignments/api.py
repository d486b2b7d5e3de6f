from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Schema, Status
from pydantic import Field, StrictInt

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.assignments import services
from dragoman.assignments.models import Offer, OfferStatus
from dragoman.assignments.selectors import assignment_queue
from dragoman.assignments.suggestions import no_suggestion_message, suggestions_for_user
from dragoman.core.api import ApiRouter, InputSchema
from dragoman.core.errors import NotFound
from dragoman.core.permissions import actor_for
from dragoman.linguists.models import LinguistProfile
from dragoman.orders.selectors import anonymised, order_get_for_user, order_linguists

router = ApiRouter(tags=["offers"])
queue_router = ApiRouter(tags=["assignments"])
QUEUE_PER_PAGE = 50


class OfferIn(InputSchema):
    linguist_id: StrictInt


class DeclineIn(InputSchema):
    reason: str = Field(max_length=2000)


class OfferOut(Schema):
    id: int
    order_id: int
    linguist: str = Field(description="The linguist's pseudonym")
    status: OfferStatus
    reason: str
    created_at: datetime
    answered_at: datetime | None


def _out(offer: Offer, linguists: list | None = None) -> dict:
    """``linguists``: for readers on the client side, whose names leave the typed reason
    (``orders.selectors.anonymised``)."""
    return {
        "id": offer.pk,
        "order_id": offer.order_id,
        "linguist": offer.linguist.pseudonym,
        "status": offer.status,
        "reason": anonymised(offer.reason, linguists or []),
        "created_at": offer.created_at,
        "answered_at": offer.answered_at,
    }


def _offer(request: AuthedHttpRequest, order_id: int, offer_id: int) -> Offer:
    order = order_get_for_user(user=request.user, order_id=order_id)
    offer = order.offers.select_related("order", "linguist").filter(pk=offer_id).first()
    if offer is None:
        raise NotFound(_("No such offer."))
    return offer


@router.get("/{int:order_id}/offers", response=list[OfferOut], summary="Offers")
def offer_list(request: AuthedHttpRequest, order_id: int):
    order = order_get_for_user(user=request.user, order_id=order_id)
    offers = order.offers.select_related("linguist")
    actor = actor_for(request.user)
    if actor.is_linguist and not actor.is_staff and actor.user_id is not None:
        offers = offers.filter(linguist__user_id=actor.user_id)
    linguists = [] if actor.is_staff else order_linguists(order=order)
    return [_out(o, linguists) for o in offers]


@router.post(
    "/{int:order_id}/offers",
    response={201: OfferOut},
    summary="Offer an accepted request to a linguist (staff)",
)
def offer_create(request: AuthedHttpRequest, order_id: int, payload: OfferIn):
    order = order_get_for_user(user=request.user, order_id=order_id)
    linguist = LinguistProfile.objects.filter(pk=payload.linguist_id).first()
    if linguist is None:
        raise NotFound(_("No such linguist."))
    offer = services.offer_create(order=order, linguist=linguist, by=request.user)
    return Status(201, _out(offer))


@router.post(
    "/{int:order_id}/offers/{int:offer_id}/accept",
    response=OfferOut,
    summary="The linguist accepts (refused when it overlaps confirmed work)",
)
def offer_accept(request: AuthedHttpRequest, order_id: int, offer_id: int):
    offer = services.offer_accept(offer=_offer(request, order_id, offer_id), by=request.user)
    return _out(offer)


@router.post(
    "/{int:order_id}/offers/{int:offer_id}/decline",
    response=OfferOut,
    summary="The linguist declines with a reason; the request goes back to the queue",
)
def offer_decline(request: AuthedHttpRequest, order_id: int, offer_id: int, payload: DeclineIn):
    offer = services.offer_decline(
        offer=_offer(request, order_id, offer_id), by=request.user, reason=payload.reason
    )
    return _out(offer)


class ReasonOut(Schema):
    code: str = Field(
        description="language_pair, service, topic, native, free, busy, past_work, declined, load"
    )
    label: str
    points: int


class SuggestionOut(Schema):
    rank: int
    linguist_id: int
    pseudonym: str
    name: str = Field(description="The linguist's real name (the API answers staff only)")
    score: int
    busy: bool = Field(description="The event overlaps their confirmed work or pending offer")
    busy_with: list[int] = Field(description="Ids of the overlapping requests")
    reasons: list[ReasonOut]


class SuggestionsOut(Schema):
    order_id: int
    items: list[SuggestionOut]
    message: str = Field(description="Why the list is empty; empty otherwise")


@router.get(
    "/{int:order_id}/suggestions",
    response=SuggestionsOut,
    summary="Linguists to offer the request to, best first, with the reasons (staff)",
)
def suggestion_list(
    request: AuthedHttpRequest, order_id: int, limit: int = Query(20, ge=1, le=100)
):
    order, suggestions = suggestions_for_user(user=request.user, order_id=order_id, limit=limit)
    return {
        "order_id": order.pk,
        "items": [
            {
                "rank": s.rank,
                "linguist_id": s.profile_id,
                "pseudonym": s.pseudonym,
                "name": s.name,
                "score": s.score,
                "busy": s.is_busy,
                "busy_with": s.busy_with,
                "reasons": [
                    {"code": r.code, "label": r.label, "points": r.points} for r in s.reasons
                ],
            }
            for s in suggestions
        ],
        "message": "" if suggestions else no_suggestion_message(order=order),
    }


class AssignmentQueueItemOut(Schema):
    id: int
    title: str
    organisation_id: int
    organisation: str
    service: str
    source_language: str
    target_language: str
    topic: str
    starts_at: datetime | None
    duration_minutes: int | None
    time_zone: str
    deadline: datetime | None
    waiting_since: datetime = Field(description="When the client accepted the quote")
    waiting_seconds: int
    declines: int = Field(description="Offers of this request that linguists declined")
    last_decline_reason: str | None
    candidates: int = Field(description="Available linguists with the exact language pair")


class AssignmentQueuePageOut(Schema):
    items: list[AssignmentQueueItemOut]
    count: int


@queue_router.get(
    "/queue",
    response=AssignmentQueuePageOut,
    summary="Requests waiting for a linguist, the longest-waiting first, 50 a page (staff)",
)
def queue(request: AuthedHttpRequest, page: int = Query(1, ge=1)):
    orders = assignment_queue(user=request.user)
    now = timezone.now()
    # Rows carry the selector's annotations (waiting_since, declines, candidates…).
    items: list[Any] = list(orders[(page - 1) * QUEUE_PER_PAGE : page * QUEUE_PER_PAGE])
    return {
        "items": [
            {
                "id": o.pk,
                "title": o.title,
                "organisation_id": o.organisation_id,
                "organisation": o.organisation.name,
                "service": o.service.code,
                "source_language": o.source_language.code,
                "target_language": o.target_language.code,
                "topic": o.topic.display_name(),
                "starts_at": o.starts_at,
                "duration_minutes": o.duration_minutes,
                "time_zone": o.time_zone,
                "deadline": o.deadline,
                "waiting_since": o.waiting_since,
                "waiting_seconds": max(0, int((now - o.waiting_since).total_seconds())),
                "declines": o.declines,
                "last_decline_reason": o.last_decline_reason,
                "candidates": o.candidates,
            }
            for o in items
        ],
        "count": orders.count(),
    }
