"""The notifications page, its settings and the menu's unread badge."""

import pytest

from dragoman.notifications.models import Notification, NotificationPreference
from dragoman.notifications.services import notify

pytestmark = pytest.mark.django_db


def some(user, count=1, kind="order_quoted", link="/requests/1/"):
    made = []
    for index in range(count):
        made += notify(recipients=[user], kind=kind, title=f"Note {index}", link=link)
    return made


def test_the_list_shows_the_users_notifications_newest_first_with_unread_marked(world, client_as):
    first, _second = some(world.requester, 2)
    Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)
    some(world.manager)
    html = client_as(world.requester).get("/notifications/").content.decode()
    assert html.index("Note 1") < html.index("Note 0")
    assert html.count('class="notification unread"') == 1
    assert html.count('class="notification"') == 1
    assert "Mark all read" in html


def test_the_empty_list_says_so(world, client_as):
    html = client_as(world.requester).get("/notifications/").content.decode()
    assert "No notifications yet" in html


def test_the_unread_filter_keeps_only_unread_notifications(world, client_as):
    first, _ = some(world.requester, 2)
    Notification.objects.filter(pk=first.pk).update(read_at=first.created_at)
    html = client_as(world.requester).get("/notifications/?unread=1").content.decode()
    assert "Note 1" in html and "Note 0" not in html


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(world, client_as):
    (notification,) = some(world.requester, link="/requests/42/")
    response = client_as(world.requester).get(f"/notifications/{notification.pk}/open")
    assert response.status_code == 302 and response["Location"] == "/requests/42/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_users_notification_is_not_found(world, client_as):
    (notification,) = some(world.requester)
    response = client_as(world.manager).get(f"/notifications/{notification.pk}/open")
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def badge(response):
    """The menu badge's number, or None when it is hidden (live.js shows it when a count
    arrives over the socket)."""
    import re

    found = re.search(
        r'<span class="badge badge-count" data-testid="unread-badge"[^>]*?( hidden)?>(\d+)</span>',
        response.content.decode(),
    )
    assert found, "the badge is always on the page, shown or hidden"
    return None if found.group(1) else found.group(2)


def test_mark_all_read_clears_the_badge(world, client_as):
    some(world.requester, 3)
    client = client_as(world.requester)
    assert badge(client.get("/notifications/")) == "3"
    response = client.post("/notifications/read-all/", follow=True)
    assert not Notification.objects.filter(read_at__isnull=True).exists()
    assert badge(response) is None


def test_the_menu_badge_counts_the_unread_notifications(world, client_as):
    some(world.requester, 3)
    assert badge(client_as(world.requester).get("/")) == "3"
    assert badge(client_as(world.manager).get("/")) is None


def test_anonymous_visitors_are_sent_to_log_in(world, client_as):
    assert client_as(None).get("/notifications/").status_code == 302


@pytest.mark.parametrize("rows", [3, 30])
def test_the_list_page_costs_the_same_queries_whatever_its_length(
    world, client_as, django_assert_num_queries, session_queries, rows
):
    some(world.requester, rows)
    client = client_as(world.requester)
    client.get("/")
    # session, user, actor (menu), unread badge, count, page
    with django_assert_num_queries(6 + session_queries):
        response = client.get("/notifications/")
    assert response.status_code == 200
    assert response.content.decode().count('class="notification unread"') == min(rows, 30)


def test_the_settings_page_saves_which_kinds_come_by_email(world, client_as):
    client = client_as(world.requester)
    html = client.get("/notifications/settings/").content.decode()
    assert html.count('type="checkbox"') == html.count("checked") > 10
    response = client.post(
        "/notifications/settings/", {"email": ["order_quoted", "order_delivered"]}, follow=True
    )
    assert response.status_code == 200
    off = set(
        NotificationPreference.objects.filter(user=world.requester, email=False).values_list(
            "kind", flat=True
        )
    )
    assert "order_quoted" not in off and "order_delivered" not in off
    assert "order_declined" in off
    html = client.get("/notifications/settings/").content.decode()
    assert html.count("checked") == 2
