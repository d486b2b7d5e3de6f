#!/usr/bin/env python
"""Benchmark of ranked assignment suggestions (``dragoman.assignments.suggestions``).

Issue target: computing the suggestions for a request takes <= 100 ms with 5 000 linguists.
It prints numbers; it is not a test. Run it with the project's virtualenv:

    .venv/bin/python bench/suggestions.py                      # temporary SQLite file
    .venv/bin/python bench/suggestions.py --database-url postgres://postgres@127.0.0.1:5432/dragoman_bench_suggest

What it does (see bench/README.md):

1. points Django at its own database: by default a new SQLite file in a temporary folder
   (deleted afterwards); with ``--database-url`` an existing PostgreSQL database made for it
   (``createdb dragoman_bench_suggest``; names ``test`` and ``test_*`` are refused). Runs
   ``migrate``;
2. seeds, unless already seeded (idempotent): ``--linguists`` linguists (default 5 000) with
   a native language among 25, one to four language pairs skewed towards the big languages,
   one to three services, one to four specialisations, 10% not taking work; 60 client
   organisations; past work (completed / delivered) of linguists for clients; confirmed
   upcoming events (in progress) and pending offers (assigned) over the next 60 days, so
   that calendar clashes happen; ``--orders`` requests waiting for a linguist (accepted),
   with pairs drawn like real demand, a few of them declined before. Rows are
   bulk-created: the seed bypasses the services on purpose (it only needs the rows);
3. times ``suggestions_for(order=…)`` ``--runs`` times (default 200) over the waiting
   requests, after ``--warmup`` unmeasured calls, and prints p50 / p95 / p99 / max in ms,
   the SQL queries per call, and how many candidates the requests had.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
TARGET_MS = 100.0
SEED_MARK = "Bench suggestions"  # prefix of the seeded organisations' names

# Demand and supply are both skewed: English, Russian, German and French pairs are common,
# Georgian → Korean rare. Weights are relative.
LANGUAGE_WEIGHTS = {
    "en": 40, "ru": 14, "de": 14, "fr": 12, "es": 10, "it": 6, "pt": 5, "nl": 4, "pl": 4,
    "uk": 4, "fi": 3, "sv": 3, "bg": 2, "ka": 2, "tr": 3, "ar": 4, "zh": 5, "ja": 3, "ko": 2,
    "hy": 1, "az": 1, "kk": 1, "he": 2, "el": 2, "cs": 2,
}  # fmt: skip


def log(message: str = "") -> None:
    print(message, flush=True)


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--linguists", type=int, default=5000)
    parser.add_argument("--orders", type=int, default=200, help="requests waiting to be timed")
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--limit", type=int, default=20, help="suggestions kept per request")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", ""),
        help="an existing PostgreSQL database for the bench (default: a temporary SQLite file)",
    )
    parser.add_argument("--seed", type=int, default=7, help="random seed of the data")
    return parser.parse_args(argv)


def configure(args: argparse.Namespace) -> Path | None:
    """Environment for Django before setup; returns the temporary folder to delete."""
    temporary = None
    if args.database_url:
        url = urlparse(args.database_url)
        name = url.path.lstrip("/")
        if url.scheme not in ("postgres", "postgresql", "sqlite"):
            raise SystemExit("--database-url must be a postgres:// or sqlite:// URL.")
        if name == "test" or name.startswith("test_"):
            raise SystemExit(f"Refusing to use the database {name!r}: it belongs to the tests.")
        os.environ["DATABASE_URL"] = args.database_url
        os.environ.setdefault("DATABASE_POOL", "false")
    else:
        temporary = Path(tempfile.mkdtemp(prefix="dragoman-bench-suggest-"))
        os.environ["DATABASE_URL"] = f"sqlite:///{temporary / 'bench.sqlite3'}"
        os.environ["DRAGOMAN_DATA_DIR"] = str(temporary)
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dragoman.config.settings")
    sys.path.insert(0, str(ROOT))
    return temporary


def seed(args: argparse.Namespace) -> None:
    from django.contrib.auth.hashers import make_password
    from django.db import connection, transaction
    from django.utils import timezone

    from dragoman.accounts.models import User
    from dragoman.assignments.models import Offer, OfferStatus
    from dragoman.catalog.models import Language, Service, Topic
    from dragoman.linguists.models import LanguagePair, LinguistProfile
    from dragoman.orders.enums import OrderStatus
    from dragoman.orders.models import Order, OrderEvent
    from dragoman.orgs.enums import OrganisationKind
    from dragoman.orgs.models import Organisation

    if Organisation.objects.filter(name__startswith=SEED_MARK).exists():
        log(
            f"  already seeded: {LinguistProfile.objects.count()} linguists, "
            f"{Order.objects.count()} requests"
        )
        return

    started = time.perf_counter()
    rng = random.Random(args.seed)
    languages = {lang.code: lang.pk for lang in Language.objects.all()}
    codes = [c for c in LANGUAGE_WEIGHTS if c in languages]
    weights = [LANGUAGE_WEIGHTS[c] for c in codes]
    services = {s.code: s for s in Service.objects.all()}
    interpreting = [s for s in services.values() if s.kind == "interpreting"]
    translating = [s for s in services.values() if s.kind != "interpreting"]
    topics = list(Topic.objects.values_list("pk", flat=True))
    password = make_password(None)
    now = timezone.now()

    def other_language(than: str) -> str:
        while True:
            code = rng.choices(codes, weights)[0]
            if code != than:
                return code

    with transaction.atomic():
        staff = User.objects.create_user(
            "staff@bench-suggest.test", None, full_name="Bench Staff", is_staff=True
        )
        orgs = Organisation.objects.bulk_create(
            Organisation(kind=OrganisationKind.CLIENT, name=f"{SEED_MARK} client {n:02d}")
            for n in range(60)
        )
        requesters = User.objects.bulk_create(
            User(email=f"requester{n}@bench-suggest.test", full_name=f"Requester {n}",
                 password=password)
            for n in range(len(orgs))
        )  # fmt: skip
        users = User.objects.bulk_create(
            (
                User(email=f"linguist{n}@bench-suggest.test", full_name=f"Linguist {n:05d}",
                     password=password, timezone="Europe/Berlin")
                for n in range(args.linguists)
            ),
            batch_size=2000,
        )  # fmt: skip
        profiles = LinguistProfile.objects.bulk_create(
            (
                LinguistProfile(
                    user=user, pseudonym=f"Bench {n:05d}", is_available=rng.random() > 0.1
                )
                for n, user in enumerate(users)
            ),
            batch_size=2000,
        )
        pairs, natives, offered, specialised = [], [], [], []
        native_of = {}
        for profile in profiles:
            native = rng.choices(codes, weights)[0]
            native_of[profile.pk] = native
            natives.append((profile.pk, languages[native]))
            seen = set()
            for _ in range(rng.randint(1, 4)):
                other = other_language(native)
                # Most work goes into the native language; some the other way.
                source, target = (other, native) if rng.random() < 0.7 else (native, other)
                if (source, target) not in seen:
                    seen.add((source, target))
                    pairs.append(
                        LanguagePair(
                            profile_id=profile.pk,
                            source_id=languages[source],
                            target_id=languages[target],
                        )
                    )
            kind = interpreting if rng.random() < 0.5 else translating
            for service in rng.sample(kind, rng.randint(1, min(3, len(kind)))):
                offered.append((profile.pk, service.pk))
            for topic in rng.sample(topics, rng.randint(1, 4)):
                specialised.append((profile.pk, topic))
        LanguagePair.objects.bulk_create(pairs, batch_size=5000)
        LinguistProfile.native_languages.through.objects.bulk_create(
            (
                LinguistProfile.native_languages.through(linguistprofile_id=p, language_id=x)
                for p, x in natives
            ),
            batch_size=5000,
        )
        LinguistProfile.services.through.objects.bulk_create(
            (
                LinguistProfile.services.through(linguistprofile_id=p, service_id=x)
                for p, x in offered
            ),
            batch_size=5000,
        )
        LinguistProfile.specialisations.through.objects.bulk_create(
            (
                LinguistProfile.specialisations.through(linguistprofile_id=p, topic_id=x)
                for p, x in specialised
            ),
            batch_size=5000,
        )
        pairs_of: dict[int, list[LanguagePair]] = {}
        for pair in pairs:
            pairs_of.setdefault(pair.profile_id, []).append(pair)

        def order(
            n: int, status: str, *, org: int, pair=None, linguist=None, event=True, when=None
        ):  # type: ignore[no-untyped-def]
            if pair is None:
                source = rng.choices(codes, weights)[0]
                source_id, target_id = languages[source], languages[other_language(source)]
            else:
                source_id, target_id = pair.source_id, pair.target_id
            service = rng.choice(interpreting if event else translating)
            return Order(
                organisation_id=orgs[org].pk,
                requester_id=requesters[org].pk,
                title=f"Bench request {n}",
                status=status,
                service_id=service.pk,
                source_language_id=source_id,
                target_language_id=target_id,
                topic_id=rng.choice(topics),
                starts_at=when if event else None,
                duration_minutes=rng.choice((60, 90, 120, 180, 240)) if event else None,
                deadline=None if event else when,
                linguist_id=linguist,
            )

        work = []
        # Past work: about 4 jobs per linguist on average, for a few regular clients each.
        for n in range(args.linguists * 4):
            profile = rng.choice(profiles)
            work.append(
                order(
                    n,
                    rng.choice(
                        (OrderStatus.COMPLETED, OrderStatus.COMPLETED, OrderStatus.DELIVERED)
                    ),
                    org=hash((profile.pk, rng.randint(0, 2))) % len(orgs),
                    pair=rng.choice(pairs_of[profile.pk]),
                    linguist=profile.pk,
                    event=rng.random() < 0.5,
                    when=now - timedelta(days=rng.randint(1, 700)),
                )
            )
        # Confirmed upcoming work and pending offers over the next 60 days.
        for n in range(args.linguists):
            profile = rng.choice(profiles)
            work.append(
                order(
                    n,
                    OrderStatus.IN_PROGRESS if rng.random() < 0.85 else OrderStatus.ASSIGNED,
                    org=rng.randrange(len(orgs)),
                    pair=rng.choice(pairs_of[profile.pk]),
                    linguist=profile.pk,
                    event=rng.random() < 0.7,
                    when=now + timedelta(minutes=rng.randint(60, 60 * 24 * 60)),
                )
            )
        Order.objects.bulk_create(work, batch_size=5000)
        waiting = Order.objects.bulk_create(
            order(
                n,
                OrderStatus.ACCEPTED,
                org=rng.randrange(len(orgs)),
                event=rng.random() < 0.7,
                when=now + timedelta(minutes=rng.randint(60, 60 * 24 * 30)),
            )
            for n in range(args.orders)
        )
        OrderEvent.objects.bulk_create(
            OrderEvent(order=o, action="accept_quote", from_status="quoted", to_status="accepted")
            for o in waiting
        )
        declined = []
        for o in rng.sample(waiting, len(waiting) // 5):
            candidates = list(
                LanguagePair.objects.filter(
                    source_id=o.source_language_id, target_id=o.target_language_id
                ).values_list("profile_id", flat=True)[:3]
            )
            for linguist_id in candidates[: rng.randint(1, 2)]:
                declined.append(
                    Offer(
                        order=o,
                        linguist_id=linguist_id,
                        status=OfferStatus.DECLINED,
                        reason="Not available",
                        created_by=staff,
                        answered_at=now,
                    )
                )
        Offer.objects.bulk_create(declined)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    else:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    log(
        f"  seeded {len(profiles)} linguists, {len(pairs)} language pairs, "
        f"{len(work)} requests with a linguist, {len(waiting)} waiting, "
        f"{len(declined)} declined offers in {time.perf_counter() - started:.1f} s"
    )


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, min(len(ordered), round(p / 100 * len(ordered) + 0.5)))
    return ordered[rank - 1]


def measure(args: argparse.Namespace) -> dict[str, float]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dragoman.assignments.suggestions import suggestions_for
    from dragoman.orders.enums import OrderStatus
    from dragoman.orders.models import Order

    orders = list(
        Order.objects.filter(status=OrderStatus.ACCEPTED)
        .select_related("organisation", "service", "source_language", "target_language", "topic")
        .order_by("pk")
    )
    if not orders:
        raise SystemExit("No waiting request to time.")
    for n in range(args.warmup):
        suggestions_for(order=orders[n % len(orders)], limit=args.limit)

    queries, candidates = [], []
    for o in orders:
        with CaptureQueriesContext(connection) as captured:
            suggestions_for(order=o, limit=args.limit)
        queries.append(len(captured))
        candidates.append(len(suggestions_for(order=o, limit=None)))

    timings = []
    for n in range(args.runs):
        o = orders[n % len(orders)]
        started = time.perf_counter()
        suggestions_for(order=o, limit=args.limit)
        timings.append((time.perf_counter() - started) * 1000)

    slowest = max(range(len(orders)), key=lambda i: candidates[i])
    log(
        f"  requests timed: {len(orders)} ({sum(1 for o in orders if o.starts_at)} events), "
        f"candidates per request: min {min(candidates)}, "
        f"median {statistics.median(candidates):g}, max {max(candidates)} "
        f"(#{orders[slowest].pk} {orders[slowest].source_language.code}→"
        f"{orders[slowest].target_language.code})"
    )
    log(f"  SQL queries per call: {sorted(set(queries))} (1 for translations, 2 for events)")
    return {
        "p50": percentile(timings, 50),
        "p95": percentile(timings, 95),
        "p99": percentile(timings, 99),
        "max": max(timings),
        "mean": statistics.fmean(timings),
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    temporary = configure(args)
    try:
        import django

        django.setup()
        from django.conf import settings
        from django.core.management import call_command
        from django.db import connection

        database = settings.DATABASES["default"]
        log(
            f"Database: {connection.vendor} {database['NAME']}"
            f"{' (temporary)' if temporary else ''}; DEBUG={settings.DEBUG}"
        )
        started = time.perf_counter()
        call_command("migrate", verbosity=0, interactive=False)
        log(f"  migrate: {time.perf_counter() - started:.1f} s")
        seed(args)
        log(f"\nsuggestions_for(limit={args.limit}), {args.runs} runs after {args.warmup} warm-up")
        result = measure(args)
        log(
            "  "
            + ", ".join(f"{k} {v:.1f} ms" for k, v in result.items())
            + f" -> target p99 <= {TARGET_MS:g} ms: "
            + ("MET" if result["p99"] <= TARGET_MS else "NOT MET")
        )
    finally:
        if temporary is not None:
            shutil.rmtree(temporary, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
