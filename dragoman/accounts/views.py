from __future__ import annotations

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.forms import ActivationForm, ApiTokenForm, ProfileForm
from dragoman.accounts.http import AuthedHttpRequest
from dragoman.accounts.models import ApiToken
from dragoman.accounts.services import (
    api_token_create,
    api_token_revoke,
    invitation_accept,
    invitation_get_by_token,
    user_update,
)
from dragoman.core.errors import DomainError
from dragoman.core.views import apply_error


def activate(request: HttpRequest, token: str) -> HttpResponse:
    """The page behind an invitation e-mail: choose a password, then you are logged in."""
    try:
        invitation = invitation_get_by_token(token=token)
    except DomainError as error:
        return render(request, "accounts/activate_invalid.html", {"error": error}, status=400)
    form = ActivationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = invitation_accept(token=token, password=form.cleaned_data["password1"])
        except DomainError as error:
            apply_error(form, error)
            if "password" in error.fields:
                for message in error.fields["password"]:
                    form.add_error("password1", message)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(
                request, _("Welcome to Dragoman, %(name)s!") % {"name": user.full_name}
            )
            return redirect("dashboard")
    return render(request, "accounts/activate.html", {"form": form, "invited": invitation.user})


@login_required
def profile(request: AuthedHttpRequest) -> HttpResponse:
    user = request.user
    require_channel = user.memberships.exists()
    initial = {
        "full_name": user.full_name,
        "phone": user.phone,
        "mobile": user.mobile,
        "other_contact": user.other_contact,
        "language": user.language,
        "timezone": user.timezone,
    }
    form = ProfileForm(request.POST or None, initial=initial, require_channel=require_channel)
    if request.method == "POST" and form.is_valid():
        try:
            user_update(user=user, by=user, **form.cleaned_data)
        except DomainError as error:
            apply_error(form, error)
        else:
            messages.success(request, _("Your details are saved."))
            response = redirect("profile")
            response.set_cookie(settings.LANGUAGE_COOKIE_NAME, user.language, samesite="Lax")
            return response
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "token_form": ApiTokenForm(),
            "tokens": ApiToken.objects.filter(user=user),
            "new_token": request.session.pop("new_api_token", None),
            "emails": EmailAddress.objects.filter(user=user),
        },
    )


@login_required
@require_POST
def token_create(request: AuthedHttpRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        token, secret = api_token_create(user=request.user, name=form.cleaned_data["name"])
        # Shown once, on the next page, then gone from the session.
        request.session["new_api_token"] = {"name": token.name, "secret": secret}
        messages.success(request, _("Token “%(name)s” created.") % {"name": token.name})
    else:
        messages.error(request, _("Give the token a name."))
    return redirect("profile")


@login_required
@require_POST
def token_revoke(request: AuthedHttpRequest, token_id: int) -> HttpResponse:
    try:
        token = api_token_revoke(user=request.user, token_id=token_id)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Token “%(name)s” revoked.") % {"name": token.name})
    return redirect("profile")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a logged-in person keeps the choice on their account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if language in dict(settings.LANGUAGES):
        if request.user.is_authenticated:
            user_update(user=request.user, by=request.user, language=language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME, language, samesite="Lax", max_age=365 * 86400
        )
    return response
