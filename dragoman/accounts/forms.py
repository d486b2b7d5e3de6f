from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from dragoman.accounts.models import TIME_ZONE_CHOICES

CHANNEL_MESSAGE = _(
    "Enter at least one other way to reach you besides e-mail: phone, mobile or another "
    "handle (Skype, Signal, Telegram…)."
)


class ChannelsMixin(forms.Form):
    phone = PhoneNumberField(label=_("Phone"), required=False, region=None)
    mobile = PhoneNumberField(label=_("Mobile"), required=False, region=None)
    other_contact = forms.CharField(
        label=_("Other handle"),
        required=False,
        max_length=200,
        help_text=_("Skype, Signal, Telegram…"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        has_channel = (
            data.get("phone") or data.get("mobile") or (data.get("other_contact") or "").strip()
        )
        phone_invalid = self.errors.get("phone") or self.errors.get("mobile")
        if not has_channel and not phone_invalid:
            self.add_error("phone", CHANNEL_MESSAGE)
        return data


class ProfileForm(ChannelsMixin):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    language = forms.ChoiceField(label=_("Interface language"), choices=settings.LANGUAGES)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=TIME_ZONE_CHOICES)

    field_order = ["full_name", "phone", "mobile", "other_contact", "language", "timezone"]

    def __init__(self, *args: Any, require_channel: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.require_channel = require_channel

    def clean(self) -> dict[str, Any]:
        if self.require_channel:
            return super().clean() or {}
        return forms.Form.clean(self) or {}


class ActivationForm(forms.Form):
    password1 = forms.CharField(
        label=_("Choose a password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Repeat the password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        return data


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"), max_length=100, help_text=_("What will use it, e.g. “ERP sync”.")
    )
