"""The one state machine of an order, as data (STYLE.md habit 7).

draft → submitted → quoted → accepted → assigned → in progress → delivered → completed,
plus declined, cancelled, a rejected quote back to submitted for revision, and an offer a
linguist declines back to accepted (the assignment queue). Each action names the states it
starts from, the state it leads to, and who may take it.
"""

from __future__ import annotations

from dataclasses import dataclass

from dragoman.orders.enums import OrderStatus as S
from dragoman.orders.enums import Party


@dataclass(frozen=True)
class Transition:
    action: str
    sources: tuple[str, ...]
    target: str
    parties: tuple[str, ...]


TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("submit", (S.DRAFT,), S.SUBMITTED, (Party.OWNER,)),
        Transition("quote", (S.SUBMITTED,), S.QUOTED, (Party.STAFF, Party.PARTNER)),
        Transition("accept_quote", (S.QUOTED,), S.ACCEPTED, (Party.OWNER,)),
        Transition("reject_quote", (S.QUOTED,), S.SUBMITTED, (Party.OWNER,)),
        Transition("offer", (S.ACCEPTED,), S.ASSIGNED, (Party.STAFF,)),
        Transition("accept_offer", (S.ASSIGNED,), S.IN_PROGRESS, (Party.LINGUIST,)),
        Transition("decline_offer", (S.ASSIGNED,), S.ACCEPTED, (Party.LINGUIST, Party.STAFF)),
        Transition("deliver", (S.IN_PROGRESS,), S.DELIVERED, (Party.LINGUIST, Party.STAFF)),
        Transition("complete", (S.DELIVERED,), S.COMPLETED, (Party.OWNER, Party.STAFF)),
        Transition("decline", (S.SUBMITTED, S.QUOTED), S.DECLINED, (Party.STAFF,)),
        Transition(
            "cancel",
            (S.DRAFT, S.SUBMITTED, S.QUOTED, S.ACCEPTED, S.ASSIGNED, S.IN_PROGRESS),
            S.CANCELLED,
            (Party.OWNER, Party.STAFF),
        ),
    )
}


def actions_from(status: str) -> list[str]:
    return [t.action for t in TRANSITIONS.values() if status in t.sources]
