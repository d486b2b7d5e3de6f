"""django-allauth's forms in the site's words ("E-mail", "Stay logged in", "New password").

Apart from ``forms.py`` because allauth builds its sign-up form on top of
``RegistrationForm`` from there: importing allauth's forms in that module would be circular.
Placeholders go: the site's forms show a label above each field and nothing inside it.
"""

from __future__ import annotations

from typing import Any

from allauth.account import forms as allauth
from django import forms
from django.utils.translation import gettext_lazy as _

WORDS = {
    "login": _("E-mail"),
    "email": _("E-mail"),
    "remember": _("Stay logged in"),
    "oldpassword": _("Current password"),
}
NEW_PASSWORD_WORDS = {"password1": _("New password"), "password2": _("New password (again)")}


def _in_site_words(form: forms.Form, words: dict[str, Any]) -> None:
    for name, field in form.fields.items():
        if name in words:
            field.label = words[name]
        field.widget.attrs.pop("placeholder", None)


class LoginForm(allauth.LoginForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _in_site_words(self, WORDS)


class SignupForm(allauth.SignupForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _in_site_words(self, WORDS)


class ResetPasswordForm(allauth.ResetPasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _in_site_words(self, WORDS)


class ResetPasswordKeyForm(allauth.ResetPasswordKeyForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _in_site_words(self, NEW_PASSWORD_WORDS)


class ChangePasswordForm(allauth.ChangePasswordForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _in_site_words(self, {**WORDS, **NEW_PASSWORD_WORDS})


class ReauthenticateForm(allauth.ReauthenticateForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _in_site_words(self, WORDS)
