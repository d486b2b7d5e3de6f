from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from dragoman.accounts.forms import ChannelsMixin
from dragoman.accounts.models import User
from dragoman.catalog.models import Service
from dragoman.core.forms import set_choices, set_queryset
from dragoman.orgs.enums import ROLES_BY_KIND, OrganisationKind, Role
from dragoman.orgs.models import Organisation
from dragoman.orgs.services import registration_request


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
        set_choices(
            self, "role", [(role, Role(role).label) for role in ROLES_BY_KIND[organisation.kind]]
        )
        set_queryset(self, "allowed_services", Service.objects.filter(is_active=True))
        if editing:
            del self.fields["email"]


class RejectForm(forms.Form):
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class RegistrationForm(ChannelsMixin):
    """Extra fields of the sign-up page: a person asks to join an existing client.

    The organisation is chosen from those that exist, never typed (memoQ seed); a manager
    approves the registration before the person gets any rights.
    """

    full_name = forms.CharField(label=_("Full name"), max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Your organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose your organisation"),
        help_text=_("Not listed? Ask your organisation's manager to add you."),
    )

    field_order = ["full_name", "email", "organisation", "phone", "mobile", "other_contact"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(
            self,
            "organisation",
            Organisation.objects.filter(
                kind=OrganisationKind.CLIENT, is_active=True, accepts_registrations=True
            ).order_by("name"),
        )

    def signup(self, request: Any, user: User) -> None:
        data = self.cleaned_data
        user.full_name = data["full_name"].strip()
        user.phone = data.get("phone") or ""
        user.mobile = data.get("mobile") or ""
        user.other_contact = data.get("other_contact") or ""
        language = getattr(request, "LANGUAGE_CODE", "en")
        user.language = language if language in dict(settings.LANGUAGES) else "en"
        user.save()
        registration_request(user=user, organisation=data["organisation"])
