"""Every filter of the request list, on the page and in the API, for every role that lists.

Two requests differ along every filter: a translation (en→ru, "Supply contract", submitted by
the requester, due in a week) and simultaneous interpreting (de→fr, "Board meeting", a draft
of the manager's, forty days ahead). Each filter must keep exactly the one it names.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from dragoman.catalog.models import Language, Service, Topic
from dragoman.orders.models import Order
from dragoman.orders.services import order_create

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair(world, allowed):
    """The two requests, named by what tells them apart."""
    now = timezone.now()
    topic = Topic.objects.get(name="Law and contracts")
    translation = order_create(
        by=world.requester,
        title="Supply contract",
        service=Service.objects.get(code="translation"),
        source_language=Language.objects.get(code="en"),
        target_language=Language.objects.get(code="ru"),
        topic=topic,
        deadline=now + timedelta(days=7),
        submit=True,
    )
    interpreting = order_create(
        by=world.manager,
        title="Board meeting",
        service=Service.objects.get(code="simultaneous"),
        source_language=Language.objects.get(code="de"),
        target_language=Language.objects.get(code="fr"),
        topic=topic,
        starts_at=now + timedelta(days=40),
        duration_minutes=120,
        notes="Shareholders' annual meeting",
    )
    return {"translation": translation, "interpreting": interpreting}


def _in(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


# (page parameters, API parameters, which request stays)
FILTERS = {
    "status": ({"status": "submitted"}, {"status": "submitted"}, "translation"),
    "service": ({"service": "simultaneous"}, {"service": "simultaneous"}, "interpreting"),
    "other service": ({"service": "translation"}, {"service": "translation"}, "translation"),
    "source": ({"source": "de"}, {"source": "de"}, "interpreting"),
    "target": ({"target": "ru"}, {"target": "ru"}, "translation"),
    "requester": ({"requester": "{manager}"}, {"requester": "{manager}"}, "interpreting"),
    "requester name": (
        {"requester_name": "quillfeather"},
        {"requester_name": "quillfeather"},
        "translation",
    ),
    "since": ({"since": "+30"}, {"since": "+30"}, "interpreting"),
    "until": ({"until": "+10"}, {"until": "+10"}, "translation"),
    "text in the title": ({"q": "board"}, {"q": "board"}, "interpreting"),
    "text in the notes": ({"q": "shareholders"}, {"q": "shareholders"}, "interpreting"),
}


def _fill(params: dict, world, *, api: bool) -> dict:
    filled = {}
    for key, value in params.items():
        if value == "{manager}":
            value = world.manager.pk
        elif key in ("since", "until"):
            # The page takes days, the API moments.
            value = _in(int(value))
            if api:
                value += "T00:00:00Z" if key == "since" else "T23:59:59Z"
        filled[key] = value
    return filled


@pytest.mark.parametrize("role", ["staff", "manager"])
@pytest.mark.parametrize("name", list(FILTERS))
def test_each_filter_of_the_request_page_keeps_only_what_it_names(world, pair, client, role, name):
    params, _api, kept = FILTERS[name]
    client.force_login(world.user(role))
    response = client.get("/requests/", _fill(params, world, api=False))
    assert response.status_code == 200
    html = response.content.decode()
    for label, order in pair.items():
        assert (f"/requests/{order.pk}/" in html) == (label == kept), label


@pytest.mark.parametrize("role", ["staff", "manager"])
@pytest.mark.parametrize("name", [n for n in FILTERS if n != "requester name"])
def test_each_filter_of_the_api_list_keeps_only_what_it_names(world, pair, client, role, name):
    _page, params, kept = FILTERS[name]
    client.force_login(world.user(role))
    response = client.get("/api/v1/orders", _fill(params, world, api=True))
    assert response.status_code == 200, response.content
    ids = {item["id"] for item in response.json()["items"]}
    assert ids == {pair[kept].pk}
    assert response.json()["count"] == 1


def test_the_api_filters_by_the_requesters_name_too(world, pair, client):
    # The world's requester is Ottilie Quillfeather (conftest).
    client.force_login(world.manager)
    response = client.get("/api/v1/orders", {"requester_name": "QUILLFEATHER"})
    assert [item["id"] for item in response.json()["items"]] == [pair["translation"].pk]


@pytest.mark.parametrize(
    "role", ["staff", "partner_manager", "manager", "requester", "observer", "linguist"]
)
def test_filtering_by_service_answers_every_role(world, pair, client, role):
    client.force_login(world.user(role))
    assert client.get("/requests/", {"service": "simultaneous"}).status_code == 200
    response = client.get("/api/v1/orders", {"service": "translation"})
    assert response.status_code == 200
    visible = Order.objects.filter(pk=pair["translation"].pk)
    if role in ("staff", "manager", "requester", "observer"):
        assert [item["id"] for item in response.json()["items"]] == [visible.get().pk]


def test_an_unknown_service_keeps_nothing_rather_than_failing(world, pair, client):
    client.force_login(world.staff)
    assert client.get("/api/v1/orders", {"service": "juggling"}).json()["count"] == 0
    html = client.get("/requests/", {"service": "juggling"}).content.decode()
    assert "No request matches" in html
