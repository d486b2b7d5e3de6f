"""The role matrix of the pages: who opens which page of organisations and contacts."""

import pytest

from conftest import ROLES
from dragoman.orgs.tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db

REDIRECT_TO_LOGIN = "login"


def get(world, client_as, role, path):
    return client_as(world.user(role)).get(path)


def check(response, expected):
    if expected == REDIRECT_TO_LOGIN:
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    else:
        assert response.status_code == expected


ORGANISATION_LIST = {
    "anonymous": REDIRECT_TO_LOGIN,
    "staff": 200,
    "partner_manager": 200,
    "manager": 302,
    "requester": 302,
    "observer": 302,
    "linguist": 403,
    "other_manager": 302,
}


@pytest.mark.parametrize("role", ROLES)
def test_organisation_list_page(world, client_as, role):
    check(get(world, client_as, role, "/organisations/"), ORGANISATION_LIST[role])


CONTACTS_PAGE = {
    "anonymous": REDIRECT_TO_LOGIN,
    "staff": 200,
    "partner_manager": 200,
    "manager": 200,
    "requester": 200,
    "observer": 200,
    "linguist": 404,
    "other_manager": 404,
}
SEES_CONTACTS = {"staff", "partner_manager", "manager"}
MANAGES_CONTACTS = {"staff", "manager"}


@pytest.mark.parametrize("role", ROLES)
def test_contacts_page_shows_contacts_only_to_those_who_may_see_them(world, client_as, role):
    response = get(world, client_as, role, f"/organisations/{world.client.pk}/")
    check(response, CONTACTS_PAGE[role])
    html = response.content.decode()
    assert ("observer@example.test" in html) == (role in SEES_CONTACTS)
    assert ("Add a contact" in html) == (role in MANAGES_CONTACTS)


ADD_CONTACT = {
    "anonymous": REDIRECT_TO_LOGIN,
    "staff": 200,
    "partner_manager": 403,
    "manager": 200,
    "requester": 403,
    "observer": 403,
    "linguist": 404,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_add_and_edit_contact_pages(world, client_as, role):
    check(
        get(world, client_as, role, f"/organisations/{world.client.pk}/contacts/new/"),
        ADD_CONTACT[role],
    )
    contact = world.observer.memberships.get()
    check(
        get(world, client_as, role, f"/organisations/{world.client.pk}/contacts/{contact.pk}/"),
        ADD_CONTACT[role],
    )
    check(
        get(world, client_as, role, f"/organisations/{world.client.pk}/activity/"),
        ADD_CONTACT[role],
    )


@pytest.mark.parametrize("role", ROLES)
def test_removing_through_the_page_by_role(world, client_as, role):
    contact = world.observer.memberships.get()
    response = client_as(world.user(role)).post(
        f"/organisations/{world.client.pk}/contacts/{contact.pk}/remove/"
    )
    contact.refresh_from_db()
    if role in MANAGES_CONTACTS:
        assert response.status_code == 302 and contact.status == "removed"
    else:
        assert response.status_code in (302, 403, 404) and contact.status == "active"


LINGUIST_PROFILE = {
    "anonymous": REDIRECT_TO_LOGIN,
    "staff": 403,
    "partner_manager": 403,
    "manager": 403,
    "requester": 403,
    "observer": 403,
    "linguist": 200,
    "other_manager": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_linguist_profile_page_is_the_linguists_own(world, client_as, role):
    check(get(world, client_as, role, "/linguist/profile/"), LINGUIST_PROFILE[role])


@pytest.mark.parametrize("role", ROLES)
def test_no_client_side_page_reveals_who_the_linguist_is(world, client_as, role):
    if role in ("staff", "linguist", "anonymous"):
        return
    for path in ("/", "/organisations/", f"/organisations/{world.client.pk}/", "/profile/"):
        html = client_as(world.user(role)).get(path, follow=True).content.decode()
        assert "Secretname" not in html and "linguist@example.test" not in html


def test_a_manager_adds_a_contact_through_the_page_and_sees_it_listed(
    world, client_as, mailoutbox, django_capture_on_commit_callbacks
):
    browser = client_as(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            f"/organisations/{world.client.pk}/contacts/new/",
            {
                "full_name": "Pia Page",
                "email": "pia@example.test",
                "role": "observer",
                "mobile": "+4915112345678",
            },
        )
    assert response.status_code == 302
    listing = browser.get(f"/organisations/{world.client.pk}/").content.decode()
    assert "pia@example.test" in listing and "not activated yet" in listing
    assert mailoutbox[0].to == ["pia@example.test"]


def test_the_add_contact_form_keeps_what_was_typed_when_refused(world, client_as):
    response = client_as(world.manager).post(
        f"/organisations/{world.client.pk}/contacts/new/",
        {"full_name": "Pia Page", "email": "pia@example.test", "role": "observer"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "at least one other way to reach" in html
    assert 'value="Pia Page"' in html and 'value="pia@example.test"' in html


def test_a_duplicate_email_shows_on_the_email_field(world, client_as):
    response = client_as(world.manager).post(
        f"/organisations/{world.client.pk}/contacts/new/",
        {
            "full_name": "Copy",
            "email": "OBSERVER@example.test",
            "role": "observer",
            "other_contact": "x",
        },
    )
    assert response.status_code == 200
    assert "already in use" in response.content.decode()


def test_a_manager_approves_a_registration_from_the_contacts_page(world, client_as):
    pending = MembershipFactory(organisation=world.client, status="pending")
    browser = client_as(world.manager)
    page = browser.get(f"/organisations/{world.client.pk}/").content.decode()
    assert 'data-testid="pending-banner"' in page
    browser.post(f"/organisations/{world.client.pk}/contacts/{pending.pk}/approve/")
    pending.refresh_from_db()
    assert pending.status == "active"


def test_removing_the_last_manager_on_the_page_shows_why_it_is_refused(world, client_as):
    browser = client_as(world.staff)
    manager = world.manager.memberships.get()
    response = browser.post(
        f"/organisations/{world.client.pk}/contacts/{manager.pk}/remove/", follow=True
    )
    assert "only manager" in response.content.decode()


@pytest.mark.parametrize("rows", [3, 30])
def test_the_contacts_page_costs_the_same_queries_whatever_its_length(
    world, client_as, django_assert_num_queries, session_queries, rows
):
    for _ in range(rows):
        MembershipFactory(organisation=world.client)
    browser = client_as(world.manager)
    browser.get("/")  # warm the session
    # session (unless Redis caches it), user, actor (membership), organisation, count, the
    # page's rows, their services, pending count, the menu's unread-notifications badge
    with django_assert_num_queries(9 + session_queries):
        response = browser.get(f"/organisations/{world.client.pk}/")
    assert response.status_code == 200


def test_contacts_are_searched_with_htmx_returning_only_the_rows(world, client_as):
    browser = client_as(world.manager)
    response = browser.get(
        f"/organisations/{world.client.pk}/", {"q": "observer"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "observer@example.test" in html and "requester@example.test" not in html
