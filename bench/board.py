#!/usr/bin/env python
"""Reputation board at scale: seeds outsourcers and LWA entries, then times the pages.

It prints numbers; it is not a test. Run it with the project's virtualenv:

    .venv/bin/python bench/board.py                  # seed (first time), then measure
    .venv/bin/python bench/board.py --runs 300       # more requests per kind
    .venv/bin/python bench/board.py --explain        # EXPLAIN the slowest query of each kind
    .venv/bin/python bench/board.py --database-url postgres://postgres@127.0.0.1:5432/other

What it does (see bench/README.md):

1. creates the PostgreSQL database (``--database-url`` or ``BENCH_DATABASE_URL``, default
   ``dragoman_bench_board``; ``test`` and ``test_*`` are refused) if missing, migrates it and
   collects static files (pages run with DEBUG off);
2. checks that the COPY column lists below name every NOT NULL column without a database
   default of the seeded tables (a migration that adds one would make every row fail), then
   seeds ``--outsourcers`` published outsourcers (default 100 000) and ``--entries`` LWA
   entries (default 1 000 000) by a pool of linguist and partner authors, with COPY, in one
   transaction; recomputes the outsourcers' cached figures in one UPDATE and checks a sample
   against ``services.outsourcer_figures_refresh``; then VACUUM ANALYZE. A second run finds
   the numbers there and reuses them;
3. requests search (API and page), record pages and statistics in-process with Django's
   test client (middleware, templates, the menu's queries: everything but the network),
   ``--runs`` times each, as a logged-in linguist, and prints p50/p95/p99/max, SQL queries
   and SQL time per request against the issue's targets (search 30 ms, record page 40 ms,
   statistics 100 ms). A kind over its target gets its slowest query EXPLAINed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dragoman_bench_board"
# Its own Redis database and prefix: the statistics cache lives there.
REDIS_URL = "redis://127.0.0.1:6379/13"
REDIS_PREFIX = "bench-board"
RESULTS_DIR = ROOT / "bench" / "results"
DOMAIN = "board.bench.dragoman.test"
READER_EMAIL = f"reader@{DOMAIN}"
TARGETS_MS = {"search": 30.0, "record": 40.0, "stats": 100.0}

if __package__ in (None, ""):
    sys.path.insert(0, str(ROOT))


def log(message: str = "") -> None:
    print(message, flush=True)


# ---------------------------------------------------------------------------------------------
# Names: realistic, varied, with accents and transliterations
# ---------------------------------------------------------------------------------------------

# country, weight, cities, family names, name patterns ({s}, {t}: family names; {c}: city)
COUNTRIES: list[tuple[str, int, list[str], list[str], list[str]]] = [
    (
        "FR",
        12,
        ["Paris", "Lyon", "Marseille", "Toulouse", "Nantes", "Besançon", "Orléans", "Nîmes"],
        [
            "Lefèvre",
            "Dubois",
            "Moreau",
            "Girard",
            "Rousseau",
            "Bérenger",
            "Leclerc",
            "Fontaine",
            "Chevalier",
            "Mercier",
            "Gauthier",
            "Benoît",
            "Pelletier",
            "Lemaître",
            "Hébert",
        ],
        [
            "Traductions {s}",
            "Cabinet {s} Traduction",
            "{s} & {t} Associés",
            "Agence {c} Traduction",
            "Société {s} de Traduction SARL",
            "Interprètes {s} SAS",
            "Linguistique {s} et Fils",
        ],
    ),
    (
        "DE",
        14,
        ["Berlin", "München", "Köln", "Düsseldorf", "Hamburg", "Nürnberg", "Lübeck", "Göttingen"],
        [
            "Müller",
            "Schröder",
            "Schäfer",
            "Köhler",
            "Weiß",
            "Groß",
            "Krüger",
            "Schmitz",
            "Hoffmann",
            "Böhm",
            "Jäger",
            "Vogel",
            "Fuchs",
            "Kühn",
            "Lößner",
        ],
        [
            "Übersetzungsbüro {s}",
            "{s} Übersetzungen GmbH",
            "Dolmetscherdienst {c}",
            "Sprachendienst {s} & {t}",
            "{s} Fachübersetzungen KG",
            "Übersetzungen {s} {c}",
        ],
    ),
    (
        "CH",
        4,
        ["Zürich", "Genève", "Basel", "Lausanne", "Neuchâtel"],
        ["Meier", "Brunner", "Gerber", "Bühler", "Zürcher", "Favre", "Rochat", "Lüthi"],
        ["{s} Sprachdienste AG", "Traductions {s} Sàrl", "{c} Language Services", "{s} & {t} AG"],
    ),
    (
        "RU",
        12,
        ["Moskva", "Sankt-Peterburg", "Kazan", "Nizhny Novgorod", "Yekaterinburg", "Samara"],
        [
            "Ivanov",
            "Smirnova",
            "Kuznetsov",
            "Popov",
            "Sokolova",
            "Lebedev",
            "Kozlov",
            "Novikova",
            "Morozov",
            "Volkov",
            "Solovyov",
            "Vasilyeva",
            "Zaytsev",
            "Pavlova",
            "Semyonov",
        ],
        [
            "Byuro Perevodov {s}",
            "Perevodcheskoe Agentstvo «{c}»",
            "{s} Lingvo OOO",
            "Tsentr Perevodov {s}",
            "Бюро переводов «{s}»",
            "Lingvo-Servis {c}",
        ],
    ),
    (
        "GE",
        6,
        ["Tbilisi", "Kutaisi", "Batumi", "Rustavi", "Zugdidi"],
        [
            "Beridze",
            "Kapanadze",
            "Gelashvili",
            "Tsiklauri",
            "Japaridze",
            "Lomidze",
            "Chkheidze",
            "Abashidze",
            "Kvaratskhelia",
            "Nozadze",
        ],
        [
            "Targmnis Biuro {s}",
            "{c} Translation Centre",
            "{s} & {t} Translations LLC",
            "თარგმნის ბიურო {s}",
            "Sakartvelos Targmanis Sakhli {c}",
        ],
    ),
    (
        "PL",
        7,
        ["Warszawa", "Kraków", "Łódź", "Wrocław", "Poznań", "Gdańsk"],
        [
            "Nowak",
            "Wiśniewski",
            "Wójcik",
            "Kowalczyk",
            "Kamiński",
            "Lewandowski",
            "Zieliński",
            "Szymański",
            "Woźniak",
            "Dąbrowski",
        ],
        [
            "Biuro Tłumaczeń {s}",
            "Tłumaczenia {s} sp. z o.o.",
            "{c} Lingua s.c.",
            "Agencja Tłumaczy {s} i {t}",
        ],
    ),
    (
        "ES",
        6,
        ["Madrid", "Barcelona", "Málaga", "A Coruña", "Córdoba", "León"],
        [
            "García",
            "Fernández",
            "González",
            "Martínez",
            "Sánchez",
            "Pérez",
            "Gómez",
            "Muñoz",
            "Ibáñez",
            "Núñez",
        ],
        [
            "Traducciones {s} S.L.",
            "Agencia de Traducción {c}",
            "{s} y {t} Intérpretes",
            "Lingüística {s} S.A.",
        ],
    ),
    (
        "BR",
        5,
        ["São Paulo", "Rio de Janeiro", "Brasília", "Belém", "Goiânia"],
        [
            "Gonçalves",
            "Araújo",
            "Brandão",
            "Conceição",
            "Magalhães",
            "Simões",
            "Assunção",
            "Guimarães",
        ],
        ["Traduções {s} Ltda.", "{c} Traduções Juramentadas", "{s} & {t} Idiomas"],
    ),
    (
        "GB",
        12,
        ["London", "Manchester", "Edinburgh", "Bristol", "Leeds", "Cardiff"],
        [
            "Smith",
            "Jones",
            "Taylor",
            "Brown",
            "Wilson",
            "Evans",
            "Thomas",
            "Roberts",
            "O'Brien",
            "McAllister",
            "Fitzgerald",
        ],
        [
            "{s} Translations Ltd",
            "{c} Language Services",
            "{s} & {t} Localisation",
            "Global {s} Translation Agency",
            "{s} Interpreting Services",
        ],
    ),
    (
        "US",
        10,
        ["New York", "San Francisco", "Chicago", "Houston", "Seattle", "Miami"],
        [
            "Johnson",
            "Williams",
            "Miller",
            "Davis",
            "Rodríguez",
            "Nguyễn",
            "Kowalski",
            "Olsen",
            "Schmidt",
            "Cohen",
        ],
        [
            "{s} Localization Inc.",
            "{c} Translation Group",
            "{s} & {t} Language Solutions LLC",
            "Lingua{s} Corp.",
        ],
    ),
    (
        "TR",
        4,
        ["İstanbul", "Ankara", "İzmir", "Eskişehir"],
        ["Yılmaz", "Şahin", "Öztürk", "Çelik", "Doğan", "Aydın", "Kılıç", "Güneş"],
        ["{s} Çeviri Hizmetleri", "{c} Tercüme Bürosu", "{s} ve {t} Dil Hizmetleri Ltd. Şti."],
    ),
    (
        "CZ",
        3,
        ["Praha", "Brno", "Ostrava", "Plzeň", "České Budějovice"],
        ["Dvořák", "Novotný", "Černý", "Procházka", "Kučera", "Veselý", "Růžička"],
        ["Překladatelská agentura {s}", "{s} Překlady s.r.o.", "{c} Tlumočníci"],
    ),
    (
        "SE",
        3,
        ["Stockholm", "Göteborg", "Malmö", "Västerås"],
        ["Johansson", "Åberg", "Löfgren", "Sjöberg", "Ström", "Nyström", "Bäckström"],
        ["{s} Översättningar AB", "{c} Språktjänst", "{s} & {t} Tolkservice"],
    ),
]
FAMOUS = [("Société Générale de Traduction", "FR", "Paris")]

COMMENTS = [
    "Paid on time, clear instructions, friendly project managers.",
    "Payment arrived 10 days after the invoice, as agreed.",
    "Good communication, but the deadlines are always very tight.",
    "Paid after three reminders, two months late.",
    "Still waiting for payment after 120 days.",
    "Paiement reçu à temps, chef de projet très réactif.",
    "Zahlung pünktlich, sehr angenehme Zusammenarbeit.",
    "Оплата вовремя, адекватные сроки.",
    "Always pays within 30 days; reference material provided.",
    "Rates were lowered after the job was delivered.",
]
REPLIES = [
    "Thank you for your kind words.",
    "The invoice was paid as soon as the client paid us.",
    "We have contacted you by e-mail to settle this.",
]
# Replies staff hid (FAQ 2.18), with their reason; the text is kept, hidden.
HIDDEN_REPLIES = [
    ("This translator is lazy and should find another job.", "Personal remarks about the author."),
    ("Our client, Nordbank AG, was never satisfied with this work.", "The reply names a client."),
]


def outsourcer_names(count: int, rng: random.Random) -> list[tuple[str, str, str]]:
    """(name, country, city), unique by normalised name and country as the services insist."""
    from dragoman.board import text

    weights = [c[1] for c in COUNTRIES]
    seen: set[tuple[str, str]] = set()
    rows: list[tuple[str, str, str]] = []
    for name, country, city in FAMOUS:
        seen.add((text.normalise(name), country))
        rows.append((name, country, city))
    while len(rows) < count:
        country, _w, cities, families, patterns = rng.choices(COUNTRIES, weights)[0]
        city = rng.choice(cities)
        s, t = rng.sample(families, 2)
        name = rng.choice(patterns).format(s=s, t=t, c=city)
        for candidate in (name, f"{name} {city}", f"{name} {rng.randrange(2, 999)}"):
            key = (text.normalise(candidate), country)
            if key not in seen:
                seen.add(key)
                rows.append((candidate, country, city))
                break
    return rows


# ---------------------------------------------------------------------------------------------
# Database and Django
# ---------------------------------------------------------------------------------------------


def database_name(url: str) -> str:
    """The database of a postgres:// URL; the tests' own databases are refused."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme not in ("postgres", "postgresql") or not name:
        raise SystemExit(f"--database-url must be a postgres:// URL with a database, not {url!r}.")
    if name == "test" or name.startswith("test_"):
        raise SystemExit(f"Refusing to use the database {name!r}: it belongs to the tests.")
    return name


