"""The pages: list with filters, the conversation (works without JavaScript), proposals,
tags, decline and block with confirmation, the directory, the staff queue."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dragoman.catalog.models import Language, Service
from dragoman.conversations.models import Message
from dragoman.conversations.services import message_send
from dragoman.conversations.services.tags import tag_create
from dragoman.conversations.tests.factories import (
    agency_provider,
    event_chat,
    market_chat,
    translation_chat,
)

pytestmark = pytest.mark.django_db


def test_the_list_shows_my_conversations_with_unread_counts(world, allowed, client_as):
    chat = translation_chat(world)
    message_send(conversation=chat, by=world.linguist, body="Ready when you are")
    html = client_as(world.requester).get("/conversations/").content.decode()
    assert 'data-testid="conversation-row"' in html and chat.subject in html
    assert 'data-testid="row-unread">2<' in html
    assert world.linguist.linguist_profile.pseudonym in html
    outsider = client_as(world.other_manager).get("/conversations/").content.decode()
    assert chat.subject not in outsider and 'data-testid="empty"' in outsider


def test_the_list_costs_the_same_queries_for_2_or_12_conversations(
    world, allowed, client_as, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    browser = client_as(world.partner_manager)

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert browser.get("/conversations/?unread=1&q=Patent").status_code == 200
        return len(captured)

    tag_create(by=world.partner_manager, name="Patents")
    for _ in range(2):
        market_chat(world)
    few = count()
    for _ in range(10):
        market_chat(world)
    assert count() == few


def test_the_conversation_page_marks_everything_read_and_escapes_text(world, allowed, client_as):
    chat = translation_chat(world)
    message_send(
        conversation=chat,
        by=world.linguist,
        body='<script>alert("x")</script> see https://example.com/agenda?a=1&b=2.',
    )
    html = client_as(world.requester).get(f"/conversations/{chat.pk}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert (
        '<a href="https://example.com/agenda?a=1&amp;b=2" rel="noopener nofollow" '
        'target="_blank">' in html
    )
    participant = chat.participants.get(user=world.requester)
    assert participant.last_read_seq == 2


def test_sending_without_javascript_keeps_a_refused_message_in_view(world, allowed, client_as):
    chat = translation_chat(world)
    browser = client_as(world.requester)
    sent = browser.post(f"/conversations/{chat.pk}/send", {"body": "Hello there"}, follow=True)
    assert "Hello there" in sent.content.decode()
    empty = browser.post(f"/conversations/{chat.pk}/send", {"body": "   "}, follow=True)
    assert "the message is empty" in empty.content.decode()
    assert chat.messages.count() == 2


def test_an_observer_reads_without_a_composer(world, allowed, client_as):
    chat = translation_chat(world)
    html = client_as(world.observer).get(f"/conversations/{chat.pk}/").content.decode()
    assert 'data-testid="read-only-note"' in html and 'data-testid="composer"' not in html
    assert (
        client_as(world.observer).post(f"/conversations/{chat.pk}/send", {"body": "x"}).status_code
        == 302
    )
    assert not Message.objects.filter(body="x").exists()


def test_outsiders_get_404(world, allowed, client_as):
    chat = translation_chat(world)
    browser = client_as(world.other_manager)
    assert browser.get(f"/conversations/{chat.pk}/").status_code == 404
    assert browser.post(f"/conversations/{chat.pk}/send", {"body": "x"}).status_code == 404


def test_before_an_events_chat_opens_the_page_says_when(world, allowed, client_as):
    chat = event_chat(world, starts_in=timedelta(days=2))
    html = client_as(world.requester).get(f"/conversations/{chat.pk}/").content.decode()
    assert 'data-testid="opens-at"' in html and "15 minutes before the event" in html
    assert 'data-testid="composer-body"' in html and "disabled" in html


def test_the_request_page_links_to_its_conversation(world, allowed, client_as):
    chat = translation_chat(world)
    html = client_as(world.requester).get(f"/requests/{chat.order_id}/").content.decode()
    assert f"/conversations/{chat.pk}/" in html


def test_staff_see_the_queue_and_join_from_it(world, allowed, client_as):
    from dragoman.conversations.services import admin_invite

    chat = translation_chat(world)
    admin_invite(conversation=chat, by=world.requester, reason="The link does not work")
    staff = client_as(world.staff)
    queue = staff.get("/conversations/invitations/").content.decode()
    assert "The link does not work" in queue
    staff.post(f"/conversations/{chat.pk}/join")
    page = staff.get(f"/conversations/{chat.pk}/").content.decode()
    assert "Stefan Staffordshire (Dragoman staff) joined the conversation." in page
    assert 'data-testid="composer"' in page
    assert client_as(world.requester).get("/conversations/invitations/").status_code == 404


def test_a_provider_proposes_and_the_customer_accepts_on_the_pages(world, allowed, client_as):
    chat = market_chat(world)
    provider = client_as(world.partner_manager)
    provider.post(
        f"/conversations/{chat.pk}/proposals",
        {
            "scope": "Claims, 12 pages",
            "service": Service.objects.get(code="translation").pk,
            "source_language": Language.objects.get(code="en").pk,
            "target_language": Language.objects.get(code="ru").pk,
            "price": "480",
            "currency": "EUR",
            "deadline": (timezone.now() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    proposal = chat.proposals.get()
    customer = client_as(world.manager)
    page = customer.get(f"/conversations/{chat.pk}/").content.decode()
    assert 'data-testid="proposal-accept"' in page and "480.00 EUR" in page
    customer.post(f"/conversations/{chat.pk}/proposals/{proposal.pk}/accept")
    proposal.refresh_from_db()
    assert proposal.status == "accepted" and proposal.order is not None


def test_block_needs_the_confirmation_box(world, allowed, client_as):
    chat = market_chat(world)
    provider = client_as(world.partner_manager)
    refused = provider.post(f"/conversations/{chat.pk}/block", {}, follow=True).content.decode()
    assert "Blocking cannot be undone: confirm it." in refused
    chat.refresh_from_db()
    assert chat.status == "open"
    provider.post(f"/conversations/{chat.pk}/block", {"confirm": "yes"})
    chat.refresh_from_db()
    assert chat.status == "blocked"
    page = client_as(world.manager).get(f"/conversations/{chat.pk}/").content.decode()
    assert "The provider has blocked you" in page and 'data-testid="composer"' not in page


def test_tags_are_managed_on_their_page(world, allowed, client_as):
    browser = client_as(world.partner_manager)
    browser.post("/conversations/tags/", {"action": "create", "name": "Urgent"})
    tag = world.partner.conversation_tags.get()
    browser.post("/conversations/tags/", {"action": "rename", "tag": tag.pk, "name": "Rush"})
    assert "Rush" in browser.get("/conversations/tags/").content.decode()
    browser.post("/conversations/tags/", {"action": "delete", "tag": tag.pk})
    assert not world.partner.conversation_tags.exists()


def test_the_directory_lists_providers_and_a_client_writes_to_one(world, allowed, client_as):
    provider = agency_provider(world)
    customer = client_as(world.requester)
    directory = customer.get("/providers/?q=legal").content.decode()
    assert provider.display_name in directory
    start = customer.post(
        f"/providers/{provider.pk}/", {"subject": "Contract", "body": "Hello, 5 pages EN→RU?"}
    )
    assert start.status_code == 302
    chat = provider.conversations.get()
    assert start["Location"] == f"/conversations/{chat.pk}/"
    page = client_as(world.partner_manager).get(f"/providers/{provider.pk}/").content.decode()
    assert 'data-testid="start-form"' not in page
