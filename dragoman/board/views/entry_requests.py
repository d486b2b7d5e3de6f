"""The reputation board's pages: entry requests."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services
from dragoman.board.enums import (
    EntryStatus,
)
from dragoman.board.views.common import board_page
from dragoman.core.errors import DomainError


@board_page
@require_POST
def entry_request(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    """Ask for entries (FAQ 2.6), or, for the outsourcer's people, ask named providers
    (FAQ 3.8). Sent at once and never withdrawn (FAQ 2.7)."""
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    message = request.POST.get("message", "")
    try:
        if request.POST.get("to") == "providers":
            emails = request.POST.get("emails", "").replace(",", "\n").splitlines()
            services.entry_request_to_providers(
                by=request.user, outsourcer=outsourcer, emails=emails, message=message
            )
            messages.success(
                request,
                _("Your request is sent to those of these providers who use Dragoman."),
            )
        else:
            services.entry_request_create(by=request.user, outsourcer=outsourcer, message=message)
            messages.success(
                request,
                _("Your request is sent; it cannot be withdrawn."),
            )
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)


@board_page
@require_POST
def entry_delete(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    try:
        entry = services.entry_delete_request(by=request.user, entry=entry)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The entry is deleted.")
            if entry.status == EntryStatus.DELETED
            else _("Your request is noted: the entry is deleted when the other side asks too."),
        )
    return redirect("board_outsourcer", outsourcer_id=entry.outsourcer_id)


@board_page
@require_POST
def saved_searches(request: AuthedHttpRequest) -> HttpResponse:
    if request.POST.get("delete"):
        search = selectors.saved_search_get_for_user(
            user=request.user, search_id=int(request.POST["delete"])
        )
        services.saved_search_delete(by=request.user, search=search)
        return redirect("board_search")
    try:
        services.saved_search_save(
            by=request.user,
            name=request.POST.get("name", ""),
            q=request.POST.get("q", ""),
            country=request.POST.get("country", ""),
            city=request.POST.get("city", ""),
            sort=request.POST.get("sort", "name"),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The search is saved."))
    return redirect(f"{reverse('board_search')}?{request.POST.get('querystring', '')}")
