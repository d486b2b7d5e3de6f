from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.core.errors import DomainError
from dragoman.core.views import apply_error
from dragoman.linguists.forms import LanguagePairFormSet, LinguistProfileForm
from dragoman.linguists.models import LinguistProfile
from dragoman.linguists.selectors import calendar_url, linguist_get_for_user
from dragoman.linguists.services import calendar_token_renew, linguist_profile_update


@login_required
def my_profile(request: AuthedHttpRequest) -> HttpResponse:
    """A linguist edits their languages, services, specialisations and country."""
    own = LinguistProfile.objects.filter(user=request.user).first()
    if own is None:
        raise PermissionDenied(_("Only linguists have a linguist profile."))
    profile = linguist_get_for_user(user=request.user, profile_id=own.pk)
    initial = {
        "native_languages": list(profile.native_languages.all()),
        "services": list(profile.services.all()),
        "specialisations": list(profile.specialisations.all()),
        "country": str(profile.country or ""),
        "is_available": profile.is_available,
        "bio": profile.bio,
    }
    pairs_initial = [{"source": p.source, "target": p.target} for p in profile.language_pairs.all()]
    form = LinguistProfileForm(request.POST or None, initial=initial)
    pairs = LanguagePairFormSet(request.POST or None, initial=pairs_initial, prefix="pairs")
    if request.method == "POST" and form.is_valid() and pairs.is_valid():
        chosen = [
            (f.cleaned_data["source"], f.cleaned_data["target"])
            for f in pairs.forms
            if f.cleaned_data.get("source") and not f.cleaned_data.get("DELETE")
        ]
        try:
            linguist_profile_update(
                by=request.user, profile=profile, language_pairs=chosen, **form.cleaned_data
            )
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("linguist_profile")
    return render(
        request,
        "linguists/profile.html",
        {
            "form": form,
            "pairs": pairs,
            "profile": profile,
            "calendar_url": calendar_url(profile) if profile.calendar_token else "",
        },
    )


@login_required
@require_POST
def calendar_renew(request: AuthedHttpRequest) -> HttpResponse:
    """Make (or remake, revoking the old one) the linguist's private calendar address."""
    profile = LinguistProfile.objects.filter(user=request.user).first()
    if profile is None:
        raise PermissionDenied(_("Only linguists have a calendar of confirmed work."))
    calendar_token_renew(profile=profile)
    messages.success(
        request, _("Your calendar has a new private address; the old one no longer works.")
    )
    return redirect("linguist_profile")
