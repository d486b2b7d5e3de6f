from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from dragoman.board import selectors, statistics
from dragoman.board.enums import OutsourcerStatus
from dragoman.board.tests.factories import make_entries, make_outsourcer

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def names(queryset):
    return [o.name for o in queryset]


# --- Search -----------------------------------------------------------------------------------


def test_search_finds_part_of_a_name_in_any_case_and_with_or_without_accents(world):
    make_outsourcer("Société Générale de Traduction")
    make_outsourcer("Übersetzungsbüro Müller", country="DE", city="München")
    make_outsourcer("თარგმანის ცენტრი", country="GE", city="Tbilisi")
    search = selectors.outsourcer_search
    assert names(search(user=world.linguist, q="generale")) == ["Société Générale de Traduction"]
    assert names(search(user=world.linguist, q="GÉNÉ")) == ["Société Générale de Traduction"]
    assert names(search(user=world.linguist, q="muller")) == ["Übersetzungsbüro Müller"]
    assert names(search(user=world.linguist, q="ცენტრ")) == ["თარგმანის ცენტრი"]
    assert names(search(user=world.linguist, q="nothing like it")) == []


def test_search_filters_by_country_and_city(world):
    make_outsourcer("Alpha", country="DE", city="München")
    make_outsourcer("Beta", country="DE", city="Berlin")
    make_outsourcer("Gamma", country="AT", city="Wien")
    search = selectors.outsourcer_search
    assert names(search(user=world.linguist, country="de")) == ["Alpha", "Beta"]
    assert names(search(user=world.linguist, country="DE", city="munchen")) == ["Alpha"]


def test_search_shows_only_published_and_suspended_records(world):
    make_outsourcer("Shown")
    make_outsourcer("Suspended", status=OutsourcerStatus.SUSPENDED)
    make_outsourcer("Waiting", status=OutsourcerStatus.PENDING)
    make_outsourcer("Refused", status=OutsourcerStatus.REJECTED)
    assert names(selectors.outsourcer_search(user=world.staff)) == ["Shown", "Suspended"]


def test_search_sorts_by_name_or_by_average_with_records_without_entries_last(world):
    low, high, none = make_outsourcer("Aaa"), make_outsourcer("Bbb"), make_outsourcer("Abc")
    make_entries(low, [3, 4])
    make_entries(high, [5])
    assert names(selectors.outsourcer_search(user=world.linguist)) == ["Aaa", "Abc", "Bbb"]
    by_average = selectors.outsourcer_search(user=world.linguist, sort="average")
    assert names(by_average) == ["Bbb", "Aaa", "Abc"]
    assert none.entry_count == 0


def test_an_anonymous_visitor_finds_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    make_outsourcer("Shown")
    assert not selectors.outsourcer_search(user=AnonymousUser()).exists()


def test_a_page_of_search_results_costs_the_same_queries_for_10_or_60_records(
    world, django_assert_num_queries
):
    def run():
        return list(selectors.outsourcer_search(user=world.linguist, q="agency")[:50])

    for i in range(10):
        make_outsourcer(f"Agency {i}")
    selectors.outsourcer_search(user=world.linguist)  # the actor is cached on the user
    with django_assert_num_queries(1):
        run()
    for i in range(10, 60):
        make_outsourcer(f"Agency {i}")
    with django_assert_num_queries(1):
        assert len(run()) == 50


def test_a_search_page_of_few_matches_keeps_the_name_order_and_an_exact_count(world):
    # Few matches are sorted through an expression (so that PostgreSQL uses its trigram
    # index): the order and the pages must be those of the name order all the same.
    for name in ("Übersetzungsbüro Müller", "Muller & Co", "Agentur Müllerová", "Zet Muller"):
        make_outsourcer(name)
    for i in range(60):
        make_outsourcer(f"Müller Bureau {i:02}")
    make_outsourcer("Something Else")
    expected = names(selectors.outsourcer_search(user=world.linguist, q="muller"))
    first = selectors.outsourcer_search_page(user=world.linguist, q="müller", per_page=50)
    second = selectors.outsourcer_search_page(user=world.linguist, q="muller", page=2, per_page=50)
    assert names(first.object_list) + names(second.object_list) == expected
    assert expected[0] == "Agentur Müllerová" and expected[-1] == "Zet Muller"
    assert (first.count, first.count_is_exact, first.has_next) == (64, True, True)
    assert (second.count, second.has_next) == (64, False)


# --- Statistics -------------------------------------------------------------------------------


def stats(world):
    return statistics.board_statistics(user=world.linguist)


def ranked(rows):
    return [(r.name, round(r.average, 2), r.entries) for r in rows]


def test_an_average_of_4_50_is_left_out_and_4_51_is_listed(world):
    exactly = make_outsourcer("Exactly 4.50")
    make_entries(exactly, [4, 5])
    just_above = make_outsourcer("Just above")
    make_entries(just_above, [5] * 51 + [4] * 49)  # 451 / 100 = 4.51
    rows = stats(world)["all"]
    assert ranked(rows["many"]) == [("Just above", 4.51, 100)]
    assert rows["few"] == []


