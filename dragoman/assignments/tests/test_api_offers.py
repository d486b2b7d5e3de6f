"""Offers: staff offer an accepted request, the linguist accepts or declines."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import ROLES
from dragoman.accounts.tests.factories import api
from dragoman.catalog.models import Service
from dragoman.orders.models import Order
from dragoman.orders.services import order_transition
from dragoman.orders.tests.factories import make_event_order as make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def allowed(world):
    for user in (world.manager, world.requester):
        user.memberships.get().allowed_services.set(Service.objects.all())


@pytest.fixture(autouse=True)
def linguist_of_the_pair(world):
    """The world's linguist also works from German into English, the pair of make_order."""
    from dragoman.catalog.models import Language
    from dragoman.linguists.models import LanguagePair

    LanguagePair.objects.create(
        profile=world.linguist.linguist_profile,
        source=Language.objects.get(code="de"),
        target=Language.objects.get(code="en"),
    )


def accepted_order(world):
    order = make_order(world)
    Order.objects.filter(pk=order.pk).update(status="accepted")
    order.refresh_from_db()
    return order


def offer(client, world, order, by=None):
    return api(
        client,
        by or world.staff,
        "post",
        f"/api/v1/orders/{order.pk}/offers",
        {"linguist_id": world.linguist.linguist_profile.pk},
    )


