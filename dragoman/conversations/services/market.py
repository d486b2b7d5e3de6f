"""The marketplace (Shopify Experts seed): providers' public profiles, conversations only a
customer starts, declining a request, and blocking a customer for good."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.conversations.enums import (
    ConversationKind,
    ConversationStatus,
    ProposalStatus,
    Side,
    SystemEvent,
)
from dragoman.conversations.models import Block, Conversation, Participant, ProviderProfile
from dragoman.conversations.permissions import manages_provider, may_start_market_conversation
from dragoman.conversations.selectors import seat_of
from dragoman.conversations.services.messages import message_send, system_post
from dragoman.core.errors import Conflict, Forbidden, NotFound, ValidationFailed
from dragoman.core.permissions import actor_for
from dragoman.linguists.models import LinguistProfile
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify
from dragoman.orders.enums import OPEN_STATUSES, OrderAction

# Billing (a later app) closes a blocked customer's open invoices: it registers here.
BlockHook = Callable[..., None]
_block_hooks: dict[str, BlockHook] = {}


def on_block(hook: BlockHook) -> None:
    """Call ``hook(block=<Block>)`` inside the transaction that blocks a customer."""
    _block_hooks[f"{hook.__module__}.{hook.__qualname__}"] = hook


@transaction.atomic
def provider_profile_save(
    *,
    by: User,
    profile: ProviderProfile | None = None,
    display_name: str = "",
    headline: str = "",
    description: str = "",
    website: str = "",
    services: list[Any] | None = None,
    languages: list[Any] | None = None,
    is_public: bool = True,
) -> ProviderProfile:
    """A partner agency's manager (or a linguist, for themself) lists the provider."""
    actor = actor_for(by)
    if profile is None:
        if actor.is_partner_manager():
            profile = ProviderProfile(organisation_id=actor.organisation_id)
        elif actor.is_linguist:
            profile = ProviderProfile(linguist=by.linguist_profile)
        else:
            raise Forbidden(_("Only partner agencies and linguists are listed as providers."))
    elif not manages_provider(actor, profile):
        raise NotFound(_("No such provider."))
    if profile.linguist_id is not None:
        # A linguist is listed by pseudonym only, whatever they type (anonymity).
        display_name = LinguistProfile.objects.get(pk=profile.linguist_id).pseudonym
    display_name = " ".join((display_name or "").split())
    if not display_name:
        raise ValidationFailed(
            _("Give the name customers see."), fields={"display_name": [_("Required.")]}
        )
    profile.display_name = display_name[:200]
    profile.headline = headline.strip()[:200]
    profile.description = description.strip()[:5000]
    profile.website = website.strip()
    profile.is_public = is_public
    profile.save()
    if services is not None:
        profile.services.set(services)
    if languages is not None:
        profile.languages.set(languages)
    return profile


def provider_of(conversation: Conversation) -> ProviderProfile:
    """The provider of a marketplace conversation (every one has one)."""
    if conversation.provider is None:
        raise Conflict(_("This is not a marketplace conversation."), code="not_marketplace")
    return conversation.provider


def actor_organisation_name(organisation_id: int | None) -> str:
    from dragoman.orgs.models import Organisation

    return (
        Organisation.objects.filter(pk=organisation_id or 0).values_list("name", flat=True).first()
        or ""
    )


def _blocked(provider: ProviderProfile, organisation_id: int | None) -> bool:
    return (
        organisation_id is not None
        and provider.blocks.filter(customer_organisation_id=organisation_id).exists()
    )


@transaction.atomic
def market_conversation_start(
    *, provider: ProviderProfile, by: User, subject: str, body: str, client_id: str = ""
) -> Conversation:
    """A customer writes to a provider: a new conversation with its first message. Only a
    customer starts one; a provider never writes first."""
    actor = actor_for(by)
    if not may_start_market_conversation(actor) or actor.organisation_id is None:
        raise Forbidden(_("Only client contacts start conversations with providers."))
    if not provider.is_public:
        raise NotFound(_("No such provider."))
    if _blocked(provider, actor.organisation_id):
        raise Forbidden(
            _("This provider does not accept messages from your organisation."), code="blocked"
        )
    subject = " ".join((subject or "").split())[:200]
    if not subject:
        raise ValidationFailed(
            _("Give the conversation a subject."), fields={"subject": [_("Required.")]}
        )
    conversation = Conversation.objects.create(
        kind=ConversationKind.MARKET,
        subject=subject,
        customer=by,
        customer_organisation_id=actor.organisation_id,
        provider=provider,
    )
    seats = [Participant(conversation=conversation, user=by, side=Side.CUSTOMER)]
    seats += [
        Participant(conversation=conversation, user_id=user_id, side=Side.PROVIDER)
        for user_id in _provider_user_ids(provider)
    ]
    Participant.objects.bulk_create(seats)
    message, _created = message_send(
        conversation=conversation, by=by, body=body, client_id=client_id
    )
    recipients = User.objects.filter(pk__in=_provider_user_ids(provider), is_active=True)
    notify(
        recipients=recipients,
        kind=NotificationKind.CONVERSATION_STARTED,
        title=_("%(name)s of %(organisation)s wrote to you: %(subject)s")
        % {
            "name": by.full_name,
            "organisation": actor_organisation_name(actor.organisation_id),
            "subject": subject,
        },
        # The provider reads the customer's text as in the conversation: contact details masked.
        body=message.masked[:1000],
        link=reverse("conversations:detail", args=[conversation.pk]),
    )
    # The first message is e-mailed to the provider now; later ones go into the hourly
    # digest. The customer wrote it: nothing to tell them, and their own digest may come.
    Participant.objects.filter(conversation=conversation).update(emailed_seq=conversation.last_seq)
    Participant.objects.filter(conversation=conversation, side=Side.PROVIDER).update(
        last_email_at=timezone.now()
    )
    return conversation


