from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from dragoman.accounts.forms import ChannelsMixin
from dragoman.catalog.models import Service
from dragoman.orgs.enums import ROLES_BY_KIND, Role
from dragoman.orgs.models import Organisation


class ContactForm(ChannelsMixin):
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    email = forms.EmailField(
        label=_("E-mail"), help_text=_("They will receive an activation link here.")
    )
    role = forms.ChoiceField(label=_("Role"))
    job_title = forms.CharField(label=_("Job title"), max_length=120, required=False)
    allowed_services = forms.ModelMultipleChoiceField(
        label=_("Services this contact may order"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    field_order = [
        "full_name",
        "email",
        "role",
        "job_title",
        "phone",
        "mobile",
        "other_contact",
        "allowed_services",
    ]

    def __init__(
        self, *args: Any, organisation: Organisation, editing: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (role, Role(role).label) for role in ROLES_BY_KIND[organisation.kind]
        ]
        self.fields["allowed_services"].queryset = Service.objects.filter(is_active=True)
        if editing:
            del self.fields["email"]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)
