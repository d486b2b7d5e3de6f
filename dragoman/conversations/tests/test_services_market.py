"""The marketplace: only the customer starts; proposals become requests; decline; block."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from dragoman.catalog.models import Language, Service
from dragoman.conversations.enums import ConversationStatus, ErrorCode, ProposalStatus
from dragoman.conversations.services import message_send
from dragoman.conversations.services.market import (
    customer_block,
    market_conversation_decline,
    market_conversation_start,
    on_block,
)
from dragoman.conversations.services.proposals import (
    proposal_answer,
    proposal_send,
    proposal_withdraw,
)
from dragoman.conversations.tests.factories import agency_provider, market_chat
from dragoman.core.errors import DomainError
from dragoman.orders.enums import OrderStatus, QuoteStatus

pytestmark = pytest.mark.django_db


def propose(chat, by, price="450.00"):
    return proposal_send(
        conversation=chat,
        by=by,
        scope="Translate the patent claims (12 pages)",
        price=price,
        currency="eur",
        deadline=timezone.now() + timedelta(days=5),
        service=Service.objects.get(code="translation"),
        source_language=Language.objects.get(code="en"),
        target_language=Language.objects.get(code="ru"),
    )


def test_a_customer_starts_a_conversation_with_its_first_message(world, allowed):
    chat = market_chat(world)
    assert chat.customer == world.manager
    assert list(chat.messages.values_list("body", flat=True)) == ["Hello, can you help?"]
    assert chat.participants.filter(user=world.partner_manager).exists()


def test_a_provider_cannot_start_a_conversation(world, allowed):
    provider = agency_provider(world)
    for not_customer in (world.partner_manager, world.linguist, world.staff):
        with pytest.raises(DomainError):
            market_conversation_start(provider=provider, by=not_customer, subject="Hi", body="Hi")


def test_a_provider_cannot_write_first(world, allowed):
    from dragoman.conversations.models import Message

    chat = market_chat(world)
    Message.objects.filter(conversation=chat).delete()
    with pytest.raises(DomainError) as refused:
        message_send(conversation=chat, by=world.partner_manager, body="Buy our services")
    assert refused.value.code == ErrorCode.PROVIDER_FIRST


def test_accepting_a_proposal_creates_a_request_quoted_at_that_price(world, allowed):
    chat = market_chat(world)
    proposal = propose(chat, world.partner_manager)
    assert proposal.currency == "EUR" and proposal.price == Decimal("450.00")
    accepted = proposal_answer(proposal=proposal, by=world.manager, accept=True)
    order = accepted.order
    assert accepted.status == ProposalStatus.ACCEPTED
    assert order.requester == world.manager
    assert order.status == OrderStatus.ACCEPTED
    quote = order.quotes.get()
    assert quote.status == QuoteStatus.ACCEPTED
    assert quote.total == Decimal("450.00") and quote.currency == "EUR"
    # Each step stays as a card in the conversation.
    assert list(chat.messages.filter(kind="proposal").values_list("event", flat=True)) == [
        "proposal_sent",
        "proposal_accepted",
    ]


def test_the_customer_rejects_and_the_provider_withdraws(world, allowed):
    chat = market_chat(world)
    first = propose(chat, world.partner_manager)
    with pytest.raises(DomainError):
        propose(chat, world.partner_manager)  # one open proposal at a time
    with pytest.raises(DomainError):
        proposal_answer(proposal=first, by=world.partner_manager, accept=True)  # not the customer
    assert proposal_answer(proposal=first, by=world.manager, accept=False).status == "rejected"
    second = propose(chat, world.partner_manager, price="400")
    with pytest.raises(DomainError):
        proposal_withdraw(proposal=second, by=world.manager)  # not the provider
    assert proposal_withdraw(proposal=second, by=world.partner_manager).status == "withdrawn"
    with pytest.raises(DomainError) as closed:
        proposal_answer(proposal=second, by=world.manager, accept=True)
    assert closed.value.code == "proposal_closed"


@pytest.mark.parametrize(
    ("field", "value"),
    [("price", "-3"), ("price", "abc"), ("price", "0"), ("currency", "EURO"), ("scope", "  ")],
)
def test_a_bad_proposal_is_refused_with_the_field(world, allowed, field, value):
    chat = market_chat(world)
    values = {
        "scope": "Work",
        "price": "100",
        "currency": "EUR",
        "deadline": timezone.now() + timedelta(days=2),
        "service": Service.objects.get(code="translation"),
        "source_language": Language.objects.get(code="en"),
        "target_language": Language.objects.get(code="ru"),
        field: value,
    }
    with pytest.raises(DomainError) as refused:
        proposal_send(conversation=chat, by=world.partner_manager, **values)
    assert field in refused.value.fields
    assert not chat.proposals.exists()


def test_declining_closes_the_conversation_and_its_open_job(world, allowed):
    chat = market_chat(world)
    job = proposal_answer(
        proposal=propose(chat, world.partner_manager), by=world.manager, accept=True
    ).order
    market_conversation_decline(conversation=chat, by=world.partner_manager, reason="Too busy")
    chat.refresh_from_db()
    job.refresh_from_db()
    assert chat.status == ConversationStatus.DECLINED
    # The job was agreed (its quote accepted): it is cancelled, with the reason.
    assert job.status == OrderStatus.CANCELLED
    assert job.events.last().note == "Too busy"
    with pytest.raises(DomainError) as refused:
        message_send(conversation=chat, by=world.manager, body="Please reconsider")
    assert refused.value.code == ErrorCode.CLOSED


def test_blocking_closes_everything_for_good_and_the_customer_cannot_write(world, allowed):
    heard = []
    on_block(lambda *, block: heard.append(block.pk))
    chat = market_chat(world)
    open_proposal = propose(chat, world.partner_manager)
    with pytest.raises(DomainError) as unconfirmed:
        customer_block(conversation=chat, by=world.partner_manager, confirm=False)
    assert unconfirmed.value.code == "confirm"
    with pytest.raises(DomainError):
        customer_block(conversation=chat, by=world.manager, confirm=True)  # not the provider
    block = customer_block(conversation=chat, by=world.partner_manager, confirm=True)
    assert heard == [block.pk]  # billing's hook
    open_proposal.refresh_from_db()
    chat.refresh_from_db()
    assert open_proposal.status == ProposalStatus.CLOSED
    assert chat.status == ConversationStatus.BLOCKED
    with pytest.raises(DomainError) as refused:
        message_send(conversation=chat, by=world.manager, body="Why?")
    assert refused.value.code == ErrorCode.BLOCKED
    assert "blocked" in refused.value.message
    with pytest.raises(DomainError) as again:
        market_conversation_start(
            provider=chat.provider, by=world.requester, subject="Hi", body="Hi"
        )
    assert again.value.code == "blocked"
    with pytest.raises(DomainError):
        customer_block(conversation=chat, by=world.partner_manager, confirm=True)
