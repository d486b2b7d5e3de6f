"""Which rows of an order's history concern whom, and what they are told (issue:
"notifications on every transition that concerns a user"). The orders domain owns its
recipients and texts; ``notifications.notify`` delivers them.

Called by ``orders.services._record`` inside the transaction that writes the event, so the
notifications commit or roll back with it; e-mails and pushes follow after commit.

Anonymity (PRODUCT.md §2): whatever the client side reads names a linguist only by
pseudonym. Notes typed by people are passed through ``_anonymous`` before a client sees them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from dragoman.core.permissions import actor_for
from dragoman.notifications.enums import NotificationKind as K
from dragoman.notifications.services import notify
from dragoman.orders.enums import OrderAction, OrderStatus
from dragoman.orgs.enums import MembershipStatus, Role
from dragoman.orgs.selectors import staff_users

if TYPE_CHECKING:
    from dragoman.linguists.models import LinguistProfile
    from dragoman.orders.models import Order, OrderEvent

CLIENT = "client"  # the requester and the organisation's managers
STAFF = "staff"  # platform staff
LINGUIST = "linguist"  # the linguist the order is offered to or confirmed by
REQUESTER = "requester"  # only the (new) requester


# Who hears of each kind of history row, as data: (audience, notification kind) pairs. The
# few rows whose audience depends on who acted are decided in ``_routes``.
ROUTES: dict[str, list[tuple[str, str]]] = {
    OrderAction.SUBMIT: [(STAFF, K.ORDER_SUBMITTED)],
    OrderAction.QUOTE: [(CLIENT, K.ORDER_QUOTED)],
    OrderAction.ACCEPT_QUOTE: [(STAFF, K.QUOTE_ACCEPTED)],
    OrderAction.REJECT_QUOTE: [(STAFF, K.QUOTE_REJECTED)],
    OrderAction.OFFER: [(LINGUIST, K.ORDER_OFFERED)],
    OrderAction.ACCEPT_OFFER: [(CLIENT, K.OFFER_ACCEPTED), (STAFF, K.OFFER_ACCEPTED)],
    OrderAction.DELIVER: [(CLIENT, K.ORDER_DELIVERED)],
    OrderAction.FILE_DELIVERED: [(CLIENT, K.FILE_DELIVERED)],
    OrderAction.PROGRESS: [(CLIENT, K.PROGRESS_UPDATED)],
    OrderAction.DECLINE: [(CLIENT, K.ORDER_DECLINED)],
    OrderAction.REASSIGN: [(REQUESTER, K.ORDER_REASSIGNED)],
}


def _routes(event: OrderEvent) -> list[tuple[str, str]]:
    """(audience, kind) pairs for one history row; empty when it concerns nobody else."""
    action = event.action
    by_dragoman = event.actor_id is None

    def by_staff() -> bool:
        return by_dragoman or actor_for(event.actor).is_staff

    if action == OrderAction.DECLINE_OFFER:
        # ``by=None``: Dragoman itself took the offer back after nobody answered it.
        kind = K.OFFER_EXPIRED if by_dragoman else K.OFFER_DECLINED
        return [(STAFF, kind), (LINGUIST, kind)]
    if action == OrderAction.COMPLETE:
        return [(LINGUIST, K.ORDER_COMPLETED), (CLIENT if by_staff() else STAFF, K.ORDER_COMPLETED)]
    if action == OrderAction.CANCEL:
        routes: list[tuple[str, str]] = [(CLIENT, K.ORDER_CANCELLED)]
        if not by_staff():
            routes.append((STAFF, K.ORDER_CANCELLED))
        if event.from_status in (OrderStatus.ASSIGNED, OrderStatus.IN_PROGRESS):
            routes.append((LINGUIST, K.ORDER_CANCELLED))
        return routes
    return ROUTES.get(action, [])


def _linguist_of(order: Order) -> LinguistProfile | None:
    from dragoman.linguists.models import LinguistProfile

    if order.linguist_id:
        return LinguistProfile.objects.select_related("user").get(pk=order.linguist_id)
    return None


def _client_side(order: Order) -> list[Any]:
    from dragoman.accounts.models import User

    managers = Q(
        memberships__organisation_id=order.organisation_id,
        memberships__role=Role.MANAGER,
        memberships__status=MembershipStatus.ACTIVE,
    )
    return list(User.objects.filter(Q(pk=order.requester_id) | managers).distinct())


def _texts(
    audience: str, kind: str, order: Order, note: str, linguist: LinguistProfile | None
) -> tuple[str, str]:
    """Title and body for one audience, in the active language."""
    n = {"id": order.pk, "title": order.title}
    pseudonym = linguist.pseudonym if linguist else _("the linguist")
    # Staff may know who the linguist is; the client side never does.
    named = (
        f"{linguist.user.full_name} ({linguist.pseudonym})"
        if linguist and audience == STAFF
        else pseudonym
    )
    titles = {
        K.ORDER_SUBMITTED: _("New request #%(id)s to quote: %(title)s"),
        K.ORDER_QUOTED: _("Request #%(id)s is quoted: your answer is needed"),
        K.QUOTE_ACCEPTED: _("Request #%(id)s: the quote is accepted, assign a linguist"),
        K.QUOTE_REJECTED: _("Request #%(id)s: the quote is rejected, send a revised one"),
        K.ORDER_OFFERED: _("Request #%(id)s is offered to you: %(title)s"),
        K.OFFER_ACCEPTED: (
            _("Request #%(id)s is confirmed and in progress")
            if audience == CLIENT
            else _("Request #%(id)s: %(name)s accepted the offer")
        ),
        K.OFFER_DECLINED: (
            _("Request #%(id)s: %(name)s declined, it is back in the queue")
            if audience == STAFF
            else _("Request #%(id)s is no longer offered to you")
        ),
        K.OFFER_EXPIRED: (
            _("Request #%(id)s: the offer to %(name)s went unanswered, it is back in the queue")
            if audience == STAFF
            else _("Request #%(id)s: your offer expired without an answer")
        ),
        K.ORDER_DELIVERED: _("Request #%(id)s is delivered"),
        K.ORDER_COMPLETED: _("Request #%(id)s is completed"),
        K.ORDER_CANCELLED: _("Request #%(id)s is cancelled"),
        K.ORDER_DECLINED: _("Request #%(id)s is declined"),
        K.FILE_DELIVERED: _("Request #%(id)s: a file is delivered"),
        K.PROGRESS_UPDATED: _("Request #%(id)s: progress update"),
        K.ORDER_REASSIGNED: _("Request #%(id)s is now yours"),
    }
    title = titles[K(kind)] % {**n, "name": named}
    lines = [f"“{order.title}”"]
    if kind == K.OFFER_ACCEPTED and audience == CLIENT:
        lines.append(_("%(name)s will do this work.") % {"name": pseudonym})
    elif kind == K.ORDER_OFFERED:
        lines.append(_("Accept or decline it under “Requests needing attention”."))
    elif kind == K.ORDER_DELIVERED and audience == CLIENT:
        lines.append(_("Download the deliverables and mark the request completed."))
    if note:
        lines.append(note)
    return title, "\n\n".join(lines)


def order_event_notify(*, event: OrderEvent) -> None:
    """Notify everyone a history row concerns, never its actor."""
    routes = _routes(event)
    if not routes:
        return
    order = event.order
    linguist = _linguist_of(order)
    audiences: dict[str, list[Any]] = {}
    for audience, _kind in routes:
        if audience == STAFF:
            audiences[audience] = staff_users()
        elif audience == CLIENT:
            audiences[audience] = _client_side(order)
        elif audience == REQUESTER:
            audiences[audience] = [order.requester]
        elif audience == LINGUIST:
            audiences[audience] = [linguist.user] if linguist else []
    # Somebody in two audiences (a staff member who is also a manager) hears it once.
    seen: set[int] = {event.actor_id} if event.actor_id else set()
    detail = reverse("order_detail", args=[order.pk])
    client_linguists: list[LinguistProfile] | None = None
    for audience, kind in routes:
        people = [u for u in audiences[audience] if u.pk not in seen]
        seen.update(u.pk for u in people)
        if not people:
            continue
        note = event.note
        if event.action == OrderAction.OFFER:
            note = ""  # the pseudonym, already said
        if audience in (CLIENT, REQUESTER):
            # Every linguist the order was ever offered to, not only the current one: a
            # note may name one who declined earlier.
            from dragoman.orders.selectors import anonymised, order_linguists

            if client_linguists is None:
                client_linguists = order_linguists(order=order)
            # A safety net for notes people type, as in the request's history.
            note = anonymised(note, client_linguists)
        link = detail
        if audience == LINGUIST and kind in (K.OFFER_DECLINED, K.OFFER_EXPIRED):
            link = reverse("dashboard")  # the request is no longer theirs to open
        by_language: dict[str, list[Any]] = defaultdict(list)
        for person in people:
            by_language[person.language].append(person)
        for language, group in by_language.items():
            with translation.override(language):
                title, body = _texts(audience, kind, order, note, linguist)
            notify(recipients=group, kind=kind, title=title, body=body, link=link, order=order)
