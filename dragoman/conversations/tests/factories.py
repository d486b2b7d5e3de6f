"""Conversations for tests, made the way users make them (through the services)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from dragoman.catalog.models import Language, Service, Topic
from dragoman.conversations.models import Conversation, ProviderProfile
from dragoman.conversations.services.market import (
    market_conversation_start,
    provider_profile_save,
)
from dragoman.orders.enums import OrderAction
from dragoman.orders.services import order_create, order_transition
from dragoman.orders.tests.factories import make_order, move


def confirm(order: Any, linguist: Any) -> Conversation:
    """The linguist confirms an offered request: its conversation opens (orders.hooks)."""
    move(order, "assigned", linguist=linguist)
    order_transition(order=order, by=linguist, action=OrderAction.ACCEPT_OFFER)
    return Conversation.objects.get(order=order)


def translation_chat(world: Any) -> Conversation:
    """A confirmed translation's conversation: open for writing at once."""
    return confirm(make_order(world), world.linguist)


def event_chat(world: Any, *, starts_in: timedelta) -> Conversation:
    """A confirmed event's conversation, the event starting ``starts_in`` from now."""
    order = order_create(
        by=world.requester,
        title="Supplier call",
        service=Service.objects.get(code="consecutive"),
        source_language=Language.objects.get(code="de"),
        target_language=Language.objects.get(code="en"),
        topic=Topic.objects.get(name="Law and contracts"),
        starts_at=timezone.now() + starts_in,
        duration_minutes=60,
        submit=True,
    )
    return confirm(order, world.linguist)


def agency_provider(world: Any) -> ProviderProfile:
    """The world's partner agency, listed in the directory."""
    return provider_profile_save(
        by=world.partner_manager,
        display_name="Partner Agency Translations",
        headline="Legal and technical, EN/DE/RU",
        services=list(Service.objects.all()[:3]),
        languages=list(Language.objects.filter(code__in=["en", "de", "ru"])),
    )


def market_chat(
    world: Any, *, customer: Any = None, body: str = "Hello, can you help?"
) -> Conversation:
    """A marketplace conversation the world's manager (or ``customer``) started."""
    provider = ProviderProfile.objects.filter(
        organisation=world.partner
    ).first() or agency_provider(world)
    return market_conversation_start(
        provider=provider,
        by=customer or world.manager,
        subject="Patent translation",
        body=body,
    )