def static_root(args: argparse.Namespace) -> Path:
    return Path(args.results_dir) / "static-board"


def bench_env(args: argparse.Namespace) -> dict[str, str]:
    """The settings the bench runs with, as environment variables read by Django's settings."""
    return {
        "DATABASE_URL": args.database_url,
        "REDIS_URL": args.redis_url,
        "REDIS_PREFIX": args.redis_prefix,
        "DJANGO_SETTINGS_MODULE": "dragoman.config.settings",
        "DJANGO_DEBUG": "false",
        "STATIC_ROOT": str(static_root(args)),
    }


def ensure_database(url: str) -> bool:
    """CREATE DATABASE for ``url`` unless it exists; True when it was created."""
    import psycopg

    name = database_name(url)
    parsed = urlparse(url)
    with psycopg.connect(
        host=parsed.hostname or "127.0.0.1",
        port=parsed.port or 5432,
        user=parsed.username or "postgres",
        password=parsed.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    ) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
    return True


def prepare(args: argparse.Namespace) -> None:
    """The bench database, migrated, and static files collected (pages run with DEBUG off),
    in this process: each Django start-up in a subprocess would cost seconds."""
    made = ensure_database(args.database_url)
    log(f"database {database_name(args.database_url)}: {'created' if made else 'exists'}")
    os.environ.update(bench_env(args))
    os.environ.pop("DRAGOMAN_TESTING", None)
    static_root(args).mkdir(parents=True, exist_ok=True)
    import django
    from django.core.management import call_command

    django.setup()
    for command in ("migrate", "collectstatic"):
        started = time.perf_counter()
        call_command(command, interactive=False, verbosity=0)
        log(f"  {command}: ok ({time.perf_counter() - started:.1f} s)")


