"""The linguist's private iCalendar feed of confirmed work (RFC 5545, via icalendar).

The feed's secret address belongs to the linguist's profile (``linguists.services``)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar, Event

from dragoman.linguists.models import LinguistProfile
from dragoman.orders.enums import OrderStatus
from dragoman.orders.models import Order


def calendar_for(profile: LinguistProfile) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//Dragoman//Confirmed work//EN")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", f"Dragoman — {profile.pseudonym}")
    orders = Order.objects.filter(
        linguist=profile, status__in=[OrderStatus.IN_PROGRESS, OrderStatus.DELIVERED]
    ).select_related("service", "source_language", "target_language")
    stamp = timezone.now()
    for order in orders:
        event = Event()
        event.add("uid", f"order-{order.pk}@dragoman")
        event.add("dtstamp", stamp)
        event.add("summary", f"#{order.pk} {order.title}")
        event.add(
            "description",
            f"{order.service} {order.source_language.code}→{order.target_language.code}\n"
            + settings.SITE_URL
            + reverse("order_detail", args=[order.pk]),
        )
        if order.starts_at:
            event.add("dtstart", order.starts_at)
            event.add("dtend", order.starts_at + timedelta(minutes=order.duration_minutes or 60))
        elif order.deadline:
            # A translation shows as its deadline.
            event.add("dtstart", order.deadline)
            event.add("dtend", order.deadline)
        else:
            continue
        if order.meeting_link:
            event.add("location", order.meeting_link)
        calendar.add_component(event)
    return calendar.to_ical()


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No log-in: calendar apps fetch the secret address on their own."""
    profile = (
        LinguistProfile.objects.filter(calendar_token=token).exclude(calendar_token="").first()
    )
    if profile is None or not token:
        raise Http404("No such calendar.")
    response = HttpResponse(calendar_for(profile), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="dragoman.ics"'
    return response
