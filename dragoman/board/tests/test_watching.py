"""Watching an outsourcer (Blue Board FAQ 2.8, 2.10)."""

import re

import pytest
from django.core import mail

from dragoman.accounts.tests.factories import api
from dragoman.board import services
from dragoman.board.models import Watch
from dragoman.notifications.models import Notification
from dragoman.notifications.services import notification_email_send

pytestmark = pytest.mark.django_db


def publish(world, outsourcer, by):
    entry = services.entry_create(by=by, outsourcer=outsourcer, rating=4, work_confirmed=True)
    return services.entry_approve(by=world.staff, entry=entry)


def test_watchers_hear_of_each_new_published_entry_but_not_of_waiting_ones(world, outsourcer):
    services.watch_start(by=world.other_manager, outsourcer=outsourcer)
    services.watch_start(by=world.other_manager, outsourcer=outsourcer)  # once is enough
    entry = services.entry_create(
        by=world.linguist, outsourcer=outsourcer, rating=4, work_confirmed=True
    )
    assert not Notification.objects.filter(kind="board_watched_entry").exists()
    services.entry_approve(by=world.staff, entry=entry)
    note = Notification.objects.get(kind="board_watched_entry")
    assert note.recipient == world.other_manager
    assert note.link == f"/board/outsourcers/{outsourcer.pk}/#entry-{entry.pk}"


def test_the_author_and_the_outsourcers_people_are_not_told_twice(world, outsourcer):
    for user in (world.linguist, world.manager):
        services.watch_start(by=user, outsourcer=outsourcer)
    publish(world, outsourcer, world.linguist)
    assert not Notification.objects.filter(kind="board_watched_entry").exists()


def test_writing_an_entry_may_also_watch_the_outsourcer(world, outsourcer):
    services.entry_create(
        by=world.linguist, outsourcer=outsourcer, rating=4, work_confirmed=True, watch=True
    )
    assert Watch.objects.filter(user=world.linguist, outsourcer=outsourcer).exists()


def test_every_watch_e_mail_carries_a_stop_watching_link_that_needs_no_log_in(
    world, outsourcer, client, settings
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    services.watch_start(by=world.other_manager, outsourcer=outsourcer)
    publish(world, outsourcer, world.linguist)
    note = Notification.objects.get(kind="board_watched_entry")
    assert notification_email_send(notification_id=note.pk)
    body = mail.outbox[-1].body
    link = re.search(r"https?://\S+/board/unwatch/\S+/", body).group(0)
    path = "/board/unwatch/" + link.split("/board/unwatch/")[1]
    # Opening the link only asks (mail scanners open links); the button stops.
    assert "Stop watching" in client.get(path).content.decode()
    assert Watch.objects.filter(user=world.other_manager).exists()
    assert "no longer hear" in client.post(path).content.decode()
    assert not Watch.objects.filter(user=world.other_manager).exists()
    assert client.get("/board/unwatch/forged-token/").status_code == 404


def test_watch_and_unwatch_from_the_record_page(world, client_as, outsourcer):
    client = client_as(world.partner_manager)
    client.post(f"/board/outsourcers/{outsourcer.pk}/watch/", {"action": "watch"})
    page = client.get(f"/board/outsourcers/{outsourcer.pk}/").content.decode()
    assert "Stop watching" in page
    client.post(f"/board/outsourcers/{outsourcer.pk}/watch/", {"action": "unwatch"})
    assert not Watch.objects.exists()


@pytest.mark.parametrize("role", ["staff", "partner_manager", "manager", "linguist"])
def test_watch_and_unwatch_through_the_api(world, client, outsourcer, role):
    user = world.user(role)
    path = f"/outsourcers/{outsourcer.pk}/watch"
    assert api(client, user, "post", path).json() == {"watching": True}
    assert api(client, user, "get", path).json() == {"watching": True}
    assert api(client, user, "delete", path).json() == {"watching": False}
    assert api(client, None, "post", path).status_code == 401


def test_nobody_watches_a_record_they_may_not_see(world, client):
    record = services.outsourcer_create(by=world.linguist, name="Waiting Ltd")
    assert api(client, world.manager, "post", f"/outsourcers/{record.pk}/watch").status_code == 404
