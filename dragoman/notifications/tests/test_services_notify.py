"""notify(): rows now, e-mail and real-time pushes after commit, preferences respected."""

import pytest
from django.conf import settings

from dragoman.core.errors import NotFound, ValidationFailed
from dragoman.notifications import services
from dragoman.notifications.models import Notification
from dragoman.notifications.services import notify

pytestmark = pytest.mark.django_db


def test_each_recipient_gets_one_row_and_one_email_after_commit(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notify(
            recipients=[world.requester, world.manager, world.requester],
            kind="order_quoted",
            title="Request #7 is quoted:\nyour answer is needed",
            body="Look at it.",
            link="/requests/7/",
        )
        assert mailoutbox == []  # nothing leaves before the commit
    assert Notification.objects.filter(recipient=world.requester).count() == 1
    assert sorted(m.to[0] for m in mailoutbox) == [
        "manager@example.test",
        "requester@example.test",
    ]
    mail = mailoutbox[0]
    assert mail.subject == "Request #7 is quoted: your answer is needed"
    assert f"{settings.SITE_URL}/requests/7/" in mail.body
    assert f"{settings.SITE_URL}/notifications/settings/" in mail.body
    assert "A quote was sent" in mail.body  # the kind the footer tells how to switch off
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 0


def test_a_kind_switched_off_is_still_listed_but_not_emailed(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    services.preference_set(user=world.requester, kind="order_quoted", email=False)
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[world.requester, world.manager], kind="order_quoted", title="Quoted")
    assert Notification.objects.filter(recipient=world.requester).exists()
    assert [m.to for m in mailoutbox] == [["manager@example.test"]]


def test_the_email_task_is_safe_to_run_twice(world, mailoutbox, django_capture_on_commit_callbacks):
    from dragoman.notifications.tasks import send_notification_email

    with django_capture_on_commit_callbacks(execute=True):
        (notification,) = notify(recipients=[world.staff], kind="order_submitted", title="New")
    send_notification_email(notification.pk)
    assert len(mailoutbox) == 1


def test_a_failed_email_is_sent_again_by_the_retry(world, monkeypatch, mailoutbox):
    (notification,) = notify(recipients=[world.staff], kind="order_submitted", title="New")

    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(services.EmailMultiAlternatives, "send", broken)
    with pytest.raises(OSError):
        services.notification_email_send(notification_id=notification.pk)
    monkeypatch.undo()
    assert services.notification_email_send(notification_id=notification.pk) is True
    assert len(mailoutbox) == 1


def test_open_pages_hear_the_new_unread_count_after_commit(
    world, monkeypatch, django_capture_on_commit_callbacks
):
    heard = []
    monkeypatch.setattr(
        services.realtime,
        "publish",
        lambda event, user_ids, payload=None: heard.append((event, list(user_ids), payload)),
    )
    notify(recipients=[world.staff], kind="order_submitted", title="First")
    (second,) = notify(recipients=[world.staff], kind="order_submitted", title="Second")
    assert heard[-1][0] == "notifications.unread"
    assert heard[-1][1] == [world.staff.pk]
    assert heard[-1][2]["unread_count"] == 2
    assert heard[-1][2]["notification"]["title"] == "Second"
    services.notification_mark_read(user=world.staff, notification_id=second.pk)
    assert heard[-1][2] == {"unread_count": 1}
    services.notifications_mark_all_read(user=world.staff)
    assert heard[-1][2] == {"unread_count": 0}


def test_inactive_people_are_not_notified(world):
    world.observer.is_active = False
    world.observer.save()
    assert notify(recipients=[world.observer], kind="order_quoted", title="Quoted") == []


def test_nobody_marks_another_users_notification_read(world):
    (notification,) = notify(recipients=[world.requester], kind="order_quoted", title="Quoted")
    with pytest.raises(NotFound):
        services.notification_mark_read(user=world.manager, notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.read_at is None


def test_mark_all_read_touches_only_the_users_own_unread_notifications(world):
    notify(recipients=[world.requester, world.manager], kind="order_quoted", title="Quoted")
    notify(recipients=[world.requester], kind="order_declined", title="Declined")
    assert services.notifications_mark_all_read(user=world.requester) == 2
    assert services.notifications_mark_all_read(user=world.requester) == 0
    assert Notification.objects.get(recipient=world.manager).read_at is None


def test_an_unknown_kind_is_refused(world):
    with pytest.raises(ValidationFailed):
        services.preference_set(user=world.requester, kind="gossip", email=False)
    with pytest.raises(ValueError):
        notify(recipients=[world.requester], kind="gossip", title="?")