OFFER = {
    "anonymous": 401,
    "staff": 201,
    "partner_manager": 403,
    "manager": 403,
    "requester": 403,
    "observer": 403,
    "linguist": 404,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_offer_a_request_to_a_linguist(world, allowed, client, role):
    order = accepted_order(world)
    response = api(
        client,
        world.user(role),
        "post",
        f"/api/v1/orders/{order.pk}/offers",
        {"linguist_id": world.linguist.linguist_profile.pk},
    )
    assert response.status_code == OFFER[role], response.content


def test_the_linguist_accepts_and_the_client_sees_in_progress_with_the_pseudonym_only(
    world, allowed, client
):
    order = accepted_order(world)
    made = offer(client, world, order).json()
    listing = api(client, world.linguist, "get", "/api/v1/orders").json()
    assert [o["id"] for o in listing["items"]] == [order.pk]
    response = api(
        client, world.linguist, "post", f"/api/v1/orders/{order.pk}/offers/{made['id']}/accept"
    )
    assert response.status_code == 200
    seen = api(client, world.requester, "get", f"/api/v1/orders/{order.pk}")
    body = seen.content.decode()
    assert seen.json()["status"] == "in_progress"
    assert seen.json()["linguist"] == world.linguist.linguist_profile.pseudonym
    assert "Secretname" not in body and "linguist@example.test" not in body
    assert "+358401234567" not in body


def test_declining_needs_a_reason_and_puts_the_request_back_in_the_queue(world, allowed, client):
    order = accepted_order(world)
    made = offer(client, world, order).json()
    url = f"/api/v1/orders/{order.pk}/offers/{made['id']}/decline"
    assert api(client, world.linguist, "post", url, {"reason": " "}).status_code == 422
    response = api(client, world.linguist, "post", url, {"reason": "Not my field"})
    assert response.json()["status"] == "declined"
    order.refresh_from_db()
    assert order.status == "accepted" and order.linguist is None
    # The linguist no longer sees it.
    assert api(client, world.linguist, "get", f"/api/v1/orders/{order.pk}").status_code == 404


def test_another_linguist_cannot_answer_the_offer(world, allowed, client):
    from dragoman.linguists.tests.factories import make_linguist

    order = accepted_order(world)
    made = offer(client, world, order).json()
    intruder = make_linguist().user
    response = api(
        client, intruder, "post", f"/api/v1/orders/{order.pk}/offers/{made['id']}/accept"
    )
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.status == "assigned"


def test_an_event_overlapping_confirmed_work_cannot_be_accepted(world, allowed, client):
    first = accepted_order(world)
    second = accepted_order(world)
    start = timezone.now() + timedelta(days=3)
    Order.objects.filter(pk=first.pk).update(starts_at=start, duration_minutes=60)
    Order.objects.filter(pk=second.pk).update(starts_at=start + timedelta(days=2))
    one = offer(client, world, first).json()
    two = offer(client, world, second).json()
    api(client, world.linguist, "post", f"/api/v1/orders/{first.pk}/offers/{one['id']}/accept")
    # The second event moves onto the first after both were offered.
    Order.objects.filter(pk=second.pk).update(starts_at=start + timedelta(minutes=30))
    response = api(
        client, world.linguist, "post", f"/api/v1/orders/{second.pk}/offers/{two['id']}/accept"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "double_booking"
    assert f"#{first.pk}" in response.json()["message"]


def test_an_event_overlapping_confirmed_work_is_not_even_offered(world, allowed, client):
    first = accepted_order(world)
    second = accepted_order(world)
    start = timezone.now() + timedelta(days=3)
    Order.objects.filter(pk=first.pk).update(starts_at=start, duration_minutes=60)
    Order.objects.filter(pk=second.pk).update(starts_at=start + timedelta(minutes=59))
    one = offer(client, world, first).json()
    api(client, world.linguist, "post", f"/api/v1/orders/{first.pk}/offers/{one['id']}/accept")
    response = offer(client, world, second)
    assert response.status_code == 409
    assert response.json()["code"] == "double_booking"
    assert f"#{first.pk}" in response.json()["message"]
    second.refresh_from_db()
    assert second.status == "accepted" and second.linguist is None


def test_an_event_overlapping_a_pending_offer_is_not_offered_to_the_same_linguist(
    world, allowed, client
):
    first = accepted_order(world)
    second = accepted_order(world)
    start = timezone.now() + timedelta(days=3)
    Order.objects.filter(pk__in=[first.pk, second.pk]).update(starts_at=start, duration_minutes=60)
    offer(client, world, first)
    response = offer(client, world, second)
    assert response.status_code == 409 and f"#{first.pk}" in response.json()["message"]


def test_an_event_right_after_confirmed_work_is_offered(world, allowed, client):
    first = accepted_order(world)
    second = accepted_order(world)
    start = timezone.now() + timedelta(days=3)
    Order.objects.filter(pk=first.pk).update(starts_at=start, duration_minutes=60)
    Order.objects.filter(pk=second.pk).update(starts_at=start + timedelta(minutes=60))
    offer(client, world, first)
    assert offer(client, world, second).status_code == 201


def test_a_linguist_without_the_language_pair_is_not_offered_the_request(world, allowed, client):
    from dragoman.linguists.tests.factories import make_linguist

    order = accepted_order(world)  # de → en
    french = make_linguist(pairs=(("fr", "en"),))
    response = api(
        client, world.staff, "post", f"/api/v1/orders/{order.pk}/offers", {"linguist_id": french.pk}
    )
    assert response.status_code == 422
    assert response.json()["code"] == "no_language_pair"
    assert french.pseudonym in response.json()["message"]
    order.refresh_from_db()
    assert order.status == "accepted"


def test_an_offer_only_for_an_accepted_request(world, allowed, client):
    order = make_order(world)  # submitted, not yet quoted and accepted
    response = offer(client, world, order)
    assert response.status_code == 409
    order_transition(order=order, by=world.requester, action="cancel")


def test_the_linguist_answers_from_requests_needing_attention(world, allowed, client):
    order = accepted_order(world)
    offer(client, world, order)
    client.force_login(world.linguist)
    html = client.get("/").content.decode()
    assert 'data-testid="offer"' in html and order.title in html
    made = order.offers.get()
    response = client.post(
        f"/offers/{made.pk}/answer/", {"answer": "decline", "reason": ""}, follow=True
    )
    assert "Say why you decline" in response.content.decode()
    response = client.post(f"/offers/{made.pk}/answer/", {"answer": "accept"}, follow=True)
    order.refresh_from_db()
    assert order.status == "in_progress"
    assert "You accepted" in response.content.decode()
    client.force_login(world.requester)
    assert client.post(f"/offers/{made.pk}/answer/", {"answer": "accept"}).status_code == 404


def test_staff_offer_from_the_request_page_to_a_linguist_of_the_pair(world, allowed, client):
    from dragoman.linguists.tests.factories import make_linguist

    order = accepted_order(world)  # de → en
    make_linguist(pairs=(("de", "en"),), full_name="Dora Deutsch")
    make_linguist(pairs=(("fr", "en"),), full_name="Fred French")
    client.force_login(world.staff)
    html = client.get(f"/requests/{order.pk}/").content.decode()
    assert "Dora Deutsch" in html and "Fred French" not in html
    from dragoman.linguists.models import LinguistProfile

    profile = LinguistProfile.objects.get(user__full_name="Dora Deutsch")
    client.post(f"/requests/{order.pk}/offer/", {"linguist": profile.pk})
    order.refresh_from_db()
    assert order.status == "assigned" and order.linguist == profile
    client.force_login(world.requester)
    html = client.get(f"/requests/{order.pk}/").content.decode()
    assert profile.pseudonym in html and "Dora Deutsch" not in html


def test_an_unanswered_offer_goes_back_to_the_queue_after_the_configured_hours(
    world, allowed, client, settings
):
    import time_machine

    from dragoman.assignments.tasks import expire_unanswered_offers

    settings.OFFER_ANSWER_HOURS = 24
    order = accepted_order(world)
    offer(client, world, order)
    with time_machine.travel(timezone.now() + timedelta(hours=23, minutes=59)):
        expire_unanswered_offers.call_local()
    order.refresh_from_db()
    assert order.status == "assigned"
    with time_machine.travel(timezone.now() + timedelta(hours=24, minutes=1)):
        assert expire_unanswered_offers.call_local() == 1
    order.refresh_from_db()
    assert order.status == "accepted" and order.linguist is None
    made = order.offers.get()
    assert made.status == "declined" and "24 hours" in made.reason
    history = api(client, world.staff, "get", f"/api/v1/orders/{order.pk}").json()["history"]
    assert history[-1]["action"] == "decline_offer" and history[-1]["by"] == "Dragoman"
