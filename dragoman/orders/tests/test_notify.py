"""Every change of a request that concerns somebody notifies them, and never its actor."""

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone

from dragoman.assignments.models import Offer
from dragoman.assignments.services import offer_accept, offer_create, offer_decline, offers_expire
from dragoman.notifications.models import Notification
from dragoman.orders.services import _record, order_transition, quote_answer, quote_send
from dragoman.orders.tests.factories import make_event_order as make_order

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def linguist_of_the_pair(world):
    """The world's linguist also works from German into English, the pair of make_order:
    offers go only to linguists of the request's pair."""
    from dragoman.catalog.models import Language
    from dragoman.linguists.models import LanguagePair

    LanguagePair.objects.create(
        profile=world.linguist.linguist_profile,
        source=Language.objects.get(code="de"),
        target=Language.objects.get(code="en"),
    )


LINES = [{"description": "Interpreting", "quantity": "2", "unit": "hour", "unit_price": "90"}]
SECRETS = ("Secretname", "Lena", "linguist@example.test", "+358401234567", "401234567")


def told(kind):
    """Who received a notification of ``kind``, as the world's e-mail addresses."""
    return set(Notification.objects.filter(kind=kind).values_list("recipient__email", flat=True))


def in_progress(world):
    order = make_order(world)
    quote = quote_send(order=order, by=world.staff, lines=LINES)
    quote_answer(quote=quote, by=world.requester, accept=True)
    offer = offer_create(order=order, linguist=world.linguist.linguist_profile, by=world.staff)
    offer_accept(offer=offer, by=world.linguist)
    order.refresh_from_db()
    return order


CLIENT_SIDE = {"requester@example.test", "manager@example.test"}


def test_each_step_of_the_flow_notifies_the_people_it_concerns_and_not_the_actor(world, allowed):
    order = make_order(world)
    assert told("order_submitted") == {"staff@example.test"}

    quote = quote_send(order=order, by=world.staff, lines=LINES)
    assert told("order_quoted") == CLIENT_SIDE

    quote_answer(quote=quote, by=world.requester, accept=True)
    assert told("quote_accepted") == {"staff@example.test"}

    offer = offer_create(order=order, linguist=world.linguist.linguist_profile, by=world.staff)
    assert told("order_offered") == {"linguist@example.test"}

    offer_accept(offer=offer, by=world.linguist)
    assert told("offer_accepted") == CLIENT_SIDE | {"staff@example.test"}

    order_transition(order=order, by=world.linguist, action="deliver")
    assert told("order_delivered") == CLIENT_SIDE

    order_transition(order=order, by=world.requester, action="complete")
    assert told("order_completed") == {"linguist@example.test", "staff@example.test"}

    # Observers, other organisations and the partner hear nothing of it.
    for outsider in (world.observer, world.other_manager, world.partner_manager):
        assert not Notification.objects.filter(recipient=outsider).exists()
    # Every notification points at the request.
    assert set(Notification.objects.values_list("link", flat=True)) == {f"/requests/{order.pk}/"}


def test_a_rejected_quote_notifies_staff(world, allowed):
    order = make_order(world)
    quote = quote_send(order=order, by=world.staff, lines=LINES)
    quote_answer(quote=quote, by=world.manager, accept=False, note="Too expensive")
    assert told("quote_rejected") == {"staff@example.test"}
    assert "Too expensive" in Notification.objects.get(kind="quote_rejected").body


def test_a_declined_offer_goes_to_staff_with_the_reason_and_not_to_the_linguist(world, allowed):
    order = make_order(world)
    quote_answer(
        quote=quote_send(order=order, by=world.staff, lines=LINES), by=world.requester, accept=True
    )
    offer = offer_create(order=order, linguist=world.linguist.linguist_profile, by=world.staff)
    offer_decline(offer=offer, by=world.linguist, reason="Not my field")
    assert told("offer_declined") == {"staff@example.test"}
    notification = Notification.objects.get(kind="offer_declined")
    assert "Not my field" in notification.body
    assert "back in the queue" in notification.title


def test_an_expired_offer_tells_staff_and_the_linguist_that_dragoman_took_it_back(world, allowed):
    order = make_order(world)
    quote_answer(
        quote=quote_send(order=order, by=world.staff, lines=LINES), by=world.requester, accept=True
    )
    offer_create(order=order, linguist=world.linguist.linguist_profile, by=world.staff)
    Offer.objects.update(created_at=timezone.now() - timedelta(hours=30))
    assert offers_expire(older_than_hours=24) == 1
    assert told("offer_expired") == {"staff@example.test", "linguist@example.test"}
    # The request is no longer the linguist's to open: the link goes to their dashboard.
    assert Notification.objects.get(kind="offer_expired", recipient=world.linguist).link == "/"


