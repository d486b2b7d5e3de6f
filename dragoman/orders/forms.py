from __future__ import annotations

import zoneinfo
from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dragoman.accounts.models import TIME_ZONE_CHOICES
from dragoman.catalog.models import Language, Service, Topic
from dragoman.core.forms import set_queryset
from dragoman.linguists.forms import LanguageChoiceField
from dragoman.orders.enums import MeetingPlatform, QuoteUnit
from dragoman.orgs.models import Membership


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Service) -> str:
        return obj.display_name()


class OrderForm(forms.Form):
    """One form for events and translations; the page shows the fields of the chosen kind.

    Times are typed in the event's own time zone and stored in UTC.
    """

    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    service = ServiceChoiceField(label=_("Service"), queryset=Service.objects.none())
    source_language = LanguageChoiceField(label=_("From"), queryset=Language.objects.none())
    target_language = LanguageChoiceField(label=_("Into"), queryset=Language.objects.none())
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none())
    starts_at = forms.DateTimeField(
        label=_("Starts"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    duration_minutes = forms.IntegerField(
        label=_("Planned duration (minutes)"), required=False, min_value=1, max_value=24 * 60
    )
    time_zone = forms.ChoiceField(label=_("Time zone of the event"), choices=TIME_ZONE_CHOICES)
    deadline = forms.DateTimeField(
        label=_("Deadline"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    meeting_platform = forms.ChoiceField(
        label=_("Meeting platform"),
        choices=[("", "—"), *MeetingPlatform.choices],
        required=False,
    )
    meeting_link = forms.URLField(
        label=_("Meeting link"), required=False, max_length=500, assume_scheme="https"
    )
    technical_support = forms.BooleanField(label=_("Technical support wanted"), required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        membership = Membership.objects.filter(user=user).first()
        services = Service.objects.filter(is_active=True)
        if membership is not None:
            services = services.filter(pk__in=membership.allowed_services.values("pk"))
        set_queryset(self, "service", services)
        self.service_kinds = {str(s.pk): s.kind for s in services}
        languages = Language.objects.filter(is_active=True)
        set_queryset(self, "source_language", languages)
        set_queryset(self, "target_language", languages)
        set_queryset(self, "topic", Topic.objects.filter(is_active=True))
        self.fields["time_zone"].initial = user.timezone

    def _in_event_zone(self, value: datetime | None) -> datetime | None:
        """The form reads a wall-clock time in the event's zone; make it an aware datetime."""
        if value is None:
            return None
        try:
            zone = zoneinfo.ZoneInfo(self.cleaned_data.get("time_zone") or "UTC")
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            zone = zoneinfo.ZoneInfo("UTC")
        naive = timezone.make_naive(value) if timezone.is_aware(value) else value
        return naive.replace(tzinfo=zone)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["starts_at"] = self._in_event_zone(data.get("starts_at"))
        data["deadline"] = self._in_event_zone(data.get("deadline"))
        return data


class QuoteLineForm(forms.Form):
    description = forms.CharField(label=_("Description"), max_length=300, required=False)
    quantity = forms.DecimalField(
        label=_("Quantity"), max_digits=10, decimal_places=2, required=False, min_value=0
    )
    unit = forms.ChoiceField(label=_("Unit"), choices=QuoteUnit.choices)
    unit_price = forms.DecimalField(
        label=_("Unit price"), max_digits=12, decimal_places=2, required=False, min_value=0
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("placeholder", str(field.label))
            field.widget.attrs.setdefault("aria-label", str(field.label))


QuoteLineFormSet = forms.formset_factory(QuoteLineForm, extra=3, max_num=50)


class QuoteForm(forms.Form):
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="EUR")
    note = forms.CharField(
        label=_("Note to the client"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
