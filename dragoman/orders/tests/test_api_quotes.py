"""Quotes: staff or the client's partner quote, the requester or a manager answers."""

import pytest

from conftest import ROLES
from dragoman.accounts.tests.factories import api
from dragoman.orders.tests.factories import make_event_order as make_order

pytestmark = pytest.mark.django_db

LINES = [
    {
        "description": "Simultaneous interpreting, 2 interpreters",
        "quantity": "2.5",
        "unit": "hour",
        "unit_price": "120.00",
    },
    {"description": "Technical support", "quantity": "1", "unit": "event", "unit_price": "80"},
]


STAFF = object()


def send_quote(client, world, order, by=STAFF):
    return api(
        client,
        world.staff if by is STAFF else by,
        "post",
        f"/api/v1/orders/{order.pk}/quotes",
        {"lines": LINES, "currency": "eur", "note": "Two interpreters in the booth"},
    )


QUOTE = {
    "anonymous": 401,
    "staff": 201,
    "partner_manager": 201,
    "manager": 403,
    "requester": 403,
    "observer": 403,
    "linguist": 404,
    "other_manager": 404,
}


@pytest.mark.parametrize("role", ROLES)
def test_who_may_quote_a_submitted_request(world, allowed, client, role):
    order = make_order(world)
    response = send_quote(client, world, order, by=world.user(role))
    assert response.status_code == QUOTE[role], response.content
    order.refresh_from_db()
    assert order.status == ("quoted" if response.status_code == 201 else "submitted")


def test_a_quote_totals_its_lines_and_moves_the_request_to_quoted(world, allowed, client):
    order = make_order(world)
    body = send_quote(client, world, order).json()
    assert body["currency"] == "EUR" and body["status"] == "sent"
    assert body["total"] == "380.00"
    assert [line["amount"] for line in body["lines"]] == ["300.00", "80.00"]


def test_a_bad_quote_line_is_refused_naming_it(world, allowed, client):
    order = make_order(world)
    response = api(
        client,
        world.staff,
        "post",
        f"/api/v1/orders/{order.pk}/quotes",
        {"lines": [{"description": "x", "quantity": "0", "unit": "hour", "unit_price": "1"}]},
    )
    assert response.status_code == 422
    order.refresh_from_db()
    assert order.status == "submitted"


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("requester", 200),
        ("manager", 200),
        ("observer", 403),
        ("staff", 403),
        ("partner_manager", 403),
        ("other_manager", 404),
    ],
)
def test_who_may_accept_a_quote(world, allowed, client, role, status):
    order = make_order(world)
    quote = send_quote(client, world, order).json()
    response = api(
        client,
        world.user(role),
        "post",
        f"/api/v1/orders/{order.pk}/quotes/{quote['id']}/answer",
        {"accept": True},
    )
    assert response.status_code == status, response.content
    order.refresh_from_db()
    assert order.status == ("accepted" if status == 200 else "quoted")


def test_a_rejected_quote_is_revised_and_only_the_newest_can_be_answered(world, allowed, client):
    order = make_order(world)
    first = send_quote(client, world, order).json()
    url = f"/api/v1/orders/{order.pk}/quotes"
    rejected = api(
        client,
        world.requester,
        "post",
        f"{url}/{first['id']}/answer",
        {"accept": False, "note": "Too expensive"},
    ).json()
    assert rejected["status"] == "rejected" and rejected["answer_note"] == "Too expensive"
    order.refresh_from_db()
    assert order.status == "submitted"
    second = send_quote(client, world, order).json()
    assert second["number"] == 2
    again = api(client, world.requester, "post", f"{url}/{first['id']}/answer", {"accept": True})
    assert again.status_code == 409
    accepted = api(
        client, world.requester, "post", f"{url}/{second['id']}/answer", {"accept": True}
    )
    assert accepted.json()["status"] == "accepted"
    history = api(client, world.requester, "get", f"/api/v1/orders/{order.pk}").json()["history"]
    assert [e["action"] for e in history] == [
        "create",
        "submit",
        "quote",
        "reject_quote",
        "quote",
        "accept_quote",
    ]
    quotes = api(client, world.observer, "get", url).json()
    assert [q["status"] for q in quotes] == ["rejected", "accepted"]


def test_quoting_is_refused_before_the_request_is_submitted(world, allowed, client):
    order = make_order(world, submit=False)
    response = send_quote(client, world, order)
    assert response.status_code == 409
    assert response.json()["code"] == "illegal_transition"


def test_statistics_count_what_the_caller_sees_and_sum_accepted_quotes(world, allowed, client):
    mine = make_order(world)
    make_order(world, by=world.manager)
    quote = send_quote(client, world, mine).json()
    api(
        client,
        world.requester,
        "post",
        f"/api/v1/orders/{mine.pk}/quotes/{quote['id']}/answer",
        {"accept": True},
    )
    stats = api(client, world.requester, "get", "/api/v1/orders/statistics/summary").json()
    assert stats["total"] == 1 and stats["by_status"] == {"accepted": 1}
    assert stats["by_language_pair"] == [{"source": "de", "target": "en", "count": 1}]
    assert stats["spent"] == [{"currency": "EUR", "amount": "380.00"}]
    assert len(stats["by_month"]) == 1
    observer = api(client, world.observer, "get", "/api/v1/orders/statistics/summary").json()
    assert observer["total"] == 2
    other = api(client, world.other_manager, "get", "/api/v1/orders/statistics/summary").json()
    assert other["total"] == 0 and other["spent"] == []
