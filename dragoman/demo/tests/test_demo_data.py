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
    # meeting, 1252.50 for the seven supplier calls the requester asked for, and 190.00 for
    # each of the two events whose chats the demo shows (conversations/demo.py).
    assert 'data-testid="stats"' in html and "4382.50" in html


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
    # Nor anything else: no activation link, no registration to approve.
    assert mail.outbox == []


def test_demo_data_fills_the_reputation_board(reference_data, client):
    from dragoman.board.models import LWAEntry, Outsourcer

    call_command("demo_data", "--if-empty")
    assert Outsourcer.objects.count() >= 12
    assert {"pending", "rejected", "published"} <= set(
        Outsourcer.objects.values_list("status", flat=True)
    )
    # Staff find work in the vetting queue: a new record, a new entry, a correction.
    client.login(email="staff@demo.dragoman.test", password="dragoman-demo")
    queue = client.get("/board/vetting/").content.decode()
    assert "Medilingua İstanbul" in queue
    assert LWAEntry.objects.filter(status="pending").exists()
    assert LWAEntry.objects.filter(status="edit_pending").exists()
    # The statistics rank outsourcers in both groups (many entries, and fewer).
    client.login(email="linguist1@demo.dragoman.test", password="dragoman-demo")
    stats = client.get("/board/stats/").content.decode()
    assert "GlobalVox Language Solutions Ltd" in stats
    assert "Nordic Conference Services Oy" in stats
    # A name typed without its accents is found.
    found = client.get("/board/", {"q": "kramer"}).content.decode()
    assert "Übersetzungsbüro Krämer" in found
    assert "Société Lumière Traduction" in client.get("/board/", {"q": "societe"}).content.decode()
    # The old entries look old: the board has two years of history.
    oldest = LWAEntry.objects.order_by("created_at").first()
    assert (
        LWAEntry.objects.order_by("-created_at").first().created_at - oldest.created_at
    ).days > 600


def test_the_nordwind_manager_replies_to_an_entry_about_nordwind(reference_data, client):
    from dragoman.board.models import LWAEntry, Outsourcer

    call_command("demo_data", "--if-empty")
    nordwind = Outsourcer.objects.get(name="Nordwind Energy")
    client.login(email="manager@demo.dragoman.test", password="dragoman-demo")
    page = client.get(f"/board/outsourcers/{nordwind.pk}/").content.decode()
    assert 'data-testid="reply"' in page  # the reply given earlier
    entry = LWAEntry.objects.get(outsourcer=nordwind, status="published", replied_at=None)
    response = client.post(
        f"/board/entries/{entry.pk}/reply/",
        {"reply": "Thank you, we will announce changes earlier."},
    )
    assert response.status_code in (200, 302)
    entry.refresh_from_db()
    assert entry.reply.startswith("Thank you, we will announce")
