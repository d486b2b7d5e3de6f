"""Who may read and write a conversation (PRODUCT.md §3), given the caller's Actor.

A request's conversation: the requester and the organisation's managers write, its
observers read; the confirmed linguist writes; the partner agency that brought the client
reads; staff read, and write once they joined (invited as administrator).

A marketplace conversation: the customer who started it and their organisation's managers
write; the provider (the agency's members, or the listed linguist) writes; staff read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dragoman.conversations.enums import ConversationKind, Side
from dragoman.core.permissions import Actor
from dragoman.orgs.enums import Role


@dataclass(frozen=True)
class Seat:
    """What a person is in one conversation."""

    side: str
    can_write: bool

    @property
    def sees_original(self) -> bool:
        return self.side == Side.STAFF


def seat_for(actor: Actor, conversation: Any, *, joined_staff: bool = False) -> Seat | None:
    """The caller's seat in the conversation, or None when they may not even see it.

    ``conversation`` comes with ``order`` (and its ``linguist``, ``organisation``) or
    ``provider`` (and its ``linguist``) loaded. ``joined_staff``: a staff member who joined
    as administrator, who writes too.
    """
    if not actor.is_authenticated:
        return None
    if conversation.kind == ConversationKind.ORDER:
        seat = _order_seat(actor, conversation.order)
    else:
        seat = _market_seat(actor, conversation)
    if seat is not None:
        return seat
    if actor.is_staff:
        return Seat(Side.STAFF, can_write=joined_staff)
    return None


def _order_seat(actor: Actor, order: Any) -> Seat | None:
    if order is None:
        return None
    if actor.is_linguist and order.linguist_id and order.linguist.user_id == actor.user_id:
        return Seat(Side.LINGUIST, can_write=True)
    if actor.in_client and actor.organisation_id == order.organisation_id:
        if actor.is_client(Role.MANAGER):
            return Seat(Side.CLIENT, can_write=True)
        if actor.is_client(Role.REQUESTER) and order.requester_id == actor.user_id:
            return Seat(Side.CLIENT, can_write=True)
        if actor.is_client(Role.OBSERVER):
            return Seat(Side.CLIENT, can_write=False)
        return None
    if actor.is_partner_manager() and order.organisation.partner_id == actor.organisation_id:
        return Seat(Side.CLIENT, can_write=False)
    return None


def _market_seat(actor: Actor, conversation: Any) -> Seat | None:
    provider = conversation.provider
    if provider is None:
        return None
    if provider.organisation_id is not None:
        if actor.organisation_id == provider.organisation_id and not actor.membership_pending:
            return Seat(Side.PROVIDER, can_write=True)
    elif actor.is_linguist and provider.linguist.user_id == actor.user_id:
        return Seat(Side.PROVIDER, can_write=True)
    if conversation.customer_id == actor.user_id:
        return Seat(Side.CUSTOMER, can_write=actor.organisation_id is not None)
    if (
        actor.in_client
        and actor.organisation_id == conversation.customer_organisation_id
        and actor.is_client(Role.MANAGER)
    ):
        return Seat(Side.CUSTOMER, can_write=True)
    return None


def may_start_market_conversation(actor: Actor) -> bool:
    """Only a client contact (a customer) starts a marketplace conversation."""
    return actor.is_client(Role.REQUESTER, Role.MANAGER)


def manages_provider(actor: Actor, provider: Any) -> bool:
    """Whether the actor speaks for the provider (its tags, proposals, blocks)."""
    if provider.organisation_id is not None:
        return actor.organisation_id == provider.organisation_id and not actor.membership_pending
    return actor.is_linguist and provider.linguist.user_id == actor.user_id


def may_manage_tags(actor: Actor) -> bool:
    """Tags belong to an organisation; every active member of it uses and edits them."""
    return actor.organisation_id is not None and not actor.membership_pending
