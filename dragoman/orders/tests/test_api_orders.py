"""Requests (orders): creation, the state machine from every role's side, visibility."""

from datetime import timedelta

import pytest
from django.utils import timezone

from conftest import ROLES
from dragoman.accounts.services import api_token_create
from dragoman.accounts.tests.factories import api
from dragoman.catalog.models import Service, Topic
from dragoman.core import openwork
from dragoman.orders.models import Order
from dragoman.orders.services import order_transition
from dragoman.orders.tests.factories import make_event_order as make_order

pytestmark = pytest.mark.django_db


def event_payload(**overrides):
    payload = {
        "title": "Board meeting",
        "service": "simultaneous",
        "source_language": "de",
        "target_language": "en",
        "topic_id": Topic.objects.get(name="Energy, oil and gas").pk,
        "starts_at": (timezone.now() + timedelta(days=7)).isoformat(),
        "duration_minutes": 120,
        "time_zone": "Europe/Berlin",
        "meeting_platform": "zoom",
        "meeting_link": "https://zoom.example/j/123",
        "technical_support": True,
    }
    payload.update(overrides)
    return payload


def test_a_requester_creates_an_event_request_kept_in_utc_with_its_history(world, allowed, client):
    response = api(client, world.requester, "post", "/api/v1/orders", event_payload(submit=True))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "submitted"
    assert body["time_zone"] == "Europe/Berlin"
    assert body["starts_at"].endswith("Z") or body["starts_at"].endswith("+00:00")
    assert [e["action"] for e in body["history"]] == ["create", "submit"]
    assert body["history"][1]["by"] == world.requester.full_name
    assert "cancel" in body["actions"] and "decline" not in body["actions"]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"starts_at": None}, "starts_at"),
        ({"duration_minutes": None}, "duration_minutes"),
        ({"target_language": "de"}, "target_language"),
        ({"service": "teleportation"}, "service"),
        ({"topic_id": 999999}, "topic_id"),
        ({"time_zone": "Mars/Olympus"}, "time_zone"),
        ({"meeting_link": "not a link"}, "meeting_link"),
    ],
)
def test_a_bad_request_is_refused_naming_the_field_and_nothing_is_saved(
    world, allowed, client, overrides, field
):
    response = api(client, world.requester, "post", "/api/v1/orders", event_payload(**overrides))
    assert response.status_code == 422, response.content
    assert field in response.json()["fields"]
    assert not Order.objects.exists()


def test_an_event_in_the_past_is_refused(world, allowed, client):
    past = (timezone.now() - timedelta(hours=1)).isoformat()
    response = api(client, world.requester, "post", "/api/v1/orders", event_payload(starts_at=past))
    assert response.status_code == 422
    assert "future" in response.json()["fields"]["starts_at"][0]


def test_a_translation_needs_a_deadline_not_an_event_time(world, allowed, client):
    payload = event_payload(service="translation", starts_at=None, duration_minutes=None)
    response = api(client, world.requester, "post", "/api/v1/orders", payload)
    assert response.status_code == 422 and "deadline" in response.json()["fields"]
    payload["deadline"] = (timezone.now() + timedelta(days=5)).isoformat()
    assert api(client, world.requester, "post", "/api/v1/orders", payload).status_code == 201


def test_a_contact_orders_only_the_services_the_manager_allows(world, client):
    world.requester.memberships.get().allowed_services.set(
        Service.objects.filter(code="translation")
    )
    response = api(client, world.requester, "post", "/api/v1/orders", event_payload())
    assert response.status_code == 422
    assert "not allowed you" in response.json()["fields"]["service"][0]


