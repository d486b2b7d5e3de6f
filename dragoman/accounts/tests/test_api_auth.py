import pytest

from dragoman.accounts.models import ApiToken
from dragoman.accounts.tests.factories import PASSWORD, totp_code

pytestmark = pytest.mark.django_db


def obtain(client, email, password):
    return client.post(
        "/api/v1/auth/token",
        {"email": email, "password": password, "name": "ci"},
        content_type="application/json",
    )


def test_a_token_is_given_for_the_right_password_and_works_as_bearer(world, client):
    response = obtain(client, "manager@example.test", PASSWORD)
    assert response.status_code == 201
    token = response.json()["token"]
    assert token.startswith("dgm_")
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert me.json()["email"] == "manager@example.test"
    assert me.json()["kind"] == "client_manager"
    stored = ApiToken.objects.get()
    assert stored.key_hash != token and token not in stored.hint


def test_the_email_is_matched_whatever_its_case(world, client):
    assert obtain(client, "Manager@Example.TEST", PASSWORD).status_code == 201


def test_a_wrong_password_is_a_401_with_a_message(world, client):
    response = obtain(client, "manager@example.test", "wrong")
    assert response.status_code == 401
    assert response.json()["code"] == "invalid_credentials"
    assert not ApiToken.objects.exists()


def test_repeated_failures_lock_the_account_out_even_with_the_right_password(world, client):
    from django.conf import settings

    for _ in range(settings.LOGIN_FAILURES_ALLOWED):
        assert obtain(client, "manager@example.test", "wrong").status_code == 401
    response = obtain(client, "manager@example.test", PASSWORD)
    assert response.status_code == 429
    assert "Too many failed log-in attempts" in response.json()["message"]
    assert not ApiToken.objects.exists()
    # Another account is not locked by the first one's failures.
    assert obtain(client, "requester@example.test", PASSWORD).status_code == 201


def test_a_user_lists_and_revokes_their_tokens(world, client):
    token = obtain(client, "manager@example.test", PASSWORD).json()
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token['token']}"}
    other = obtain(client, "manager@example.test", PASSWORD).json()
    listed = client.get("/api/v1/auth/tokens", **auth).json()
    assert {t["id"] for t in listed} == {token["id"], other["id"]}
    assert all("token" not in t and "key_hash" not in t for t in listed)
    assert client.delete(f"/api/v1/auth/tokens/{other['id']}", **auth).status_code == 204
    assert (
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {other['token']}").status_code == 401
    )


def test_nobody_revokes_another_persons_token(world, client):
    mine = obtain(client, "manager@example.test", PASSWORD).json()
    theirs = obtain(client, "requester@example.test", PASSWORD).json()
    response = client.delete(
        f"/api/v1/auth/tokens/{theirs['id']}", HTTP_AUTHORIZATION=f"Bearer {mine['token']}"
    )
    assert response.status_code == 404
    assert (
        client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {theirs['token']}").status_code == 200
    )


def test_a_made_up_token_is_a_401(client, db):
    response = client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer dgm_nonsense")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_malformed_json_is_a_clear_error(world, client):
    response = client.post("/api/v1/auth/token", "{not json", content_type="application/json")
    assert response.status_code in (400, 422)
    assert "message" in response.json()


def test_me_can_be_updated_but_a_member_keeps_a_channel(world, client):
    token = obtain(client, "requester@example.test", PASSWORD).json()["token"]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.patch(
        "/api/v1/me",
        {"timezone": "Europe/Helsinki", "language": "ru"},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 200
    assert response.json()["timezone"] == "Europe/Helsinki"
    response = client.patch(
        "/api/v1/me",
        {"phone": "", "mobile": "", "other_contact": ""},
        content_type="application/json",
        **auth,
    )
    assert response.status_code == 422
    world.requester.refresh_from_db()
    assert world.requester.phone
    response = client.patch(
        "/api/v1/me", {"timezone": "Mars/Olympus"}, content_type="application/json", **auth
    )
    assert response.status_code == 422
    assert "timezone" in response.json()["fields"]


def test_the_openapi_description_lists_the_foundation_resources(client, db):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/me",
        "/api/v1/organisations",
        "/api/v1/organisations/{organisation_id}/contacts",
        "/api/v1/linguists",
    ):
        assert path in paths


def test_an_account_with_two_factor_log_in_needs_the_code_for_a_token_too(world, client):
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(world.manager, secret)

    response = obtain(client, "manager@example.test", PASSWORD)
    assert response.status_code == 401
    assert response.json()["code"] == "mfa_required"
    response = client.post(
        "/api/v1/auth/token",
        {"email": "manager@example.test", "password": PASSWORD, "code": "000000"},
        content_type="application/json",
    )
    assert response.status_code == 401 and response.json()["code"] == "mfa_invalid"
    assert not ApiToken.objects.exists()
    response = client.post(
        "/api/v1/auth/token",
        {"email": "manager@example.test", "password": PASSWORD, "code": totp_code(secret)},
        content_type="application/json",
    )
    assert response.status_code == 201
