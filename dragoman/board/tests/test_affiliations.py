"""Affiliations: staff link people and organisations to a record (FAQ 3.12); a wrong one is
reported (FAQ 3.13)."""

import pytest

from dragoman.accounts.tests.factories import api
from dragoman.board import services
from dragoman.board.models import Affiliation
from dragoman.core.errors import Forbidden
from dragoman.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_staff_affiliate_a_user_and_an_organisation_from_the_record_page(
    world, client_as, outsourcer
):
    client = client_as(world.staff)
    path = f"/board/outsourcers/{outsourcer.pk}/affiliations/"
    client.post(path, {"action": "add", "email": "OTHER@example.test"})
    client.post(path, {"action": "add", "organisation": "partner agency"})
    pairs = set(outsourcer.affiliations.values_list("user__email", "organisation__name"))
    assert pairs == {
        (None, "Acme Client"),
        ("other@example.test", None),
        (None, "Partner Agency"),
    }
    response = client.post(path, {"action": "add", "email": "nobody@example.test"}, follow=True)
    assert "No user with this e-mail" in response.content.decode()
    html = client.get(f"/board/outsourcers/{outsourcer.pk}/").content.decode()
    assert "3 affiliations" in html
    removed = outsourcer.affiliations.get(organisation=world.partner)
    client.post(path, {"action": "remove", "affiliation": removed.pk})
    assert outsourcer.affiliations.count() == 2
    # A tampered or stale form removes nothing rather than failing.
    for value in ("abc", "", "99999999999999999999999"):
        response = client.post(path, {"action": "remove", "affiliation": value})
        assert response.status_code == 302
    assert outsourcer.affiliations.count() == 2


@pytest.mark.parametrize("role", ["manager", "linguist", "partner_manager"])
def test_only_staff_affiliate(world, client_as, outsourcer, role):
    path = f"/board/outsourcers/{outsourcer.pk}/affiliations/"
    response = client_as(world.user(role)).post(path, {"action": "add", "email": "x@y.z"})
    assert response.status_code == 403
    assert (
        api(
            client_as(None),
            world.user(role),
            "post",
            f"/outsourcers/{outsourcer.pk}/affiliations",
            {"user_id": world.linguist.pk},
        ).status_code
        == 403
    )


def test_staff_affiliate_and_remove_through_the_api(world, client, outsourcer):
    path = f"/outsourcers/{outsourcer.pk}/affiliations"
    response = api(client, world.staff, "post", path, {"user_id": world.linguist.pk})
    assert response.status_code == 201
    assert api(client, world.staff, "post", path, {"user_id": 999999}).status_code == 404
    listed = api(client, world.staff, "get", path).json()
    assert {a["user_id"] for a in listed} == {None, world.linguist.pk}
    response = api(client, world.staff, "delete", f"{path}/{response.json()['id']}")
    assert response.status_code == 204
    assert not Affiliation.objects.filter(user=world.linguist).exists()


def test_a_wrongly_affiliated_user_tells_staff_and_the_affiliation_stays(
    world, client_as, outsourcer
):
    client = client_as(world.observer)
    html = client.get(f"/board/outsourcers/{outsourcer.pk}/").content.decode()
    assert "Report a wrong affiliation" in html
    client.post(
        f"/board/outsourcers/{outsourcer.pk}/affiliations/",
        {"action": "report", "reason": "I left Acme in 2024."},
    )
    note = Notification.objects.get(kind="board_affiliation_reported")
    assert note.recipient == world.staff and note.body == "I left Acme in 2024."
    assert outsourcer.affiliations.count() == 1


def test_only_affiliated_users_report_an_affiliation(world, outsourcer):
    with pytest.raises(Forbidden):
        services.affiliation_report(by=world.linguist, outsourcer=outsourcer, reason="?")


def test_a_wrongly_affiliated_user_tells_staff_through_the_api(world, client, outsourcer):
    path = f"/outsourcers/{outsourcer.pk}/affiliations/report"
    response = api(client, world.observer, "post", path, {"reason": "I left Acme in 2024."})
    assert response.status_code == 202
    note = Notification.objects.get(kind="board_affiliation_reported")
    assert note.recipient == world.staff and note.body == "I left Acme in 2024."
    assert outsourcer.affiliations.count() == 1


def test_staff_remove_an_affiliation_only_by_its_number(world, client, outsourcer):
    path = f"/outsourcers/{outsourcer.pk}/affiliations/report"
    assert api(client, world.staff, "delete", path).status_code == 405
    assert outsourcer.affiliations.count() == 1
