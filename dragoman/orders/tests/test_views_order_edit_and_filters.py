"""The request list's date and requester filters, and changing a request from its page."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dragoman.orders.models import Order
from dragoman.orders.services import order_transition
from dragoman.orders.tests.factories import make_event_order as make_order
from dragoman.orders.tests.factories import order_form_data as form_data

pytestmark = pytest.mark.django_db


def _rows(response):
    """Rows of the request table: one status badge each."""
    return response.content.decode().count('class="badge badge-submitted"')


def test_the_list_keeps_requests_whose_event_falls_in_the_chosen_days(world, allowed, client):
    soon = make_order(world)  # in three days
    later = make_order(world)
    Order.objects.filter(pk=later.pk).update(starts_at=timezone.now() + timedelta(days=40))
    client.force_login(world.manager)
    first = (timezone.localdate() + timedelta(days=1)).isoformat()
    last = (timezone.localdate() + timedelta(days=10)).isoformat()
    html = client.get("/requests/", {"since": first, "until": last}).content.decode()
    assert f"/requests/{soon.pk}/" in html and f"/requests/{later.pk}/" not in html
    # The chosen days stay in the form.
    assert f'value="{first}"' in html and f'value="{last}"' in html


def test_an_unreadable_date_is_ignored_rather_than_failing(world, allowed, client):
    make_order(world)
    client.force_login(world.manager)
    response = client.get("/requests/", {"since": "not-a-date", "until": "2026-13-45"})
    assert response.status_code == 200 and _rows(response) == 1


def test_a_manager_filters_by_requester_and_sees_only_their_requests(world, allowed, client):
    mine = make_order(world, by=world.manager)
    theirs = make_order(world, by=world.requester)
    client.force_login(world.manager)
    page = client.get("/requests/").content.decode()
    assert 'name="requester"' in page and world.requester.full_name in page
    html = client.get("/requests/", {"requester": world.requester.pk}).content.decode()
    assert f"/requests/{theirs.pk}/" in html and f"/requests/{mine.pk}/" not in html


def test_a_requester_gets_no_requester_filter_and_never_sees_other_peoples_requests(
    world, allowed, client
):
    other = make_order(world, by=world.manager)
    client.force_login(world.requester)
    html = client.get("/requests/", {"requester": world.manager.pk}).content.decode()
    assert 'name="requester"' not in html
    assert f"/requests/{other.pk}/" not in html and "No request matches" in html


def test_the_requester_changes_a_submitted_request_typed_in_the_events_zone(world, allowed, client):
    client.force_login(world.requester)
    client.post("/requests/new/", form_data())
    order = Order.objects.get()
    page = client.get(f"/requests/{order.pk}/edit/").content.decode()
    # The form shows the time on the event's clock (10:00 in Berlin), not in UTC.
    assert "T10:00" in page and "Shareholder meeting" in page
    response = client.post(
        f"/requests/{order.pk}/edit/", form_data(title="AGM 2027", duration_minutes="120")
    )
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.title == "AGM 2027" and order.duration_minutes == 120
    assert order.status == "submitted"
    assert order.events.filter(action="update").exists()


def test_a_refused_change_keeps_the_typed_values_and_the_saved_request(world, allowed, client):
    client.force_login(world.requester)
    client.post("/requests/new/", form_data())
    order = Order.objects.get()
    response = client.post(
        f"/requests/{order.pk}/edit/", form_data(title="Changed", duration_minutes="")
    )
    assert response.status_code == 200
    assert "Changed" in response.content.decode()
    order.refresh_from_db()
    assert order.title == "Shareholder meeting" and order.duration_minutes == 90


def test_a_quoted_request_can_no_longer_be_changed(world, allowed, client):
    order = make_order(world)
    order_transition(order=order, by=world.staff, action="quote")
    client.force_login(world.requester)
    response = client.get(f"/requests/{order.pk}/edit/", follow=True)
    assert "only before it is quoted" in response.content.decode()
    assert f'href="/requests/{order.pk}/edit/"' not in response.content.decode()


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("requester", 200),
        ("manager", 200),
        ("staff", 200),
        ("observer", 403),
        ("partner_manager", 403),
        ("linguist", 404),
        ("other_manager", 404),
    ],
)
def test_who_may_open_the_change_form(world, allowed, client_as, role, status):
    order = make_order(world)
    assert client_as(world.user(role)).get(f"/requests/{order.pk}/edit/").status_code == status


def test_a_linguist_reaches_their_work_from_the_menu(world, client):
    client.force_login(world.linguist)
    html = client.get("/").content.decode()
    assert "My work" in html and 'href="/requests/"' in html


def test_an_observers_requester_filter_names_only_people_who_started_a_request(
    world, allowed, client
):
    # Observers do not see the organisation's contact list (core.permissions); the filter
    # must not hand it to them either.
    make_order(world, by=world.requester)
    client.force_login(world.observer)
    page = client.get("/requests/").content.decode()
    assert 'name="requester"' in page and world.requester.full_name in page
    assert world.manager.full_name not in page


def test_a_large_organisation_filters_by_the_requesters_name_instead_of_a_list(
    world, allowed, client
):
    from dragoman.accounts.tests.factories import UserFactory
    from dragoman.orders.selectors import REQUESTER_CHOICES_LIMIT
    from dragoman.orgs.tests.factories import MembershipFactory

    for index in range(REQUESTER_CHOICES_LIMIT):
        MembershipFactory(
            user=UserFactory(email=f"r{index}@example.test"),
            organisation=world.client,
            role="requester",
        )
    # The world's people have fixed, distinct names (conftest), so the surname is theirs alone.
    theirs = make_order(world, by=world.requester)
    mine = make_order(world, by=world.manager)
    client.force_login(world.manager)
    page = client.get("/requests/").content.decode()
    assert 'name="requester_name"' in page and 'name="requester"' not in page
    surname = "quillfeather"
    html = client.get("/requests/", {"requester_name": surname}).content.decode()
    assert f"/requests/{theirs.pk}/" in html and f"/requests/{mine.pk}/" not in html
    assert f'value="{surname}"' in html
