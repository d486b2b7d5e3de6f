"""The suggestions and the assignment queue in the API: staff only, cheap, ordered."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from conftest import ROLES
from dragoman.accounts.tests.factories import api
from dragoman.assignments.models import Offer
from dragoman.assignments.services import offer_create, offer_decline
from dragoman.assignments.tests.conftest import linguist, waiting_order, work
from dragoman.orders.models import Order

pytestmark = pytest.mark.django_db

SUGGESTIONS = {
    "anonymous": 401,
    "staff": 200,
    "partner_manager": 403,
    "manager": 403,
    "requester": 403,
    "observer": 403,
    "linguist": 404,
    "other_manager": 404,
}
QUEUE = {role: 403 for role in ROLES} | {"anonymous": 401, "staff": 200}


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_see_the_suggestions_of_a_request(world, allowed, client, role):
    order = waiting_order(world)
    linguist("Dora Deutsch")
    response = api(client, world.user(role), "get", f"/api/v1/orders/{order.pk}/suggestions")
    assert response.status_code == SUGGESTIONS[role], response.content
    if role != "staff":
        assert "Dora Deutsch" not in response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_see_the_assignment_queue(world, allowed, client, role):
    waiting_order(world)
    response = api(client, world.user(role), "get", "/api/v1/assignments/queue")
    assert response.status_code == QUEUE[role], response.content


def test_suggestions_come_ranked_with_score_name_and_reasons(world, allowed, client):
    order = waiting_order(world)
    linguist("Bare Match")
    best = linguist("Dora Deutsch", services=["consecutive"], native=["en"])
    body = api(client, world.staff, "get", f"/api/v1/orders/{order.pk}/suggestions").json()
    assert body["order_id"] == order.pk and body["message"] == ""
    first = body["items"][0]
    assert first["rank"] == 1 and first["linguist_id"] == best.pk
    assert first["pseudonym"] == best.pseudonym and first["name"] == "Dora Deutsch"
    assert first["score"] == 45 and first["busy"] is False
    assert [r["code"] for r in first["reasons"]] == ["language_pair", "service", "native", "free"]
    assert first["reasons"][1] == {
        "code": "service",
        "label": "Offers Consecutive interpreting",
        "points": 30,
    }
    assert [i["name"] for i in body["items"]] == ["Dora Deutsch", "Bare Match"]


def test_nobody_with_the_pair_is_said_in_words(world, allowed, client):
    order = waiting_order(world, pair=("ka", "fi"))
    body = api(client, world.staff, "get", f"/api/v1/orders/{order.pk}/suggestions").json()
    assert body["items"] == []
    assert "No available linguist works from Georgian into Finnish" in body["message"]


def test_a_busy_linguist_is_flagged_with_the_clashing_request(world, allowed, client):
    start = timezone.now() + timedelta(days=4)
    order = waiting_order(world, starts_at=start)
    booked = linguist("Booked")
    clash = work(world, booked, status="in_progress", starts_at=start + timedelta(minutes=15))
    body = api(client, world.staff, "get", f"/api/v1/orders/{order.pk}/suggestions").json()
    (item,) = body["items"]
    assert item["busy"] is True and item["busy_with"] == [clash.pk]
    assert any(r["code"] == "busy" and f"#{clash.pk}" in r["label"] for r in item["reasons"])


def test_the_queue_lists_only_accepted_requests_longest_waiting_first(world, allowed, client):
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=2)):
        oldest = waiting_order(world, title="Oldest")
    with time_machine.travel(now - timedelta(hours=3)):
        newest = waiting_order(world, title="Newest")
    with time_machine.travel(now - timedelta(days=1)):
        middle = waiting_order(world, title="Middle")
    offered = waiting_order(world, title="Offered")
    dora = linguist("Dora Deutsch")
    offer_create(order=offered, linguist=dora, by=world.staff)
    Order.objects.filter(pk=waiting_order(world, title="Done").pk).update(status="completed")

    body = api(client, world.staff, "get", "/api/v1/assignments/queue").json()

    assert [i["id"] for i in body["items"]] == [oldest.pk, middle.pk, newest.pk]
    assert body["count"] == 3
    assert 2 * 86400 - 60 <= body["items"][0]["waiting_seconds"] <= 2 * 86400 + 60
    assert body["items"][0]["candidates"] == 1
    assert body["items"][0]["source_language"] == "de"


def test_a_declined_request_keeps_its_place_and_shows_the_last_reason(world, allowed, client):
    now = timezone.now()
    with time_machine.travel(now - timedelta(days=2)):
        declined = waiting_order(world, title="Declined twice")
    with time_machine.travel(now - timedelta(days=1)):
        waiting_order(world, title="Fresh")
    for name, reason in (("First", "On holiday"), ("Second", "Not my field")):
        profile = linguist(name)
        offer_decline(
            offer=offer_create(order=declined, linguist=profile, by=world.staff),
            by=profile.user,
            reason=reason,
        )
    body = api(client, world.staff, "get", "/api/v1/assignments/queue").json()
    first = body["items"][0]
    assert first["id"] == declined.pk
    assert first["declines"] == 2 and first["last_decline_reason"] == "Not my field"
    assert body["items"][1]["declines"] == 0 and body["items"][1]["last_decline_reason"] is None
    assert Offer.objects.count() == 2


@pytest.mark.parametrize("count", [3, 20])
def test_the_queue_costs_the_same_queries_for_3_or_20_requests(
    world, allowed, client, django_assert_num_queries, count
):
    for n in range(count):
        order = waiting_order(world, title=f"Request {n}")
        if n % 2:
            profile = linguist(f"Decliner {n}")
            offer_decline(
                offer=offer_create(order=order, linguist=profile, by=world.staff),
                by=profile.user,
                reason="Busy",
            )
    headers = {}
    from dragoman.accounts.services import api_token_create

    _, secret = api_token_create(user=world.staff, name="t")
    headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    # Token, token's last use, actor, the page of requests, the count.
    with django_assert_num_queries(5):
        response = client.get("/api/v1/assignments/queue", **headers)
    assert len(response.json()["items"]) == count