# ---------------------------------------------------------------------------------------------
# Seed
# ---------------------------------------------------------------------------------------------


# What COPY fills. Every other column of these tables must be nullable or have a database
# default: Django keeps a field's ``default`` in Python, so a column a later migration adds
# (``listed``, ``reply_hidden_reason``) is NOT NULL without a default and fails every row.
# ``check_copy_columns`` says so by name before anything is generated.
OUTSOURCER_COLUMNS = (
    "created_at", "updated_at", "name", "search_name", "country", "city", "search_city",
    "website", "emails", "phones", "status", "listed", "vetted_at", "rejection_reason",
    "entry_count", "rating_sum", "average_lwa", "open_nonpayment_count", "suspension_reason",
)  # fmt: skip
ENTRY_COLUMNS = (
    "created_at", "updated_at", "outsourcer_id", "author_id", "author_kind", "author_label",
    "rating", "comment", "comment_flags", "work_confirmed", "status", "pending_comment",
    "queued_at", "published_at", "vetted_at", "status_reason", "reply", "replied_at",
    "reply_hidden_reason",
)  # fmt: skip
COPIED = {"board_outsourcer": OUTSOURCER_COLUMNS, "board_lwaentry": ENTRY_COLUMNS}


def check_copy_columns() -> None:
    """Stop with the names of the columns COPY would leave empty or does not find."""
    from django.db import connection

    problems = []
    with connection.cursor() as cursor:
        for table, columns in COPIED.items():
            described = connection.introspection.get_table_description(cursor, table)
            for column in described:
                required = not column.null_ok and column.default is None
                if required and not column.is_autofield and column.name not in columns:
                    problems.append(
                        f"{table}.{column.name} is NOT NULL without a database default "
                        "and is not in the COPY column list"
                    )
            known = {column.name for column in described}
            problems += [
                f"{table}.{name} is in the COPY column list but not in the table"
                for name in columns
                if name not in known
            ]
    if problems:
        raise SystemExit(
            "bench/board.py cannot seed this schema:\n  - "
            + "\n  - ".join(problems)
            + "\nAdd or remove the column in OUTSOURCER_COLUMNS / ENTRY_COLUMNS and give it "
            "realistic values in seed() (see dragoman/board/models.py)."
        )


