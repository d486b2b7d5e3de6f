"""A request's conversation follows the request: the 15-minute opening with its reminder
(a scheduled task that follows the event), status lines, closing on cancel."""

from datetime import UTC, timedelta

import pytest
import time_machine
from django.utils import timezone

from dragoman.conversations.enums import ConversationStatus, SystemEvent
from dragoman.conversations.services import chat_reminder_post, chat_reminders_due
from dragoman.conversations.services.order_chat import conversation_reschedule, opens_at_for
from dragoman.conversations.tests.factories import event_chat, translation_chat
from dragoman.notifications.models import Notification
from dragoman.orders.enums import OrderAction
from dragoman.orders.services import order_transition

pytestmark = pytest.mark.django_db


def reminders(chat):
    return chat.messages.filter(event=SystemEvent.REMINDER).count()


def test_the_reminder_is_scheduled_in_huey_for_the_opening(
    world, allowed, django_capture_on_commit_callbacks
):
    from huey.contrib.djhuey import HUEY

    HUEY.storage.flush_schedule()
    with django_capture_on_commit_callbacks(execute=True):
        chat = event_chat(world, starts_in=timedelta(hours=3))
    # The schedule lives in Huey's storage (SQLite or Redis), which survives restarts.
    scheduled = [task for task in HUEY.scheduled() if task.name.endswith("post_chat_reminder")]
    assert [task.args for task in scheduled] == [(chat.pk,)]
    eta = scheduled[0].eta
    opens = chat.opens_at.astimezone(UTC).replace(tzinfo=None)
    assert abs((eta.replace(tzinfo=None) - opens).total_seconds()) < 1
    HUEY.storage.flush_schedule()


def test_the_reminder_is_posted_once_at_the_opening_and_notified_to_both_sides(world, allowed):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        chat = event_chat(world, starts_in=timedelta(hours=1))
    with time_machine.travel(chat.opens_at - timedelta(seconds=2), tick=False):
        assert chat_reminder_post(conversation_id=chat.pk) is False
        assert reminders(chat) == 0
    with time_machine.travel(chat.opens_at, tick=False):
        assert chat_reminder_post(conversation_id=chat.pk) is True
        assert chat_reminder_post(conversation_id=chat.pk) is False  # a second run: nothing
        assert chat_reminders_due() == 0
    assert reminders(chat) == 1
    notified = set(
        Notification.objects.filter(kind="chat_open").values_list("recipient_id", flat=True)
    )
    assert {world.requester.pk, world.linguist.pk} <= notified


def test_the_minute_sweep_posts_a_reminder_whose_task_was_lost(world, allowed):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        chat = event_chat(world, starts_in=timedelta(hours=1))
    with time_machine.travel(chat.opens_at + timedelta(seconds=30), tick=False):
        assert chat_reminders_due() == 1
    assert reminders(chat) == 1


def test_the_reminder_follows_the_event_when_it_moves(world, allowed):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        chat = event_chat(world, starts_in=timedelta(hours=1))
        old_opening = chat.opens_at
        order = chat.order
        order.starts_at = order.starts_at + timedelta(hours=2)
        order.save(update_fields=["starts_at"])
        conversation_reschedule(conversation=chat, opens_at=opens_at_for(order))
    chat.refresh_from_db()
    assert chat.opens_at == old_opening + timedelta(hours=2)
    with time_machine.travel(old_opening, tick=False):
        # The task scheduled for the old time runs and does nothing.
        assert chat_reminder_post(conversation_id=chat.pk) is False
    with time_machine.travel(chat.opens_at, tick=False):
        assert chat_reminder_post(conversation_id=chat.pk) is True
    assert reminders(chat) == 1


def test_a_cancelled_event_closes_its_chat_and_gets_no_reminder(world, allowed):
    start = timezone.now().replace(microsecond=0)
    with time_machine.travel(start, tick=False):
        chat = event_chat(world, starts_in=timedelta(hours=1))
        order_transition(order=chat.order, by=world.requester, action=OrderAction.CANCEL)
    chat.refresh_from_db()
    assert chat.status == ConversationStatus.CLOSED
    with time_machine.travel(chat.opens_at, tick=False):
        assert chat_reminder_post(conversation_id=chat.pk) is False
    assert reminders(chat) == 0
    status_lines = chat.messages.filter(event=SystemEvent.STATUS)
    assert status_lines.filter(data__code="cancelled").exists()


def test_status_changes_are_told_in_the_conversation(world, allowed):
    chat = translation_chat(world)
    from dragoman.orders.models import OrderFile  # noqa: F401  (deliverables are checked)

    order_transition(order=chat.order, by=world.staff, action=OrderAction.CANCEL)
    assert chat.messages.filter(event=SystemEvent.STATUS, data__code="cancelled").count() == 1
