"""Reputation board at scale: seeds outsourcers and LWA entries, then times the pages.

    .venv/bin/python bench/board.py --db var/board-bench.sqlite3           # an SQLite file
    DATABASE_URL=postgres://… .venv/bin/python bench/board.py               # a database of yours

Defaults follow the issue: 100 000 outsourcers and 1 000 000 entries; seeding is idempotent
(it fills up to the numbers asked). The pages are requested in-process with Django's test
client (middleware, templates, the menu's queries: everything but the network), each
``--runs`` times, and p50 / p99 are printed against the targets: search 30 ms, record page
40 ms, statistics 100 ms. Statistics are timed when computed in the request (an empty cache:
only the first reader after a restart), just after an entry changed them (the reader gets the
previous figures while a task computes the new ones) and cached. Never point it at a
database other people use: it writes.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

WORDS = [
    "Global",
    "Lingua",
    "Traduction",
    "Übersetzung",
    "Société",
    "Générale",
    "Translations",
    "Agency",
    "Bureau",
    "Interpreting",
    "Services",
    "Language",
    "Solutions",
    "Ltd",
    "GmbH",
    "Nordic",
    "Baltic",
    "Atlantic",
    "Iberia",
    "Alpine",
    "Kaukasus",
    "თარგმანი",
    "Москва",
    "Praha",
    "Kraków",
    "Zürich",
    "São",
    "Paulo",
    "Québec",
    "Ελληνικά",
]
CITIES = ("Paris", "Berlin", "München", "Tbilisi", "Kraków", "São Paulo", "Zürich", "London")
COUNTRIES = ("FR", "DE", "DE", "GE", "PL", "BR", "CH", "GB")


def setup(db: str | None) -> None:
    if db:
        os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragoman.config.settings")
    os.environ.setdefault("DRAGOMAN_TESTING", "1")  # no SITE_URL or secrets needed
    # Tasks are queued, as in production, not run inside the request.
    os.environ.setdefault("HUEY_IMMEDIATE", "0")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def seed(outsourcers: int, entries: int) -> None:
    from django.db import connection, transaction
    from django.db.models import Count, OuterRef, Subquery, Sum
    from django.db.models.functions import Coalesce
    from django.utils import timezone

    from dragoman.accounts.models import User
    from dragoman.board import text
    from dragoman.board.models import LWAEntry, Outsourcer

    rng = random.Random(7)
    have = Outsourcer.objects.count()
    started = time.perf_counter()
    author, _ = User.objects.get_or_create(
        email="bench-author@board.dragoman.test", defaults={"full_name": "Bench Author"}
    )
    now = timezone.now()
    with transaction.atomic():
        batch = []
        for i in range(have, outsourcers):
            name = f"{rng.choice(WORDS)} {rng.choice(WORDS)} {i}"
            k = rng.randrange(len(CITIES))
            batch.append(
                Outsourcer(
                    name=name,
                    search_name=text.normalise(name),
                    country=COUNTRIES[k],
                    city=CITIES[k],
                    search_city=text.normalise(CITIES[k]),
                    status="published",
                    listed=True,
                )
            )
            if len(batch) == 5000:
                Outsourcer.objects.bulk_create(batch)
                batch = []
        Outsourcer.objects.bulk_create(batch)
    ids = list(Outsourcer.objects.values_list("pk", flat=True))
    have_entries = LWAEntry.objects.count()
    with transaction.atomic():
        batch = []
        for _i in range(have_entries, entries):
            # A few outsourcers get many entries, most a handful: like real life.
            outsourcer_id = ids[int(len(ids) * rng.random() ** 2)]
            rating = rng.choices((1, 2, 3, 4, 5), weights=(5, 5, 10, 30, 50))[0]
            published = now - timezone.timedelta(days=rng.randrange(0, 1500))
            batch.append(
                LWAEntry(
                    outsourcer_id=outsourcer_id,
                    author=author,
                    author_kind="linguist",
                    author_label="Bench",
                    rating=rating,
                    comment="Paid on time." if rating > 3 else "",
                    work_confirmed=True,
                    status="published",
                    published_at=published,
                )
            )
            if len(batch) == 10000:
                LWAEntry.objects.bulk_create(batch)
                batch = []
        LWAEntry.objects.bulk_create(batch)
    if have < outsourcers or have_entries < entries:
        # The cached figures, as the services keep them, in one statement.
        published = LWAEntry.objects.filter(outsourcer=OuterRef("pk"), status="published")
        count = published.values("outsourcer").annotate(n=Count("id")).values("n")
        total = published.values("outsourcer").annotate(s=Sum("rating")).values("s")
        Outsourcer.objects.update(
            entry_count=Coalesce(Subquery(count), 0), rating_sum=Coalesce(Subquery(total), 0)
        )
        with connection.cursor() as cursor:
            cursor.execute(
                "UPDATE board_outsourcer SET average_lwa = CASE WHEN entry_count > 0 "
                "THEN CAST(rating_sum AS REAL) / entry_count ELSE 0 END"
            )
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(
        f"seeded: {Outsourcer.objects.count()} outsourcers, {LWAEntry.objects.count()} entries "
        f"({time.perf_counter() - started:.1f} s)"
    )


def timed(client, paths: list[str], *, before=None) -> list[float]:  # type: ignore[no-untyped-def]
    times = []
    for path in paths:
        if before:
            before()
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    return times


def report(name: str, times: list[float], target: float) -> None:
    ordered = sorted(times)
    p50 = statistics.median(ordered)
    p99 = ordered[max(0, int(len(ordered) * 0.99) - 1)]
    verdict = "ok" if p99 <= target else "OVER"
    print(f"{name:<22} p50 {p50:7.1f} ms   p99 {p99:7.1f} ms   target {target:5.0f} ms  {verdict}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="an SQLite file (else DATABASE_URL)")
    parser.add_argument("--outsourcers", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    setup(args.db)
    seed(args.outsourcers, args.entries)

    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from dragoman.accounts.models import User
    from dragoman.board.models import Outsourcer

    print(f"database: {connection.vendor}")
    user, _ = User.objects.get_or_create(
        email="bench-reader@board.dragoman.test", defaults={"full_name": "Bench Reader"}
    )
    client = Client()
    client.force_login(user)
    rng = random.Random(11)
    ids = list(Outsourcer.objects.values_list("pk", flat=True))
    busiest = list(Outsourcer.objects.order_by("-entry_count").values_list("pk", flat=True)[:20])
    searches = [
        f"/board/?q={rng.choice(WORDS)[:4]}&sort={rng.choice(['name', 'average'])}"
        for _ in range(args.runs)
    ]
    searches += [f"/board/?country=DE&city=munchen&q={rng.randrange(1000)}" for _ in range(20)]
    records = [f"/board/outsourcers/{rng.choice(ids)}/" for _ in range(args.runs)]
    records += [f"/board/outsourcers/{pk}/" for pk in busiest]
    timed(client, searches[:10] + records[:10])  # warm-up
    report("search", timed(client, searches), 30)
    report("record page", timed(client, records), 40)
    from dragoman.board.services import stats_changed

    def first_ever() -> None:
        cache.clear()

    def after_a_change() -> None:
        stats_changed()
        cache.delete("board-stats:refreshing")

    report("statistics (computed)", timed(client, ["/board/stats/"] * 5, before=first_ever), 100)
    report(
        "statistics (changed)", timed(client, ["/board/stats/"] * 50, before=after_a_change), 100
    )
    report("statistics (cached)", timed(client, ["/board/stats/"] * args.runs), 100)


if __name__ == "__main__":
    main()
