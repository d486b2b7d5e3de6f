from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_http_methods, require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.accounts.models import User
from dragoman.core.errors import NotFound
from dragoman.notifications import selectors, services
from dragoman.notifications.enums import NotificationKind
from dragoman.notifications.unsubscribe import Unsubscribe, unsubscribe_read

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


ONE_CLICK = "One-Click"


@csrf_exempt
@require_http_methods(["GET", "POST"])
def notification_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every e-mail: GET asks "switch this kind off?", POST does it. Nobody needs
    to log in: the signed token in the link names the person and the kind.

    CSRF: a mail client's one-click "Unsubscribe" (RFC 8058) POSTs ``List-Unsubscribe=One-Click``
    from outside any browser session, so it cannot carry a CSRF token; that POST is accepted
    as it is (it can do nothing but switch off the kind the secret token names). Every other
    POST comes from our page and must carry its CSRF token as usual.
    """
    wanted = unsubscribe_read(token)
    user = User.objects.filter(pk=wanted.user_id).first() if wanted else None
    if wanted is None or user is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        if request.POST.get("List-Unsubscribe") == ONE_CLICK:
            return _unsubscribe(request, user, wanted)
        return csrf_protect(_unsubscribe)(request, user, wanted)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind_label": NotificationKind(wanted.kind).label, "done": False},
    )


def _unsubscribe(request: HttpRequest, user: User, wanted: Unsubscribe) -> HttpResponse:
    services.preference_set(user=user, kind=wanted.kind, email=False)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kind_label": NotificationKind(wanted.kind).label, "done": True},
    )
