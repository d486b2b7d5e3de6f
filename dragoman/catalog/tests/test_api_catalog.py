import pytest

from dragoman.catalog.models import Service

pytestmark = pytest.mark.django_db


def test_reference_data_is_listed_in_the_callers_language(world, client):
    client.force_login(world.requester)
    services = client.get("/api/v1/services").json()
    assert {
        "code": "simultaneous",
        "kind": "interpreting",
        "name": "Simultaneous interpreting",
    } in services
    client.post("/language/", {"language": "ru"})
    names = {s["code"]: s["name"] for s in client.get("/api/v1/services").json()}
    assert names["simultaneous"] == "Синхронный перевод"
    languages = {lang["code"]: lang for lang in client.get("/api/v1/languages").json()}
    assert languages["de"]["name"] == "Немецкий" and languages["de"]["english_name"] == "German"
    topics = client.get("/api/v1/topics").json()
    assert any(t["english_name"] == "Sport" and t["name"] == "Спорт" for t in topics)


def test_services_staff_withdraw_are_not_offered(world, client):
    Service.objects.filter(code="subtitling").update(is_active=False)
    client.force_login(world.requester)
    assert "subtitling" not in {s["code"] for s in client.get("/api/v1/services").json()}


def test_reference_data_needs_a_login(client, reference_data):
    assert client.get("/api/v1/services").status_code == 401
