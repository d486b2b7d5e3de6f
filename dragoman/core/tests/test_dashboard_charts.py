"""The client dashboards draw their statistics as bars."""

import pytest

from dragoman.orders.selectors import order_statistics, statistics_charts
from dragoman.orders.services import order_transition
from dragoman.orders.tests.factories import make_event_order as make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def allowed(world):
    from dragoman.catalog.models import Service

    for user in (world.manager, world.requester):
        user.memberships.get().allowed_services.set(Service.objects.all())


def test_the_charts_have_twelve_months_ending_now_and_a_bar_per_status_in_use(world, allowed):
    for _ in range(3):
        make_order(world)
    order_transition(order=make_order(world), by=world.requester, action="cancel")
    charts = statistics_charts(order_statistics(user=world.manager))
    assert len(charts["months"]) == 12
    assert charts["months"][-1]["count"] == 4 and charts["months"][-1]["percent"] == 100
    assert all(bar["count"] == 0 for bar in charts["months"][:-1])
    assert [(b["status"], b["count"], b["percent"]) for b in charts["statuses"]] == [
        ("submitted", 3, 100),
        ("cancelled", 1, 33),
    ]


def test_a_manager_sees_the_charts_and_an_empty_organisation_sees_none(world, allowed, client):
    client.force_login(world.other_manager)
    assert 'data-testid="chart-months"' not in client.get("/").content.decode()
    make_order(world)
    client.force_login(world.manager)
    html = client.get("/").content.decode()
    assert 'data-testid="chart-months"' in html and 'data-testid="chart-statuses"' in html
    assert "<title>Dashboard · Dragoman</title>" in html
