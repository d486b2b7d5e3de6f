"""What assignments give a linguist's dashboard (``core.panels`` slot "dashboard"): their
profile, the offers waiting for an answer and the work in progress."""

from __future__ import annotations

from typing import Any

from dragoman.accounts.models import User
from dragoman.assignments.models import Offer, OfferStatus
from dragoman.core.permissions import Actor
from dragoman.linguists.models import LinguistProfile
from dragoman.orders.enums import OrderStatus
from dragoman.orders.models import Order


def dashboard_context(*, request: Any, user: User, actor: Actor) -> dict[str, Any]:
    if actor.is_staff or actor.organisation_id is not None or not actor.is_linguist:
        return {}
    return {
        "profile": LinguistProfile.objects.prefetch_related(
            "language_pairs__source", "language_pairs__target", "services", "specialisations"
        ).get(user=user),
        "pending_offers": Offer.objects.filter(
            linguist__user=user, status=OfferStatus.PENDING
        ).select_related("order__service", "order__source_language", "order__target_language"),
        "my_work": Order.objects.filter(
            linguist__user=user, status=OrderStatus.IN_PROGRESS
        ).select_related("service", "source_language", "target_language")[:20],
    }
