"""The role matrix of the API: every endpoint of the foundation, from every role's side.

Cross-organisation access is always 403 or 404 and never carries data.
"""

import pytest

from conftest import ROLES
from dragoman.accounts.services import api_token_create

pytestmark = pytest.mark.django_db


def call(world, client, role, method, path, payload=None):
    user = world.user(role)
    headers = {}
    if user is not None:
        _, secret = api_token_create(user=user, name="test")
        headers["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return getattr(client, method)(path, data=payload, content_type="application/json", **headers)


def contact_of(world, role):
    return world.user(role).memberships.get()


ORG_LIST_EXPECTED = {
    "anonymous": None,
    "staff": {"Operator", "Partner Agency", "Acme Client", "Other Client"},
    "partner_manager": {"Partner Agency", "Acme Client"},
    "manager": {"Acme Client"},
    "requester": {"Acme Client"},
    "observer": {"Acme Client"},
    "linguist": set(),
    "other_manager": {"Other Client"},
}


@pytest.mark.parametrize("role", ROLES)
def test_organisation_list_shows_only_what_each_role_may_see(world, client, role):
    response = call(world, client, role, "get", "/api/v1/organisations")
    expected = ORG_LIST_EXPECTED[role]
    if expected is None:
        assert response.status_code == 401
        assert response.json()["code"] == "not_authenticated"
        return
    assert response.status_code == 200
    assert {org["name"] for org in response.json()["items"]} == expected


CLIENT_DETAIL = {
    "anonymous": 401,
    "staff": 200,
    "partner_manager": 200,
    "manager": 200,
    "requester": 200,
    "observer": 200,
    "linguist": 404,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_organisation_detail_by_role(world, client, role):
    response = call(world, client, role, "get", f"/api/v1/organisations/{world.client.pk}")
    assert response.status_code == CLIENT_DETAIL[role]
    if response.status_code == 200:
        assert response.json()["name"] == "Acme Client"
    else:
        assert "Acme" not in response.content.decode()


CONTACT_LIST = {
    "anonymous": 401,
    "staff": 200,
    "partner_manager": 200,
    "manager": 200,
    "requester": 403,
    "observer": 403,
    "linguist": 404,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_contact_list_by_role(world, client, role):
    response = call(world, client, role, "get", f"/api/v1/organisations/{world.client.pk}/contacts")
    assert response.status_code == CONTACT_LIST[role]
    body = response.content.decode()
    if response.status_code == 200:
        assert {c["email"] for c in response.json()["items"]} == {
            "manager@example.test",
            "requester@example.test",
            "observer@example.test",
        }
    else:
        assert "requester@example.test" not in body


CONTACT_WRITE = {
    "anonymous": 401,
    "staff": 201,
    "partner_manager": 403,
    "manager": 201,
    "requester": 403,
    "observer": 403,
    "linguist": 404,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_adding_a_contact_by_role(
    world, client, role, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = call(
            world,
            client,
            role,
            "post",
            f"/api/v1/organisations/{world.client.pk}/contacts",
            {
                "email": "new.person@example.test",
                "full_name": "New Person",
                "role": "requester",
                "phone": "+44 20 7946 0958",
            },
        )
    assert response.status_code == CONTACT_WRITE[role]
    added = world.client.memberships.filter(user__email="new.person@example.test").exists()
    assert added == (response.status_code == 201)
    assert len(mailoutbox) == (1 if added else 0)


CONTACT_EDIT = {
    "anonymous": 401,
    "staff": 200,
    "partner_manager": 403,
    "manager": 200,
    "requester": 403,
    "observer": 403,
    "linguist": 404,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_changing_a_contacts_role_by_role(world, client, role):
    contact = contact_of(world, "observer")
    response = call(
        world,
        client,
        role,
        "patch",
        f"/api/v1/organisations/{world.client.pk}/contacts/{contact.pk}",
        {"role": "requester"},
    )
    assert response.status_code == CONTACT_EDIT[role]
    contact.refresh_from_db()
    assert contact.role == ("requester" if response.status_code == 200 else "observer")


CONTACT_REMOVE = {
    "anonymous": 401,
    "staff": 204,
    "partner_manager": 403,
    "manager": 204,
    "requester": 403,
    "observer": 403,
    "linguist": 404,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_removing_a_contact_by_role(world, client, role):
    contact = contact_of(world, "observer")
    response = call(
        world,
        client,
        role,
        "delete",
        f"/api/v1/organisations/{world.client.pk}/contacts/{contact.pk}",
    )
    assert response.status_code == CONTACT_REMOVE[role]
    contact.refresh_from_db()
    assert (contact.status == "removed") == (response.status_code == 204)


ORG_CREATE = {
    "anonymous": 401,
    "staff": 201,
    "partner_manager": 403,
    "manager": 403,
    "requester": 403,
    "observer": 403,
    "linguist": 403,
    "other_manager": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_only_staff_create_organisations(world, client, role):
    response = call(
        world,
        client,
        role,
        "post",
        "/api/v1/organisations",
        {"kind": "client", "name": "Brand New Client", "country": "FI"},
    )
    assert response.status_code == ORG_CREATE[role]


ORG_EDIT = {
    "anonymous": 401,
    "staff": 200,
    "partner_manager": 403,
    "manager": 200,
    "requester": 403,
    "observer": 403,
    "linguist": 404,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_editing_an_organisation_by_role(world, client, role):
    response = call(
        world,
        client,
        role,
        "patch",
        f"/api/v1/organisations/{world.client.pk}",
        {"city": "Hamburg"},
    )
    assert response.status_code == ORG_EDIT[role]
    world.client.refresh_from_db()
    assert (world.client.city == "Hamburg") == (response.status_code == 200)


LINGUIST_LIST = {
    "anonymous": 401,
    "staff": 200,
    "partner_manager": 403,
    "manager": 403,
    "requester": 403,
    "observer": 403,
    "linguist": 200,
    "other_manager": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_linguist_list_is_for_staff_and_the_linguist_themself(world, client, role):
    response = call(world, client, role, "get", "/api/v1/linguists")
    assert response.status_code == LINGUIST_LIST[role]
    body = response.content.decode()
    if response.status_code != 200:
        assert "Secretname" not in body and "linguist@example.test" not in body
    else:
        assert [item["email"] for item in response.json()["items"]] == ["linguist@example.test"]


LINGUIST_DETAIL = {
    "anonymous": 401,
    "staff": 200,
    "partner_manager": 404,
    "manager": 404,
    "requester": 404,
    "observer": 404,
    "linguist": 200,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_linguist_detail_and_edit_by_role(world, client, role):
    profile = world.linguist.linguist_profile
    response = call(world, client, role, "get", f"/api/v1/linguists/{profile.pk}")
    assert response.status_code == LINGUIST_DETAIL[role]
    response = call(
        world, client, role, "patch", f"/api/v1/linguists/{profile.pk}", {"country": "EE"}
    )
    assert response.status_code == LINGUIST_DETAIL[role]
    profile.refresh_from_db()
    assert (profile.country.code == "EE") == (response.status_code == 200)


@pytest.mark.parametrize("role", ROLES)
def test_me_describes_the_caller(world, client, role):
    response = call(world, client, role, "get", "/api/v1/me")
    if role == "anonymous":
        assert response.status_code == 401
        return
    assert response.status_code == 200
    assert response.json()["email"] == world.user(role).email
