import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role",
    ["staff", "partner_manager", "manager", "requester", "observer", "linguist", "other_manager"],
)
def test_every_role_gets_its_dashboard(world, client_as, role):
    response = client_as(world.user(role)).get("/")
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path", ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/", "/"]
)
def test_public_pages_open_for_visitors(client, reference_data, path):
    response = client.get(path)
    assert response.status_code == 200
    assert b"Dragoman" in response.content


@pytest.mark.parametrize(
    "path",
    ["/accounts/2fa/", "/accounts/2fa/totp/activate", "/accounts/password/change/", "/profile/"],
)
def test_account_security_pages_open_for_a_manager(world, client_as, path):
    response = client_as(world.manager).get(path, follow=True)
    assert response.status_code == 200
    assert b"Dragoman" in response.content


def test_interactive_api_docs_load_their_assets_locally(world, client_as):
    html = client_as(world.staff).get("/api/v1/docs").content.decode()
    assert "swagger" in html.lower()
    assert "cdn." not in html and "jsdelivr" not in html


def test_pages_come_in_russian_for_a_russian_speaker(world, client_as):
    world.manager.language = "ru"
    world.manager.save()
    html = client_as(world.manager).get(f"/organisations/{world.client.pk}/").content.decode()
    assert "Добавить контакт" in html
    assert 'lang="ru"' in html