CREATE = {
    "anonymous": 401,
    "staff": 403,
    "partner_manager": 403,
    "manager": 201,
    "requester": 201,
    "observer": 403,
    "linguist": 403,
    "other_manager": 201,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_start_a_request(world, allowed, client, role):
    response = api(client, world.user(role), "post", "/api/v1/orders", event_payload())
    assert response.status_code == CREATE[role]


SEES = {
    "anonymous": 401,
    "staff": True,
    "partner_manager": True,
    "manager": True,
    "requester": True,
    "observer": True,
    "linguist": False,
    "other_manager": False,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_sees_a_request(world, allowed, client, role):
    order = make_order(world)
    listing = api(client, world.user(role), "get", "/api/v1/orders")
    detail = api(client, world.user(role), "get", f"/api/v1/orders/{order.pk}")
    if SEES[role] == 401:
        assert listing.status_code == 401 and detail.status_code == 401
        return
    ids = [o["id"] for o in listing.json()["items"]]
    assert (order.pk in ids) == SEES[role]
    assert detail.status_code == (200 if SEES[role] else 404)


def test_a_requester_sees_only_the_requests_they_started(world, allowed, client):
    mine = make_order(world, by=world.requester)
    managers = make_order(world, by=world.manager)
    ids = [o["id"] for o in api(client, world.requester, "get", "/api/v1/orders").json()["items"]]
    assert ids == [mine.pk]
    ids = [o["id"] for o in api(client, world.observer, "get", "/api/v1/orders").json()["items"]]
    assert set(ids) == {mine.pk, managers.pk}


# action -> roles that may take it on a submitted request of the requester
TRANSITION_RULES = {
    "cancel": {"staff", "manager", "requester"},
    "decline": {"staff"},
    "submit": set(),  # already submitted: illegal for everybody
    "complete": set(),  # not delivered yet
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(TRANSITION_RULES))
def test_each_action_from_each_role_on_a_submitted_request(world, allowed, client, role, action):
    order = make_order(world)
    response = api(
        client,
        world.user(role),
        "post",
        f"/api/v1/orders/{order.pk}/transitions",
        {"action": action, "note": "Budget cut"},
    )
    order.refresh_from_db()
    if role in TRANSITION_RULES[action]:
        assert response.status_code == 200, response.content
        assert order.status == {"cancel": "cancelled", "decline": "declined"}[action]
        return
    assert order.status == "submitted"
    if role == "anonymous":
        assert response.status_code == 401
    elif role in ("linguist", "other_manager"):
        assert response.status_code == 404
    elif action in ("submit", "complete") and role in ("staff", "manager", "requester"):
        assert response.status_code in (403, 409)
        if response.status_code == 409:
            assert response.json()["code"] == "illegal_transition"
    else:
        assert response.status_code == 403


def test_an_illegal_transition_is_a_409_saying_why(world, allowed, client):
    order = make_order(world)
    order_transition(order=order, by=world.requester, action="cancel")
    response = api(
        client,
        world.requester,
        "post",
        f"/api/v1/orders/{order.pk}/transitions",
        {"action": "cancel"},
    )
    assert response.status_code == 409
    assert "Cancelled" in response.json()["message"]


def test_declining_needs_a_reason(world, allowed, client):
    order = make_order(world)
    response = api(
        client,
        world.staff,
        "post",
        f"/api/v1/orders/{order.pk}/transitions",
        {"action": "decline"},
    )
    assert response.status_code == 422
    assert "note" in response.json()["fields"]


def test_a_draft_is_submitted_and_edited_only_before_the_quote(world, allowed, client):
    order = make_order(world, submit=False)
    url = f"/api/v1/orders/{order.pk}"
    assert (
        api(client, world.requester, "patch", url, {"notes": "Bring headsets"}).status_code == 200
    )
    assert api(client, world.observer, "patch", url, {"notes": "x"}).status_code == 403
    response = api(client, world.requester, "post", f"{url}/transitions", {"action": "submit"})
    assert response.json()["status"] == "submitted"
    Order.objects.filter(pk=order.pk).update(status="quoted")
    response = api(client, world.requester, "patch", url, {"notes": "Too late"})
    assert response.status_code == 409
    order.refresh_from_db()
    assert order.notes == "Bring headsets"


def test_a_contact_with_open_requests_cannot_be_removed(world, allowed):
    from dragoman.core.errors import Conflict
    from dragoman.orgs.services import contact_remove

    assert "orders" in openwork._counters
    make_order(world)
    with pytest.raises(Conflict) as error:
        contact_remove(by=world.manager, membership=world.requester.memberships.get())
    assert "1 open item" in error.value.message


@pytest.mark.parametrize("rows", [3, 25])
def test_the_order_list_costs_the_same_queries_whatever_its_length(
    world, allowed, client, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_order(world, by=world.manager)
    _, secret = api_token_create(user=world.manager, name="t")
    client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")  # stamp the token once
    # token, actor (membership), count, page with its joins, then one query each for the
    # reference rows of the page: service, source and target languages, topic
    with django_assert_num_queries(8):
        response = client.get("/api/v1/orders", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.json()["count"] == rows


def test_a_linguist_in_the_history_is_named_to_clients_only_by_pseudonym(world, allowed, client):
    from dragoman.orders.models import OrderEvent

    order = make_order(world)
    OrderEvent.objects.create(order=order, actor=world.linguist, action="progress", note="Ready")
    pseudonym = world.linguist.linguist_profile.pseudonym
    for viewer in (world.requester, world.manager, world.observer, world.partner_manager):
        body = api(client, viewer, "get", f"/api/v1/orders/{order.pk}").content.decode()
        assert pseudonym in body and "Secretname" not in body
        client.force_login(viewer)
        html = client.get(f"/requests/{order.pk}/").content.decode()
        assert pseudonym in html and "Secretname" not in html
    staff_view = api(client, world.staff, "get", f"/api/v1/orders/{order.pk}").json()
    assert staff_view["history"][-1]["by"] == world.linguist.full_name


def test_a_manager_reassigns_open_requests_then_the_contact_can_be_removed(world, allowed, client):
    from dragoman.orgs.services import contact_remove

    open_one = make_order(world)
    done = make_order(world)
    order_transition(order=done, by=world.requester, action="cancel")
    source = world.requester.memberships.get()
    target = world.manager.memberships.get()
    payload = {"from_contact_id": source.pk, "to_contact_id": target.pk}
    for outsider in (world.requester, world.observer, world.other_manager, world.partner_manager):
        response = api(client, outsider, "post", "/api/v1/orders/contacts/reassign", payload)
        assert response.status_code in (403, 404)
    response = api(client, world.manager, "post", "/api/v1/orders/contacts/reassign", payload)
    assert response.json() == {"moved": 1}
    open_one.refresh_from_db()
    done.refresh_from_db()
    assert open_one.requester == world.manager and done.requester == world.requester
    history = api(client, world.manager, "get", f"/api/v1/orders/{open_one.pk}").json()["history"]
    assert history[-1]["action"] == "reassign"
    contact_remove(by=world.manager, membership=source)


def test_work_cannot_go_to_an_observer_or_another_organisation(world, allowed, client):
    make_order(world)
    source = world.requester.memberships.get()
    for target in (world.observer.memberships.get(), world.other_manager.memberships.get()):
        response = api(
            client,
            world.staff,
            "post",
            "/api/v1/orders/contacts/reassign",
            {"from_contact_id": source.pk, "to_contact_id": target.pk},
        )
        assert response.status_code == 422
    assert Order.objects.get().requester == world.requester


def test_statistics_are_kept_until_an_order_of_the_organisation_changes(
    world, allowed, django_capture_on_commit_callbacks, django_assert_num_queries
):
    from dragoman.orders.selectors import order_statistics

    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(world)
    assert order_statistics(user=world.manager)["by_status"] == {"submitted": 1}
    # Read again: from the cache, no grouped scans.
    with django_assert_num_queries(0):
        assert order_statistics(user=world.manager)["total"] == 1
    # A change through a service makes them stale at once, for everyone who sees them.
    with django_capture_on_commit_callbacks(execute=True):
        order_transition(order=order, by=world.requester, action="cancel")
    assert order_statistics(user=world.manager)["by_status"] == {"cancelled": 1}
    assert order_statistics(user=world.staff)["by_status"] == {"cancelled": 1}
    # Another organisation's statistics are not mixed in.
    assert order_statistics(user=world.other_manager)["total"] == 0


def test_the_history_says_what_happened_in_the_readers_language(world, allowed, client):
    order = make_order(world)
    history = api(client, world.requester, "get", f"/api/v1/orders/{order.pk}").json()["history"]
    assert [(e["action"], e["label"]) for e in history] == [
        ("create", "created the request"),
        ("submit", "submitted the request"),
    ]
    world.requester.language = "ru"
    world.requester.save()
    client.force_login(world.requester)
    html = client.get(f"/requests/{order.pk}/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "отправил(а) заявку" in html


def test_statistics_count_months_on_each_readers_own_clock(
    world, allowed, django_capture_on_commit_callbacks
):
    # The cache must not hand a reader in Helsinki the months counted for a reader in UTC.
    from datetime import UTC, datetime

    from django.core.cache import cache
    from django.utils import timezone

    from dragoman.orders.selectors import order_statistics

    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        order = make_order(world)
    Order.objects.filter(pk=order.pk).update(created_at=datetime(2026, 3, 31, 23, 30, tzinfo=UTC))
    with timezone.override("UTC"):
        assert order_statistics(user=world.manager)["by_month"] == [
            {"month": "2026-03", "count": 1}
        ]
    with timezone.override("Europe/Helsinki"):
        assert order_statistics(user=world.manager)["by_month"] == [
            {"month": "2026-04", "count": 1}
        ]


def test_a_client_suspended_on_the_reputation_board_cannot_post_new_work(world, allowed, client):
    """Blue Board FAQ 1.6: after a review of unpaid invoices staff may suspend an outsourcer
    from posting work; for a client of Dragoman that means no new requests."""
    from dragoman.board.services import (
        affiliation_add,
        outsourcer_approve,
        outsourcer_create,
        outsourcer_suspend,
    )

    record = outsourcer_create(by=world.manager, name="Acme Client GmbH", country="DE")
    outsourcer_approve(by=world.staff, outsourcer=record)
    affiliation_add(by=world.staff, outsourcer=record, organisation=world.client)
    before = api(client, world.requester, "post", "/api/v1/orders", event_payload())
    assert before.status_code == 201
    outsourcer_suspend(by=world.staff, outsourcer=record, reason="Three unpaid invoices.")
    response = api(client, world.requester, "post", "/api/v1/orders", event_payload())
    assert response.status_code == 403
    assert response.json()["code"] == "posting_suspended"
    assert "Three unpaid invoices." in response.json()["message"]
    # Another organisation is not affected.
    other = api(client, world.other_manager, "post", "/api/v1/orders", event_payload())
    assert other.status_code == 201
    assert Order.objects.filter(organisation=world.client).count() == 1
