from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from dragoman.conversations.enums import ErrorCode, MessageKind, Side
from dragoman.conversations.models import Message
from dragoman.conversations.selectors import unread_total
from dragoman.conversations.services import conversation_read, message_send
from dragoman.conversations.tests.factories import event_chat, translation_chat
from dragoman.core.errors import DomainError

pytestmark = pytest.mark.django_db


def test_confirming_a_translation_opens_its_conversation_with_both_sides(world, allowed):
    chat = translation_chat(world)
    seats = dict(chat.participants.values_list("user_id", "side"))
    assert seats[world.requester.pk] == Side.CLIENT
    assert seats[world.manager.pk] == Side.CLIENT
    assert seats[world.observer.pk] == Side.CLIENT
    assert seats[world.linguist.pk] == Side.LINGUIST
    assert world.other_manager.pk not in seats
    assert chat.opens_at is None
    assert list(chat.messages.values_list("seq", "kind")) == [(1, MessageKind.SYSTEM)]


def test_messages_are_numbered_without_gaps(world, allowed):
    chat = translation_chat(world)
    for n in range(5):
        message_send(
            conversation=chat, by=world.requester if n % 2 else world.linguist, body=f"m{n}"
        )
    assert list(chat.messages.values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]
    chat.refresh_from_db()
    assert chat.last_seq == 6


def test_a_retry_with_the_same_client_id_returns_the_original(world, allowed):
    chat = translation_chat(world)
    first, created = message_send(
        conversation=chat, by=world.requester, body="Hi", client_id="abc-1"
    )
    again, created_again = message_send(
        conversation=chat, by=world.requester, body="Hi", client_id="abc-1"
    )
    assert created and not created_again
    assert again.pk == first.pk
    assert Message.objects.filter(client_id="abc-1").count() == 1


@pytest.mark.parametrize(
    ("body", "code"),
    [("", ErrorCode.EMPTY), ("   \n\t ", ErrorCode.EMPTY), ("x" * 10_001, ErrorCode.TOO_LONG)],
)
def test_bad_text_is_refused_and_nothing_is_stored(world, allowed, body, code):
    chat = translation_chat(world)
    with pytest.raises(DomainError) as refused:
        message_send(conversation=chat, by=world.requester, body=body)
    assert refused.value.code == code
    assert chat.messages.count() == 1


def test_ten_thousand_characters_are_allowed(world, allowed):
    chat = translation_chat(world)
    message, _ = message_send(conversation=chat, by=world.requester, body="x" * 10_000)
    assert len(message.body) == 10_000


def test_an_observer_reads_but_cannot_write(world, allowed):
    chat = translation_chat(world)
    with pytest.raises(DomainError) as refused:
        message_send(conversation=chat, by=world.observer, body="May I?")
    assert refused.value.code == ErrorCode.READ_ONLY


def test_nobody_outside_the_conversation_can_write(world, allowed):
    chat = translation_chat(world)
    for outsider in (world.other_manager, world.partner_manager):
        with pytest.raises(DomainError) as refused:
            message_send(conversation=chat, by=outsider, body="Hello")
        assert refused.value.code in ("not_found", ErrorCode.READ_ONLY)


def test_staff_write_only_after_joining(world, allowed):
    from dragoman.conversations.services import admin_join

    chat = translation_chat(world)
    with pytest.raises(DomainError) as refused:
        message_send(conversation=chat, by=world.staff, body="Staff here")
    assert refused.value.code == ErrorCode.READ_ONLY
    admin_join(conversation=chat, by=world.staff)
    message, _ = message_send(conversation=chat, by=world.staff, body="Staff here")
    assert message.side == Side.STAFF


def test_the_thirty_first_message_in_ten_seconds_is_refused(world, allowed):
    chat = translation_chat(world)
    for n in range(30):
        message_send(conversation=chat, by=world.requester, body=f"m{n}")
    with pytest.raises(DomainError) as refused:
        message_send(conversation=chat, by=world.requester, body="one too many")
    assert refused.value.code == ErrorCode.RATE_LIMITED
    assert refused.value.status == 429
    assert chat.messages.filter(sender=world.requester).count() == 30


def test_after_ten_seconds_one_may_send_again(world, allowed):
    chat = translation_chat(world)
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        for n in range(30):
            message_send(conversation=chat, by=world.requester, body=f"m{n}")
    with time_machine.travel(start + timedelta(seconds=11), tick=False):
        message_send(conversation=chat, by=world.requester, body="later")


def test_an_event_chat_opens_fifteen_minutes_before_the_start(world, allowed):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        chat = event_chat(world, starts_in=timedelta(hours=2))
    opens = chat.opens_at
    assert opens == chat.order.starts_at - timedelta(minutes=15)
    with time_machine.travel(opens - timedelta(seconds=1), tick=False):
        with pytest.raises(DomainError) as refused:
            message_send(conversation=chat, by=world.requester, body="Early")
        assert refused.value.code == ErrorCode.NOT_OPEN_YET
    with time_machine.travel(opens, tick=False):
        message, _ = message_send(conversation=chat, by=world.requester, body="On time")
    assert message.seq == 2


def test_contact_details_are_stored_as_typed_and_masked_for_the_other_side(world, allowed):
    from dragoman.conversations.selectors import Viewer, message_view

    chat = translation_chat(world)
    message, _ = message_send(
        conversation=chat, by=world.linguist, body="Write to lena@example.com please"
    )
    assert message.body == "Write to lena@example.com please"
    client = message_view(Viewer(world.requester.pk, Side.CLIENT, False), message)
    assert "lena@example.com" not in client["body"] and client["contacts_hidden"]
    own = message_view(Viewer(world.linguist.pk, Side.LINGUIST, False), message)
    assert own["body"] == message.body and not own["contacts_hidden"]
    staff = message_view(Viewer(world.staff.pk, Side.STAFF, True), message)
    assert staff["body"] == message.body


def test_the_linguist_appears_by_pseudonym_to_the_client_side(world, allowed):
    from dragoman.conversations.selectors import Viewer, message_view

    chat = translation_chat(world)
    message, _ = message_send(conversation=chat, by=world.linguist, body="Hello")
    pseudonym = world.linguist.linguist_profile.pseudonym
    assert (
        message_view(Viewer(world.requester.pk, Side.CLIENT, False), message)["sender"] == pseudonym
    )
    assert (
        message_view(Viewer(world.staff.pk, Side.STAFF, True), message)["sender"]
        == "Lena Secretname"
    )


def test_read_state_and_unread_counts(world, allowed):
    chat = translation_chat(world)
    conversation_read(conversation=chat, by=world.requester)
    for n in range(3):
        message_send(conversation=chat, by=world.linguist, body=f"m{n}")
    chat.refresh_from_db()
    assert unread_total(user=world.requester) == 3
    assert conversation_read(conversation=chat, by=world.requester, seq=3) == 1
    assert unread_total(user=world.requester) == 1
    # Reading never moves backwards.
    assert conversation_read(conversation=chat, by=world.requester, seq=1) == 1
    assert conversation_read(conversation=chat, by=world.requester) == 0
    assert unread_total(user=world.linguist) == 0
