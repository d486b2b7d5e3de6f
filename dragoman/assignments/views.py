from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dragoman.accounts.http import AuthedHttpRequest
from dragoman.assignments import services
from dragoman.assignments.models import Offer, OfferStatus
from dragoman.assignments.selectors import assignment_queue as queue_selector
from dragoman.assignments.suggestions import no_suggestion_message, suggestions_for
from dragoman.core.errors import DomainError, Forbidden
from dragoman.core.panels import Panel
from dragoman.core.permissions import Actor
from dragoman.orders.enums import OrderStatus
from dragoman.orders.models import Order

QUEUE_PER_PAGE = 50


@login_required
@require_POST
def offer_answer(request: AuthedHttpRequest, offer_id: int) -> HttpResponse:
    """A linguist's accept / decline buttons under "Requests needing attention"."""
    offer = (
        Offer.objects.select_related("order", "linguist")
        .filter(pk=offer_id, linguist__user=request.user, status=OfferStatus.PENDING)
        .first()
    )
    if offer is None:
        raise Http404(_("No such offer."))
    try:
        if request.POST.get("answer") == "accept":
            services.offer_accept(offer=offer, by=request.user)
            messages.success(request, _("You accepted request #%(id)s.") % {"id": offer.order_id})
        else:
            services.offer_decline(
                offer=offer, by=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("You declined request #%(id)s.") % {"id": offer.order_id})
    except DomainError as error:
        messages.error(request, error.message)
    return redirect("dashboard")


@login_required
@require_POST
def offer_create(request: AuthedHttpRequest, order_id: int) -> HttpResponse:
    """Staff's "offer to" button on an accepted request."""
    from dragoman.linguists.models import LinguistProfile
    from dragoman.orders.selectors import order_get_for_user

    try:
        order = order_get_for_user(user=request.user, order_id=order_id)
    except DomainError as error:
        raise Http404(error.message) from error
    linguist = LinguistProfile.objects.filter(pk=request.POST.get("linguist") or 0).first()
    if linguist is None:
        messages.error(request, _("Choose a linguist."))
        return redirect("order_detail", order_id=order.pk)
    try:
        services.offer_create(order=order, linguist=linguist, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Offered to %(name)s.") % {"name": linguist.pseudonym})
    return redirect("order_detail", order_id=order.pk)


@login_required
def assignment_queue(request: AuthedHttpRequest) -> HttpResponse:
    """Staff's list of requests waiting for a linguist, the longest-waiting first."""
    try:
        orders = queue_selector(user=request.user)
    except Forbidden as exc:
        raise PermissionDenied(exc.message) from exc
    page = Paginator(orders, QUEUE_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "assignments/queue.html", {"page": page})


def suggestions_panel(*, request: HttpRequest, order: Order, actor: Actor) -> Panel | None:
    """Staff see ranked linguists on a request waiting for one (the order page's panel)."""
    if not (actor.is_staff and order.status == OrderStatus.ACCEPTED):
        return None
    suggestions = suggestions_for(order=order)
    return Panel(
        "assignments/_suggestions.html",
        {
            "suggestions": suggestions,
            "no_suggestion": "" if suggestions else no_suggestion_message(order=order),
        },
    )
