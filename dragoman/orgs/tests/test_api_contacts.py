import pytest
from django.test import Client

from dragoman.accounts.services import api_token_create
from dragoman.accounts.tests.factories import UserFactory
from dragoman.linguists.tests.factories import make_linguist
from dragoman.orgs.tests.factories import MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_api(world, client):
    _, secret = api_token_create(user=world.staff, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


@pytest.fixture
def manager_api(world, client):
    _, secret = api_token_create(user=world.manager, name="test")
    client.defaults["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
    return client


def add_contacts(organisation, count):
    for _ in range(count):
        MembershipFactory(organisation=organisation)


def test_contacts_come_fifty_a_page_with_a_total(world, manager_api):
    add_contacts(world.client, 57)
    first = manager_api.get(f"/api/v1/organisations/{world.client.pk}/contacts").json()
    second = manager_api.get(f"/api/v1/organisations/{world.client.pk}/contacts?page=2").json()
    assert first["count"] == 60
    assert len(first["items"]) == 50 and len(second["items"]) == 10
    assert not {c["id"] for c in first["items"]} & {c["id"] for c in second["items"]}


def test_contacts_are_searched_and_filtered(world, manager_api):
    url = f"/api/v1/organisations/{world.client.pk}/contacts"
    assert [c["email"] for c in manager_api.get(url, {"q": "OBSERV"}).json()["items"]] == [
        "observer@example.test"
    ]
    assert [c["role"] for c in manager_api.get(url, {"role": "manager"}).json()["items"]] == [
        "manager"
    ]
    response = manager_api.get(url, {"role": "emperor"})
    assert response.status_code == 422
    assert "role" in response.json()["fields"]


@pytest.mark.parametrize("rows", [5, 40])
def test_the_contact_list_costs_the_same_queries_whatever_its_length(
    world, manager_api, django_assert_num_queries, rows
):
    add_contacts(world.client, rows)
    # token + its last-use stamp, actor (membership), organisation, count, the page's rows,
    # their allowed services
    with django_assert_num_queries(7):
        response = manager_api.get(f"/api/v1/organisations/{world.client.pk}/contacts")
    assert response.status_code == 200
    assert len(response.json()["items"]) == rows + 3


@pytest.mark.parametrize("rows", [3, 30])
def test_the_organisation_list_costs_the_same_queries_whatever_its_length(
    world, staff_api, django_assert_num_queries, rows
):
    for _ in range(rows):
        add_contacts(OrganisationFactory(), 2)
    # token + its last-use stamp, actor (membership), count, page
    with django_assert_num_queries(5):
        response = staff_api.get("/api/v1/organisations")
    assert response.json()["count"] == rows + 4


@pytest.mark.parametrize("rows", [2, 20])
def test_the_linguist_list_costs_the_same_queries_whatever_its_length(
    world, staff_api, django_assert_num_queries, rows
):
    for _ in range(rows):
        make_linguist(pairs=(("en", "fr"), ("de", "fr")))
    # token + stamp, actor (membership), count, page, pairs + source + target (3), natives,
    # services, topics
    with django_assert_num_queries(11):
        response = staff_api.get("/api/v1/linguists")
    assert response.json()["count"] == rows + 1


def test_adding_a_contact_without_a_channel_is_a_422_naming_the_field(world, manager_api):
    response = manager_api.post(
        f"/api/v1/organisations/{world.client.pk}/contacts",
        {"email": "x@example.test", "full_name": "X", "role": "requester"},
        content_type="application/json",
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "contact_channel_required"
    assert body["fields"]["phone"]
    assert not world.client.memberships.filter(user__email="x@example.test").exists()


def test_adding_a_duplicate_email_is_a_409(world, manager_api):
    response = manager_api.post(
        f"/api/v1/organisations/{world.client.pk}/contacts",
        {
            "email": "observer@example.test",
            "full_name": "X",
            "role": "requester",
            "other_contact": "skype: x",
        },
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_email"


def test_an_invalid_phone_number_is_a_422_with_a_readable_message(world, manager_api):
    response = manager_api.post(
        f"/api/v1/organisations/{world.client.pk}/contacts",
        {"email": "x@example.test", "full_name": "X", "role": "requester", "phone": "12"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["fields"]["phone"][0].startswith("Enter a valid phone number")


def test_unknown_allowed_services_are_named_in_the_error(world, manager_api):
    response = manager_api.post(
        f"/api/v1/organisations/{world.client.pk}/contacts",
        {
            "email": "x@example.test",
            "full_name": "X",
            "role": "requester",
            "phone": "+442079460958",
            "allowed_services": ["translation", "teleportation"],
        },
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["fields"]["allowed_services"] == ["teleportation"]


def test_a_manager_approves_a_pending_registration_through_the_api(world, manager_api):
    pending = MembershipFactory(
        organisation=world.client, status="pending", user=UserFactory(email="p@example.test")
    )
    url = f"/api/v1/organisations/{world.client.pk}/contacts/{pending.pk}/approve"
    response = manager_api.post(url, {"role": "observer"}, content_type="application/json")
    assert response.status_code == 200
    assert response.json()["status"] == "active" and response.json()["role"] == "observer"
    assert manager_api.post(url, {}, content_type="application/json").status_code == 409


def test_session_callers_must_send_the_csrf_token_for_writes(world):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.manager)
    assert browser.get("/api/v1/me").status_code == 200
    response = browser.patch("/api/v1/me", {"full_name": "Hacked"}, content_type="application/json")
    assert response.status_code == 403
    world.manager.refresh_from_db()
    assert world.manager.full_name != "Hacked"


def test_contacts_are_listed_by_name_and_follow_a_change_of_name(world, manager_api):
    from dragoman.accounts.services import user_update

    url = f"/api/v1/organisations/{world.client.pk}/contacts"
    for name in ("zoë Zimmer", "Ádám Álmos", "bea Berg"):
        MembershipFactory(organisation=world.client, user=UserFactory(full_name=name))
    names = [c["full_name"] for c in manager_api.get(url, {"q": "m"}).json()["items"]]
    assert names == sorted(names, key=str.casefold)
    user_update(user=world.observer, by=world.observer, full_name="Aaron First")
    assert manager_api.get(url).json()["items"][0]["full_name"] == "Aaron First"


def test_a_contact_row_reads_the_same_in_the_list_and_alone(world, manager_api):
    observer = world.observer.memberships.get()
    listed = {
        c["id"]: c
        for c in manager_api.get(f"/api/v1/organisations/{world.client.pk}/contacts").json()[
            "items"
        ]
    }[observer.pk]
    alone = manager_api.get(
        f"/api/v1/organisations/{world.client.pk}/contacts/{observer.pk}"
    ).json()
    assert listed == alone
    assert alone["phone"] == "+442079460958" and alone["activated"] is True


def test_approving_and_rejecting_need_no_body(world, manager_api):
    first = MembershipFactory(organisation=world.client, status="pending")
    second = MembershipFactory(organisation=world.client, status="pending")
    base = f"/api/v1/organisations/{world.client.pk}/contacts"
    # As `curl -X POST` sends it: no body, no content type.
    approved = manager_api.generic("POST", f"{base}/{first.pk}/approve")
    assert approved.json()["status"] == "active"
    rejected = manager_api.post(f"{base}/{second.pk}/reject", content_type="application/json")
    assert rejected.json()["status"] == "rejected"


def test_a_phone_can_be_cleared_with_null(world, client):
    from dragoman.accounts.services import api_token_create

    _, secret = api_token_create(user=world.requester, name="t")
    response = client.patch(
        "/api/v1/me",
        {"mobile": None, "other_contact": "skype: r"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 200
    assert response.json()["mobile"] == ""
