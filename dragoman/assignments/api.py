from datetime import datetime

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status
from pydantic import Field

from dragoman.assignments import services
from dragoman.assignments.models import Offer, OfferStatus
from dragoman.core.api import ErrorOut
from dragoman.core.errors import NotFound
from dragoman.core.permissions import actor_for
from dragoman.linguists.models import LinguistProfile
from dragoman.orders.selectors import order_get_for_user

router = Router(tags=["offers"])


class OfferIn(Schema):
    linguist_id: int


class DeclineIn(Schema):
    reason: str = Field(max_length=2000)


class OfferOut(Schema):
    id: int
    order_id: int
    linguist: str = Field(description="The linguist's pseudonym")
    status: OfferStatus
    reason: str
    created_at: datetime
    answered_at: datetime | None


def _out(offer: Offer) -> dict:
    return {
        "id": offer.pk,
        "order_id": offer.order_id,
        "linguist": offer.linguist.pseudonym,
        "status": offer.status,
        "reason": offer.reason,
        "created_at": offer.created_at,
        "answered_at": offer.answered_at,
    }


def _offer(request: HttpRequest, order_id: int, offer_id: int) -> Offer:
    order = order_get_for_user(user=request.user, order_id=order_id)
    offer = order.offers.select_related("order", "linguist").filter(pk=offer_id).first()
    if offer is None:
        raise NotFound(_("No such offer."))
    return offer


@router.get("/{order_id}/offers", response={200: list[OfferOut], 404: ErrorOut}, summary="Offers")
def offer_list(request: HttpRequest, order_id: int):  # type: ignore[no-untyped-def]
    order = order_get_for_user(user=request.user, order_id=order_id)
    offers = order.offers.select_related("linguist")
    actor = actor_for(request.user)
    if actor.is_linguist and not actor.is_staff:
        offers = offers.filter(linguist__user_id=actor.user_id)
    return [_out(o) for o in offers]


@router.post(
    "/{order_id}/offers",
    response={201: OfferOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="Offer an accepted request to a linguist (staff)",
)
def offer_create(request: HttpRequest, order_id: int, payload: OfferIn):  # type: ignore[no-untyped-def]
    order = order_get_for_user(user=request.user, order_id=order_id)
    linguist = LinguistProfile.objects.filter(pk=payload.linguist_id).first()
    if linguist is None:
        raise NotFound(_("No such linguist."))
    offer = services.offer_create(order=order, linguist=linguist, by=request.user)
    return Status(201, _out(offer))


@router.post(
    "/{order_id}/offers/{offer_id}/accept",
    response={200: OfferOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut},
    summary="The linguist accepts (refused when it overlaps confirmed work)",
)
def offer_accept(request: HttpRequest, order_id: int, offer_id: int):  # type: ignore[no-untyped-def]
    offer = services.offer_accept(offer=_offer(request, order_id, offer_id), by=request.user)
    return _out(offer)


@router.post(
    "/{order_id}/offers/{offer_id}/decline",
    response={200: OfferOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    summary="The linguist declines with a reason; the request goes back to the queue",
)
def offer_decline(request: HttpRequest, order_id: int, offer_id: int, payload: DeclineIn):  # type: ignore[no-untyped-def]
    offer = services.offer_decline(
        offer=_offer(request, order_id, offer_id), by=request.user, reason=payload.reason
    )
    return _out(offer)