def test_staff_cancelling_work_in_progress_tells_the_client_side_and_the_linguist(world, allowed):
    order = in_progress(world)
    order_transition(order=order, by=world.staff, action="cancel", note="Event called off")
    assert told("order_cancelled") == CLIENT_SIDE | {"linguist@example.test"}


def test_the_client_cancelling_tells_staff_and_the_other_client_contacts(world, allowed):
    order = make_order(world)
    order_transition(order=order, by=world.requester, action="cancel")
    assert told("order_cancelled") == {"staff@example.test", "manager@example.test"}


def test_staff_declining_a_request_tells_the_client_side_why(world, allowed):
    order = make_order(world)
    order_transition(order=order, by=world.staff, action="decline", note="No interpreters")
    assert told("order_declined") == CLIENT_SIDE
    assert "No interpreters" in Notification.objects.filter(kind="order_declined").first().body


def test_delivered_files_and_progress_notify_the_client_side(world, allowed):
    order = in_progress(world)
    _record(order, by=world.linguist, action="file_delivered", before=order.status, note="a.pdf")
    _record(order, by=world.linguist, action="progress", before=order.status, note="Half done")
    assert told("file_delivered") == CLIENT_SIDE
    assert told("progress_updated") == CLIENT_SIDE


def test_reassigned_requests_notify_their_new_requester(world, allowed):
    from dragoman.orders.services import orders_reassign
    from dragoman.orgs.models import Membership

    make_order(world)
    manager = Membership.objects.get(user=world.manager)
    requester = Membership.objects.get(user=world.requester)
    assert orders_reassign(by=world.manager, source=requester, target=manager) == 1
    # The manager did it, so the manager (the new requester) is not told of their own act.
    assert told("order_reassigned") == set()
    orders_reassign(by=world.staff, source=manager, target=requester)
    assert told("order_reassigned") == {"requester@example.test"}


def test_the_client_side_never_learns_who_the_linguist_is(
    world, allowed, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = in_progress(world)
        # The linguist types their own name and number into a progress note.
        _record(
            order,
            by=world.linguist,
            action="progress",
            before=order.status,
            note="Lena Secretname here, call +358401234567 or linguist@example.test",
        )
        order_transition(order=order, by=world.linguist, action="deliver")
    pseudonym = world.linguist.linguist_profile.pseudonym
    client_side = Notification.objects.filter(recipient__email__in=CLIENT_SIDE)
    assert client_side.count() == 8  # quote, confirmation, progress, delivery: two people each
    texts = [f"{n.title}\n{n.body}" for n in client_side]
    texts += [f"{m.subject}\n{m.body}" for m in mailoutbox if set(m.to) & CLIENT_SIDE]
    assert len(texts) == 16
    for text in texts:
        for secret in SECRETS:
            assert secret not in text
    confirmed = client_side.filter(kind="offer_accepted").first()
    assert pseudonym in confirmed.body
    assert pseudonym in client_side.filter(kind="progress_updated").first().body
    # Staff may know who it is.
    staff_note = Notification.objects.get(kind="offer_accepted", recipient=world.staff)
    assert "Lena Secretname" in staff_note.title


def test_notifications_roll_back_with_the_change_that_made_them(world, allowed):
    order = make_order(world)
    before = Notification.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        order_transition(order=order, by=world.staff, action="decline", note="No")
        raise RuntimeError
    assert Notification.objects.count() == before


def test_staff_completing_a_delivered_request_tells_the_client_side_and_the_linguist(
    world, allowed
):
    order = in_progress(world)
    order_transition(order=order, by=world.linguist, action="deliver")
    order_transition(order=order, by=world.staff, action="complete")
    assert told("order_completed") == CLIENT_SIDE | {"linguist@example.test"}


def test_changes_that_concern_nobody_else_notify_nobody(world, allowed):
    make_order(world, submit=False)
    assert not Notification.objects.exists()


def test_a_cancel_note_naming_a_linguist_who_declined_earlier_reaches_the_client_side_anonymised(
    world, allowed
):
    order = make_order(world)
    quote_answer(
        quote=quote_send(order=order, by=world.staff, lines=LINES), by=world.requester, accept=True
    )
    offer = offer_create(order=order, linguist=world.linguist.linguist_profile, by=world.staff)
    offer_decline(offer=offer, by=world.linguist, reason="Not my field")
    order.refresh_from_db()
    order_transition(
        order=order, by=world.staff, action="cancel", note="Lena Secretname was our only option"
    )
    pseudonym = world.linguist.linguist_profile.pseudonym
    for notification in Notification.objects.filter(
        kind="order_cancelled", recipient__email__in=CLIENT_SIDE
    ):
        assert "Secretname" not in notification.body
        assert f"{pseudonym} was our only option" in notification.body
