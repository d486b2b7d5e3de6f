"""Who may change and quote a request: one rule (orders.permissions), asked by the services,
the page and the API alike; a change that submits is one transaction."""

import pytest

from dragoman.core.errors import Conflict
from dragoman.core.permissions import actor_for
from dragoman.orders import permissions, services
from dragoman.orders.enums import OrderStatus
from dragoman.orders.models import Order
from dragoman.orders.tests.factories import make_order, move

pytestmark = pytest.mark.django_db

# Who may change a submitted request of the world's requester, and who may quote it.
EDIT = {"staff", "manager", "requester"}
QUOTE = {"staff", "partner_manager"}
ROLES = [
    "staff",
    "partner_manager",
    "manager",
    "requester",
    "observer",
    "linguist",
    "other_manager",
]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_change_and_quote_a_submitted_request(world, allowed, client, role):
    order = make_order(world)
    actor = actor_for(world.user(role))
    assert permissions.may_edit(actor, order) == (role in EDIT)
    assert permissions.may_quote(actor, order) == (role in QUOTE)
    if role in ("other_manager", "linguist"):
        return  # they do not see the request at all
    client.force_login(world.user(role))
    html = client.get(f"/requests/{order.pk}/").content.decode()
    assert (f"/requests/{order.pk}/edit/" in html) == (role in EDIT)
    edit_page = client.get(f"/requests/{order.pk}/edit/")
    assert (edit_page.status_code == 200) == (role in EDIT)


@pytest.mark.parametrize(
    "status", [s for s in OrderStatus.values if s not in ("draft", "submitted")]
)
def test_nobody_changes_or_quotes_a_request_past_its_quote(world, allowed, status):
    order = move(make_order(world), status)
    assert not permissions.edit_open(order)
    assert not permissions.may_quote(actor_for(world.staff), order)
    with pytest.raises(Conflict):
        services.order_update(order=order, by=world.staff, title="Changed late")
    assert Order.objects.get(pk=order.pk).title == "Supply contract"


def test_a_change_that_submits_is_saved_with_the_submission_or_not_at_all(
    world, allowed, monkeypatch
):
    order = move(make_order(world), OrderStatus.DRAFT)

    def refuse(**kwargs):
        raise Conflict("The request cannot be submitted now.")

    monkeypatch.setattr(services, "order_transition", refuse)
    with pytest.raises(Conflict):
        services.order_update(order=order, by=world.requester, submit=True, title="New title")
    order.refresh_from_db()
    assert order.title == "Supply contract" and order.status == OrderStatus.DRAFT
    assert not order.events.filter(action="update").exists()


def test_a_draft_changed_and_submitted_in_one_step_records_both(world, allowed):
    order = move(make_order(world), OrderStatus.DRAFT)
    services.order_update(order=order, by=world.requester, submit=True, title="New title")
    order.refresh_from_db()
    assert order.title == "New title" and order.status == OrderStatus.SUBMITTED
    assert list(order.events.values_list("action", flat=True))[-2:] == ["update", "submit"]
