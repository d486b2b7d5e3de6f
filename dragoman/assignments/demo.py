"""The demo requests' lives from their assignment on: staff offer each to a linguist, who
accepts, works, delivers; the client completes it. The stories are told in
``orders/demo.py``; this plays their steps from the offer on."""

from __future__ import annotations

from dragoman.assignments.models import Offer, OfferStatus
from dragoman.assignments.services import offer_accept, offer_create
from dragoman.core.demo import Timeline
from dragoman.linguists.models import LinguistProfile
from dragoman.orders.demo import STORIES, Context, play, schedule
from dragoman.orders.demo import stamp as stamp_orders
from dragoman.orders.enums import OrderStatus
from dragoman.orders.models import Order


def stamp(timeline: Timeline) -> None:
    stamp_orders(timeline)
    timeline.stamp(Offer, "created_at", "updated_at", "answered_at")


def load(timeline: Timeline) -> None:
    """Every story's steps from the offer on, for requests still waiting for it."""
    stamp(timeline)
    context = Context.of(timeline)
    for story in STORIES:
        actions = [step.action for step in story.steps]
        if "offer" not in actions:
            continue
        # Accepted and never offered: the orders' part of the story is told, this part not.
        order = Order.objects.filter(
            title=story.title, status=OrderStatus.ACCEPTED, offers__isnull=True
        ).first()
        if order is None:
            continue
        timed = list(zip(story.steps, schedule(story, context), strict=True))
        for step, when in timed[actions.index("offer") :]:
            with timeline.at(when):
                if step.action == "offer":
                    linguist = LinguistProfile.objects.get(user=context.people[step.linguist])
                    offer_create(order=order, linguist=linguist, by=context.people[step.by])
                elif step.action == "accept_offer":
                    offer = Offer.objects.get(order=order, status=OfferStatus.PENDING)
                    offer_accept(offer=offer, by=context.people[step.by])
                else:
                    play(step, story=story, order=order, context=context)
                order.refresh_from_db()
