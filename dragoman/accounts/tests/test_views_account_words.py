"""The log-in, registration, password and two-factor pages use the site's words: "Log in",
"Join your organisation", "Register", "Log out", "e-mail", never allauth's "Sign In",
"Sign Up" or "sign up"."""

import re

import pytest

from dragoman.accounts.tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ALLAUTH_WORDS = re.compile(r"sign[ -]?(in|up|out)|signup|\bEmail\b", re.IGNORECASE)


def log_in(client, email, **kwargs):
    return client.post("/accounts/login/", {"login": email, "password": PASSWORD}, **kwargs)


def reauthenticate(client):
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})


def visible_text(html: str) -> str:
    """The page as read: tags, attribute values and the language switcher's form left out."""
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


def allauth_words(html: str) -> list[str]:
    return [m.group(0) for m in ALLAUTH_WORDS.finditer(visible_text(html))]


def test_the_log_in_page_says_log_in_and_join_your_organisation(client, reference_data):
    html = client.get("/accounts/login/").content.decode()

    assert "<h1>Log in</h1>" in html
    assert re.search(r"<button[^>]*>\s*Log in\s*</button>", html)
    assert ">Join your organisation</a>" in html
    assert "E-mail" in html
    assert allauth_words(html) == []


def test_the_log_in_page_says_the_sites_words_in_russian(client, reference_data):
    html = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()

    assert 'lang="ru"' in html
    assert "<h1>Войти</h1>" in html
    assert ">Присоединиться к своей организации</a>" in html
    assert "Электронная почта" in html
    # allauth's own Russian: "If you have not created an account yet, then please sign up".
    assert "сначала зарегистрируйтесь" not in html
    assert "Запомнить меня" not in html


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/login/", "Log in"),
        ("/accounts/signup/", "Join your organisation"),
        ("/accounts/password/reset/", "Forgot your password?"),
        ("/accounts/password/reset/done/", "Check your e-mail"),
        ("/accounts/password/reset/key/1-set-password/", "This link no longer works"),
        ("/accounts/confirm-email/", "Confirm your e-mail address"),
        ("/accounts/confirm-email/not-a-key/", "Confirm your e-mail address"),
        ("/accounts/inactive/", "Account closed"),
    ],
)
def test_pages_for_visitors_use_the_sites_words(client, reference_data, path, heading):
    response = client.get(path, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert allauth_words(html) == []


@pytest.mark.parametrize(
    ("path", "heading"),
    [
        ("/accounts/logout/", "Log out"),
        ("/accounts/password/change/", "Change password"),
        ("/accounts/reauthenticate/", "Confirm it is you"),
        ("/accounts/2fa/", "Two-factor log-in"),
        ("/accounts/2fa/totp/activate/", "Set up two-factor log-in"),
    ],
)
def test_pages_for_people_logged_in_use_the_sites_words(world, client, path, heading):
    log_in(client, "manager@example.test")
    # Two-factor settings ask for the password again however recent the log-in (allauth).
    reauthenticate(client)
    response = client.get(path, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{heading}</h1>" in html
    assert allauth_words(html) == []


def test_two_factor_pages_use_the_sites_words(world, client):
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    from dragoman.accounts.tests.factories import totp_code

    secret = generate_totp_secret()
    TOTP.activate(world.manager, secret)
    RecoveryCodes.activate(world.manager)

    second_step = log_in(client, "manager@example.test", follow=True)
    html = second_step.content.decode()
    assert second_step.request["PATH_INFO"] == "/accounts/2fa/authenticate/"
    assert "<h1>Two-factor log-in</h1>" in html
    assert re.search(r"<button[^>]*>\s*Log in\s*</button>", html)
    assert allauth_words(html) == []

    client.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)})
    reauthenticate(client)
    for path, heading in [
        ("/accounts/2fa/", "Two-factor log-in"),
        ("/accounts/2fa/totp/deactivate/", "Turn off two-factor log-in"),
        ("/accounts/2fa/recovery-codes/", "Recovery codes"),
        ("/accounts/2fa/recovery-codes/generate/", "Recovery codes"),
    ]:
        html = client.get(path).content.decode()
        assert f"<h1>{heading}</h1>" in html, path
        assert allauth_words(html) == [], path


def test_logging_in_and_out_say_so_in_the_sites_words(world, client):
    logged_in = log_in(client, "manager@example.test", follow=True)
    assert "You are logged in as" in logged_in.content.decode()
    logged_out = client.post("/accounts/logout/", follow=True)
    assert "You have logged out." in logged_out.content.decode()
    assert allauth_words(logged_in.content.decode() + logged_out.content.decode()) == []
