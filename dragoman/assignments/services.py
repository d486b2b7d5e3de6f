"""Offering requests to linguists (PIE seed: the admin assigns, the interpreter accepts or
declines; PRODUCT.md §2)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.assignments.models import Offer, OfferStatus
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.linguists.models import LinguistProfile
from dragoman.orders.enums import OrderStatus
from dragoman.orders.models import Order
from dragoman.orders.services import order_transition


@transaction.atomic
def offer_create(*, order: Order, linguist: LinguistProfile, by: Any) -> Offer:
    """Staff offer an accepted request to one linguist; the request waits for the answer."""
    if not actor_for(by).is_staff:
        raise Forbidden(_("Only platform staff offer requests to linguists."))
    if not linguist.is_available:
        raise ValidationFailed(
            _("%(name)s is not taking new work.") % {"name": linguist.pseudonym},
            fields={"linguist_id": [_("Not available.")]},
        )
    order_transition(order=order, by=by, action="offer", note=linguist.pseudonym)
    Order.objects.filter(pk=order.pk).update(linguist=linguist)
    order.linguist = linguist
    return Offer.objects.create(order=order, linguist=linguist, created_by=by)


def _clash(order: Order, linguist: LinguistProfile) -> Order | None:
    """Confirmed work of the linguist that overlaps this event, if any."""
    if order.starts_at is None or not order.duration_minutes:
        return None
    ends_at = order.starts_at + timedelta(minutes=order.duration_minutes)
    for other in Order.objects.filter(
        linguist=linguist, status=OrderStatus.IN_PROGRESS, starts_at__lt=ends_at
    ).exclude(pk=order.pk):
        if (
            other.starts_at
            and other.starts_at + timedelta(minutes=other.duration_minutes or 0) > order.starts_at
        ):
            return other
    return None


@transaction.atomic
def offer_accept(*, offer: Offer, by: Any) -> Offer:
    """The linguist accepts: the client sees the request confirmed and in progress.

    Refused when the event overlaps work the linguist already confirmed (no double booking).
    """
    if offer.linguist.user_id != by.pk:
        raise Forbidden(_("This offer is for another linguist."))
    if offer.status != OfferStatus.PENDING:
        raise Conflict(_("This offer was already answered."), code="offer_closed")
    clash = _clash(offer.order, offer.linguist)
    if clash is not None:
        raise Conflict(
            _("This event overlaps your confirmed request #%(id)s “%(title)s”.")
            % {"id": clash.pk, "title": clash.title},
            code="double_booking",
        )
    order_transition(order=offer.order, by=by, action="accept_offer")
    offer.status = OfferStatus.ACCEPTED
    offer.answered_at = timezone.now()
    offer.save(update_fields=["status", "answered_at", "updated_at"])
    return offer


@transaction.atomic
def offer_decline(*, offer: Offer, by: Any, reason: str) -> Offer:
    """The linguist declines with a reason; the request goes back to the assignment queue."""
    if by is not None and offer.linguist.user_id != by.pk and not actor_for(by).is_staff:
        raise Forbidden(_("This offer is for another linguist."))
    if offer.status != OfferStatus.PENDING:
        raise Conflict(_("This offer was already answered."), code="offer_closed")
    if not reason.strip():
        raise ValidationFailed(
            _("Say why you decline, so that staff can find someone else."),
            fields={"reason": [_("Required.")]},
        )
    order_transition(order=offer.order, by=by, action="decline_offer", note=reason)
    Order.objects.filter(pk=offer.order_id).update(linguist=None)
    offer.status = OfferStatus.DECLINED
    offer.reason = reason[:2000]
    offer.answered_at = timezone.now()
    offer.save(update_fields=["status", "reason", "answered_at", "updated_at"])
    return offer


def offers_expire(*, older_than_hours: int) -> int:
    """Offers left unanswered too long go back to the assignment queue (issue 3: "an offer
    unanswered for a configurable time goes back to the queue"). Safe to run twice."""
    limit = timezone.now() - timedelta(hours=older_than_hours)
    expired = 0
    for offer in Offer.objects.select_related("order", "linguist").filter(
        status=OfferStatus.PENDING, created_at__lte=limit
    ):
        offer_decline(
            offer=offer,
            by=None,
            reason=_("No answer within %(hours)s hours.") % {"hours": older_than_hours},
        )
        expired += 1
    return expired
