"""The linguist tells how far the work is; everybody who sees the request sees it."""

import pytest

from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.orders.models import OrderEvent
from dragoman.orders.services import order_progress_set
from dragoman.orders.tests.factories import in_progress, make_order, move

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("allowed")]


def test_the_assigned_linguist_sets_the_progress_and_the_history_records_it(world):
    order = in_progress(world)
    order_progress_set(order=order, by=world.linguist, percent=60, note="Chapters 1–3 done")
    order.refresh_from_db()
    assert (order.progress_percent, order.progress_note) == (60, "Chapters 1–3 done")
    event = OrderEvent.objects.filter(order=order).last()
    assert event.action == "progress" and event.actor == world.linguist
    assert event.note == "60 % — Chapters 1–3 done"


def test_staff_set_the_progress_too(world):
    order = in_progress(world)
    assert order_progress_set(order=order, by=world.staff, percent=100).progress_percent == 100


@pytest.mark.parametrize(
    "role", ["partner_manager", "manager", "requester", "observer", "other_manager"]
)
def test_nobody_else_sets_the_progress(world, role):
    order = in_progress(world)
    with pytest.raises(Forbidden):
        order_progress_set(order=order, by=world.user(role), percent=10)
    order.refresh_from_db()
    assert order.progress_percent is None


def test_a_linguist_not_assigned_cannot_set_the_progress(world):
    from dragoman.linguists.tests.factories import make_linguist

    other = make_linguist(email="other-linguist@example.test").user
    order = move(make_order(world), "in_progress", linguist=other)
    with pytest.raises(Forbidden):
        order_progress_set(order=order, by=world.linguist, percent=10)


@pytest.mark.parametrize("percent", [-1, 101, 1000])
def test_progress_is_a_percentage_from_0_to_100(world, percent):
    order = in_progress(world)
    with pytest.raises(ValidationFailed) as caught:
        order_progress_set(order=order, by=world.linguist, percent=percent)
    assert "percent" in caught.value.fields


@pytest.mark.parametrize("percent", [0, 100, None])
def test_the_bounds_and_no_percentage_are_accepted(world, percent):
    order = in_progress(world)
    assert order_progress_set(order=order, by=world.linguist, percent=percent, note="x")


@pytest.mark.parametrize("status", ["assigned", "delivered", "completed", "cancelled"])
def test_progress_is_set_only_while_the_work_is_in_progress(world, status):
    order = move(make_order(world), status, linguist=world.linguist)
    with pytest.raises(Conflict) as caught:
        order_progress_set(order=order, by=world.linguist, percent=50)
    assert caught.value.code == "not_in_progress"


def test_a_progress_note_naming_the_linguist_is_kept_with_the_pseudonym(world):
    order = in_progress(world)
    pseudonym = world.linguist.linguist_profile.pseudonym
    order_progress_set(
        order=order, by=world.linguist, percent=50, note="Questions? Mail linguist@example.test"
    )
    order.refresh_from_db()
    assert order.progress_note == f"Questions? Mail {pseudonym}"
