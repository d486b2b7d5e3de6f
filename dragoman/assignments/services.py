"""Offering requests to linguists (PIE seed: the admin assigns, the interpreter accepts or
declines; PRODUCT.md §2)."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.assignments.models import Offer, OfferStatus
from dragoman.assignments.selectors import overlapping_work
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.linguists.models import LanguagePair, LinguistProfile
from dragoman.orders.enums import OrderAction, OrderStatus
from dragoman.orders.models import Order
from dragoman.orders.services import order_transition


@transaction.atomic
def offer_create(*, order: Order, linguist: LinguistProfile, by: User) -> Offer:
    """Staff offer an accepted request to one linguist; the request waits for the answer.

    Refused for a linguist who is not taking work, lacks the request's exact language pair,
    or is busy at the event's time (confirmed work or another pending offer): PRODUCT.md §2,
    "double booking is refused or warned".
    """
    if not actor_for(by).is_staff:
        raise Forbidden(_("Only platform staff offer requests to linguists."))
    if not linguist.is_available:
        raise ValidationFailed(
            _("%(name)s is not taking new work.") % {"name": linguist.pseudonym},
            fields={"linguist_id": [_("Not available.")]},
        )
    if not LanguagePair.objects.filter(
        profile=linguist, source_id=order.source_language_id, target_id=order.target_language_id
    ).exists():
        raise ValidationFailed(
            _("%(name)s does not work from %(source)s into %(target)s.")
            % {
                "name": linguist.pseudonym,
                "source": order.source_language,
                "target": order.target_language,
            },
            code="no_language_pair",
            fields={"linguist_id": [_("Not this language pair.")]},
        )
    # Lock the linguist: two requests offered at once to the same person must not both pass
    # the clash check below.
    LinguistProfile.objects.select_for_update().filter(pk=linguist.pk).exists()
    clashes = overlapping_work(order=order, linguist_ids=[linguist.pk]).get(linguist.pk)
    if clashes:
        raise Conflict(
            _("%(name)s is busy then: the event overlaps request #%(id)s “%(title)s”.")
            % {"name": linguist.pseudonym, "id": clashes[0].pk, "title": clashes[0].title},
            code="double_booking",
        )
    # The linguist is on the order before the move is recorded, so that everything the
    # "offer" history row sets off (notifications) finds them there; a refused move rolls
    # both back.
    Order.objects.filter(pk=order.pk).update(linguist=linguist)
    order.linguist = linguist
    order_transition(order=order, by=by, action=OrderAction.OFFER, note=linguist.pseudonym)
    return Offer.objects.create(order=order, linguist=linguist, created_by=by)


def _clash(order: Order, linguist: LinguistProfile) -> Order | None:
    """Confirmed work of the linguist that overlaps this event, if any."""
    clashes = overlapping_work(
        order=order, linguist_ids=[linguist.pk], statuses=[OrderStatus.IN_PROGRESS]
    ).get(linguist.pk)
    return clashes[0] if clashes else None


@transaction.atomic
def offer_accept(*, offer: Offer, by: User) -> Offer:
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
    order_transition(order=offer.order, by=by, action=OrderAction.ACCEPT_OFFER)
    offer.status = OfferStatus.ACCEPTED
    offer.answered_at = timezone.now()
    offer.save(update_fields=["status", "answered_at", "updated_at"])
    return offer


@transaction.atomic
def offer_decline(*, offer: Offer, by: User | None, reason: str) -> Offer:
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
    order_transition(order=offer.order, by=by, action=OrderAction.DECLINE_OFFER, note=reason)
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
