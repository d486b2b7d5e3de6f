"""Who may change, quote, and add files and progress to an order: each rule once, asked by
the services (which enforce it) and by pages and the API (which offer only what is allowed).

Files (issue "Orders": "requesters upload source files; linguists upload deliverables; both
download what their role allows").

Reading a file needs only the right to see its order (``order_get_for_user``): everybody who
sees an order sees its files, observers included. Writing follows the parties of the state
machine (``order_parties``).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from dragoman.core.permissions import Actor
from dragoman.orders.enums import OPEN_STATUSES, FileKind, OrderAction, OrderStatus, Party
from dragoman.orgs.enums import Role

# A request can be changed until it is quoted: a quote prices what was asked.
EDITABLE_STATUSES = (OrderStatus.DRAFT, OrderStatus.SUBMITTED)
CLIENT_KINDS = (FileKind.SOURCE, FileKind.REFERENCE)
# Deliverables are uploaded while the work is done, and may be added after delivery.
DELIVERY_STATUSES = (OrderStatus.IN_PROGRESS, OrderStatus.DELIVERED)


def may_upload_kind(parties: set[str], kind: str) -> bool:
    """Whether these parties may ever upload this kind of file (whatever the status)."""
    if kind == FileKind.DELIVERABLE:
        return bool(parties & {Party.LINGUIST, Party.STAFF})
    return bool(parties & {Party.OWNER, Party.STAFF})


def upload_open(order: Any, kind: str) -> bool:
    """Whether the order's status lets files of this kind be added now."""
    if kind == FileKind.DELIVERABLE:
        return order.status in DELIVERY_STATUSES
    return order.status in OPEN_STATUSES


def file_kinds_allowed(actor: Actor, order: Any) -> list[str]:
    """The kinds of file ``actor`` may upload to ``order`` now: the requester, a manager of
    the client and staff add source and reference files while the order is open; the
    assigned linguist and staff add deliverables while it is in progress or delivered."""
    parties = order_parties(actor, order)
    return [
        kind
        for kind in (FileKind.SOURCE, FileKind.REFERENCE, FileKind.DELIVERABLE)
        if may_upload_kind(parties, kind) and upload_open(order, kind)
    ]


def removal_open(order: Any, kind: str) -> bool:
    """Source files may be withdrawn while the order is open; a deliverable only until the
    order is delivered, so that a delivered order never loses what the client received."""
    if kind == FileKind.DELIVERABLE:
        return order.status == OrderStatus.IN_PROGRESS
    return order.status in OPEN_STATUSES


def may_set_progress(actor: Actor, order: Any) -> bool:
    return bool(order_parties(actor, order) & {Party.LINGUIST, Party.STAFF})


def may_edit(actor: Actor, order: Any) -> bool:
    """The requester, a manager of the client or staff may change a request (whatever its
    status: ``edit_open`` says whether the status lets it be changed now)."""
    return bool(order_parties(actor, order) & {Party.OWNER, Party.STAFF})


def edit_open(order: Any) -> bool:
    return order.status in EDITABLE_STATUSES


def may_quote(actor: Actor, order: Any) -> bool:
    """Staff, or the partner agency that brought the client, quote a submitted request (the
    parties of the machine's "quote" action)."""
    from dragoman.orders.machine import TRANSITIONS

    quote = TRANSITIONS[OrderAction.QUOTE]
    return bool(order_parties(actor, order) & set(quote.parties)) and order.status in quote.sources


def filter_orders(actor: Actor, queryset: QuerySet) -> QuerySet:
    """Staff see every order; a client manager or observer their organisation's; a requester
    the orders they started; a partner manager those of the clients it brought."""
    if actor.is_staff:
        return queryset
    if actor.is_client(Role.MANAGER, Role.OBSERVER):
        return queryset.filter(organisation_id=actor.organisation_id)
    if actor.is_client(Role.REQUESTER):
        return queryset.filter(organisation_id=actor.organisation_id, requester_id=actor.user_id)
    if actor.is_partner_manager():
        return queryset.filter(organisation__partner_id=actor.organisation_id)
    if actor.is_linguist:
        return queryset.filter(linguist__user_id=actor.user_id)
    return queryset.none()


def can_create_order(actor: Actor) -> bool:
    return actor.is_client(Role.REQUESTER, Role.MANAGER)


def order_parties(actor: Actor, order: Any) -> set[str]:
    """The parties of the state machine the actor acts as for this order."""
    parties: set[str] = set()
    if actor.is_staff:
        parties.add(Party.STAFF)
    # The requester acts on their request only while they are still a requester or a
    # manager: a contact made observer keeps seeing it but no longer changes it.
    if actor.organisation_id == order.organisation_id and (
        (order.requester_id == actor.user_id and actor.is_client(Role.REQUESTER))
        or actor.is_client(Role.MANAGER)
    ):
        parties.add(Party.OWNER)
    if actor.is_partner_manager() and order.organisation.partner_id == actor.organisation_id:
        parties.add(Party.PARTNER)
    if actor.is_linguist and order.linguist_id and order.linguist.user_id == actor.user_id:
        parties.add(Party.LINGUIST)
    return parties
