"""The board in the API: /outsourcers, /lwa-entries, /board, from every role's side."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from conftest import ROLES
from dragoman.accounts.services import api_token_create
from dragoman.accounts.tests.factories import api
from dragoman.board import services
from dragoman.board.models import LWAEntry, Outsourcer
from dragoman.board.tests.factories import make_entries, make_entry, make_outsourcer

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ROLES)
def test_every_registered_role_searches_the_board_and_anonymous_callers_get_401(
    world, client, role
):
    make_outsourcer("Société Générale")
    response = api(client, world.user(role), "get", "/outsourcers?q=generale")
    if role == "anonymous":
        assert response.status_code == 401
    else:
        assert response.status_code == 200
        assert [o["name"] for o in response.json()["items"]] == ["Société Générale"]


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
def test_every_registered_role_adds_an_outsourcer(world, client, role):
    response = api(
        client,
        world.user(role),
        "post",
        "/outsourcers",
        {"name": f"Buyer of {role}", "country": "ge", "city": "Tbilisi", "emails": ["a@b.ge"]},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["status"] == "pending"


def test_a_duplicate_outsourcer_is_a_409_and_bad_data_a_422(world, client):
    make_outsourcer("Globex", country="DE")
    response = api(
        client, world.linguist, "post", "/outsourcers", {"name": "globex", "country": "DE"}
    )
    assert response.status_code == 409 and response.json()["code"] == "duplicate_outsourcer"
    response = api(client, world.linguist, "post", "/outsourcers", {"name": "X", "phones": ["1"]})
    assert response.status_code == 422 and "phones" in response.json()["fields"]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("linguist", 201),
        ("partner_manager", 201),
        ("staff", 403),
        ("manager", 403),
        ("requester", 403),
        ("observer", 403),
        ("other_manager", 403),
        ("anonymous", 401),
    ],
)
def test_who_writes_lwa_entries(world, client, outsourcer, role, status):
    response = api(
        client,
        world.user(role),
        "post",
        "/lwa-entries",
        {"outsourcer_id": outsourcer.pk, "rating": 4, "comment": "", "work_confirmed": True},
    )
    assert response.status_code == status, response.json()


def test_an_entry_without_the_work_statement_is_a_422(world, client, outsourcer):
    response = api(
        client,
        world.linguist,
        "post",
        "/lwa-entries",
        {"outsourcer_id": outsourcer.pk, "rating": 4, "work_confirmed": False},
    )
    assert response.status_code == 422
    assert response.json()["code"] == "work_not_confirmed"


@pytest.mark.parametrize(("days", "status"), [(364, 409), (366, 201)])
def test_the_second_entry_about_an_outsourcer_waits_a_year(world, client, outsourcer, days, status):
    start = datetime(2026, 1, 5, 8, tzinfo=UTC)
    payload = {"outsourcer_id": outsourcer.pk, "rating": 3, "work_confirmed": True}
    with time_machine.travel(start, tick=False):
        assert api(client, world.linguist, "post", "/lwa-entries", payload).status_code == 201
    with time_machine.travel(start + timedelta(days=days), tick=False):
        response = api(client, world.linguist, "post", "/lwa-entries", payload)
    assert response.status_code == status
    if status == 409:
        assert response.json()["code"] == "entry_once_a_year"


def test_a_pending_entry_is_seen_by_its_author_and_staff_only(world, client, outsourcer):
    entry = services.entry_create(
        by=world.linguist, outsourcer=outsourcer, rating=2, work_confirmed=True
    )
    for user, status in (
        (world.linguist, 200),
        (world.staff, 200),
        (world.manager, 404),
        (world.partner_manager, 404),
    ):
        assert api(client, user, "get", f"/lwa-entries/{entry.pk}").status_code == status
    record = api(client, world.manager, "get", f"/outsourcers/{outsourcer.pk}").json()
    assert record["entries"] == [] and record["own_hidden_entries"] == []
    mine = api(client, world.linguist, "get", f"/outsourcers/{outsourcer.pk}").json()
    assert [e["status"] for e in mine["own_hidden_entries"]] == ["pending"]


def test_staff_vet_through_the_api_and_the_record_shows_the_entry(world, client, outsourcer):
    entry = services.entry_create(
        by=world.linguist, outsourcer=outsourcer, rating=5, comment="", work_confirmed=True
    )
    queue = api(client, world.staff, "get", "/board/vetting").json()
    assert [(i["kind"], i["id"]) for i in queue] == [("entry", entry.pk)]
    assert api(client, world.linguist, "get", "/board/vetting").status_code == 403
    response = api(
        client, world.staff, "post", f"/board/vetting/entries/{entry.pk}", {"approve": True}
    )
    assert response.status_code == 200 and response.json()["status"] == "published"
    record = api(client, world.observer, "get", f"/outsourcers/{outsourcer.pk}").json()
    assert record["average_lwa"] == 5.0 and record["entry_count"] == 1
    assert [e["id"] for e in record["entries"]] == [entry.pk]
    assert record["entries"][0]["status_reason"] == ""


def test_a_rejection_without_a_reason_is_a_422_and_bulk_decides_the_rest(world, client, outsourcer):
    first = services.entry_create(
        by=world.linguist, outsourcer=outsourcer, rating=5, work_confirmed=True
    )
    second = services.entry_create(
        by=world.partner_manager, outsourcer=outsourcer, rating=4, work_confirmed=True
    )
    path = f"/board/vetting/entries/{first.pk}"
    assert api(client, world.staff, "post", path, {"approve": False}).status_code == 422
    response = api(
        client,
        world.staff,
        "post",
        "/board/vetting/entries",
        {"entry_ids": [first.pk, second.pk], "approve": False, "reason": "Explain the rating"},
    )
    assert response.json() == {"decided": 2}
    mine = api(client, world.linguist, "get", f"/lwa-entries/{first.pk}").json()
    assert (mine["status"], mine["status_reason"]) == ("rejected", "Explain the rating")


def test_the_outsourcer_replies_once_and_the_author_can_no_longer_correct(
    world, client, outsourcer
):
    entry = make_entry(outsourcer, author=world.linguist)
    path = f"/lwa-entries/{entry.pk}"
    assert api(client, world.linguist, "get", path).json()["editable"] is True
    assert (
        api(client, world.other_manager, "post", f"{path}/reply", {"reply": "Hi"}).status_code
        == 403
    )
    response = api(client, world.requester, "post", f"{path}/reply", {"reply": "We paid."})
    assert response.status_code == 200 and response.json()["reply"] == "We paid."
    assert (
        api(client, world.manager, "post", f"{path}/reply", {"reply": "Again"}).status_code == 409
    )
    assert api(client, world.linguist, "get", path).json()["editable"] is False
    response = api(client, world.linguist, "patch", path, {"rating": 1, "comment": "Worse"})
    assert response.status_code == 409 and response.json()["code"] == "entry_not_editable"


def test_a_dispute_hides_the_entry_until_staff_decide(world, client, outsourcer):
    entry = make_entry(outsourcer, author=world.linguist, rating=1)
    path = f"/lwa-entries/{entry.pk}"
    response = api(client, world.manager, "post", f"{path}/dispute", {"reason": "Never hired them"})
    assert response.json()["status"] == "disputed"
    assert api(client, world.partner_manager, "get", path).status_code == 404
    mine = api(client, world.linguist, "get", path).json()
    assert mine["status_reason"] == "Never hired them"
    response = api(
        client, world.staff, "post", f"/board/vetting/disputes/{entry.pk}", {"uphold": False}
    )
    assert response.json()["status"] == "published"
    assert api(client, world.partner_manager, "get", path).status_code == 200


def test_comments_come_back_exactly_as_typed(world, client, outsourcer):
    comment = 'Said "tomorrow" <img src=x onerror=alert(1)> www.ads.example'
    response = api(
        client,
        world.linguist,
        "post",
        "/lwa-entries",
        {"outsourcer_id": outsourcer.pk, "rating": 2, "comment": comment, "work_confirmed": True},
    )
    assert response.json()["comment"] == comment
    assert LWAEntry.objects.get().comment == comment
    # Flags are a hint for vetters, not something the author or the public read.
    assert response.json()["comment_flags"] == []
    staff_view = api(client, world.staff, "get", f"/lwa-entries/{response.json()['id']}").json()
    assert staff_view["comment_flags"] == ["link"]


def test_only_staff_change_contact_data_and_the_history_follows_the_setting(
    world, client, outsourcer, settings
):
    path = f"/outsourcers/{outsourcer.pk}"
    assert api(client, world.manager, "patch", path, {"city": "Leeds"}).status_code == 403
    assert api(client, world.staff, "patch", path, {"city": "Leeds"}).json()["city"] == "Leeds"
    versions = api(client, world.linguist, "get", f"{path}/versions").json()
    assert [v["city"] for v in versions] == ["Leeds", "London"]
    settings.BOARD_CONTACT_HISTORY_VISIBLE_TO = "staff"
    assert api(client, world.linguist, "get", f"{path}/versions").status_code == 403


def test_statistics_in_the_api(world, client):
    make_entries(make_outsourcer("Top"), [5, 5])
    make_entries(make_outsourcer("Middling"), [5, 4])
    body = api(client, world.linguist, "get", "/board/stats").json()
    assert body["split"] == 10
    assert [r["name"] for r in body["all_time"]["few"]] == ["Top"]
    assert [r["name"] for r in body["last_12_months"]["few"]] == ["Top"]
    assert api(client, None, "get", "/board/stats").status_code == 401


def test_the_outsourcer_list_costs_the_same_queries_for_55_or_155_records(
    world, client, django_assert_num_queries
):
    _, secret = api_token_create(user=world.linguist, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for i in range(55):
        make_outsourcer(f"Agency {i}")
    client.get("/api/v1/outsourcers", **headers)
    with django_assert_num_queries(5) as captured:
        client.get("/api/v1/outsourcers", **headers)
    for i in range(55, 155):
        make_outsourcer(f"Agency {i}")
    with django_assert_num_queries(len(captured)):
        body = client.get("/api/v1/outsourcers", **headers).json()
    assert len(body["items"]) == 50 and body["count"] == 155 and body["count_is_exact"]
    # The last page knows the count without counting.
    with django_assert_num_queries(len(captured) - 1):
        body = client.get("/api/v1/outsourcers?page=4", **headers).json()
    assert (len(body["items"]), body["count"]) == (5, 155)


def test_a_search_matching_more_than_1000_records_says_so(world, client, settings):
    from dragoman.board import selectors

    for i in range(12):
        make_outsourcer(f"Agency {i}")
    settings.DEBUG = False
    original = selectors.SEARCH_COUNT_LIMIT
    selectors.SEARCH_COUNT_LIMIT = 10
    try:
        body = api(client, world.linguist, "get", "/outsourcers").json()
        page = selectors.outsourcer_search_page(user=world.linguist, per_page=5)
    finally:
        selectors.SEARCH_COUNT_LIMIT = original
    assert (page.count, page.count_is_exact, page.has_next) == (10, False, True)
    assert body["count"] == 12  # the first page of 50 holds them all


def test_the_entry_list_costs_the_same_queries_for_3_or_30_entries(
    world, client, outsourcer, django_assert_num_queries
):
    _, secret = api_token_create(user=world.staff, name="t")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for _i in range(3):
        make_entry(outsourcer)
    path = f"/api/v1/lwa-entries?outsourcer_id={outsourcer.pk}"
    client.get(path, **headers)
    with django_assert_num_queries(4) as captured:
        client.get(path, **headers)
    for _i in range(27):
        make_entry(outsourcer)
    with django_assert_num_queries(len(captured)):
        assert client.get(path, **headers).json()["count"] == 30
    assert Outsourcer.objects.get(pk=outsourcer.pk).entry_count == 30


@pytest.mark.parametrize(("rating", "status"), [(2, 201), (3, 409)])
def test_a_non_payment_report_through_the_api_goes_with_a_low_lwa(
    world, client, outsourcer, rating, status
):
    entry = services.entry_create(
        by=world.linguist, outsourcer=outsourcer, rating=rating, work_confirmed=True
    )
    services.entry_approve(by=world.staff, entry=entry)
    payload = {
        "amount": "950.00",
        "currency": "EUR",
        "due_date": "2026-01-31",
        "invoice_reference": "A-17",
    }
    response = api(client, world.linguist, "post", f"/lwa-entries/{entry.pk}/non-payment", payload)
    assert response.status_code == status, response.json()
    if status != 201:
        return
    report = response.json()
    assert report["status"] == "notice"
    seen = {
        role: len(api(client, world.user(role), "get", "/board/non-payment").json())
        for role in ("staff", "linguist", "manager", "partner_manager", "other_manager")
    }
    assert seen == {
        "staff": 1,
        "linguist": 1,
        "manager": 1,
        "partner_manager": 0,
        "other_manager": 0,
    }
    path = f"/board/non-payment/{report['id']}"
    contest = api(client, world.manager, "post", f"{path}/contest", {"reason": "Paid"})
    assert contest.json()["status"] == "contested"
    decision = api(client, world.staff, "post", f"{path}/decision", {"uphold": False})
    assert decision.json()["status"] == "open"
    assert api(client, world.manager, "post", f"{path}/paid").status_code == 403
    assert api(client, world.linguist, "post", f"{path}/paid").json()["status"] == "paid"
