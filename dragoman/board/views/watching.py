"""The reputation board's pages: watching."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.board import selectors, services
from dragoman.board.models import (
    Outsourcer,
)
from dragoman.board.views.common import board_page
from dragoman.core.errors import DomainError


@board_page
@require_POST
def watch(request: AuthedHttpRequest, outsourcer_id: int) -> HttpResponse:
    outsourcer = selectors.outsourcer_get_for_user(user=request.user, outsourcer_id=outsourcer_id)
    if request.POST.get("action") == "unwatch":
        services.watch_stop(user_id=request.user.pk, outsourcer_id=outsourcer.pk)
        messages.success(request, _("You no longer watch %(name)s.") % {"name": outsourcer.name})
    else:
        services.watch_start(by=request.user, outsourcer=outsourcer)
        messages.success(
            request,
            _("You will hear of each new entry about %(name)s.") % {"name": outsourcer.name},
        )
    return redirect("board_outsourcer", outsourcer_id=outsourcer.pk)


def unwatch(request: AuthedHttpRequest, token: str) -> HttpResponse:
    """The e-mails' stop-watching link (FAQ 2.10): no log-in needed. A GET only asks, so that
    mail scanners that open links change nothing; the button posts."""
    try:
        user_id, outsourcer_id = services.unwatch_token_read(token)
    except DomainError as error:
        raise Http404(error.message) from error
    name = Outsourcer.objects.filter(pk=outsourcer_id).values_list("name", flat=True).first()
    if name is None:
        raise Http404(_("No such outsourcer."))
    done = False
    if request.method == "POST":
        services.watch_stop(user_id=user_id, outsourcer_id=outsourcer_id)
        done = True
    return render(request, "board/unwatch.html", {"name": name, "done": done})
