"""Conversations by e-mail: the first message of a new conversation at once, then at most one
digest an hour per person of what is still unread; a one-click unsubscribe link that needs no
log-in; and nothing in them that the reader may not see in Dragoman (anonymity, masking)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core.mail import EmailMultiAlternatives
from django.test import Client
from django.utils import timezone

from dragoman.conversations.models import Participant
from dragoman.conversations.services import conversation_read, message_send
from dragoman.conversations.services.email import digest_send, digests_due
from dragoman.conversations.services.market import provider_profile_save
from dragoman.conversations.services.proposals import proposal_send
from dragoman.conversations.tests.factories import market_chat, translation_chat
from dragoman.notifications.models import NotificationPreference
from dragoman.notifications.selectors import email_wanted
from dragoman.notifications.services import preference_set

pytestmark = pytest.mark.django_db

START = timezone.now().replace(microsecond=0) + timedelta(days=1)
DIGESTS = "conversation_messages"


def at(minutes: float):  # type: ignore[no-untyped-def]
    return time_machine.travel(START + timedelta(minutes=minutes), tick=False)


def digests_to(mailoutbox, user) -> list:  # type: ignore[no-untyped-def]
    return [m for m in mailoutbox if m.to == [user.email] and "unread message" in m.subject]


def link_in(mail) -> str:  # type: ignore[no-untyped-def]
    found = re.search(r"https?://\S+/notifications/unsubscribe/\S+", mail.body)
    assert found, "every e-mail carries the one-click unsubscribe link"
    return found.group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


@pytest.fixture
def chat(world, allowed):  # type: ignore[no-untyped-def]
    """A translation's conversation, opened at START (its "open" line is Dragoman's own)."""
    with at(0):
        return translation_chat(world)


def test_unread_messages_give_one_digest_and_no_second_within_the_hour(world, chat, mailoutbox):
    with at(1):
        message_send(conversation=chat, by=world.linguist, body="The draft is ready.")
    with at(5):
        digests_due()
        digests_due()  # a second run finds nothing to do
    (first,) = digests_to(mailoutbox, world.requester)
    assert "The draft is ready." in first.body
    assert "Supply contract" in first.body  # the conversation's subject
    assert f"/conversations/{chat.pk}/" in first.body
    with at(10):
        message_send(conversation=chat, by=world.linguist, body="One more question.")
    with at(30):
        digests_due()
    with at(64):
        digests_due()
    assert len(digests_to(mailoutbox, world.requester)) == 1  # within the hour: nothing
    with at(65):
        digests_due()
    second = digests_to(mailoutbox, world.requester)[1]
    assert "One more question." in second.body
    assert "The draft is ready." not in second.body  # told once already


def test_messages_read_meanwhile_are_not_emailed(world, chat, mailoutbox):
    with at(1):
        message_send(conversation=chat, by=world.linguist, body="The draft is ready.")
    with at(2):
        conversation_read(conversation=chat, by=world.requester)
    with at(5):
        digests_due()
    assert digests_to(mailoutbox, world.requester) == []
    assert len(digests_to(mailoutbox, world.manager)) == 1  # who has not read it yet


def test_nobody_is_emailed_about_their_own_messages_or_dragomans_own_lines(world, chat, mailoutbox):
    with at(1):
        message_send(conversation=chat, by=world.requester, body="Any news?")
    with at(5):
        digests_due()
    assert digests_to(mailoutbox, world.requester) == []
    (to_linguist,) = digests_to(mailoutbox, world.linguist)
    assert "Any news?" in to_linguist.body
    assert "The conversation is open." not in to_linguist.body


def test_a_conversation_with_only_dragomans_own_lines_sends_nothing(world, chat, mailoutbox):
    with at(5):
        assert digests_due() == 0
    assert mailoutbox == []


def test_nothing_is_emailed_to_a_person_who_switched_digests_off(world, chat, mailoutbox):
    preference_set(user=world.requester, kind=DIGESTS, email=False)
    with at(1):
        message_send(conversation=chat, by=world.linguist, body="The draft is ready.")
    with at(5):
        digests_due()
    assert digests_to(mailoutbox, world.requester) == []
    assert len(digests_to(mailoutbox, world.manager)) == 1


def test_one_digest_covers_all_of_a_persons_conversations(world, allowed, mailoutbox):
    with at(0):
        first = translation_chat(world)
        second = translation_chat(world)
    with at(1):
        message_send(conversation=first, by=world.linguist, body="About the first one.")
        message_send(conversation=second, by=world.linguist, body="About the second one.")
    with at(5):
        digests_due()
    (digest,) = digests_to(mailoutbox, world.requester)
    assert "About the first one." in digest.body and "About the second one." in digest.body
    assert digest.subject == "2 unread messages in your Dragoman conversations"


def test_a_long_unread_stretch_shows_the_latest_five_messages(world, chat, mailoutbox):
    with at(1):
        for number in range(1, 8):
            message_send(conversation=chat, by=world.linguist, body=f"Line number {number}.")
    with at(5):
        digests_due()
    (digest,) = digests_to(mailoutbox, world.requester)
    assert "Line number 1." not in digest.body and "Line number 2." not in digest.body
    assert all(f"Line number {n}." in digest.body for n in range(3, 8))
    assert "(and 2 earlier messages)" in digest.body
    assert digest.subject == "7 unread messages in your Dragoman conversations"


def test_a_proposal_card_is_in_the_customers_digest(world, allowed, mailoutbox):
    from dragoman.catalog.models import Language, Service

    with at(0):
        chat = market_chat(world)
    with at(1):
        proposal_send(
            conversation=chat,
            by=world.partner_manager,
            scope="Translate the patent claims",
            price="450.00",
            currency="eur",
            deadline=START + timedelta(days=5),
            service=Service.objects.get(code="translation"),
            source_language=Language.objects.get(code="en"),
            target_language=Language.objects.get(code="ru"),
        )
    with at(61):  # an hour after the conversation started
        digests_due()
    (digest,) = digests_to(mailoutbox, world.manager)
    assert "Partner Agency Translations sent a proposal." in digest.body


def test_the_digest_to_the_client_side_names_the_linguist_by_pseudonym_and_masks_contacts(
    world, chat, mailoutbox
):
    person = world.linguist
    with at(1):
        message_send(
            conversation=chat,
            by=person,
            body=f"I am {person.full_name}: write to {person.email} or call {person.phone}.",
        )
    with at(5):
        digests_due()
    pseudonym = person.linguist_profile.pseudonym
    for reader in (world.requester, world.manager, world.observer):
        (digest,) = digests_to(mailoutbox, reader)
        text = digest.subject + digest.body + str(digest.extra_headers)
        assert pseudonym in text
        assert "[contact details hidden]" in text
        for secret in (person.full_name, *person.full_name.split(), person.email, "401234567"):
            assert secret not in text, f"{secret!r} reached {reader.email}"


def test_the_first_message_of_a_new_conversation_is_emailed_at_once_with_an_unsubscribe_link(
    world, allowed, mailoutbox, django_capture_on_commit_callbacks
):
    with at(0), django_capture_on_commit_callbacks(execute=True):
        market_chat(world, body="Hello, call me on +44 20 7946 0958.")
    (started,) = [m for m in mailoutbox if m.to == [world.partner_manager.email]]
    assert "wrote to you" in started.subject
    assert "7946" not in started.body  # the provider reads the customer's text masked
    assert "[contact details hidden]" in started.body
    assert started.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert started.extra_headers["List-Unsubscribe"] == f"<{link_in(started)}>"
    client = Client(enforce_csrf_checks=True)
    assert (
        client.post(path_of(link_in(started)), {"List-Unsubscribe": "One-Click"}).status_code == 200
    )
    assert not email_wanted(user=world.partner_manager, kind="conversation_started")
    # The first message was the e-mail: the digest does not tell it again.
    with at(61):
        digests_due()
    assert digests_to(mailoutbox, world.partner_manager) == []


def test_the_digests_unsubscribe_link_works_without_logging_in(world, chat, mailoutbox):
    with at(1):
        message_send(conversation=chat, by=world.linguist, body="The draft is ready.")
    with at(5):
        digests_due()
    (digest,) = digests_to(mailoutbox, world.requester)
    url = link_in(digest)
    assert digest.extra_headers["List-Unsubscribe"] == f"<{url}>"
    client = Client(enforce_csrf_checks=True)
    page = client.get(path_of(url))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Unread messages in your conversations" in html and 'method="post"' in html
    assert email_wanted(user=world.requester, kind=DIGESTS)  # a GET changes nothing
    # The page's own button carries its CSRF token; a POST without one is refused.
    assert client.post(path_of(url)).status_code == 403
    assert email_wanted(user=world.requester, kind=DIGESTS)
    token = client.cookies["csrftoken"].value
    done = client.post(path_of(url), {"csrfmiddlewaretoken": token})
    assert done.status_code == 200 and "no longer get e-mails" in done.content.decode()
    assert not email_wanted(user=world.requester, kind=DIGESTS)
    assert email_wanted(user=world.manager, kind=DIGESTS)


def test_a_mail_clients_one_click_unsubscribe_needs_no_session(world, chat, mailoutbox):
    with at(1):
        message_send(conversation=chat, by=world.linguist, body="The draft is ready.")
    with at(5):
        digests_due()
    (digest,) = digests_to(mailoutbox, world.requester)
    client = Client(enforce_csrf_checks=True)
    response = client.post(path_of(link_in(digest)), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not email_wanted(user=world.requester, kind=DIGESTS)
    with at(10):
        message_send(conversation=chat, by=world.linguist, body="Another one.")
    with at(120):
        digests_due()
    assert len(digests_to(mailoutbox, world.requester)) == 1


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_is_refused_and_changes_nothing(
    world, chat, mailoutbox, method
):
    with at(1):
        message_send(conversation=chat, by=world.linguist, body="The draft is ready.")
    with at(5):
        digests_due()
    (digest,) = digests_to(mailoutbox, world.requester)
    path = path_of(link_in(digest))
    tampered = path[:-3] + ("aaa" if not path.endswith("aaa") else "bbb")
    client = Client(enforce_csrf_checks=True)
    response = getattr(client, method)(tampered, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert not NotificationPreference.objects.exists()


def test_a_failed_digest_is_sent_by_the_next_run(world, chat, mailoutbox, monkeypatch):
    with at(1):
        message_send(conversation=chat, by=world.linguist, body="The draft is ready.")

    def broken(self, fail_silently=False):  # type: ignore[no-untyped-def]
        raise OSError("SMTP down")

    monkeypatch.setattr(EmailMultiAlternatives, "send", broken)
    with at(5):
        with pytest.raises(OSError):
            digest_send(user_id=world.requester.pk)
        assert digests_due() == 0  # logged, given back
    seat = Participant.objects.get(conversation=chat, user=world.requester)
    assert seat.emailed_seq == 0 and seat.last_email_at is None
    monkeypatch.undo()
    with at(10):
        digests_due()
    assert len(digests_to(mailoutbox, world.requester)) == 1


def test_a_person_who_may_no_longer_read_the_conversation_gets_nothing(world, chat, mailoutbox):
    from dragoman.orgs.enums import MembershipStatus

    world.observer.memberships.update(status=MembershipStatus.REMOVED)
    with at(1):
        message_send(conversation=chat, by=world.linguist, body="The draft is ready.")
    with at(5):
        digests_due()
    assert digests_to(mailoutbox, world.observer) == []
    assert len(digests_to(mailoutbox, world.requester)) == 1


def test_a_linguist_providers_name_stays_hidden_in_the_customers_digest(world, allowed, mailoutbox):
    linguist = world.linguist
    with at(0):
        provider = provider_profile_save(by=linguist, display_name=linguist.full_name)
        from dragoman.conversations.services.market import market_conversation_start

        chat = market_conversation_start(
            provider=provider, by=world.manager, subject="Contract", body="Hello"
        )
    with at(2):
        message_send(conversation=chat, by=linguist, body=f"Hi, {linguist.full_name} here.")
    with at(61):
        digests_due()
    (digest,) = digests_to(mailoutbox, world.manager)
    assert linguist.linguist_profile.pseudonym in digest.body
    for secret in (linguist.full_name, *linguist.full_name.split(), linguist.email):
        assert secret not in digest.body


@pytest.mark.parametrize("conversations", [2, 10])
def test_the_digest_run_costs_the_same_queries_however_many_conversations(
    world, allowed, django_assert_num_queries, conversations
):
    with at(0):
        chats = [market_chat(world) for _ in range(conversations)]
    with at(1):
        for each in chats:
            message_send(conversation=each, by=world.partner_manager, body="Yes, we can.")
    # due people; the person, their seats, their actor, the messages; the claim (with its
    # savepoint and its release)
    with at(61), django_assert_num_queries(8):
        assert digests_due() == 1
