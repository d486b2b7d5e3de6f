"""Every action of the state machine, from every state, taken by every role.

The table below is the issue's rule written out by hand ("draft → submitted → quoted →
accepted → assigned → in progress → delivered → completed, plus declined, cancelled, and back
to the queue when a linguist declines"), independent of ``orders.machine``: a change to the
machine that breaks the rule fails here.
"""

import pytest

from dragoman.core.errors import Conflict, Forbidden
from dragoman.orders.enums import OrderStatus
from dragoman.orders.models import Order
from dragoman.orders.services import order_transition
from dragoman.orders.tests.factories import make_event_order as make_order

pytestmark = pytest.mark.django_db

OPEN_UNTIL_DELIVERY = {"draft", "submitted", "quoted", "accepted", "assigned", "in_progress"}
# action: (states it starts from, state it leads to, parties who may take it)
RULES = {
    "submit": ({"draft"}, "submitted", {"owner"}),
    "quote": ({"submitted"}, "quoted", {"staff", "partner"}),
    "accept_quote": ({"quoted"}, "accepted", {"owner"}),
    "reject_quote": ({"quoted"}, "submitted", {"owner"}),
    "offer": ({"accepted"}, "assigned", {"staff"}),
    "accept_offer": ({"assigned"}, "in_progress", {"linguist"}),
    "decline_offer": ({"assigned"}, "accepted", {"linguist", "staff"}),
    "deliver": ({"in_progress"}, "delivered", {"linguist", "staff"}),
    "complete": ({"delivered"}, "completed", {"owner", "staff"}),
    "decline": ({"submitted", "quoted"}, "declined", {"staff"}),
    "cancel": (OPEN_UNTIL_DELIVERY, "cancelled", {"owner", "staff"}),
}
# Which party each person of the world is for a request the requester started, offered to
# the world's linguist, from a client the partner agency brought.
PARTY = {
    "staff": "staff",
    "partner_manager": "partner",
    "manager": "owner",
    "requester": "owner",
    "observer": None,
    "linguist": "linguist",
    "other_manager": None,
}


@pytest.mark.parametrize("role", list(PARTY))
def test_every_action_from_every_state_by_this_role(world, allowed, role):
    person = world.user(role)
    order = make_order(world)
    Order.objects.filter(pk=order.pk).update(linguist=world.linguist.linguist_profile)
    outcomes = {"moved": 0, "forbidden": 0, "conflict": 0}
    for action, (sources, target, parties) in RULES.items():
        for status in OrderStatus.values:
            Order.objects.filter(pk=order.pk).update(status=status)
            order.refresh_from_db()
            case = f"{role} {action} from {status}"
            if PARTY[role] not in parties:
                with pytest.raises(Forbidden):
                    order_transition(order=order, by=person, action=action, note="Why")
                outcomes["forbidden"] += 1
            elif status not in sources:
                with pytest.raises(Conflict) as refused:
                    order_transition(order=order, by=person, action=action, note="Why")
                assert refused.value.code == "illegal_transition", case
                outcomes["conflict"] += 1
            else:
                order_transition(order=order, by=person, action=action, note="Why")
                assert Order.objects.get(pk=order.pk).status == target, case
                outcomes["moved"] += 1
            order.refresh_from_db()
            if status not in sources or PARTY[role] not in parties:
                assert order.status == status, f"{case}: a refused action changed the state"
    # Every cell of the 11 × 10 table was tried.
    assert sum(outcomes.values()) == len(RULES) * len(OrderStatus.values)
    if PARTY[role] is None:
        assert outcomes["moved"] == 0


def test_the_history_keeps_who_when_from_and_to_for_every_move(world, allowed):
    order = make_order(world)
    order_transition(order=order, by=world.staff, action="decline", note="No interpreter")
    event = order.events.order_by("-id").first()
    assert (event.actor, event.from_status, event.to_status, event.note) == (
        world.staff,
        "submitted",
        "declined",
        "No interpreter",
    )
    assert event.created_at is not None


def test_every_action_of_the_machine_and_every_history_row_is_an_order_action():
    from dragoman.orders.enums import OrderAction
    from dragoman.orders.machine import TRANSITIONS
    from dragoman.orders.models import OrderEvent
    from dragoman.orders.notify import ROUTES

    assert set(TRANSITIONS) <= set(OrderAction.values)
    assert all(isinstance(t.action, OrderAction) for t in TRANSITIONS.values())
    assert set(ROUTES) <= set(OrderAction.values)
    assert OrderEvent._meta.get_field("action").choices == OrderAction.choices


def test_a_history_row_of_an_unknown_kind_is_refused(world, allowed):
    from django.core.exceptions import ValidationError

    from dragoman.orders.models import OrderEvent

    event = OrderEvent(order=make_order(world), action="note", note="Ready")
    with pytest.raises(ValidationError) as refused:
        event.full_clean()
    assert "action" in refused.value.message_dict
