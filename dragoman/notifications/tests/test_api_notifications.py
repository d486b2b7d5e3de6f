"""/api/v1/notifications: a user's own notifications and e-mail choices."""

import pytest

from dragoman.accounts.services import api_token_create
from dragoman.accounts.tests.factories import api
from dragoman.notifications.models import Notification
from dragoman.notifications.services import notify

pytestmark = pytest.mark.django_db


def some(user, count=1):
    made = []
    for index in range(count):
        made += notify(recipients=[user], kind="order_quoted", title=f"Note {index}", link="/x/")
    return made


def test_the_list_holds_only_the_callers_notifications_newest_first(world, client):
    some(world.requester, 2)
    some(world.manager)
    body = api(client, world.requester, "get", "/api/v1/notifications").json()
    assert [n["title"] for n in body["items"]] == ["Note 1", "Note 0"]
    assert body["count"] == 2 and body["unread_count"] == 2
    assert body["items"][0]["kind"] == "order_quoted" and body["items"][0]["read_at"] is None


def test_the_unread_filter(world, client):
    first, _ = some(world.requester, 2)
    api(client, world.requester, "post", f"/api/v1/notifications/{first.pk}/read")
    unread = api(client, world.requester, "get", "/api/v1/notifications?unread=true").json()
    assert [n["title"] for n in unread["items"]] == ["Note 1"]
    assert unread["unread_count"] == 1
    read = api(client, world.requester, "get", "/api/v1/notifications?unread=false").json()
    assert [n["title"] for n in read["items"]] == ["Note 0"]


def test_marking_read_answers_the_notification(world, client):
    (notification,) = some(world.requester)
    response = api(client, world.requester, "post", f"/api/v1/notifications/{notification.pk}/read")
    assert response.status_code == 200
    assert response.json()["read_at"] is not None


def test_another_users_notification_is_not_found(world, client):
    (notification,) = some(world.requester)
    response = api(client, world.manager, "post", f"/api/v1/notifications/{notification.pk}/read")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    notification.refresh_from_db()
    assert notification.read_at is None


def test_read_all_marks_only_the_callers_notifications(world, client):
    some(world.requester, 3)
    some(world.manager)
    body = api(client, world.requester, "post", "/api/v1/notifications/read-all").json()
    assert body == {"marked": 3, "unread_count": 0}
    assert Notification.objects.filter(read_at__isnull=True).get().recipient == world.manager


def test_anonymous_callers_are_refused(world, client):
    assert client.get("/api/v1/notifications").status_code == 401


def test_preferences_default_to_email_and_can_be_switched_off(world, client):
    listed = api(client, world.requester, "get", "/api/v1/notifications/preferences").json()
    assert all(p["email"] for p in listed)
    response = api(
        client,
        world.requester,
        "put",
        "/api/v1/notifications/preferences",
        [{"kind": "order_quoted", "email": False}],
    )
    assert response.status_code == 200
    chosen = {p["kind"]: p["email"] for p in response.json()}
    assert chosen["order_quoted"] is False and chosen["order_delivered"] is True


def test_an_unknown_kind_is_a_validation_error(world, client):
    response = api(
        client,
        world.requester,
        "put",
        "/api/v1/notifications/preferences",
        [{"kind": "gossip", "email": False}],
    )
    assert response.status_code == 422
    assert response.json()["code"] == "validation_failed"


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_costs_the_same_queries_whatever_its_length(
    world, client, django_assert_num_queries, rows
):
    some(world.requester, rows)
    _, secret = api_token_create(user=world.requester, name="t")
    client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}")  # stamp the token once
    # token, page, count, unread count
    with django_assert_num_queries(4):
        response = client.get("/api/v1/notifications", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.json()["count"] == rows
