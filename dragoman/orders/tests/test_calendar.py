"""The linguist's private iCalendar feed, checked with the icalendar library."""

from datetime import timedelta

import pytest
from django.utils import timezone
from icalendar import Calendar

from dragoman.orders.models import Order
from dragoman.orders.tests.factories import make_event_order as make_order

pytestmark = pytest.mark.django_db


def confirm(order, linguist, **fields):
    Order.objects.filter(pk=order.pk).update(status="in_progress", linguist=linguist, **fields)


def test_the_feed_lists_confirmed_work_as_valid_ical_and_a_new_address_revokes_the_old(
    world, allowed, client
):
    profile = world.linguist.linguist_profile
    start = (timezone.now() + timedelta(days=2)).replace(microsecond=0)
    event = make_order(world)
    confirm(
        event,
        profile,
        starts_at=start,
        duration_minutes=90,
        meeting_link="https://zoom.example/j/9",
    )
    not_mine = make_order(world)

    client.force_login(world.linguist)
    client.post("/linguist/calendar/renew/")
    profile.refresh_from_db()
    url = f"/calendar/{profile.calendar_token}.ics"
    client.logout()  # calendar apps fetch it without a session
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = list(calendar.walk("VEVENT"))
    assert [str(e["uid"]) for e in events] == [f"order-{event.pk}@dragoman"]
    assert events[0].decoded("dtstart") == start
    assert events[0].decoded("dtend") - events[0].decoded("dtstart") == timedelta(minutes=90)
    assert f"#{not_mine.pk}" not in response.content.decode()
    assert str(calendar["version"]) == "2.0" and calendar["prodid"]

    client.force_login(world.linguist)
    client.post("/linguist/calendar/renew/")
    client.logout()
    assert client.get(url).status_code == 404


def test_only_linguists_have_a_calendar(world, client):
    client.force_login(world.requester)
    assert client.post("/linguist/calendar/renew/").status_code == 403
    assert client.get("/calendar/.ics").status_code == 404