def _provider_user_ids(provider: ProviderProfile) -> list[int]:
    if provider.linguist_id is not None:
        return list(
            LinguistProfile.objects.filter(pk=provider.linguist_id).values_list(
                "user_id", flat=True
            )
        )
    from dragoman.orgs.enums import MembershipStatus
    from dragoman.orgs.models import Membership

    return list(
        Membership.objects.filter(
            organisation_id=provider.organisation_id or 0,
            status=MembershipStatus.ACTIVE,
            user__is_active=True,
        ).values_list("user_id", flat=True)
    )


def _close_open_work(conversation: Conversation, *, by: User, note: str) -> None:
    """Close the conversation's open proposals and decline its open jobs (requests)."""
    from dragoman.orders.services import order_transition

    conversation.proposals.filter(status=ProposalStatus.OPEN).update(
        status=ProposalStatus.CLOSED, updated_at=timezone.now()
    )
    from dragoman.orders.machine import TRANSITIONS

    jobs = conversation.proposals.filter(order__status__in=OPEN_STATUSES).select_related("order")
    for proposal in jobs:
        order = proposal.order
        if order is None:
            continue
        # Dragoman ends it on the provider's behalf (with staff's rights): declined while it
        # waits for its quote, cancelled once the work was agreed.
        action = (
            OrderAction.DECLINE
            if order.status in TRANSITIONS[OrderAction.DECLINE].sources
            else OrderAction.CANCEL
        )
        order_transition(order=order, by=None, action=action, note=note)


@transaction.atomic
def market_conversation_decline(
    *, conversation: Conversation, by: User, reason: str = ""
) -> Conversation:
    """The provider declines the customer's request: the conversation closes, its open
    proposal closes and an open job in it is declined."""
    seat = seat_of(user=by, conversation=conversation)
    if conversation.kind != ConversationKind.MARKET or seat.side != Side.PROVIDER:
        raise Forbidden(_("Only the provider declines a request."))
    if conversation.status != ConversationStatus.OPEN:
        raise Conflict(_("This conversation is already closed."), code="conversation_closed")
    reason = reason.strip()[:500] or _("Declined by the provider.")
    _close_open_work(conversation, by=by, note=reason)
    Conversation.objects.filter(pk=conversation.pk).update(status=ConversationStatus.DECLINED)
    system_post(
        conversation=conversation,
        event=SystemEvent.DECLINED,
        data={"name": provider_of(conversation).display_name, "reason": reason},
    )
    conversation.status = ConversationStatus.DECLINED
    return conversation


@transaction.atomic
def customer_block(*, conversation: Conversation, by: User, confirm: bool) -> Block:
    """The provider blocks the conversation's customer organisation, for good: its open
    proposals and jobs with this provider close, every conversation with it is blocked, and
    it can no longer write (billing's hook closes open invoices)."""
    if not confirm:
        raise ValidationFailed(
            _("Blocking cannot be undone: confirm it."),
            code="confirm",
            fields={"confirm": [_("Required.")]},
        )
    seat = seat_of(user=by, conversation=conversation)
    if conversation.kind != ConversationKind.MARKET or seat.side != Side.PROVIDER:
        raise Forbidden(_("Only the provider blocks a customer."))
    provider = provider_of(conversation)
    organisation_id = conversation.customer_organisation_id or 0
    if _blocked(provider, organisation_id):
        raise Conflict(_("This customer is already blocked."), code="already_blocked")
    block = Block.objects.create(
        provider=provider, customer_organisation_id=organisation_id, blocked_by=by
    )
    affected = list(
        Conversation.objects.filter(provider=provider, customer_organisation_id=organisation_id)
    )
    for each in affected:
        _close_open_work(each, by=by, note=_("The provider blocked this customer."))
        if each.status != ConversationStatus.BLOCKED:
            Conversation.objects.filter(pk=each.pk).update(status=ConversationStatus.BLOCKED)
            system_post(conversation=each, event=SystemEvent.BLOCKED)
    for hook in list(_block_hooks.values()):
        hook(block=block)
    conversation.status = ConversationStatus.BLOCKED
    return block
