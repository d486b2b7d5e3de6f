"""The demo's history reads as lived: requests asked for before their events, each step on a
working day at a working hour of whoever took it, every linguist with finished work; and
loading it twice adds nothing."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.core.management import call_command
from django.utils import timezone

from dragoman.conversations import demo as conversations_demo
from dragoman.core.demo import Timeline
from dragoman.linguists.models import LinguistProfile
from dragoman.orders.models import Order, OrderEvent

pytestmark = pytest.mark.django_db


def _rows() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


CHAT_EVENTS = (conversations_demo.SOON, conversations_demo.TOMORROW)


def _working_hour(moment: datetime, zone: str) -> bool:
    local = moment.astimezone(ZoneInfo(zone))
    return local.weekday() < 5 and 9 <= local.hour < 18


def test_loading_the_demo_twice_adds_no_row_to_any_table(reference_data):
    call_command("demo_data")
    first = _rows()
    call_command("demo_data")
    assert _rows() == first
    assert first["orders.Order"] > 20 and first["board.LWAEntry"] > 20


def test_every_request_was_asked_for_before_its_event_and_its_steps_followed_at_working_hours(
    reference_data,
):
    call_command("demo_data")
    now = timezone.now()
    for order in Order.objects.prefetch_related("events"):
        events = list(order.events.all())
        assert events[0].action == "create"
        assert order.created_at == events[0].created_at, order.title
        times = [event.created_at for event in events]
        assert times == sorted(times) and times[-1] <= now, order.title
        when = order.starts_at or order.deadline
        assert when - order.created_at > timedelta(days=5), order.title
        done = [e.created_at for e in events if e.action in ("deliver", "complete")]
        if order.starts_at and done:
            assert min(done) > order.starts_at + timedelta(minutes=order.duration_minutes)
    # Quoted days after the request, accepted days after the quote.
    board = Order.objects.get(title="Supervisory board meeting")
    asked, quoted, accepted = board.events.exclude(action="submit").order_by("created_at")
    assert asked.created_at.date() < quoted.created_at.date() < accepted.created_at.date()
    # Steps of more than a day ago; the offer of today is made whenever staff are in.
    settled = OrderEvent.objects.filter(created_at__lt=now - timedelta(days=1)).select_related(
        "actor", "order"
    )
    assert settled.count() > 150
    for event in settled:
        if event.actor is None:
            continue  # Dragoman's own step: the quote of an accepted marketplace proposal
        assert _working_hour(event.created_at, event.actor.timezone), (
            event.order.title,
            event.action,
            event.created_at.astimezone(ZoneInfo(event.actor.timezone)),
        )
    # The chats' demo events start when the demo is loaded: one in ten minutes (its chat is
    # open), one tomorrow (its chat opens then), whatever the hour or the day.
    for order in Order.objects.filter(starts_at__isnull=False).exclude(title__in=CHAT_EVENTS):
        local = order.starts_at.astimezone(ZoneInfo(order.time_zone))
        assert local.weekday() < 5 and 8 <= local.hour < 17, (order.title, local)
    zones = set(Order.objects.values_list("time_zone", flat=True))
    assert {"Europe/Berlin", "Asia/Tbilisi", "Asia/Tokyo"} <= zones
    # Every linguist has finished work of past months.
    month_ago = now - timedelta(days=30)
    for profile in LinguistProfile.objects.select_related("user"):
        done = Order.objects.filter(linguist=profile, status="completed")
        assert (
            done.filter(starts_at__lt=month_ago).exists()
            or done.filter(deadline__lt=month_ago).exists()
        ), profile.user.email


@pytest.mark.parametrize(
    "moment",
    [
        datetime(2026, 3, 8, 23, 30, tzinfo=UTC),  # a Sunday night
        datetime(2026, 3, 13, 16, 59, tzinfo=UTC),  # a Friday afternoon
    ],
)
def test_the_demo_loads_at_any_moment_of_the_week(reference_data, moment):
    with time_machine.travel(moment, tick=True):
        call_command("demo_data")
        now = timezone.now()
        assert not OrderEvent.objects.filter(created_at__gt=now).exists()
        assert Order.objects.filter(status="assigned").count() == 1


def test_a_working_day_of_the_past_stays_in_the_past_and_one_ahead_stays_ahead():
    sunday = Timeline(datetime(2026, 3, 8, 12, 0, tzinfo=UTC))
    berlin = "Europe/Berlin"
    # Yesterday was a Saturday: the Friday before. Tomorrow is a Monday: itself.
    assert sunday.on(1, "10:00", berlin).date().isoformat() == "2026-03-06"
    assert sunday.on(-1, "10:00", berlin).date().isoformat() == "2026-03-09"
    # A Saturday ahead is the Friday before it, a Sunday ahead the Monday after it.
    assert sunday.on(-6, "10:00", berlin).date().isoformat() == "2026-03-13"
    assert sunday.on(-7, "10:00", berlin).date().isoformat() == "2026-03-16"
    # The evening's step happens the next working morning.
    friday_evening = datetime(2026, 3, 6, 17, 30, tzinfo=ZoneInfo(berlin))
    after = sunday.after(friday_evening, berlin, hours=1)
    assert after.date().isoformat() == "2026-03-09" and after.hour == 9
