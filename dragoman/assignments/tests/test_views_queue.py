"""The staff pages: the assignment queue and the suggestions on a waiting request."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from conftest import ROLES
from dragoman.assignments.services import offer_create, offer_decline
from dragoman.assignments.tests.conftest import linguist, waiting_order, work

pytestmark = pytest.mark.django_db

QUEUE_PAGE = {role: 403 for role in ROLES} | {"anonymous": 302, "staff": 200}


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_open_the_assignment_queue(world, allowed, client_as, role):
    waiting_order(world, title="Board meeting")
    response = client_as(world.user(role)).get("/assignments/queue/")
    assert response.status_code == QUEUE_PAGE[role]
    if role == "anonymous":
        assert "/accounts/login/" in response["Location"]
    if role == "staff":
        assert "Board meeting" in response.content.decode()


def test_staff_find_the_queue_in_the_menu_and_others_do_not(world, allowed, client_as):
    assert "/assignments/queue/" in client_as(world.staff).get("/").content.decode()
    assert "/assignments/queue/" not in client_as(world.manager).get("/").content.decode()


def test_the_queue_page_shows_waiting_time_declines_and_links_to_each_request(
    world, allowed, client_as
):
    order = waiting_order(world, title="Board meeting")
    profile = linguist("Dora Deutsch")
    offer_decline(
        offer=offer_create(order=order, linguist=profile, by=world.staff),
        by=profile.user,
        reason="Away that week",
    )
    nobody = waiting_order(world, title="Georgian speech", pair=("ka", "fi"))
    html = client_as(world.staff).get("/assignments/queue/").content.decode()
    assert f'href="/requests/{order.pk}/#suggestions"' in html
    assert "Away that week" in html and "1×" in html
    assert "Georgian speech" in html and "nobody with this pair" in html
    assert html.index("Board meeting") < html.index("Georgian speech")
    assert nobody.pk


def test_an_empty_queue_says_so(world, client_as):
    html = client_as(world.staff).get("/assignments/queue/").content.decode()
    assert "No request is waiting for a linguist." in html


def test_staff_see_ranked_suggestions_with_reasons_and_offer_from_the_request_page(
    world, allowed, client_as
):
    start = timezone.now() + timedelta(days=6)
    order = waiting_order(world, starts_at=start)
    linguist("Bare Match")
    best = linguist("Dora Deutsch", services=["consecutive"], topics=["Law and contracts"])
    booked = linguist("Booked Person")
    clash = work(world, booked, status="in_progress", starts_at=start)
    client = client_as(world.staff)
    html = client.get(f"/requests/{order.pk}/").content.decode()
    assert html.count('data-testid="suggestion"') == 3
    assert html.index("Dora Deutsch") < html.index("Bare Match") < html.index("Booked Person")
    assert best.pseudonym in html
    assert "Specialises in Law and contracts" in html and "reason-plus" in html
    assert f"Busy: overlaps #{clash.pk}" in html and "reason-minus" in html
    client.post(f"/requests/{order.pk}/offer/", {"linguist": best.pk})
    order.refresh_from_db()
    assert order.status == "assigned" and order.linguist == best


def test_offering_a_busy_linguist_from_the_page_shows_why_not(world, allowed, client_as):
    start = timezone.now() + timedelta(days=6)
    order = waiting_order(world, starts_at=start)
    booked = linguist("Booked Person")
    clash = work(world, booked, status="in_progress", starts_at=start)
    response = client_as(world.staff).post(
        f"/requests/{order.pk}/offer/", {"linguist": booked.pk}, follow=True
    )
    assert f"request #{clash.pk}" in response.content.decode()
    order.refresh_from_db()
    assert order.status == "accepted"


def test_a_request_nobody_can_take_shows_the_empty_state(world, allowed, client_as):
    order = waiting_order(world, pair=("ka", "fi"))
    html = client_as(world.staff).get(f"/requests/{order.pk}/").content.decode()
    assert 'data-testid="no-suggestion"' in html
    assert "No available linguist works from Georgian into Finnish" in html


@pytest.mark.parametrize("role", ["requester", "manager", "observer", "partner_manager"])
def test_clients_and_partners_never_see_suggestions_nor_names(world, allowed, client_as, role):
    order = waiting_order(world)
    linguist("Dora Deutsch")
    html = client_as(world.user(role)).get(f"/requests/{order.pk}/").content.decode()
    assert 'data-testid="suggestions"' not in html and "Dora Deutsch" not in html


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_queue_page_costs_the_same_queries_for_3_or_20_requests(world, allowed, client_as):
    client = client_as(world.staff)
    for n in range(3):
        waiting_order(world, title=f"Request {n}")
    few = _queries(client, "/assignments/queue/")
    for n in range(3, 20):
        order = waiting_order(world, title=f"Request {n}")
        if n % 2:
            profile = linguist(f"Decliner {n}")
            offer_decline(
                offer=offer_create(order=order, linguist=profile, by=world.staff),
                by=profile.user,
                reason="Busy",
            )
    assert _queries(client, "/assignments/queue/") == few


def test_the_request_page_costs_the_same_queries_for_5_or_50_suggestions(world, allowed, client_as):
    client = client_as(world.staff)
    order = waiting_order(world)
    for n in range(5):
        linguist(f"Linguist {n}", services=["consecutive"] if n % 2 else [])
    few = _queries(client, f"/requests/{order.pk}/")
    for n in range(5, 50):
        profile = linguist(f"Linguist {n}", native=["en"] if n % 2 else [])
        if n % 5 == 0:
            work(world, profile, status="completed")
    assert _queries(client, f"/requests/{order.pk}/") == few
