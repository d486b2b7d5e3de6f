"""Requests for entries (Blue Board FAQ 2.6, 2.7, 3.8)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from dragoman.accounts.tests.factories import api
from dragoman.board import services
from dragoman.board.enums import OutsourcerStatus
from dragoman.board.models import EntryRequest
from dragoman.board.tests.factories import make_outsourcer
from dragoman.core.errors import Conflict, Forbidden, ValidationFailed
from dragoman.notifications.models import Notification

pytestmark = pytest.mark.django_db

START = datetime(2026, 9, 14, 8, 0, tzinfo=UTC)


def ask(user, outsourcer):
    return services.entry_request_create(by=user, outsourcer=outsourcer, message="Anyone?")


@pytest.mark.parametrize(("earlier", "allowed"), [(4, True), (5, False)])
def test_five_requests_a_day_the_sixth_is_refused_with_a_clear_message(world, earlier, allowed):
    records = [make_outsourcer(f"Buyer {i}") for i in range(6)]
    with time_machine.travel(START, tick=False):
        for record in records[:earlier]:
            ask(world.linguist, record)
    with time_machine.travel(START + timedelta(hours=23), tick=False):
        if allowed:
            ask(world.linguist, records[earlier])  # the 5th
        else:
            with pytest.raises(Conflict) as error:
                ask(world.linguist, records[earlier])  # the 6th
            assert error.value.code == "request_daily_limit"
            assert "5 entry requests a day" in error.value.message
            assert "2026-09-15 08:00" in error.value.message


def test_a_day_later_the_user_may_ask_again(world):
    records = [make_outsourcer(f"Buyer {i}") for i in range(6)]
    with time_machine.travel(START, tick=False):
        for record in records[:5]:
            ask(world.linguist, record)
    with time_machine.travel(START + timedelta(hours=24), tick=False):
        ask(world.linguist, records[5])


def test_the_daily_limit_is_per_user(world):
    records = [make_outsourcer(f"Buyer {i}") for i in range(6)]
    for record in records[:5]:
        ask(world.linguist, record)
    ask(world.partner_manager, records[5])


@pytest.mark.parametrize(("days", "allowed"), [(29, False), (30, True)])
def test_once_a_month_for_the_same_outsourcer(world, outsourcer, days, allowed):
    with time_machine.travel(START, tick=False):
        ask(world.linguist, outsourcer)
    with time_machine.travel(START + timedelta(days=days), tick=False):
        if allowed:
            ask(world.linguist, outsourcer)
        else:
            with pytest.raises(Conflict) as error:
                ask(world.linguist, outsourcer)
            assert error.value.code == "request_monthly_limit"
            assert "from 2026-10-14" in error.value.message


def test_watchers_are_asked_and_the_request_shows_on_the_board(world, client_as, outsourcer):
    services.watch_start(by=world.partner_manager, outsourcer=outsourcer)
    services.watch_start(by=world.linguist, outsourcer=outsourcer)
    ask(world.linguist, outsourcer)
    asked = Notification.objects.filter(kind="board_entry_requested")
    assert [n.recipient for n in asked] == [world.partner_manager]
    html = client_as(world.observer).get("/board/").content.decode()
    assert "Entries wanted" in html and "Anyone?" in html


def test_a_request_cannot_be_withdrawn(world, client, outsourcer):
    response = api(client, world.linguist, "post", f"/outsourcers/{outsourcer.pk}/entry-requests")
    assert response.status_code == 201
    path = f"/outsourcers/{outsourcer.pk}/entry-requests"
    assert api(client, world.linguist, "delete", path).status_code == 405
    assert EntryRequest.objects.count() == 1


def test_the_api_answers_the_limits_with_409_and_their_code(world, client, outsourcer):
    path = f"/outsourcers/{outsourcer.pk}/entry-requests"
    assert api(client, world.linguist, "post", path, {"message": "Hi"}).status_code == 201
    response = api(client, world.linguist, "post", path, {"message": "Again"})
    assert response.status_code == 409 and response.json()["code"] == "request_monthly_limit"


def test_nobody_asks_about_a_record_that_is_not_public(world):
    record = make_outsourcer("Waiting", status=OutsourcerStatus.PENDING)
    with pytest.raises(Conflict):
        ask(world.staff, record)


def test_the_outsourcer_asks_its_providers_without_learning_who_is_registered(
    world, outsourcer, client_as
):
    client = client_as(world.manager)
    client.post(
        f"/board/outsourcers/{outsourcer.pk}/entry-requests/",
        {
            "to": "providers",
            "emails": "LINGUIST@example.test\nnobody@example.test, partner@example.test",
            "message": "Please rate us",
        },
    )
    asked = {n.recipient.email for n in Notification.objects.filter(kind="board_entry_requested")}
    assert asked == {"linguist@example.test", "partner@example.test"}
    request = EntryRequest.objects.get()
    assert request.to_providers and request.recipient_count == 2
    page = client.get(f"/board/outsourcers/{outsourcer.pk}/").content.decode()
    assert "those of these providers who use Dragoman" in page


def test_only_the_outsourcers_people_ask_its_providers(world, outsourcer):
    with pytest.raises(Forbidden):
        services.entry_request_to_providers(
            by=world.linguist, outsourcer=outsourcer, emails=["partner@example.test"]
        )
    with pytest.raises(ValidationFailed):
        services.entry_request_to_providers(by=world.manager, outsourcer=outsourcer, emails=[])


def test_the_page_shows_the_limit_message(world, client_as, outsourcer):
    client = client_as(world.linguist)
    path = f"/board/outsourcers/{outsourcer.pk}/entry-requests/"
    client.post(path, {"to": "everyone"})
    html = client.post(path, {"to": "everyone"}, follow=True).content.decode()
    assert "you can ask again once a month" in html


def test_asking_providers_costs_no_more_queries_for_many_addresses(
    world, outsourcer, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dragoman.linguists.tests.factories import make_linguist

    second = services.outsourcer_create(by=world.linguist, name="Second Client Ltd", country="GB")
    services.outsourcer_approve(by=world.staff, outsourcer=second)
    services.affiliation_add(by=world.staff, outsourcer=second, organisation=world.client)
    few = ["linguist@example.test", "partner@example.test", "nobody@example.test"]
    many = few + [make_linguist(email=f"p{i}@example.test").user.email for i in range(20)]
    with CaptureQueriesContext(connection) as first:
        services.entry_request_to_providers(by=world.manager, outsourcer=outsourcer, emails=few)
    with django_assert_max_num_queries(len(first)):
        request = services.entry_request_to_providers(
            by=world.manager, outsourcer=second, emails=many
        )
    assert request.recipient_count == 22
