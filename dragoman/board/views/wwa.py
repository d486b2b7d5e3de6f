"""The reputation board's pages: wwa."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services
from dragoman.board.enums import (
    SummaryVisibility,
)
from dragoman.board.models import (
    WWAEntry,
)
from dragoman.board.views.common import _staff, board_page
from dragoman.core.errors import DomainError, ValidationFailed


@board_page
@require_POST
def wwa_create(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    """Someone who speaks for the outsourcer rates a provider, named by pseudonym or agency."""
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    provider = selectors.provider_find(name=request.POST.get("provider", ""))
    try:
        if provider is None:
            raise ValidationFailed(_("No linguist with this pseudonym or agency with this name."))
        services.wwa_create(
            by=request.user,
            outsourcer=outsourcer,
            provider=provider,
            rating=request.POST.get("rating"),
            comment=request.POST.get("comment", ""),
            work_confirmed=bool(request.POST.get("work_confirmed")),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your WWA entry is sent for vetting."))
    return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)


@board_page
@require_POST
def vet_wwa(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    _staff(request)
    entry = WWAEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise Http404(_("No such entry."))
    try:
        services.wwa_vet(
            by=request.user,
            entry=entry,
            approve=request.POST.get("decision") == "approve",
            reason=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The WWA entry is decided."))
    return redirect("board_vetting")


@board_page
def provider(request: AuthedHttpRequest, provider_id: int) -> HttpResponse:
    """A provider's WWA summary, shown as the provider chose (FAQ 3.11); the owner changes
    the choice here."""
    if request.method == "POST" and provider_id == request.user.pk:
        try:
            services.provider_summary_visibility_set(
                by=request.user, visibility=request.POST.get("visibility", "")
            )
        except DomainError as error:
            messages.error(request, error.message)
        return redirect("board_provider", provider_id=provider_id)
    summary = selectors.provider_summary(user=request.user, provider_id=provider_id)
    return render(
        request,
        "board/provider.html",
        {
            "summary": summary,
            "is_owner": provider_id == request.user.pk,
            "visibilities": SummaryVisibility.choices,
        },
    )


@board_page
@require_POST
def reply_hide(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    _staff(request)
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    try:
        services.entry_reply_hide(
            by=request.user, entry=entry, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The reply is hidden."))
    return redirect("board_outsourcer", outsourcer_id=entry.outsourcer_id)
