"""The reputation board's pages: vetting and statistics."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services, statistics
from dragoman.board.enums import (
    CommentFlag,
    StatsPeriod,
)
from dragoman.board.models import (
    LWAEntry,
)
from dragoman.board.views.common import _staff, board_page
from dragoman.core.errors import DomainError


@board_page
def vetting(request: AuthedHttpRequest) -> HttpResponse:
    _staff(request)
    items = selectors.vetting_queue(user=request.user)
    for item in items:
        flags = getattr(item.obj, "comment_flags", None) or []
        item.flags = [str(CommentFlag(f).label) for f in flags if f in CommentFlag.values]
    return render(request, "board/vetting.html", {"items": items})


@board_page
@require_POST
def vet_entries(request: AuthedHttpRequest) -> HttpResponse:
    """One entry or several (the queue's checkboxes): approve, or reject with a reason."""
    _staff(request)
    ids = [int(i) for i in request.POST.getlist("entry") if i.isdigit()]
    approve = request.POST.get("decision") == "approve"
    entries = list(LWAEntry.objects.filter(pk__in=ids).order_by("queued_at", "id"))
    try:
        done = services.entries_vet(
            by=request.user, entries=entries, approve=approve, reason=request.POST.get("reason", "")
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            (_("%(n)s approved.") if approve else _("%(n)s rejected.")) % {"n": done},
        )
    return redirect("board_vetting")


@board_page
@require_POST
def vet_outsourcer(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    _staff(request)
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    try:
        if request.POST.get("decision") == "approve":
            services.outsourcer_approve(by=request.user, outsourcer=outsourcer)
        else:
            services.outsourcer_reject(
                by=request.user, outsourcer=outsourcer, reason=request.POST.get("reason", "")
            )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s: done.") % {"name": outsourcer.name})
    return redirect("board_vetting")


@board_page
@require_POST
def resolve_dispute(request: AuthedHttpRequest, entry_id: int) -> HttpResponse:
    _staff(request)
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    try:
        services.entry_dispute_resolve(
            by=request.user,
            entry=entry,
            uphold=request.POST.get("decision") == "uphold",
            note=request.POST.get("reason", ""),
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The dispute is decided."))
    return redirect("board_vetting")


@board_page
def stats(request: AuthedHttpRequest) -> HttpResponse:
    figures = statistics.board_statistics(user=request.user)
    # The tables are cached as HTML too, per version of the figures and language.
    version = f"{figures['version']}:{figures['split']}"
    split = figures["split"]
    groups = (
        ("many", _("With %(n)s entries or more") % {"n": split}),
        ("few", _("With fewer than %(n)s entries") % {"n": split}),
    )
    sections = [
        (period.value, period.label, [(g, title, figures[period.value][g]) for g, title in groups])
        for period in StatsPeriod
    ]
    return render(request, "board/stats.html", {"sections": sections, "version": version})
