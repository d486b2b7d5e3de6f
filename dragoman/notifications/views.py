from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.core.errors import NotFound
from dragoman.notifications import selectors, services
from dragoman.notifications.enums import NotificationKind

PER_PAGE = 30


@login_required
def notification_list(request: AuthedHttpRequest) -> HttpResponse:
    unread_only = request.GET.get("unread") == "1"
    queryset = selectors.notification_list(user=request.user, unread=True if unread_only else None)
    page = Paginator(queryset, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "unread_only": unread_only})


@login_required
def notification_open(request: AuthedHttpRequest, notification_id: int) -> HttpResponse:
    """Mark the notification read and go where it points (its list when it points nowhere)."""
    try:
        notification = services.notification_mark_read(
            user=request.user, notification_id=notification_id
        )
    except NotFound as exc:
        raise Http404(exc.message) from exc
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts=None):
        return redirect(link)
    return redirect("notification_list")


@login_required
@require_POST
def notifications_read_all(request: AuthedHttpRequest) -> HttpResponse:
    changed = services.notifications_mark_all_read(user=request.user)
    if changed:
        messages.success(request, _("All notifications are marked read."))
    return redirect("notification_list")


@login_required
def notification_settings(request: AuthedHttpRequest) -> HttpResponse:
    """A checkbox per kind: "also by e-mail". In-app notifications always stay on."""
    if request.method == "POST":
        wanted = set(request.POST.getlist("email"))
        current = {p["kind"]: p["email"] for p in selectors.preferences_for(user=request.user)}
        for kind in NotificationKind.values:
            if current[kind] != (kind in wanted):
                services.preference_set(user=request.user, kind=kind, email=kind in wanted)
        messages.success(request, _("Your e-mail choices are saved."))
        return redirect("notification_settings")
    return render(
        request,
        "notifications/settings.html",
        {"preferences": selectors.preferences_for(user=request.user)},
    )
