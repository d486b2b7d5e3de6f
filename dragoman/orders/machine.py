"""The one state machine of an order, as data (STYLE.md habit 7).

draft → submitted → quoted → accepted → assigned → in progress → delivered → completed,
plus declined, cancelled, a rejected quote back to submitted for revision, and an offer a
linguist declines back to accepted (the assignment queue). Each action names the states it
starts from, the state it leads to, and who may take it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dragoman.orders.enums import OrderAction as A
from dragoman.orders.enums import OrderStatus as S
from dragoman.orders.enums import Party


@dataclass(frozen=True)
class Transition:
    action: A
    sources: tuple[str, ...]
    target: str
    parties: tuple[str, ...]


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition(A.SUBMIT, (S.DRAFT,), S.SUBMITTED, (Party.OWNER,)),
        Transition(A.QUOTE, (S.SUBMITTED,), S.QUOTED, (Party.STAFF, Party.PARTNER)),
        Transition(A.ACCEPT_QUOTE, (S.QUOTED,), S.ACCEPTED, (Party.OWNER,)),
        Transition(A.REJECT_QUOTE, (S.QUOTED,), S.SUBMITTED, (Party.OWNER,)),
        Transition(A.OFFER, (S.ACCEPTED,), S.ASSIGNED, (Party.STAFF,)),
        Transition(A.ACCEPT_OFFER, (S.ASSIGNED,), S.IN_PROGRESS, (Party.LINGUIST,)),
        Transition(A.DECLINE_OFFER, (S.ASSIGNED,), S.ACCEPTED, (Party.LINGUIST, Party.STAFF)),
        Transition(A.DELIVER, (S.IN_PROGRESS,), S.DELIVERED, (Party.LINGUIST, Party.STAFF)),
        Transition(A.COMPLETE, (S.DELIVERED,), S.COMPLETED, (Party.OWNER, Party.STAFF)),
        Transition(A.DECLINE, (S.SUBMITTED, S.QUOTED), S.DECLINED, (Party.STAFF,)),
        Transition(
            A.CANCEL,
            (S.DRAFT, S.SUBMITTED, S.QUOTED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS),
            S.CANCELLED,
            (Party.OWNER, Party.STAFF),
        ),
    )
}


def actions_from(status: str) -> list[str]:
    return [t.action for t in TRANSITIONS.values() if status in t.sources]