def _copy(table: str, rows: Any) -> int:
    """COPY rows given as {column: text} (already escaped: the generated values hold no tabs
    or backslashes); each row must name exactly the table's COPY columns."""
    from django.db import connection

    columns = COPIED[table]
    wanted = set(columns)
    count = 0
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with connection.connection.cursor() as cursor, cursor.copy(sql) as copy:
        chunk: list[str] = []
        for row in rows:
            if row.keys() != wanted:
                raise SystemExit(
                    f"bench/board.py: a {table} row does not match its COPY columns: "
                    f"{sorted(row.keys() ^ wanted)}"
                )
            chunk.append("\t".join([row[column] for column in columns]) + "\n")
            count += 1
            if len(chunk) == 20000:
                copy.write("".join(chunk))
                chunk = []
        copy.write("".join(chunk))
    return count


def _ts(value: dt.datetime | None) -> str:
    return r"\N" if value is None else value.isoformat()


def seed(outsourcers: int, entries: int, authors: int) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.utils import timezone

    from dragoman.accounts.models import User
    from dragoman.board import services, text
    from dragoman.board.enums import OutsourcerStatus
    from dragoman.board.models import LWAEntry, Outsourcer
    from dragoman.linguists.models import LinguistProfile

    check_copy_columns()
    started = time.perf_counter()
    have_o, have_e = Outsourcer.objects.count(), LWAEntry.objects.count()
    reader = User.objects.filter(email=READER_EMAIL).first()
    if have_o >= outsourcers and have_e >= entries and reader is not None:
        log(f"seed: reusing {have_o} outsourcers and {have_e} entries")
        return {"seconds": 0.0, "created": False}
    rng = random.Random(2026)
    now = timezone.now()
    with transaction.atomic():
        # A pool of authors: linguists (shown by pseudonym) and partner agencies (by name).
        have_a = User.objects.filter(email__endswith=f"@{DOMAIN}").exclude(email=READER_EMAIL)
        missing = authors - have_a.count()
        if missing > 0:
            start = authors - missing
            User.objects.bulk_create(
                [
                    User(
                        email=f"author{i}@{DOMAIN}",
                        full_name=f"Bench Author {i}",
                        password="!",  # unusable
                    )
                    for i in range(start, authors)
                ],
                batch_size=5000,
            )
        author_ids = list(
            User.objects.filter(email__startswith="author", email__endswith=f"@{DOMAIN}")
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        if reader is None:
            reader = User.objects.create(email=READER_EMAIL, full_name="Bench Reader")
            reader.set_unusable_password()
            reader.save()
            LinguistProfile.objects.get_or_create(
                user=reader, defaults={"pseudonym": "Bench Reader 1"}
            )

        if have_o < outsourcers:
            names = outsourcer_names(outsourcers, rng)[have_o:]
            public = {OutsourcerStatus.PUBLISHED.value, OutsourcerStatus.SUSPENDED.value}

            def outsourcer_rows() -> Any:
                for k, (name, country, city) in enumerate(names):
                    created = now - dt.timedelta(days=rng.uniform(30, 3650))
                    slug = f"o{have_o + k}"
                    status = OutsourcerStatus.PUBLISHED.value
                    yield {
                        "created_at": _ts(created),
                        "updated_at": _ts(created),
                        "name": name,
                        "search_name": text.normalise(name),
                        "country": country,
                        "city": city,
                        "search_city": text.normalise(city),
                        "website": f"https://{slug}.example",
                        "emails": json.dumps([f"office@{slug}.example"]),
                        "phones": "[]",
                        "status": status,
                        # On the board, as the constraint board_out_listed_follows_status holds.
                        "listed": "t" if status in public else "f",
                        "vetted_at": _ts(created + dt.timedelta(hours=rng.uniform(1, 30))),
                        "rejection_reason": "",
                        "entry_count": "0",
                        "rating_sum": "0",
                        "average_lwa": "0",
                        "open_nonpayment_count": "0",
                        "suspension_reason": "",
                    }

            made = _copy("board_outsourcer", outsourcer_rows())
            log(f"  outsourcers: +{made} ({time.perf_counter() - started:.1f} s)")

        if have_e < entries:
            rows = list(Outsourcer.objects.order_by("pk").values_list("pk", "created_at"))
            # One record in ten has no entries; among the others a few have thousands and most
            # a handful (rank ** 2), in an order unrelated to name or id.
            rng.shuffle(rows)
            rated = rows[: len(rows) * 9 // 10]
            quality = {pk: rng.choice((2.2, 3.0, 3.6, 4.0, 4.3, 4.6, 4.8, 4.9)) for pk, _ in rated}
            labels = {
                pk: (
                    ("partner", f"Partner Agency {i}")
                    if i % 10 == 0
                    else ("linguist", f"{rng.choice(ADJ)} {rng.choice(NOUN)} {i % 97}")
                )
                for i, pk in enumerate(author_ids)
            }

            def entry_rows() -> Any:
                for _i in range(have_e, entries):
                    pk, since = rated[int(len(rated) * rng.random() ** 2)]
                    author = rng.choice(author_ids)
                    kind, label = labels[author]
                    rating = min(5, max(1, round(rng.gauss(quality[pk], 0.9))))
                    created = now - dt.timedelta(
                        seconds=rng.uniform(0, max(86400.0, (now - since).total_seconds()))
                    )
                    roll = rng.random()
                    status = (
                        "published"
                        if roll < 0.95
                        else "pending"
                        if roll < 0.97
                        else "rejected"
                        if roll < 0.985
                        else "disputed"
                        if roll < 0.993
                        else "deleted"
                    )
                    published = status in ("published", "disputed", "deleted")
                    vetted = created + dt.timedelta(hours=rng.uniform(0.2, 12))
                    replied = published and rng.random() < 0.05
                    reply, hidden_reason = (rng.choice(REPLIES), "") if replied else ("", "")
                    if replied and rng.random() < 0.02:  # staff hid one reply in fifty
                        reply, hidden_reason = rng.choice(HIDDEN_REPLIES)
                    yield {
                        "created_at": _ts(created),
                        "updated_at": _ts(vetted if status != "pending" else created),
                        "outsourcer_id": str(pk),
                        "author_id": str(author),
                        "author_kind": kind,
                        "author_label": label,
                        "rating": str(rating),
                        "comment": rng.choice(COMMENTS) if rng.random() < 0.6 else "",
                        "comment_flags": "[]",
                        "work_confirmed": "t" if rng.random() < 0.9 else "f",
                        "status": status,
                        "pending_comment": "",
                        "queued_at": _ts(created if status in ("pending", "disputed") else None),
                        "published_at": _ts(vetted if published else None),
                        "vetted_at": _ts(vetted if status != "pending" else None),
                        "status_reason": "",
                        "reply": reply,
                        "replied_at": _ts(vetted + dt.timedelta(days=2) if replied else None),
                        "reply_hidden_reason": hidden_reason,
                    }

            made = _copy("board_lwaentry", entry_rows())
            log(f"  entries: +{made} ({time.perf_counter() - started:.1f} s)")
        figures_recompute()
        # The reader's own entries: one published, one waiting (their record pages show both);
        # the board's own function keeps those two records' figures.
        busiest, fewest = _sample_records()
        for outsourcer_id, status in ((busiest, "published"), (fewest, "pending")):
            LWAEntry.objects.get_or_create(
                outsourcer_id=outsourcer_id,
                author=reader,
                defaults={
                    "author_kind": "linguist",
                    "author_label": "Bench Reader 1",
                    "rating": 5,
                    "comment": "Paid on time.",
                    "work_confirmed": True,
                    "status": status,
                    "published_at": now if status == "published" else None,
                    "queued_at": now if status == "pending" else None,
                },
            )
            services.outsourcer_figures_refresh(outsourcer=Outsourcer.objects.get(pk=outsourcer_id))
    check_figures()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE board_outsourcer")
        cursor.execute("VACUUM ANALYZE board_lwaentry")
        cursor.execute("VACUUM ANALYZE accounts_user")
    seconds = time.perf_counter() - started
    log(
        f"seed: {Outsourcer.objects.count()} outsourcers, {LWAEntry.objects.count()} entries "
        f"({seconds:.1f} s, VACUUM ANALYZE included)"
    )
    return {"seconds": round(seconds, 1), "created": True}


ADJ = ["Amber", "Azure", "Calm", "Cedar", "Copper", "Dawn", "Fern", "Frost", "Hazel", "Ivory"]
NOUN = ["Heron", "Otter", "Lynx", "Falcon", "Willow", "Maple", "Finch", "Badger", "Crane", "Fox"]


def figures_recompute() -> None:
    """The cached figures of every outsourcer, as ``services.outsourcer_figures_refresh``
    computes them for one: count and sum of its *published* entries, and the average as
    ``total / count`` in double precision (0 without entries). One statement instead of
    100 000 calls; ``check_figures`` compares a sample with the service afterwards."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            UPDATE board_outsourcer o
               SET entry_count = f.n, rating_sum = f.s,
                   average_lwa = CASE WHEN f.n > 0 THEN f.s::double precision / f.n ELSE 0 END
              FROM (SELECT o2.id, count(e.id) AS n, coalesce(sum(e.rating), 0) AS s
                      FROM board_outsourcer o2
                      LEFT JOIN board_lwaentry e
                        ON e.outsourcer_id = o2.id AND e.status = 'published'
                     GROUP BY o2.id) f
             WHERE f.id = o.id
               AND (o.entry_count, o.rating_sum) IS DISTINCT FROM (f.n, f.s)
            """
        )
        log(f"  cached figures: {cursor.rowcount} outsourcers updated")


def check_figures(sample: int = 40) -> None:
    """The board's own recompute function agrees with the bulk UPDATE on a sample."""
    from django.db import transaction

    from dragoman.board import services
    from dragoman.board.models import Outsourcer

    busiest, fewest = _sample_records()
    ids = list(Outsourcer.objects.order_by("?").values_list("pk", flat=True)[:sample])
    wrong = 0
    with transaction.atomic():
        for pk in [busiest, fewest, *ids]:
            before = Outsourcer.objects.get(pk=pk)
            after = services.outsourcer_figures_refresh(outsourcer=Outsourcer.objects.get(pk=pk))
            if (before.entry_count, before.rating_sum) != (after.entry_count, after.rating_sum) or (
                abs(before.average_lwa - after.average_lwa) > 1e-12
            ):
                wrong += 1
    log(f"  figures checked against outsourcer_figures_refresh: {sample + 2} records, {wrong} off")
    if wrong:
        raise SystemExit("The cached figures disagree with the service.")


def _sample_records() -> tuple[int, int]:
    """The outsourcer with the most published entries, and one with few (two or three)."""
    from dragoman.board.models import Outsourcer

    ordered = Outsourcer.objects.order_by("-entry_count", "pk").values_list("pk", flat=True)
    top = ordered.first()
    few = (
        Outsourcer.objects.filter(entry_count__in=(2, 3))
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    return top, (few or top)


# ---------------------------------------------------------------------------------------------
# Measurement
# ---------------------------------------------------------------------------------------------

SEARCHES: list[dict[str, str]] = [
    {"q": "muller"},  # accent-free input for Müller
    {"q": "müll", "sort": "average"},
    {"q": "societe generale"},  # Société Générale de Traduction
    {"q": "ubersetzungsburo", "country": "DE"},
    {"q": "traduc", "sort": "average"},
    {"q": "perevod", "country": "RU"},
    {"q": "beridze"},
    {"q": "targmnis biuro", "sort": "average"},
    {"q": "lingvo"},
    {"q": "wisniewski", "country": "PL"},
    {"q": "gonçalves", "sort": "average"},
    {"q": "translations ltd", "country": "GB", "sort": "average"},
    {"q": "xyzzy"},  # nothing matches: the whole name index is read
    {"country": "DE", "sort": "average"},
    {"country": "GE"},
    {"city": "krakow"},
    {"sort": "average"},  # the whole board, best first
    {},  # the whole board by name
    {"q": "sarl", "page": "3"},
    {"q": "ab"},
]


def percentile(ordered: list[float], q: float) -> float:
    """Nearest rank, as bench/load.py."""
    if not ordered:
        return 0.0
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def measure(
    client: Any, name: str, paths: list[str], runs: int, before: Any = None
) -> dict[str, Any]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for path in paths[:3]:  # warm templates, caches and the connection
        client.get(path)
    times, counts, sql_ms = [], [], []
    slowest: dict[str, Any] = {"ms": -1.0}
    by_path: dict[str, list[float]] = {}
    for i in range(runs):
        path = paths[i % len(paths)]
        if before:
            before()
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            response = client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{name}: {path} answered {response.status_code}")
        times.append(elapsed)
        by_path.setdefault(path, []).append(elapsed)
        counts.append(len(captured.captured_queries))
        sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
        for q in captured.captured_queries:
            if float(q["time"]) * 1000 > slowest["ms"]:
                slowest = {"ms": float(q["time"]) * 1000, "sql": q["sql"], "path": path}
    ordered = sorted(times)
    worst_path = max(by_path, key=lambda p: sorted(by_path[p])[len(by_path[p]) // 2])
    return {
        "name": name,
        "n": runs,
        "p50": percentile(ordered, 50),
        "p95": percentile(ordered, 95),
        "p99": percentile(ordered, 99),
        "max": ordered[-1],
        "queries": (min(counts), max(counts)),
        "sql_p50": percentile(sorted(sql_ms), 50),
        "sql_p99": percentile(sorted(sql_ms), 99),
        "slowest_query": slowest,
        "slowest_path": (worst_path, sorted(by_path[worst_path])[len(by_path[worst_path]) // 2]),
        "paths": sorted(
            (
                (percentile(sorted(t), 50), percentile(sorted(t), 100), p)
                for p, t in by_path.items()
            ),
            reverse=True,
        ),
    }


def explain(sql: str) -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
        return "\n".join("      " + row[0] for row in cursor.fetchall())


def run_measurements(args: argparse.Namespace) -> list[dict[str, Any]]:
    from django.conf import settings
    from django.core.cache import cache
    from django.test import Client

    from dragoman.accounts.models import User
    from dragoman.board import selectors, services
    from dragoman.board.models import Outsourcer

    def after_change() -> None:
        services.stats_changed()
        cache.delete(selectors.STATS_REFRESHING_KEY)

    reader = User.objects.get(email=READER_EMAIL)
    client = Client()
    client.force_login(reader)
    busiest, fewest = _sample_records()
    counts = dict(
        Outsourcer.objects.filter(pk__in=(busiest, fewest)).values_list("pk", "entry_count")
    )
    log(
        f"\nIn-process, Django test client, DEBUG={settings.DEBUG}, reader: a linguist; "
        f"{args.runs} requests per kind\n"
        f"  record pages: #{busiest} ({counts[busiest]} entries), #{fewest} "
        f"({counts[fewest]} entries)"
    )
    search_paths = [urlencode({k: v for k, v in s.items()}) for s in SEARCHES]
    kinds: list[tuple[str, str, list[str], Any]] = [
        ("search", "search_api", [f"/api/v1/outsourcers?{p}" for p in search_paths], None),
        ("search", "search_page", [f"/board/?{p}" for p in search_paths], None),
        ("record", "record_page_many", [f"/board/outsourcers/{busiest}/"], None),
        (
            "record",
            "record_page_many_p2_10",
            [f"/board/outsourcers/{busiest}/?page={n}" for n in range(2, 11)],
            None,
        ),
        ("record", "record_page_few", [f"/board/outsourcers/{fewest}/"], None),
        ("record", "record_api_many", [f"/api/v1/outsourcers/{busiest}"], None),
        ("record", "record_api_few", [f"/api/v1/outsourcers/{fewest}"], None),
        ("stats", "stats_page_cached", ["/board/stats/"], None),
        ("stats", "stats_api_cached", ["/api/v1/board/stats"], None),
        # Just after an entry changed the figures (services.stats_changed), each request the
        # first one since: it gets the previous figures and queues the task that computes
        # the new ones (tasks are queued here, as in production, and not run).
        ("stats", "stats_page_after_change", ["/board/stats/"], after_change),
        ("stats", "stats_api_after_change", ["/api/v1/board/stats"], after_change),
    ]
    only = set(args.only.split(",")) if args.only else None
    compute = None
    if not only or "stats" in only:
        # What the task (and the very first reader, with an empty cache) spends computing.
        timings = []
        for _i in range(args.compute_runs):
            started = time.perf_counter()
            selectors.board_statistics_compute()
            timings.append((time.perf_counter() - started) * 1000)
        compute = sorted(timings)
    results = []
    log(
        f"\n  {'kind':<24}{'p50':>8}{'p95':>8}{'p99':>8}{'max':>8}  {'target':>6}  "
        f"{'queries':>8} {'SQL p50':>8} {'SQL p99':>8}"
    )
    for group, name, paths, before in kinds:
        if only and name not in only and group not in only:
            continue
        runs = args.runs
        r = measure(client, name, paths, runs, before)
        r["target"] = TARGETS_MS[group]
        results.append(r)
        q = r["queries"]
        log(
            f"  {name:<24}{r['p50']:8.1f}{r['p95']:8.1f}{r['p99']:8.1f}{r['max']:8.1f}  "
            f"{r['target']:6.0f}  {q[0]:>3}-{q[1]:<4} {r['sql_p50']:8.1f}{r['sql_p99']:8.1f}"
            f"  {'ok' if r['p99'] <= r['target'] else 'OVER'}"
        )
    log("  (ms; p50/p95/p99/max of the whole request; SQL = time in queries per request)")
    if compute:
        log(
            f"  statistics computed (selectors.board_statistics_compute, {len(compute)} runs): "
            f"p50 {percentile(compute, 50):.0f} ms, max {compute[-1]:.0f} ms"
        )
    for r in results:
        if len(r["paths"]) > 1 and (args.explain or r["p99"] > r["target"]):
            log(f"\n{r['name']}, slowest paths (median / max ms):")
            for median, top, path in r["paths"][:5]:
                log(f"  {median:6.1f} {top:6.1f}  {path}")
    for r in results:
        over = r["p99"] > r["target"]
        if not (over or args.explain):
            continue
        s = r["slowest_query"]
        path, median = r["slowest_path"]
        log(
            f"\n{r['name']}: {'OVER target' if over else 'explain'}; slowest path {path} "
            f"(median {median:.1f} ms); slowest query {s['ms']:.1f} ms on {s['path']}:\n"
            f"      {s['sql'][:600]}"
        )
        log(explain(s["sql"]))
    return results


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--outsourcers", type=int, default=100_000)
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--authors", type=int, default=20_000, help="pool of entry authors")
    parser.add_argument("--runs", type=int, default=200, help="requests per kind")
    parser.add_argument(
        "--compute-runs", type=int, default=5, help="times the statistics are computed"
    )
    parser.add_argument("--only", help="comma-separated kinds or groups (search,record,stats)")
    parser.add_argument("--explain", action="store_true", help="EXPLAIN every kind's slowest")
    parser.add_argument("--seed-only", action="store_true")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DATABASE_URL,
        help=f"PostgreSQL database, created if missing (default: {DATABASE_URL})",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL") or REDIS_URL,
        help=f"Redis for the statistics cache and the task queue (default: {REDIS_URL})",
    )
    parser.add_argument(
        "--redis-prefix",
        default=os.environ.get("BENCH_REDIS_PREFIX") or REDIS_PREFIX,
        help=f"prefix of the Redis keys (default: {REDIS_PREFIX})",
    )
    parser.add_argument(
        "--results-dir",
        default=os.environ.get("BENCH_RESULTS_DIR") or str(RESULTS_DIR),
        help="static files are collected into its static-board folder (default: bench/results)",
    )
    args = parser.parse_args(argv)
    try:
        database_name(args.database_url)
    except SystemExit as exc:
        parser.error(str(exc))
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    log(
        f"bench/board.py: database {database_name(args.database_url)}, Redis "
        f"{args.redis_url} ({args.redis_prefix}), {args.outsourcers} outsourcers, "
        f"{args.entries} entries, {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f}"
    )
    prepare(args)
    seed(args.outsourcers, args.entries, args.authors)
    if args.seed_only:
        return 0
    results = run_measurements(args)
    from huey.contrib.djhuey import HUEY

    HUEY.flush()  # the statistics tasks queued by the runs: nobody consumes them here
    over = [r["name"] for r in results if r["p99"] > r["target"]]
    log(f"\nload average at the end: {os.getloadavg()[0]:.2f}")
    log("all targets met" if not over else f"over target: {', '.join(over)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
