"""Proposals in a marketplace conversation: the provider sends scope, price, currency and
deadline; the customer accepts (a request is created, already quoted at that price) or
rejects; the provider may withdraw an open one. Each step stays as a card in the chat."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dragoman.accounts.models import User
from dragoman.catalog.enums import ServiceKind
from dragoman.catalog.models import Language, Service, Topic
from dragoman.conversations.enums import (
    ConversationKind,
    MessageKind,
    ProposalStatus,
    Side,
    SystemEvent,
)
from dragoman.conversations.models import Conversation, Proposal
from dragoman.conversations.selectors import seat_of
from dragoman.conversations.services.market import provider_of
from dragoman.conversations.services.messages import check_may_write, system_post
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.services import notify


def _price(value: Any) -> Decimal:
    try:
        price = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(
            _("Give the price as a number, e.g. 450.00."), fields={"price": [_("Not a number.")]}
        ) from None
    if price <= 0 or price >= Decimal("10000000000"):
        raise ValidationFailed(
            _("The price must be more than zero."), fields={"price": [_("Must be more than zero.")]}
        )
    return price


@transaction.atomic
def proposal_send(
    *,
    conversation: Conversation,
    by: User,
    scope: str,
    price: Any,
    currency: str,
    deadline: datetime,
    service: Service,
    source_language: Language,
    target_language: Language,
    duration_minutes: int | None = None,
) -> Proposal:
    seat = seat_of(user=by, conversation=conversation)
    if conversation.kind != ConversationKind.MARKET or seat.side != Side.PROVIDER:
        raise Forbidden(_("Only the provider sends proposals."))
    check_may_write(conversation, seat, by=by)
    errors: dict[str, list[str]] = {}
    scope = (scope or "").strip()
    if not scope:
        errors["scope"] = [_("Say what the work includes.")]
    currency = (currency or "").strip().upper()
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = [_("Use a three-letter currency code, e.g. EUR.")]
    if deadline is None or deadline <= timezone.now():
        errors["deadline"] = [_("The deadline must be in the future.")]
    if source_language == target_language:
        errors["target_language"] = [_("Choose two different languages.")]
    if service.kind == ServiceKind.INTERPRETING and not duration_minutes:
        errors["duration_minutes"] = [_("An event needs a planned duration.")]
    if errors:
        raise ValidationFailed(" ".join(m for ms in errors.values() for m in ms), fields=errors)
    amount = _price(price)
    if conversation.proposals.filter(status=ProposalStatus.OPEN).exists():
        raise Conflict(
            _("An open proposal is waiting for an answer: withdraw it before sending another."),
            code="proposal_open",
        )
    proposal = Proposal.objects.create(
        conversation=conversation,
        created_by=by,
        scope=scope[:4000],
        price=amount,
        currency=currency,
        deadline=deadline,
        duration_minutes=duration_minutes if service.kind == ServiceKind.INTERPRETING else None,
        service=service,
        source_language=source_language,
        target_language=target_language,
    )
    system_post(
        conversation=conversation,
        event=SystemEvent.PROPOSAL_SENT,
        data={"name": provider_of(conversation).display_name},
        kind=MessageKind.PROPOSAL,
        proposal=proposal,
        sender=by,
    )
    return proposal


def _open(proposal: Proposal) -> Proposal:
    locked = Proposal.objects.select_for_update().select_related("conversation").get(pk=proposal.pk)
    if locked.status != ProposalStatus.OPEN:
        raise Conflict(
            _("This proposal is “%(status)s” and can no longer be answered.")
            % {"status": locked.get_status_display()},
            code="proposal_closed",
        )
    return locked


@transaction.atomic
def proposal_answer(*, proposal: Proposal, by: User, accept: bool) -> Proposal:
    """The customer accepts (a request is created, submitted and quoted at the proposal's
    price, and the quote accepted) or rejects the proposal."""
    conversation = proposal.conversation
    seat = seat_of(user=by, conversation=conversation)
    if seat.side != Side.CUSTOMER:
        raise Forbidden(_("Only the customer answers a proposal."))
    check_may_write(conversation, seat, by=by)
    locked = _open(proposal)
    if accept:
        locked.order = _order_from(locked, by=by)
    locked.status = ProposalStatus.ACCEPTED if accept else ProposalStatus.REJECTED
    locked.answered_by = by
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_by", "answered_at", "order", "updated_at"])
    system_post(
        conversation=conversation,
        event=SystemEvent.PROPOSAL_ACCEPTED if accept else SystemEvent.PROPOSAL_REJECTED,
        data={"name": by.full_name},
        kind=MessageKind.PROPOSAL,
        proposal=locked,
        sender=by,
    )
    from dragoman.conversations.services.market import _provider_user_ids

    provider = provider_of(conversation)

    notify(
        recipients=User.objects.filter(pk__in=_provider_user_ids(provider)),
        kind=NotificationKind.PROPOSAL_ANSWERED,
        title=(
            _("%(name)s accepted your proposal (%(price)s %(currency)s).")
            if accept
            else _("%(name)s rejected your proposal (%(price)s %(currency)s).")
        )
        % {"name": by.full_name, "price": locked.price, "currency": locked.currency},
        link=reverse("conversations:detail", args=[conversation.pk]),
    )
    return locked


def _order_from(proposal: Proposal, *, by: User) -> Any:
    from dragoman.orders.enums import QuoteUnit
    from dragoman.orders.services import order_create, quote_answer, quote_send

    topic = Topic.objects.filter(is_active=True).order_by("pk").first()
    if topic is None:
        raise Conflict(_("No topic is in use: staff must add one first."), code="no_topic")
    interpreting = proposal.service.kind == ServiceKind.INTERPRETING
    order = order_create(
        by=by,
        title=proposal.scope.splitlines()[0][:200],
        service=proposal.service,
        source_language=proposal.source_language,
        target_language=proposal.target_language,
        topic=topic,
        starts_at=proposal.deadline if interpreting else None,
        duration_minutes=proposal.duration_minutes if interpreting else None,
        deadline=None if interpreting else proposal.deadline,
        notes=proposal.scope,
        submit=True,
    )
    # The provider quoted in the conversation; Dragoman writes that quote on the request.
    quote = quote_send(
        order=order,
        by=None,  # Dragoman itself, with staff's rights
        lines=[
            {
                "description": proposal.scope[:300],
                "quantity": 1,
                "unit": QuoteUnit.ITEM,
                "unit_price": proposal.price,
            }
        ],
        currency=proposal.currency,
        note=_("Proposal accepted in the marketplace conversation."),
    )
    quote_answer(quote=quote, by=by, accept=True)
    return order


@transaction.atomic
def proposal_withdraw(*, proposal: Proposal, by: User) -> Proposal:
    conversation = proposal.conversation
    seat = seat_of(user=by, conversation=conversation)
    if seat.side != Side.PROVIDER:
        raise Forbidden(_("Only the provider withdraws a proposal."))
    locked = _open(proposal)
    locked.status = ProposalStatus.WITHDRAWN
    locked.answered_by = by
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_by", "answered_at", "updated_at"])
    system_post(
        conversation=conversation,
        event=SystemEvent.PROPOSAL_WITHDRAWN,
        data={"name": provider_of(conversation).display_name},
        kind=MessageKind.PROPOSAL,
        proposal=locked,
        sender=by,
    )
    return locked
