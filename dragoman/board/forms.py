from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from dragoman.catalog.models import Language, Topic
from dragoman.core.forms import set_choices, set_queryset

RATING_CHOICES = [
    (5, _("5 — would gladly work with them again")),
    (4, _("4")),
    (3, _("3")),
    (2, _("2")),
    (1, _("1 — no wish to work with them again")),
]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").replace(",", "\n").splitlines() if line.strip()]


class OutsourcerForm(forms.Form):
    name = forms.CharField(label=_("Name of the company or person"), max_length=200)
    country = forms.ChoiceField(label=_("Country"), required=False)
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    website = forms.CharField(label=_("Web site"), max_length=300, required=False)
    emails = forms.CharField(
        label=_("E-mail addresses"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line."),
    )
    phones = forms.CharField(
        label=_("Phone numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One per line, with the country code."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "country", [("", "—"), *countries])

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["emails"] = _lines(data["emails"])
        data["phones"] = _lines(data["phones"])
        return data


class EntryForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Likelihood of working again (LWA)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Optional. Explain your rating from your own experience; no insults, general "
            "statements, calls to avoid the outsourcer or advertising."
        ),
    )
    # Checked by the service, so that the page and the API give the same message.
    work_confirmed = forms.BooleanField(
        label=_(
            "I did real, paid work for this outsourcer (not a test or a negotiation), delivered "
            "it on time and received no complaint about its quality."
        ),
        required=False,
    )
    watch = forms.BooleanField(
        label=_("Notify me when new entries are made about this outsourcer"), required=False
    )


class EntryEditForm(forms.Form):
    rating = EntryForm.base_fields["rating"]
    comment = EntryForm.base_fields["comment"]


class ReplyForm(forms.Form):
    reply = forms.CharField(
        label=_("Your reply"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, (list, tuple)):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


class NonPaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount owed"), min_value=0.01, decimal_places=2)
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    due_date = forms.DateField(
        label=_("Payment was due on"), widget=forms.DateInput(attrs={"type": "date"})
    )
    invoice_reference = forms.CharField(label=_("Invoice number"), max_length=100)
    evidence = MultipleFileField(
        label=_("Evidence"),
        required=False,
        help_text=_(
            "Invoices, purchase orders, correspondence (e-mails saved as .eml or .msg). "
            "Up to 10 MB each."
        ),
    )


class ContestForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the report breaks the rules or is no longer valid"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence = MultipleFileField(
        label=_("Correspondence"),
        required=False,
        help_text=_("E-mails saved as .eml or .msg keep what staff need to check them."),
    )


class ApplicationSettingsForm(forms.Form):
    accepting = forms.BooleanField(label=_("We accept applications"), required=False)
    pairs = forms.CharField(
        label=_("Language pairs"),
        required=False,
        help_text=_("Codes such as de>en, fr>en; empty: any pair."),
    )
    native_languages = forms.ModelMultipleChoiceField(
        label=_("Native languages"), queryset=Language.objects.none(), required=False
    )
    specialisations = forms.ModelMultipleChoiceField(
        label=_("Specialisations"), queryset=Topic.objects.none(), required=False
    )
    countries = forms.MultipleChoiceField(
        label=_("Providers' countries"),
        choices=list(countries),
        required=False,
        help_text=_("Empty: from any country."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:

        super().__init__(*args, **kwargs)
        set_queryset(self, "native_languages", Language.objects.filter(is_active=True))
        set_queryset(self, "specialisations", Topic.objects.filter(is_active=True))

    def clean_pairs(self) -> list[tuple[Any, Any]]:
        pairs = []
        for item in (self.cleaned_data.get("pairs") or "").replace(";", ",").split(","):
            if not item.strip():
                continue
            source, _sep, target = item.strip().partition(">")
            codes = {source.strip(), target.strip()}
            found = {lang.code: lang for lang in Language.objects.filter(code__in=codes)}
            if source.strip() not in found or target.strip() not in found:
                raise forms.ValidationError(_("Unknown pair: %(pair)s") % {"pair": item.strip()})
            pairs.append((found[source.strip()], found[target.strip()]))
        return pairs

    def service_data(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
