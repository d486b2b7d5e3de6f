"""Ranked suggestions of linguists for a request waiting for one (PRODUCT.md §2)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from dragoman.assignments.models import Offer, OfferStatus
from dragoman.assignments.suggestions import WEIGHTS, suggestions_for
from dragoman.assignments.tests.conftest import linguist, waiting_order, work
from dragoman.linguists.models import LinguistProfile
from dragoman.orders.selectors import order_get_for_user

pytestmark = pytest.mark.django_db


def names(suggestions):
    return [s.name for s in suggestions]


def codes(suggestion):
    return [r.code for r in suggestion.reasons]


def test_only_available_linguists_with_the_exact_pair_are_suggested(world, allowed):
    order = waiting_order(world)  # de → en
    linguist("Exact Pair")
    linguist("Reversed Pair", pairs=(("en", "de"),))
    linguist("Other Source", pairs=(("fr", "en"),))
    linguist("On Holiday", available=False)
    suggestions = suggestions_for(order=order)
    assert names(suggestions) == ["Exact Pair"]
    assert codes(suggestions[0]) == ["language_pair", "free"]
    assert suggestions[0].score == 0 and suggestions[0].rank == 1


def test_service_topic_native_language_and_past_work_rank_linguists_in_that_order(world, allowed):
    order = waiting_order(world, service="consecutive", topic="Law and contracts")
    linguist("Bare Match")
    linguist("Regular", pairs=(("de", "en"),))
    linguist("Native", native=["en"])
    linguist("Lawyer", topics=["Law and contracts"])
    linguist("Interpreter", services=["consecutive"])
    linguist("Perfect", services=["consecutive"], topics=["Law and contracts"], native=["en"])
    regular = LinguistProfile.objects.get(user__full_name="Regular")
    work(world, regular, status="completed")
    work(world, regular, status="delivered")

    suggestions = suggestions_for(order=order)

    assert names(suggestions) == [
        "Perfect",
        "Interpreter",
        "Lawyer",
        "Native",
        "Regular",
        "Bare Match",
    ]
    perfect, interpreter, lawyer, native, regular, bare = suggestions
    assert (interpreter.score, lawyer.score, native.score, bare.score) == (
        WEIGHTS.service,
        WEIGHTS.topic,
        WEIGHTS.native,
        0,
    )
    assert codes(perfect) == ["language_pair", "service", "topic", "native", "free"]
    assert perfect.score == WEIGHTS.service + WEIGHTS.topic + WEIGHTS.native
    assert "Law and contracts" in perfect.reasons[2].label
    assert regular.score == 2 * WEIGHTS.per_past_job
    assert regular.reasons[-1].label == "Worked for this client 2 times"
    assert [s.rank for s in suggestions] == [1, 2, 3, 4, 5, 6]


def test_work_for_another_client_is_not_past_work_with_this_one(world, allowed):
    order = waiting_order(world)
    someone = linguist("Someone")
    work(world, someone, status="completed", by=world.other_manager)
    work(world, someone, status="cancelled")  # never done
    (suggestion,) = suggestions_for(order=order)
    assert "past_work" not in codes(suggestion)


def test_a_linguist_who_declined_this_request_before_sinks_below_a_bare_match(world, allowed):
    order = waiting_order(world)
    linguist("Bare Match")
    decliner = linguist("Decliner", services=["consecutive"])
    Offer.objects.create(
        order=order, linguist=decliner, status=OfferStatus.DECLINED, created_by=world.staff
    )
    suggestions = suggestions_for(order=order)
    assert names(suggestions) == ["Bare Match", "Decliner"]
    assert "declined" in codes(suggestions[1])
    assert suggestions[1].score == WEIGHTS.service + WEIGHTS.declined


def test_a_double_booked_linguist_is_last_and_shown_busy_with_the_clashing_request(world, allowed):
    start = timezone.now() + timedelta(days=5)
    order = waiting_order(world, starts_at=start, duration_minutes=120)
    linguist("Bare Match")
    booked = linguist("Booked", services=["consecutive"], topics=["Law and contracts"])
    offered = linguist("Offered Elsewhere", services=["consecutive"])
    confirmed = work(world, booked, status="in_progress", starts_at=start - timedelta(minutes=30))
    pending = work(world, offered, status="assigned", starts_at=start + timedelta(minutes=90))

    suggestions = suggestions_for(order=order)

    assert names(suggestions) == ["Bare Match", "Booked", "Offered Elsewhere"]
    busy = suggestions[1]
    assert busy.is_busy and busy.busy_with == [confirmed.pk]
    reason = next(r for r in busy.reasons if r.code == "busy")
    assert f"#{confirmed.pk}" in reason.label and reason.points == WEIGHTS.busy
    assert suggestions[2].busy_with == [pending.pk]
    assert not suggestions[0].is_busy


def test_work_that_ends_when_the_event_starts_is_no_clash(world, allowed):
    start = timezone.now() + timedelta(days=5)
    order = waiting_order(world, starts_at=start)
    early = linguist("Early Bird")
    work(world, early, status="in_progress", starts_at=start - timedelta(minutes=60))
    (suggestion,) = suggestions_for(order=order)
    assert not suggestion.is_busy and "free" in codes(suggestion)


def test_confirmed_work_ahead_costs_a_few_points_and_ties_break_by_pseudonym(world, allowed):
    order = waiting_order(world, starts_at=timezone.now() + timedelta(days=2))
    first, second, loaded = (linguist(n) for n in ("One", "Two", "Loaded"))
    # Confirmed work for another client: ahead, but not past work with this one.
    work(
        world,
        loaded,
        status="in_progress",
        by=world.other_manager,
        starts_at=timezone.now() + timedelta(days=20),
    )
    suggestions = suggestions_for(order=order)
    free = sorted([first, second], key=lambda p: p.pseudonym)
    assert [s.profile_id for s in suggestions] == [free[0].pk, free[1].pk, loaded.pk]
    assert suggestions[2].score == WEIGHTS.per_upcoming_job
    assert suggestions[2].reasons[-1].label == "1 confirmed job ahead"


def test_the_limit_keeps_the_best(world, allowed):
    order = waiting_order(world)
    for n in range(4):
        linguist(f"Plain {n}")
    linguist("Best", services=["consecutive"])
    suggestions = suggestions_for(order=order, limit=2)
    assert len(suggestions) == 2 and suggestions[0].name == "Best"


@pytest.mark.parametrize("count", [5, 50])
def test_suggestions_cost_two_queries_however_many_linguists(
    world, allowed, django_assert_num_queries, count
):
    order = waiting_order(world)
    for n in range(count):
        profile = linguist(f"Linguist {n}", services=["consecutive"] if n % 2 else [])
        if n % 3 == 0:
            work(world, profile, status="completed")
        if n % 7 == 0:
            work(world, profile, status="in_progress", starts_at=order.starts_at)
    order = order_get_for_user(user=world.staff, order_id=order.pk)
    with django_assert_num_queries(2):
        suggestions = suggestions_for(order=order, limit=None)
    assert len(suggestions) == count
    assert suggestions[-1].is_busy


def test_a_translation_has_no_calendar_query_and_no_clash(
    world, allowed, django_assert_num_queries
):
    from dragoman.catalog.models import Service
    from dragoman.orders.models import Order

    order = waiting_order(world)
    Order.objects.filter(pk=order.pk).update(
        service=Service.objects.get(code="translation"),
        starts_at=None,
        duration_minutes=None,
        deadline=timezone.now() + timedelta(days=4),
    )
    linguist("Translator", services=["translation"])
    order = order_get_for_user(user=world.staff, order_id=order.pk)
    with django_assert_num_queries(1):
        (suggestion,) = suggestions_for(order=order)
    assert codes(suggestion) == ["language_pair", "service"]


def test_ratings_from_outsourcers_on_the_board_move_a_linguist_up_or_down(world, allowed):
    """PRODUCT.md §2: suggestions ranked by … rating. The rating is the WWA average that
    outsourcers gave on the reputation board, published entries only."""
    from dragoman.board.models import WWAEntry
    from dragoman.board.tests.factories import make_outsourcer

    order = waiting_order(world)
    linguist("Unrated")
    linguist("Liked")
    linguist("Disliked")
    linguist("Pending Only")
    agency = make_outsourcer("Rating Agency")

    def rated(name, rating, status="published"):
        provider = LinguistProfile.objects.get(user__full_name=name).user
        WWAEntry.objects.create(
            outsourcer=agency,
            provider=provider,
            provider_label=name,
            author=world.manager,
            rating=rating,
            work_confirmed=True,
            status=status,
        )

    rated("Liked", 5)
    rated("Liked", 4)
    rated("Disliked", 1)
    rated("Pending Only", 1, status="pending")

    by_name = {s.name: s for s in suggestions_for(order=order)}
    ranked = names(suggestions_for(order=order))
    # The two without a published rating tie at 0, in pseudonym order.
    assert ranked[0] == "Liked" and ranked[-1] == "Disliked"
    assert set(ranked[1:3]) == {"Pending Only", "Unrated"}
    liked = by_name["Liked"]
    assert liked.score == round(1.5 * WEIGHTS.per_rating_step)
    assert [r.label for r in liked.reasons if r.code == "rating"] == [
        "Rated 4.5 of 5 by 2 outsourcers (WWA)"
    ]
    assert by_name["Disliked"].score == -2 * WEIGHTS.per_rating_step
    assert "rating" not in codes(by_name["Pending Only"]) and "rating" not in codes(
        by_name["Unrated"]
    )
