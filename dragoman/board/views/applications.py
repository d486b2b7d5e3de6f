"""The reputation board's pages: applications."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import permissions, selectors, services
from dragoman.board.forms import (
    ApplicationSettingsForm,
)
from dragoman.board.models import (
    ApplicationSettings,
)
from dragoman.board.permissions import is_affiliated
from dragoman.board.views.common import board_page, raise_first
from dragoman.core.errors import DomainError, NotFound
from dragoman.core.http import id_from
from dragoman.core.permissions import actor_for


@board_page
def application_targets(request: AuthedHttpRequest) -> HttpResponse:
    return render(
        request,
        "board/application_targets.html",
        {"outsourcers": selectors.application_targets(user=request.user)},
    )


@board_page
def applications(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    """The outsourcer's side (settings and received applications) and the linguist's side
    (apply) of one outsourcer's applications."""
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    actor = actor_for(request.user)
    affiliated = is_affiliated(actor, outsourcer)
    settings_row = ApplicationSettings.objects.filter(outsourcer=outsourcer).first()
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "apply":
                services.application_send(
                    by=request.user, outsourcer=outsourcer, message=request.POST.get("message", "")
                )
                messages.success(request, _("Your application is sent."))
            elif action == "settings":
                form = ApplicationSettingsForm(request.POST)
                if not form.is_valid():
                    raise_first(form)
                services.application_settings_set(
                    by=request.user, outsourcer=outsourcer, **form.service_data()
                )
                messages.success(request, _("The application settings are saved."))
            elif action in ("accept", "decline"):
                application = outsourcer.applications.filter(
                    pk=id_from(request.POST.get("application"))
                ).first()
                if application is None:
                    raise NotFound(_("No such application."))
                services.application_answer(
                    by=request.user,
                    application=application,
                    accept=action == "accept",
                    answer=request.POST.get("answer", ""),
                )
                messages.success(request, _("The answer is sent."))
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("board_applications", outsourcer_id=outsourcer.pk)
    context = {
        "outsourcer": outsourcer,
        "affiliated": affiliated,
        "settings_row": settings_row,
        "closed_reason": permissions.applications_closed_reason(outsourcer),
    }
    if affiliated or actor.is_staff:
        context["received"] = list(
            selectors.applications_for_outsourcer(user=request.user, outsourcer=outsourcer)
        )
    if affiliated:
        initial = {}
        if settings_row is not None:
            initial = {
                "accepting": settings_row.accepting,
                "pairs": ", ".join(
                    f"{p.source.code}>{p.target.code}"
                    for p in settings_row.pairs.select_related("source", "target")
                ),
                "native_languages": list(settings_row.native_languages.all()),
                "specialisations": list(settings_row.specialisations.all()),
                "countries": [str(code) for code in settings_row.countries],
            }
        context["settings_form"] = ApplicationSettingsForm(initial=initial)
    if actor.is_linguist and settings_row is not None and settings_row.accepting:
        context["can_apply"] = permissions.provider_matches(
            settings_row=settings_row, user=request.user
        )
    return render(request, "board/applications.html", context)
