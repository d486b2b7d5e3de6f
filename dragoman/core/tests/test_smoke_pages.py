import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "role",
    ["staff", "partner_manager", "manager", "requester", "observer", "linguist", "other_manager"],
)
def test_every_role_gets_its_dashboard(world, client_as, role):
    response = client_as(world.user(role)).get("/")
    assert response.status_code == 200
