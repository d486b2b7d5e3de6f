import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import identify_hasher
from django.test import override_settings

from dragoman.accounts.models import User
from dragoman.accounts.tests.factories import PASSWORD
from dragoman.orgs.enums import MembershipStatus

pytestmark = pytest.mark.django_db


def log_in(client, email, password):
    return client.post("/accounts/login/", {"login": email, "password": password})


def test_a_person_logs_in_by_email_and_lands_on_their_dashboard(world, client):
    response = log_in(client, "requester@example.test", PASSWORD)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b'data-testid="requester-dashboard"' in page.content


def test_a_wrong_password_says_so_and_repeated_failures_lock_the_account(world, client):
    from django.conf import settings

    response = log_in(client, "requester@example.test", "wrong")
    assert response.status_code == 200
    assert b"not correct" in response.content or b"not right" in response.content
    for _ in range(settings.LOGIN_FAILURES_ALLOWED - 1):
        log_in(client, "requester@example.test", "wrong")
    response = log_in(client, "requester@example.test", PASSWORD)
    assert response.status_code == 200
    assert b"Too many failed login attempts" in response.content
    assert "_auth_user_id" not in client.session


@override_settings(
    PASSWORD_HASHERS=[
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
)
def test_passwords_are_stored_with_argon2(db):
    user = User.objects.create_user("argon@example.test", "a-long-and-unusual-passphrase")
    assert identify_hasher(user.password).algorithm == "argon2"


def test_password_reset_sends_a_link_that_sets_a_new_password(world, client, mailoutbox):
    response = client.post("/accounts/password/reset/", {"email": "observer@example.test"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    link = re.search(r"http\S+/accounts/password/reset/key/\S+", mailoutbox[0].body).group(0)
    path = link.split("testserver", 1)[-1] if "testserver" in link else "/" + link.split("/", 3)[3]
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    response = client.post(
        form_url, {"password1": "brand-new-passphrase-42", "password2": "brand-new-passphrase-42"}
    )
    assert response.status_code == 302
    world.observer.refresh_from_db()
    assert world.observer.check_password("brand-new-passphrase-42")


def test_activation_page_sets_the_password_and_logs_the_contact_in(
    world, client, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.manager)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/organisations/{world.client.pk}/contacts/new/",
            {
                "full_name": "Vera Neu",
                "email": "vera@example.test",
                "role": "requester",
                "other_contact": "skype: vera",
            },
        )
    client.logout()
    path = "/activate/" + mailoutbox[0].body.split("/activate/")[1].split()[0]
    assert b"Vera Neu" in client.get(path).content
    response = client.post(path, {"password1": "short", "password2": "short"})
    assert response.status_code == 200
    assert b"too short" in response.content
    response = client.post(
        path, {"password1": "vera-chooses-well-7", "password2": "vera-chooses-well-7"}
    )
    assert response.status_code == 302
    assert b'data-testid="requester-dashboard"' in client.get("/").content
    client.logout()
    response = client.get(path)
    assert response.status_code == 400
    assert b"already been used" in response.content


def test_registration_asks_for_an_existing_organisation_and_waits_for_approval(
    world, client, mailoutbox
):
    page = client.get("/accounts/signup/")
    assert b"Acme Client" in page.content and b"Partner Agency" not in page.content
    response = client.post(
        "/accounts/signup/",
        {
            "email": "joiner@example.test",
            "full_name": "Jo Iner",
            "organisation": world.client.pk,
            "phone": "+442079460958",
            "password1": "joiner-passphrase-99",
            "password2": "joiner-passphrase-99",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(email="joiner@example.test")
    assert user.memberships.get().status == MembershipStatus.PENDING
    assert any("joiner@example.test" in m.to for m in mailoutbox)  # e-mail verification


def test_registration_without_another_channel_is_refused(world, client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "joiner@example.test",
            "full_name": "Jo Iner",
            "organisation": world.client.pk,
            "password1": "joiner-passphrase-99",
            "password2": "joiner-passphrase-99",
        },
    )
    assert response.status_code == 200
    assert b"at least one other way to reach you" in response.content
    assert not User.objects.filter(email="joiner@example.test").exists()


def test_registration_with_a_taken_email_is_refused(world, client):
    response = client.post(
        "/accounts/signup/",
        {
            "email": "requester@example.test",
            "full_name": "Copy Cat",
            "organisation": world.client.pk,
            "phone": "+442079460958",
            "password1": "joiner-passphrase-99",
            "password2": "joiner-passphrase-99",
        },
    )
    # allauth prevents account enumeration: it answers as for a new address, creates nothing.
    assert User.objects.filter(email="requester@example.test").count() == 1
    assert response.status_code in (200, 302)


def test_the_profile_page_saves_language_and_time_zone(world, client):
    client.force_login(world.requester)
    response = client.post(
        "/profile/",
        {
            "full_name": "Rolf R.",
            "phone": "+442079460958",
            "language": "ru",
            "timezone": "Asia/Tbilisi",
        },
    )
    assert response.status_code == 302
    world.requester.refresh_from_db()
    assert (world.requester.language, world.requester.timezone) == ("ru", "Asia/Tbilisi")
    page = client.get("/")
    assert page.headers["Content-Language"] == "ru"


def test_the_profile_page_refuses_dropping_every_channel(world, client):
    client.force_login(world.requester)
    response = client.post(
        "/profile/", {"full_name": "Rolf R.", "language": "en", "timezone": "UTC"}
    )
    assert response.status_code == 200
    assert b"at least one other way to reach you" in response.content
    world.requester.refresh_from_db()
    assert world.requester.phone


def test_the_language_switcher_is_kept_on_the_account(world, client):
    client.force_login(world.observer)
    response = client.post("/language/", {"language": "ru", "next": "/profile/"})
    assert response.status_code == 302 and response["Location"] == "/profile/"
    world.observer.refresh_from_db()
    assert world.observer.language == "ru"
    response = client.post("/language/", {"language": "en", "next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_tokens_are_made_and_revoked_on_the_profile_page_and_shown_once(world, client):
    client.force_login(world.manager)
    client.post("/profile/tokens/", {"name": "ERP sync"})
    page = client.get("/profile/").content.decode()
    secret = re.search(r"dgm_[\w-]+", page).group(0)
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 200
    assert secret not in client.get("/profile/").content.decode()
    token_id = world.manager.api_tokens.get().pk
    client.post(f"/profile/tokens/{token_id}/revoke/")
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code == 401


def test_unverified_self_registered_email_is_verified_by_link(world, client, mailoutbox):
    client.post(
        "/accounts/signup/",
        {
            "email": "joiner@example.test",
            "full_name": "Jo Iner",
            "organisation": world.client.pk,
            "other_contact": "telegram: @jo",
            "password1": "joiner-passphrase-99",
            "password2": "joiner-passphrase-99",
        },
    )
    address = EmailAddress.objects.get(email="joiner@example.test")
    assert not address.verified
