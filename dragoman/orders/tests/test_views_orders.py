import pytest

from dragoman.catalog.models import Service
from dragoman.orders.models import Order
from dragoman.orders.tests.factories import make_event_order as make_order
from dragoman.orders.tests.factories import order_form_data as form_data

pytestmark = pytest.mark.django_db


def test_a_requester_submits_an_event_typed_in_the_events_time_zone(world, allowed, client):
    client.force_login(world.requester)
    response = client.post("/requests/new/", form_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    order = Order.objects.get()
    assert order.status == "submitted"
    # 10:00 in Berlin is 08:00 or 09:00 UTC depending on summer time: never 10:00 UTC.
    assert order.starts_at.hour in (8, 9)
    page = client.get(response["Location"]).content.decode()
    assert "Shareholder meeting" in page and "Europe/Berlin" in page


def test_a_refused_form_keeps_what_was_typed(world, allowed, client):
    client.force_login(world.requester)
    response = client.post("/requests/new/", form_data(duration_minutes="", notes="Keep me"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "planned duration" in html and "Keep me" in html
    assert not Order.objects.exists()


def test_the_form_offers_only_the_services_the_contact_may_order(world, client):
    world.requester.memberships.get().allowed_services.set(
        Service.objects.filter(code="translation")
    )
    client.force_login(world.requester)
    html = client.get("/requests/new/").content.decode()
    assert "Translation" in html and "Simultaneous interpreting" not in html


@pytest.mark.parametrize(
    ("role", "status"),
    [("requester", 200), ("manager", 200), ("observer", 403), ("linguist", 403), ("staff", 403)],
)
def test_who_opens_the_new_request_form(world, allowed, client_as, role, status):
    assert client_as(world.user(role)).get("/requests/new/").status_code == status


def test_the_requester_cancels_from_the_page_and_the_history_says_so(world, allowed, client):
    order = make_order(world)
    client.force_login(world.requester)
    response = client.post(f"/requests/{order.pk}/action/", {"action": "cancel"}, follow=True)
    html = response.content.decode()
    order.refresh_from_db()
    assert order.status == "cancelled"
    assert "Cancelled" in html and "cancel" in html


def test_an_observer_sees_the_request_but_no_buttons(world, allowed, client):
    order = make_order(world)
    client.force_login(world.observer)
    html = client.get(f"/requests/{order.pk}/").content.decode()
    assert order.title in html and "Cancel the request" not in html
    response = client.post(f"/requests/{order.pk}/action/", {"action": "cancel"}, follow=True)
    order.refresh_from_db()
    assert order.status == "submitted"
    assert "You may not" in response.content.decode()


def test_another_organisation_gets_a_404(world, allowed, client):
    order = make_order(world)
    client.force_login(world.other_manager)
    assert client.get(f"/requests/{order.pk}/").status_code == 404
    assert client.post(f"/requests/{order.pk}/action/", {"action": "cancel"}).status_code == 404


@pytest.mark.parametrize("rows", [2, 20])
def test_the_request_list_page_costs_the_same_queries_whatever_its_length(
    world, allowed, client, django_assert_num_queries, session_queries, rows
):
    for _ in range(rows):
        make_order(world, by=world.manager)
    client.force_login(world.manager)
    client.get("/")
    # session, user, actor, count, page with joins, its service, languages (2) and topic,
    # then services, languages and the organisation's requesters for the filters, and the
    # menu's unread-notifications badge
    with django_assert_num_queries(13 + session_queries):
        response = client.get("/requests/")
    assert response.status_code == 200
    assert response.content.decode().count('class="badge badge-submitted"') == rows


def test_staff_quote_from_the_page_and_the_requester_accepts_there(world, allowed, client):
    order = make_order(world)
    client.force_login(world.staff)
    assert "Send a quote" in client.get(f"/requests/{order.pk}/").content.decode()
    response = client.post(
        f"/requests/{order.pk}/quotes/",
        {
            "lines-TOTAL_FORMS": "3",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "50",
            "lines-0-description": "Consecutive interpreting",
            "lines-0-quantity": "1.5",
            "lines-0-unit": "hour",
            "lines-0-unit_price": "90",
            "lines-1-unit": "hour",
            "lines-2-unit": "hour",
            "currency": "EUR",
            "note": "",
        },
        follow=True,
    )
    assert "The quote is sent." in response.content.decode()
    order.refresh_from_db()
    assert order.status == "quoted"

    client.force_login(world.observer)
    html = client.get(f"/requests/{order.pk}/").content.decode()
    assert "135.00 EUR" in html and "Accept the quote" not in html

    client.force_login(world.requester)
    quote = order.quotes.get()
    response = client.post(
        f"/requests/{order.pk}/quotes/{quote.pk}/answer/", {"answer": "accept"}, follow=True
    )
    assert "the work starts" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "accepted"


def test_a_manager_hands_a_contacts_open_requests_over_from_the_contact_page(
    world, allowed, client
):
    order = make_order(world)
    source = world.requester.memberships.get()
    target = world.manager.memberships.get()
    client.force_login(world.manager)
    page = client.get(f"/organisations/{world.client.pk}/contacts/{source.pk}/").content.decode()
    assert 'data-testid="reassign"' in page and "1 open request" in page
    response = client.post(
        "/requests/reassign/", {"from_contact": source.pk, "to_contact": target.pk}, follow=True
    )
    assert "now belong to" in response.content.decode()
    order.refresh_from_db()
    assert order.requester == world.manager
    client.force_login(world.observer)
    response = client.post(
        "/requests/reassign/", {"from_contact": source.pk, "to_contact": target.pk}
    )
    assert response.status_code == 403
