from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import LazyTypedChoiceField  # type: ignore[attr-defined]  # not in its type stubs

from dragoman.catalog.models import Language, Service, Topic
from dragoman.core.forms import set_queryset


class LanguageChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Language) -> str:
        return f"{obj.display_name()} ({obj.code})"


class LanguageMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Language) -> str:
        return f"{obj.display_name()} ({obj.code})"


class LinguistProfileForm(forms.Form):
    native_languages = LanguageMultipleChoiceField(
        label=_("Native languages"),
        queryset=Language.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    services = forms.ModelMultipleChoiceField(
        label=_("Services"),
        queryset=Service.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    specialisations = forms.ModelMultipleChoiceField(
        label=_("Specialisations"),
        queryset=Topic.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    country = LazyTypedChoiceField(
        label=_("Country"), choices=[("", "—"), *countries], required=False
    )
    is_available = forms.BooleanField(label=_("Taking new work"), required=False)
    bio = forms.CharField(
        label=_("About you (seen by staff only)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_queryset(self, "native_languages", Language.objects.filter(is_active=True))
        set_queryset(self, "services", Service.objects.filter(is_active=True))
        set_queryset(self, "specialisations", Topic.objects.filter(is_active=True))


class LanguagePairForm(forms.Form):
    source = LanguageChoiceField(label=_("From"), queryset=Language.objects.none(), required=False)
    target = LanguageChoiceField(label=_("Into"), queryset=Language.objects.none(), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        languages = Language.objects.filter(is_active=True)
        set_queryset(self, "source", languages)
        set_queryset(self, "target", languages)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        source, target = data.get("source"), data.get("target")
        if bool(source) != bool(target):
            raise forms.ValidationError(_("Choose both languages of the pair, or neither."))
        if source and source == target:
            raise forms.ValidationError(_("A language pair needs two different languages."))
        return data


LanguagePairFormSet = forms.formset_factory(LanguagePairForm, extra=2, max_num=30)
