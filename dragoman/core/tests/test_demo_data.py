import pytest
from django.core.management import call_command

from dragoman.accounts.models import User

pytestmark = pytest.mark.django_db


def test_demo_data_gives_every_role_something_to_try(reference_data, client):
    call_command("demo_data", "--if-empty")
    emails = set(User.objects.values_list("email", flat=True))
    for local in (
        "staff",
        "partner",
        "manager",
        "requester",
        "observer",
        "linguist1",
        "linguist2",
        "linguist3",
        "applicant",
    ):
        assert f"{local}@demo.dragoman.test" in emails
    client.login(email="linguist1@demo.dragoman.test", password="dragoman-demo")
    assert 'data-testid="offer"' in client.get("/").content.decode()
    client.login(email="requester@demo.dragoman.test", password="dragoman-demo")
    assert "Wind farm supplier negotiations" in client.get("/requests/").content.decode()
    # A second run on a database with users changes nothing.
    call_command("demo_data", "--if-empty")
    assert User.objects.count() == len(emails)


def test_the_requester_dashboard_shows_statistics(reference_data, client):
    call_command("demo_data", "--if-empty")
    client.login(email="requester@demo.dragoman.test", password="dragoman-demo")
    html = client.get("/").content.decode()
    # 870.00 for the negotiations, 1280.00 for the annual report, 600.00 for the board
    # meeting and 1252.50 for the seven supplier calls the requester asked for.
    assert 'data-testid="stats"' in html and "4002.50" in html


def test_demo_data_has_work_waiting_for_staff_with_ranked_suggestions(reference_data, client):
    from dragoman.orders.models import Order

    call_command("demo_data", "--if-empty")
    client.login(email="staff@demo.dragoman.test", password="dragoman-demo")
    queue = client.get("/assignments/queue/").content.decode()
    assert "Supervisory board meeting" in queue
    board = Order.objects.get(title="Supervisory board meeting")
    page = client.get(f"/requests/{board.pk}/").content.decode()
    assert page.count('data-testid="suggestion"') == 3
    assert 'data-code="past_work"' in page
    # A year of finished work: the charts have more than one month to draw.
    months = {o.created_at.strftime("%Y-%m") for o in Order.objects.filter(status="completed")}
    assert len(months) >= 8


def test_demo_data_does_not_e_mail_its_invented_history(
    reference_data, django_capture_on_commit_callbacks
):
    from django.core import mail

    from dragoman.notifications.models import Notification

    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        call_command("demo_data", "--if-empty")
    assert callbacks, "the e-mails were queued after the commit, as always"
    assert Notification.objects.count() > 20
    assert not [m for m in mail.outbox if "notifications/settings" in m.body]