def test_ranking_is_by_average_then_entries_then_the_newer_record(world):
    with time_machine.travel(NOW - timedelta(days=30), tick=False):
        older = make_outsourcer("Older, same figures")
    with time_machine.travel(NOW - timedelta(days=10), tick=False):
        newer = make_outsourcer("Newer, same figures")
    more = make_outsourcer("More entries")
    best = make_outsourcer("Best")
    make_entries(older, [5, 5, 4])
    make_entries(newer, [5, 5, 4])
    make_entries(more, [5, 5, 4, 5, 5, 4])
    make_entries(best, [5])
    assert ranked(stats(world)["all"]["few"]) == [
        ("Best", 5.0, 1),
        ("More entries", 4.67, 6),
        ("Newer, same figures", 4.67, 3),
        ("Older, same figures", 4.67, 3),
    ]


@pytest.mark.parametrize(("entries", "group"), [(9, "few"), (10, "many")])
def test_each_table_is_split_in_two_by_the_number_of_entries(world, entries, group, settings):
    assert settings.BOARD_STATS_SPLIT_ENTRIES == 10
    make_entries(make_outsourcer("Split"), [5] * entries)
    figures = stats(world)["all"]
    assert [r.entries for r in figures[group]] == [entries]


def test_the_last_12_months_count_only_entries_published_in_that_time(world):
    record = make_outsourcer("Recently worse")
    make_entries(record, [5, 5, 5], published_at=NOW - timedelta(days=400))
    make_entries(record, [5, 4], published_at=NOW - timedelta(days=364))
    other = make_outsourcer("Old glory")
    make_entries(other, [5, 5], published_at=NOW - timedelta(days=366))
    with time_machine.travel(NOW, tick=False):
        figures = stats(world)
    assert ranked(figures["all"]["few"]) == [("Old glory", 5.0, 2), ("Recently worse", 4.8, 5)]
    # 5 and 4 in the last year: 4.5, left out; Old glory has nothing recent.
    assert figures["12m"]["few"] == []


def test_the_last_12_months_rank_like_the_all_time_table(world):
    first, second = make_outsourcer("First"), make_outsourcer("Second")
    make_entries(first, [5, 5], published_at=NOW - timedelta(days=100))
    make_entries(second, [5, 5, 4], published_at=NOW - timedelta(days=100))
    with time_machine.travel(NOW, tick=False):
        assert ranked(stats(world)["12m"]["few"]) == [("First", 5.0, 2), ("Second", 4.67, 3)]


def test_records_waiting_for_vetting_are_not_ranked(world):
    make_entries(make_outsourcer("Waiting", status=OutsourcerStatus.PENDING), [5, 5])
    figures = stats(world)
    assert figures["all"]["few"] == [] and figures["12m"]["few"] == []


def test_statistics_are_cached_until_an_entry_is_published(world, django_assert_num_queries):
    make_entries(make_outsourcer("First"), [5])
    stats(world)
    with django_assert_num_queries(0):
        stats(world)
    make_entries(make_outsourcer("Second"), [5, 5])
    assert [r.name for r in stats(world)["all"]["few"]] == ["Second", "First"]


def test_statistics_cost_the_same_queries_for_3_or_30_outsourcers(world, django_assert_num_queries):
    from django.core.cache import cache

    for i in range(3):
        make_entries(make_outsourcer(f"O{i}"), [5])
    stats(world)
    cache.clear()
    with django_assert_num_queries(3):
        stats(world)
    for i in range(3, 30):
        make_entries(make_outsourcer(f"O{i}"), [5, 5])
    cache.clear()
    with django_assert_num_queries(3):
        assert len(stats(world)["all"]["few"]) == 30


def test_after_a_change_readers_get_the_previous_figures_while_a_task_computes_new_ones(
    world, monkeypatch
):

    make_entries(make_outsourcer("First"), [5])
    stats(world)
    queued = []
    monkeypatch.setattr(statistics, "refresh_board_statistics", lambda: queued.append(1))
    make_entries(make_outsourcer("Second"), [5, 5])
    assert [r.name for r in stats(world)["all"]["few"]] == ["First"]
    assert [r.name for r in stats(world)["all"]["few"]] == ["First"]
    assert queued == [1]  # asked once, not by every reader
    selectors.board_statistics_compute()
    assert [r.name for r in stats(world)["all"]["few"]] == ["Second", "First"]


def test_a_renamed_record_shows_at_once_in_the_statistics(
    world, django_capture_on_commit_callbacks
):
    from dragoman.board import services

    record = make_outsourcer("Old Name Ltd")
    make_entries(record, [5])
    assert [r.name for r in stats(world)["all"]["few"]] == ["Old Name Ltd"]
    with django_capture_on_commit_callbacks(execute=True):
        services.outsourcer_update(by=world.staff, outsourcer=record, name="New Name Ltd")
    assert [r.name for r in stats(world)["all"]["few"]] == ["New Name Ltd"]
