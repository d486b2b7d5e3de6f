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
    # 870.00 for the interpreted negotiations + 1280.00 for the annual report's translation.
    assert 'data-testid="stats"' in html and "2150.00" in html
