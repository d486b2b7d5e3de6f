#!/usr/bin/env python
"""Open-loop load benchmark of Dragoman: the dashboard page and the contact list API.

It prints numbers; it is not a test. Run it with the project's virtualenv:

    .venv/bin/python bench/load.py                 # full run: seed, 100 req/s x 20 s, search
    .venv/bin/python bench/load.py --no-search     # only the fixed-rate runs
    .venv/bin/python bench/load.py --diagnose      # also count SQL queries per request

What it does (see bench/README.md):

1. creates the PostgreSQL database (``--database-url`` or ``BENCH_DATABASE_URL``, default
   ``dragoman_bench``; ``test`` and ``test_*`` are refused) if missing, migrates it and seeds
   one client organisation with a manager and ``--contacts`` contacts (idempotent);
2. starts the server the way ``make run`` does (``python -m dragoman serve --no-tasks``,
   ``WEB_CONCURRENCY`` uvicorn workers) on a free port and waits for ``/healthz``;
3. logs in (allauth form -> session cookie) and gets an API token;
4. sends requests at a fixed rate, on schedule whether or not earlier ones answered
   (open loop), and measures latency from the *scheduled* send time;
5. steps the rate up, then bisects, to find the highest rate with p99 <= 250 ms and no errors.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime as dt
import json
import math
import os
import platform
import random
import re
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = ROOT / "bench"
RESULTS_DIR = BENCH_DIR / "results"

# Defaults of --database-url and --redis-url.
DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dragoman_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"
DOMAIN = "bench.dragoman.test"
PASSWORD = "bench-Dragoman-7341"  # the manager's (and every seeded contact's) password
PAGE_SIZE = 50

# The targets, at 100 req/s, and the SLO used by the capacity search.
TARGET_RATE = 100.0
TARGET_P50_MS = 20.0
TARGET_P99_MS = 100.0
SEARCH_P99_MS = 250.0
SEARCH_LADDER = [100, 150, 200, 300, 400, 600, 800, 1200, 1600, 2400]
SEARCH_LADDER_DOWN = [75, 50, 35, 25, 15, 10, 5]

# Deterministic, varied names: the contact list sorts on them.
FIRST_NAMES = [
    "Anna",
    "Boris",
    "Chiara",
    "Dmitri",
    "Elena",
    "Farid",
    "Greta",
    "Hiroshi",
    "Ines",
    "Jonas",
    "Katarina",
    "Lars",
    "Maria",
    "Nikolai",
    "Olga",
    "Pavel",
    "Quentin",
    "Rosa",
    "Sergei",
    "Tamar",
    "Ulrike",
    "Viktor",
    "Wen",
    "Xenia",
    "Yusuf",
    "Zofia",
    "Amir",
    "Bettina",
    "Carlos",
    "Dagny",
    "Emil",
    "Fatima",
    "Georg",
    "Hanna",
    "Igor",
    "Julia",
]
LAST_NAMES = [
    "Schmidt",
    "Ivanova",
    "Rossi",
    "Petrov",
    "Novak",
    "Keller",
    "Fischer",
    "Moreau",
    "Virtanen",
    "Jensen",
    "Kowalski",
    "Horvath",
    "Nielsen",
    "Popescu",
    "Berg",
    "Weber",
    "Sokolova",
    "Costa",
    "Lindqvist",
    "Meyer",
    "Dubois",
    "Hoffmann",
    "Bauer",
    "Kuznetsov",
    "Wagner",
    "Nowak",
    "Smirnova",
    "Becker",
    "Lehmann",
    "Kraus",
]

SEED_MARK = "BENCH-SEED-RESULT "
DIAG_MARK = "BENCH-DIAG-RESULT "


def _fast_failing_sniffio_import() -> None:
    """httpcore 1.0 runs ``import sniffio`` for every lock it sets up, on every request.

    sniffio is not installed here (anyio 4.16 no longer needs it), and a failing import is
    not cached: each one searches sys.path on disk (~0.17 ms, most of the load generator's
    CPU). A None entry in sys.modules makes the same ImportError instant; httpcore then
    assumes asyncio, exactly as it does without sniffio.
    """
    try:
        import sniffio  # noqa: F401
    except ImportError:
        sys.modules["sniffio"] = None  # type: ignore[assignment]


def venv_python() -> str:
    candidate = ROOT / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


PYTHON = venv_python()


def log(message: str = "") -> None:
    print(message, flush=True)


def shown(path: Path) -> str:
    """A path as printed: relative to the project when it is inside it."""
    path = path.resolve()
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


# ---------------------------------------------------------------------------------------------
# Environment, database, migrations, seed
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


def child_env(args: argparse.Namespace) -> dict[str, str]:
    """The environment of every subprocess: the bench database and Redis, N workers."""
    env = dict(os.environ)
    env["DATABASE_URL"] = args.database_url
    env["REDIS_URL"] = args.redis_url
    if args.redis_prefix:
        env["REDIS_PREFIX"] = args.redis_prefix
    env["WEB_CONCURRENCY"] = str(args.workers)
    env["DJANGO_SETTINGS_MODULE"] = "dragoman.config.settings"
    env["PYTHONUNBUFFERED"] = "1"
    env.pop("DRAGOMAN_TESTING", None)  # the server runs as `make run` runs it
    return env


def ensure_database(database_url: str) -> bool:
    """CREATE DATABASE for the URL unless it exists; True when it was created."""
    import psycopg

    name = database_name(database_url)
    url = urlparse(database_url)
    with psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname="postgres",
        autocommit=True,
        connect_timeout=5,
    ) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if exists:
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def run_checked(args: list[str], env: dict[str, str], what: str) -> subprocess.CompletedProcess:
    started = time.perf_counter()
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        log(proc.stdout[-4000:])
        log(proc.stderr[-4000:])
        raise SystemExit(f"{what} failed (exit {proc.returncode}).")
    log(f"  {what}: ok ({time.perf_counter() - started:.1f} s)")
    return proc


def marked_json(output: str, mark: str) -> dict[str, Any]:
    for line in reversed(output.splitlines()):
        if line.startswith(mark):
            return json.loads(line[len(mark) :])
    raise SystemExit(f"No result line ({mark.strip()}) in the subprocess output:\n{output[-3000:]}")


def seed_worker(contacts: int, lookup_only: bool, orders: int = 0) -> None:
    """Runs in a subprocess with the bench environment: migrate, create what is missing,
    print ids. One subprocess for both: each Django start-up costs seconds."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from allauth.account.models import EmailAddress
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction

    from dragoman.accounts.models import User
    from dragoman.catalog.models import Service
    from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role
    from dragoman.orgs.models import Membership, Organisation, sort_name_for

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    org_name = f"Bench Client ({contacts} contacts)"
    manager_email = f"manager.{contacts}@{DOMAIN}"
    prefix = f"c{contacts}-"
    created = {"users": 0, "memberships": 0, "allowed_services": 0}

    def info(organisation: Organisation) -> dict[str, Any]:
        count = Membership.objects.filter(
            organisation=organisation, status=MembershipStatus.ACTIVE
        ).count()
        return {
            "organisation_id": organisation.pk,
            "organisation_name": organisation.name,
            "manager_email": manager_email,
            "memberships": count,
            "created": created,
            "migrate_seconds": migrate_seconds,
            "seconds": round(time.perf_counter() - started, 1),
            "debug": settings.DEBUG,
            "database": connection.settings_dict["NAME"],
            "vendor": connection.vendor,
            "pool": connection.settings_dict.get("OPTIONS", {}).get("pool"),
            "total_users": User.objects.count(),
            "orders": organisation.orders.count(),
        }

    if lookup_only:
        organisation = Organisation.objects.filter(
            kind=OrganisationKind.CLIENT, name=org_name
        ).first()
        if organisation is None:
            raise SystemExit(f"--skip-seed: there is no organisation {org_name!r}; seed first.")
        print(SEED_MARK + json.dumps(info(organisation)), flush=True)
        return

    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(
            kind=OrganisationKind.CLIENT,
            name=org_name,
            defaults={"country": "DE", "city": "Hamburg", "website": "https://bench.example"},
        )
        services = list(Service.objects.filter(is_active=True).order_by("position", "pk"))

        manager = User.objects.filter(email=manager_email).first()
        if manager is None:
            manager = User.objects.create_user(
                manager_email, PASSWORD, full_name="Bench Manager", mobile="+4915112345678"
            )
            created["users"] += 1
        elif not manager.check_password(PASSWORD) or not manager.is_active:
            manager.set_password(PASSWORD)
            manager.is_active = True
            manager.save()
        EmailAddress.objects.update_or_create(
            user=manager, email=manager_email, defaults={"verified": True, "primary": True}
        )
        membership, made = Membership.objects.get_or_create(
            user=manager,
            defaults={
                "organisation": organisation,
                "role": Role.MANAGER,
                "status": MembershipStatus.ACTIVE,
                "sort_name": sort_name_for(manager.full_name),
            },
        )
        if made:
            created["memberships"] += 1
            membership.allowed_services.set(services[:3])
        elif (
            membership.organisation_id != organisation.pk
            or membership.role != Role.MANAGER
            or membership.status != MembershipStatus.ACTIVE
        ):
            membership.organisation = organisation
            membership.role = Role.MANAGER
            membership.status = MembershipStatus.ACTIVE
            membership.save()

        existing = Membership.objects.filter(
            organisation=organisation, user__email__startswith=prefix
        ).count()
        if existing < contacts:
            rng = random.Random(contacts)
            first = FIRST_NAMES
            last = LAST_NAMES
            titles = ["", "", "Buyer", "Project lead", "Office manager", "Engineer", "Counsel"]
            password_hash = make_password(PASSWORD)  # hashed once, copied to every contact
            wanted = [f"{prefix}{i:05d}@{DOMAIN}" for i in range(contacts)]
            have = set(
                User.objects.filter(email__startswith=prefix).values_list("email", flat=True)
            )
            new_users = []
            for i, email in enumerate(wanted):
                if email in have:
                    continue
                new_users.append(
                    User(
                        email=email,
                        full_name=f"{rng.choice(first)} {rng.choice(last)}",
                        password=password_hash,
                        phone=f"+4940{rng.randrange(1000000, 9999999)}" if i % 3 else "",
                        mobile=f"+49151{rng.randrange(10000000, 99999999)}" if i % 4 == 0 else "",
                        other_contact="skype: bench" if i % 10 == 0 else "",
                        timezone="Europe/Berlin",
                    )
                )
            User.objects.bulk_create(new_users, batch_size=2000)
            created["users"] += len(new_users)

            orphans = list(
                User.objects.filter(email__startswith=prefix, memberships__isnull=True)
                .order_by("pk")
                .values_list("pk", "full_name")
            )
            new_memberships = [
                Membership(
                    user_id=user_id,
                    organisation=organisation,
                    role=Role.REQUESTER if n % 10 < 7 else Role.OBSERVER,
                    status=MembershipStatus.ACTIVE,
                    job_title=titles[n % len(titles)],
                    sort_name=sort_name_for(full_name),
                )
                for n, (user_id, full_name) in enumerate(orphans)
            ]
            Membership.objects.bulk_create(new_memberships, batch_size=2000)
            created["memberships"] += len(new_memberships)

            through = Membership.allowed_services.through
            links = []
            if services:
                for n, m in enumerate(new_memberships):
                    for k in range(1 + n % 3):  # one to three allowed services each
                        links.append(
                            through(
                                membership_id=m.pk, service_id=services[(n + k) % len(services)].pk
                            )
                        )
            through.objects.bulk_create(links, batch_size=5000, ignore_conflicts=True)
            created["allowed_services"] += len(links)

    if orders:
        created["orders"] = seed_orders(organisation, orders)

    # Fresh statistics for the planner and a current visibility map, so that index-only
    # scans need no heap fetches (autovacuum does this in a long-running database).
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(SEED_MARK + json.dumps(info(organisation)), flush=True)


ORDER_STATUSES = [
    # (status, weight): most requests of a two-year-old client are finished.
    ("completed", 55),
    ("cancelled", 8),
    ("declined", 3),
    ("delivered", 4),
    ("in_progress", 10),
    ("assigned", 3),
    ("accepted", 4),
    ("quoted", 4),
    ("submitted", 5),
    ("draft", 4),
]


def seed_orders(organisation: Any, wanted: int) -> int:
    """Bring the organisation to ``wanted`` orders spread over two years (bulk inserts)."""
    from datetime import timedelta

    from django.db import connection
    from django.utils import timezone

    from dragoman.catalog.enums import ServiceKind
    from dragoman.catalog.models import Language, Service, Topic
    from dragoman.orders.models import Order
    from dragoman.orgs.enums import Role

    have = organisation.orders.count()
    if have >= wanted:
        return 0
    rng = random.Random(wanted)
    requesters = list(
        organisation.memberships.filter(role__in=[Role.REQUESTER, Role.MANAGER]).values_list(
            "user_id", flat=True
        )
    )
    services = list(Service.objects.filter(is_active=True))
    languages = list(Language.objects.filter(is_active=True).values_list("pk", flat=True))
    topics = list(Topic.objects.filter(is_active=True).values_list("pk", flat=True))
    statuses = [s for s, _ in ORDER_STATUSES]
    weights = [w for _, w in ORDER_STATUSES]
    now = timezone.now()
    batch: list[Order] = []
    made = 0
    for i in range(have, wanted):
        service = rng.choice(services)
        source, target = rng.sample(languages, 2)
        when = now + timedelta(days=rng.uniform(-720, 60))
        interpreting = service.kind == ServiceKind.INTERPRETING
        batch.append(
            Order(
                organisation=organisation,
                requester_id=rng.choice(requesters),
                title=f"Bench request {i:06d}",
                status=rng.choices(statuses, weights)[0],
                service=service,
                source_language_id=source,
                target_language_id=target,
                topic_id=rng.choice(topics),
                starts_at=when if interpreting else None,
                duration_minutes=rng.choice([60, 90, 120, 240]) if interpreting else None,
                deadline=None if interpreting else when,
                time_zone="Europe/Berlin",
                notes="Bench notes" if i % 5 == 0 else "",
            )
        )
        if len(batch) == 5000:
            Order.objects.bulk_create(batch)
            made += len(batch)
            batch = []
    if batch:
        Order.objects.bulk_create(batch)
        made += len(batch)
    # created_at is set on insert; spread it over the two years before the event or deadline.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE orders_order SET created_at = COALESCE(starts_at, deadline) "
            "- (interval '1 day' * (1 + (id %% 40))) WHERE organisation_id = %s",
            [organisation.pk],
        )
    return made


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    log("Preparing the database")
    made = ensure_database(args.database_url)
    log(f"  database {database_name(args.database_url)}: {'created' if made else 'exists'}")
    env = child_env(args)
    seed_args = [
        PYTHON,
        str(Path(__file__).resolve()),
        "--seed-worker",
        "--contacts",
        str(args.contacts),
        "--orders",
        str(args.orders),
    ]
    if args.skip_seed:
        seed_args.append("--skip-seed")
    what = "migrate and seed lookup" if args.skip_seed else "migrate and seed"
    proc = run_checked(seed_args, env, what)
    seed = marked_json(proc.stdout, SEED_MARK)
    log(f"  (migrate: {seed['migrate_seconds']} s of that)")
    log(
        f"  organisation #{seed['organisation_id']} {seed['organisation_name']!r}: "
        f"{seed['memberships']} active memberships, {seed['orders']} orders "
        f"(created {seed['created']}) "
        f"in {seed['seconds']} s"
    )
    return seed


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """``python -m dragoman serve --no-tasks`` in its own process group, stopped on exit."""

    def __init__(self, workers: int, log_path: Path, env: dict[str, str]) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.workers = workers
        self.log_path = log_path
        self.env = env
        self.proc: subprocess.Popen | None = None
        self.command = [
            PYTHON, "-m", "dragoman", "serve",
            "--host", "127.0.0.1", "--port", str(self.port), "--no-tasks",
        ]  # fmt: skip

    def start(self, timeout: float = 60.0) -> None:
        import httpx

        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "w")  # noqa: SIM115
        self.proc = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # our own process group: Ctrl-C here does not reach it
            # A shell starts background jobs with SIGINT ignored, and children inherit that;
            # serve and uvicorn must see SIGINT as they do under `make run` (Ctrl-C).
            preexec_fn=_default_sigint,
        )
        deadline = time.monotonic() + timeout
        last = ""
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}:\n{self.tail()}")
            try:
                response = httpx.get(self.base_url + "/healthz", timeout=5)
                if response.status_code == 200:
                    return
                last = f"{response.status_code} {response.text[:300]}"
            except httpx.HTTPError as exc:
                last = repr(exc)
            time.sleep(0.25)
        raise RuntimeError(f"/healthz did not answer 200 within {timeout:.0f} s ({last})")

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return

        # What Ctrl-C does to `make run`: SIGINT to the whole (our own) process group.
        # Then whatever is left of that group: TERM, then KILL.
        def group_alive() -> bool:
            # Reap the leader first: until it is waited for it stays a zombie, which
            # killpg(…, 0) still finds, and every stop would sit out all the timeouts.
            proc.poll()
            try:
                os.killpg(proc.pid, 0)
            except (ProcessLookupError, PermissionError):
                return False
            return True

        for sig, wait in ((signal.SIGINT, 10.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 2.0)):
            if not group_alive():
                break
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, sig)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and group_alive():
                time.sleep(0.1)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=2)
        self._log.close()


# ---------------------------------------------------------------------------------------------
# Where the CPU went: /proc accounting of the server, PostgreSQL, this script and the rest
# ---------------------------------------------------------------------------------------------

_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_times() -> tuple[dict[int, tuple[int, str, int]], float, float, float]:
    """{pid: (pgrp, comm, utime+stime ticks)}; busy, interrupt and total seconds of all CPUs."""
    procs: dict[int, tuple[int, str, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                raw = fh.read().decode(errors="replace")
        except OSError:
            continue
        comm = raw[raw.index("(") + 1 : raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2 :].split()
        # fields[0] is state (field 3); pgrp is field 5, utime 14, stime 15.
        procs[int(entry)] = (int(fields[2]), comm, int(fields[11]) + int(fields[12]))
    with open("/proc/stat") as fh:
        cpu = [int(v) for v in fh.readline().split()[1:]]
    idle = cpu[3] + (cpu[4] if len(cpu) > 4 else 0)
    irq = sum(cpu[5:7])  # irq + softirq: loopback networking is mostly here
    total = sum(cpu[:8])
    return procs, (total - idle) / _CLK_TCK, irq / _CLK_TCK, total / _CLK_TCK


class CpuMeter:
    """CPU seconds used between start() and stop(), by who: server, postgres, client, other."""

    def __init__(self, server_pgid: int | None) -> None:
        self.server_pgid = server_pgid

    def start(self) -> None:
        self.before = _proc_times() if os.path.exists("/proc/stat") else None
        self.client0 = time.process_time()

    def stop(self) -> dict[str, float]:
        if self.before is None:
            return {}
        after = _proc_times()
        (p0, busy0, irq0, total0), (p1, busy1, irq1, total1) = self.before, after
        used = {"server": 0.0, "postgres": 0.0}
        for pid, (pgrp, comm, ticks) in p1.items():
            delta = (ticks - p0[pid][2]) if pid in p0 else ticks
            if pgrp == self.server_pgid:
                used["server"] += delta / _CLK_TCK
            elif comm == "postgres":
                used["postgres"] += delta / _CLK_TCK
        used["client"] = time.process_time() - self.client0
        used["all"] = busy1 - busy0
        used["interrupts"] = irq1 - irq0
        used["other"] = max(
            0.0,
            used["all"] - used["server"] - used["postgres"] - used["client"] - used["interrupts"],
        )
        used["capacity"] = total1 - total0  # wall time x number of CPUs
        return {k: round(v, 2) for k, v in used.items()}


def system_load() -> str:
    try:
        one, five, _ = os.getloadavg()
        return f"{one:.2f} (1 min), {five:.2f} (5 min)"
    except OSError:
        return "unknown"


# ---------------------------------------------------------------------------------------------
# Authentication
# ---------------------------------------------------------------------------------------------


@dataclass
class Credentials:
    token: str
    cookies: dict[str, str]


def authenticate(base_url: str, seed: dict[str, Any]) -> Credentials:
    import httpx

    email = seed["manager_email"]
    with httpx.Client(base_url=base_url, timeout=30, follow_redirects=False) as client:
        response = client.post(
            "/api/v1/auth/token", json={"email": email, "password": PASSWORD, "name": "bench"}
        )
        if response.status_code != 201:
            raise RuntimeError(
                f"POST /api/v1/auth/token: {response.status_code} {response.text[:300]}"
            )
        token = response.json()["token"]

        # The allauth log-in form, as a browser would: GET it (CSRF cookie + token), POST it.
        page = client.get("/accounts/login/")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        if page.status_code != 200 or match is None or "csrftoken" not in client.cookies:
            raise RuntimeError(f"GET /accounts/login/: {page.status_code}, no CSRF token")
        response = client.post(
            "/accounts/login/",
            data={"login": email, "password": PASSWORD, "csrfmiddlewaretoken": match.group(1)},
            headers={"Referer": base_url + "/accounts/login/"},
        )
        if response.status_code not in (302, 303) or "sessionid" not in client.cookies:
            raise RuntimeError(
                f"POST /accounts/login/: {response.status_code} {response.text[:300]}"
            )
        cookies = {
            "sessionid": client.cookies["sessionid"],
            "csrftoken": client.cookies["csrftoken"],
        }

    # Check that both really reach what the benchmark measures.
    with httpx.Client(base_url=base_url, timeout=30, cookies=cookies) as client:
        page = client.get("/")
        if page.status_code != 200 or seed["organisation_name"] not in page.text:
            raise RuntimeError(
                f"GET / with the session is not the manager's dashboard ({page.status_code})"
            )
    with httpx.Client(base_url=base_url, timeout=30) as client:
        response = client.get(
            f"/api/v1/organisations/{seed['organisation_id']}/contacts",
            params={"page": 1},
            headers={"Authorization": f"Bearer {token}"},
        )
        if response.status_code != 200:
            raise RuntimeError(f"contacts API: {response.status_code} {response.text[:300]}")
        body = response.json()
        if len(body.get("items", [])) != PAGE_SIZE:
            raise RuntimeError(f"contacts API: expected {PAGE_SIZE} items, got {body!r:.300}")
    return Credentials(token=token, cookies=cookies)


# ---------------------------------------------------------------------------------------------
# Open-loop load generation
# ---------------------------------------------------------------------------------------------


@dataclass
class Target:
    name: str
    describe: str
    headers: dict[str, str]
    cookies: dict[str, str]
    path_for: Any  # Callable[[random.Random], str]
    fastest: float = math.inf  # fastest answer seen, in seconds (for settle)


@dataclass
class RunResult:
    target: str
    rate: float
    duration: float
    scheduled: int
    completed: int
    ok: int
    errors: int
    error_kinds: dict[str, int]
    status_codes: dict[str, int]
    p50_ms: float
    p90_ms: float
    p95_ms: float
    p99_ms: float
    max_ms: float
    mean_ms: float
    achieved_rps: float
    send_rate: float
    client_lag_p99_ms: float
    client_lag_max_ms: float
    wall_s: float
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def passes_search_slo(self) -> bool:
        return self.errors == 0 and self.p99_ms <= SEARCH_P99_MS


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100.0 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


def make_client(base_url: str, target: Target, timeout: float, connections: int = 100):  # type: ignore[no-untyped-def]
    """One httpx.AsyncClient (used for the sequential settle probes)."""
    import httpx

    return httpx.AsyncClient(
        base_url=base_url,
        headers=target.headers,
        cookies=target.cookies,
        timeout=httpx.Timeout(timeout),
        # Keep-alive shorter than uvicorn's 5 s, so that an idle connection is never reused
        # just as the server drops it.
        limits=httpx.Limits(
            max_connections=connections, max_keepalive_connections=connections, keepalive_expiry=3.0
        ),
        follow_redirects=False,
        verify=_SSL_CONTEXT,
    )


_SSL_CONTEXT = ssl.create_default_context()  # shared, so that making a client stays cheap


class ClientPool:
    """As many connections as requests in flight, each in its own one-connection AsyncClient.

    A single httpx.AsyncClient with a large connection limit cannot drive an open loop:
    httpcore 1.0's pool re-scans all its connections, quadratically, every time a request
    starts or ends (``_assign_requests_to_connections``), so with a few hundred requests in
    flight the load generator burns a core and falls seconds behind its schedule (measured:
    10 ms of client CPU per request with 200 in flight). Clients with one connection each
    keep that bookkeeping O(1); the pool of clients grows to the peak concurrency and reuses
    warm keep-alive connections, so the limit on connections is effectively unbounded.
    """

    def __init__(self, base_url: str, target: Target, timeout: float) -> None:
        self.base_url = base_url
        self.target = target
        self.timeout = timeout
        self.free: list[Any] = []
        self.every: list[Any] = []

    def acquire(self) -> Any:
        if self.free:
            return self.free.pop()
        client = make_client(self.base_url, self.target, self.timeout, connections=1)
        self.every.append(client)
        return client

    def release(self, client: Any, healthy: bool) -> None:
        if healthy:
            self.free.append(client)  # LIFO: the warmest connection is reused first
        # An unhealthy client (timed out, cancelled mid-request) is simply not reused.

    @property
    def size(self) -> int:
        return len(self.every)

    async def __aenter__(self) -> ClientPool:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.gather(*(c.aclose() for c in self.every), return_exceptions=True)
        self.every.clear()
        self.free.clear()


async def open_loop(
    pool: ClientPool,
    target: Target,
    rate: float,
    duration: float,
    timeout: float,
    rng: random.Random,
) -> RunResult:
    """Launch rate x duration requests at absolute times t0 + i / rate; never wait for answers."""
    import httpx

    count = max(1, round(rate * duration))
    interval = 1.0 / rate
    latencies: list[float] = []
    lags: list[float] = []
    statuses: Counter[str] = Counter()
    errors: Counter[str] = Counter()
    ends: list[float] = []
    in_flight = 0
    peak_in_flight = 0

    async def one(scheduled: float, path: str) -> None:
        nonlocal in_flight, peak_in_flight
        started = time.perf_counter()
        lags.append(started - scheduled)
        in_flight += 1
        peak_in_flight = max(peak_in_flight, in_flight)
        client = pool.acquire()
        healthy = False
        try:
            # The deadline runs from the scheduled time: client-side queueing counts too.
            remaining = max(0.001, timeout - (started - scheduled))
            response = await asyncio.wait_for(client.get(path), remaining)
            healthy = True
            statuses[str(response.status_code)] += 1
            if response.status_code != 200:
                errors[f"HTTP {response.status_code}"] += 1
        except (TimeoutError, httpx.TimeoutException):
            errors["timeout"] += 1
        except httpx.HTTPError as exc:
            errors[type(exc).__name__] += 1
        except OSError as exc:
            errors[type(exc).__name__] += 1
        end = time.perf_counter()
        in_flight -= 1
        pool.release(client, healthy)
        ends.append(end)
        latencies.append(end - scheduled)

    tasks: list[asyncio.Task] = []
    cpu0 = time.process_time()
    t0 = time.perf_counter() + 0.02
    for i in range(count):
        scheduled = t0 + i * interval
        # Sleep to the absolute time; when late, launch at once (sleep(0) only yields).
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        tasks.append(asyncio.create_task(one(scheduled, target.path_for(rng))))
    send_done = time.perf_counter()
    await asyncio.gather(*tasks)
    finished = time.perf_counter()
    client_cpu = time.process_time() - cpu0

    latencies.sort()
    lags.sort()
    ok = sum(n for code, n in statuses.items() if code == "200")
    last_end = max(ends) if ends else finished
    to_ms = 1000.0
    return RunResult(
        target=target.name,
        rate=rate,
        duration=duration,
        scheduled=count,
        completed=len(latencies),
        ok=ok,
        errors=sum(errors.values()),
        error_kinds=dict(errors),
        status_codes=dict(statuses),
        p50_ms=percentile(latencies, 50) * to_ms,
        p90_ms=percentile(latencies, 90) * to_ms,
        p95_ms=percentile(latencies, 95) * to_ms,
        p99_ms=percentile(latencies, 99) * to_ms,
        max_ms=latencies[-1] * to_ms,
        mean_ms=sum(latencies) / len(latencies) * to_ms,
        achieved_rps=ok / max(1e-9, last_end - t0),
        send_rate=count / max(1e-9, send_done - t0 + interval),
        client_lag_p99_ms=percentile(lags, 99) * to_ms,
        client_lag_max_ms=lags[-1] * to_ms,
        wall_s=finished - t0,
        extra={
            "peak_in_flight": peak_in_flight,
            "connections": pool.size,
            "client_cpu_s": round(client_cpu, 2),
            "client_cpu_per_request_ms": round(client_cpu / count * 1000, 3),
        },
    )


async def settle(base_url: str, target: Target, timeout: float, max_wait: float = 30.0) -> float:
    """Wait until the server is idle again (after an overloaded step, say).

    Idle means three sequential requests in a row answered within max(100 ms, twice the
    fastest answer ever seen for this target).
    """
    import httpx

    rng = random.Random(0)
    started = time.perf_counter()
    good = 0
    async with make_client(base_url, target, timeout, connections=1) as client:
        while time.perf_counter() - started < max_wait and good < 3:
            t = time.perf_counter()
            try:
                response = await client.get(target.path_for(rng))
                elapsed = time.perf_counter() - t
                target.fastest = min(target.fastest, elapsed)
                fast = response.status_code == 200 and elapsed < max(0.1, 2 * target.fastest)
            except httpx.HTTPError:
                fast = False
            good = good + 1 if fast else 0
            if not fast:
                await asyncio.sleep(0.2)
    await asyncio.sleep(0.3)
    return time.perf_counter() - started


async def measure(
    base_url: str,
    target: Target,
    rate: float,
    duration: float,
    warmup: float,
    timeout: float,
    seed: int,
) -> RunResult:
    rng = random.Random(seed)
    async with ClientPool(base_url, target, timeout) as pool:
        if warmup > 0:
            await open_loop(pool, target, rate, warmup, timeout, rng)
        meter = CpuMeter(SERVER_PGID)
        meter.start()
        result = await open_loop(pool, target, rate, duration, timeout, rng)
        cpu = meter.stop()
    if cpu:
        n = max(1, result.ok)  # per OK response: in overload, timed-out requests did little
        cpu["server_ms_per_request"] = round(cpu["server"] / n * 1000, 2)
        cpu["postgres_ms_per_request"] = round(cpu["postgres"] / n * 1000, 2)
        cpu["machine_busy_pct"] = round(100 * cpu["all"] / max(1e-9, cpu["capacity"]), 1)
        result.extra["cpu"] = cpu
    return result


SERVER_PGID: int | None = None  # the server's process group, for CPU accounting


def format_run(result: RunResult) -> str:
    errors = ", ".join(f"{k}: {v}" for k, v in sorted(result.error_kinds.items())) or "none"
    lines = [
        f"  {result.target}: {result.rate:g} req/s for {result.duration:g} s "
        f"({result.scheduled} requests, {result.completed} answered)",
        f"    latency ms   p50 {result.p50_ms:7.1f}   p95 {result.p95_ms:7.1f}   "
        f"p99 {result.p99_ms:7.1f}   max {result.max_ms:7.1f}   (mean {result.mean_ms:.1f})",
        f"    achieved     {result.achieved_rps:.1f} req/s OK "
        f"(sent at {result.send_rate:.1f} req/s)",
        f"    errors       {result.errors} ({errors}); status codes {result.status_codes}",
        f"    client lag   p99 {result.client_lag_p99_ms:.1f} ms, "
        f"max {result.client_lag_max_ms:.1f} ms (launch time minus scheduled time)",
        f"    client       {result.extra.get('client_cpu_per_request_ms', 0):.2f} ms CPU "
        "per request, "
        f"peak {result.extra.get('peak_in_flight', 0)} in flight, "
        f"{result.extra.get('connections', 0)} connections",
    ]
    cpu = result.extra.get("cpu")
    if cpu:
        lines.append(
            f"    CPU          server {cpu['server_ms_per_request']:.1f} ms, PostgreSQL "
            f"{cpu['postgres_ms_per_request']:.1f} ms per OK response; machine "
            f"{cpu['machine_busy_pct']:.0f}% busy (server {cpu['server']:.1f} s, PostgreSQL "
            f"{cpu['postgres']:.1f} s, this script {cpu['client']:.1f} s, interrupts "
            f"{cpu['interrupts']:.1f} s, other processes {cpu['other']:.1f} s, "
            f"of {cpu['capacity']:.1f} CPU-s)"
        )
        if cpu["other"] > 0.05 * cpu["capacity"]:
            lines.append(
                "    warning: other processes used the CPUs during this run; numbers are noisy."
            )
    if result.client_lag_p99_ms > 10:
        lines.append(
            "    warning: the load generator itself fell behind schedule; it shares the CPUs "
            "with the server, so part of the latency is the client's."
        )
    return "\n".join(lines)


async def search_capacity(
    base_url: str, target: Target, step_duration: float, timeout: float
) -> dict[str, Any]:
    """Step the rate up until p99 > 250 ms or an error, then bisect between pass and fail."""
    steps: list[RunResult] = []

    async def trial(rate: float) -> bool:
        await settle(base_url, target, timeout)
        result = await measure(
            base_url, target, rate, step_duration, warmup=1.0, timeout=timeout, seed=int(rate)
        )
        steps.append(result)
        verdict = "pass" if result.passes_search_slo else "FAIL"
        log(
            f"    {rate:7.1f} req/s: p50 {result.p50_ms:7.1f}  p99 {result.p99_ms:8.1f}  "
            f"max {result.max_ms:8.1f} ms  errors {result.errors:5d}  "
            f"achieved {result.achieved_rps:6.1f}/s  "
            f"lag p99 {result.client_lag_p99_ms:5.1f} ms  {verdict}"
        )
        return result.passes_search_slo

    best: float | None = None
    worst: float | None = None
    for rate in SEARCH_LADDER:
        if await trial(rate):
            best = rate
        else:
            worst = rate
            break
    if best is None:
        for rate in SEARCH_LADDER_DOWN:
            if await trial(rate):
                best = rate
                break
            worst = rate
    if best is not None and worst is not None:
        for _ in range(4):
            if worst - best <= max(5.0, 0.08 * best):
                break
            middle = round((best + worst) / 2.0)
            if await trial(middle):
                best = middle
            else:
                worst = middle
    return {
        "target": target.name,
        "max_rate": best,
        "first_failing_rate": worst,
        "steps": [asdict(s) for s in steps],
    }


# ---------------------------------------------------------------------------------------------
# Diagnostics: SQL queries and time per request, in-process with Django's test client
# ---------------------------------------------------------------------------------------------


def diagnose_worker(contacts: int, repeat: int) -> None:
    sys.path.insert(0, str(ROOT))
    import cProfile
    import io
    import pstats

    import django

    django.setup()
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from dragoman.accounts.models import User
    from dragoman.accounts.services import api_token_create
    from dragoman.orgs.models import Organisation

    organisation = Organisation.objects.get(name=f"Bench Client ({contacts} contacts)")
    manager = User.objects.get(email=f"manager.{contacts}@{DOMAIN}")
    _, secret = api_token_create(user=manager, name="bench-diagnose")
    browser = Client()
    browser.force_login(manager)
    api = Client(headers={"authorization": f"Bearer {secret}"})
    pages = max(1, math.ceil(contacts / PAGE_SIZE))
    requests = {
        "dashboard": (browser, lambda i: "/"),
        "contacts_api": (
            api,
            lambda i: (
                f"/api/v1/organisations/{organisation.pk}/contacts?page={1 + (i * 37) % pages}"
            ),
        ),
        "contacts_api_last_page": (
            api,
            lambda i: f"/api/v1/organisations/{organisation.pk}/contacts?page={pages}",
        ),
        "orders_api": (api, lambda i: "/api/v1/orders?" + order_filters(random.Random(i))),
        "orders_page": (browser, lambda i: "/requests/?" + order_filters(random.Random(i))),
        "orders_api_unfiltered": (api, lambda i: "/api/v1/orders"),
    }
    report: dict[str, Any] = {}
    for name, (client, path_for) in requests.items():
        client.get(path_for(0))  # warm caches, templates, pool
        totals, sql_ms, counts = [], [], []
        queries: list[dict[str, Any]] = []
        for i in range(repeat):
            reset_queries()
            with CaptureQueriesContext(connection) as captured:
                t = time.perf_counter()
                response = client.get(path_for(i))
                totals.append((time.perf_counter() - t) * 1000)
            assert response.status_code == 200, (name, response.status_code)
            counts.append(len(captured.captured_queries))
            sql_ms.append(sum(float(q["time"]) for q in captured.captured_queries) * 1000)
            if i == repeat - 1:
                queries = [
                    {"ms": round(float(q["time"]) * 1000, 2), "sql": q["sql"][:400]}
                    for q in captured.captured_queries
                ]
        profiler = cProfile.Profile()
        profiler.enable()
        for i in range(repeat):
            client.get(path_for(i))
        profiler.disable()
        stream = io.StringIO()
        pstats.Stats(profiler, stream=stream).sort_stats("cumulative").print_stats(25)
        totals.sort()
        sql_ms.sort()
        report[name] = {
            "requests": repeat,
            "median_ms": round(totals[len(totals) // 2], 2),
            "median_sql_ms": round(sql_ms[len(sql_ms) // 2], 2),
            "queries_per_request": sorted(set(counts)),
            "last_request_queries": queries,
            "profile_top": stream.getvalue()[-6000:],
        }
    # The planner's view of the slowest query of the contacts page.
    slow = max(report["contacts_api_last_page"]["last_request_queries"], key=lambda q: q["ms"])
    report["slowest_contacts_query"] = slow
    print(DIAG_MARK + json.dumps(report), flush=True)


def diagnose(args: argparse.Namespace) -> dict[str, Any]:
    log("\nDiagnostics (in-process, Django test client, DEBUG as configured)")
    proc = run_checked(
        [
            PYTHON,
            str(Path(__file__).resolve()),
            "--diagnose-worker",
            "--contacts",
            str(args.contacts),
        ],
        child_env(args),
        "diagnose",
    )
    report = marked_json(proc.stdout, DIAG_MARK)
    for name in (
        "dashboard",
        "contacts_api",
        "contacts_api_last_page",
        "orders_api",
        "orders_page",
        "orders_api_unfiltered",
    ):
        r = report[name]
        log(
            f"  {name}: median {r['median_ms']} ms per request, "
            f"of which SQL {r['median_sql_ms']} ms; "
            f"{r['queries_per_request']} queries per request"
        )
        for q in r["last_request_queries"]:
            log(f"      {q['ms']:7.2f} ms  {q['sql'][:160]}")
    return report


# ---------------------------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------------------------


def git_state() -> str:
    try:
        head = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=ROOT,
            capture_output=True,
            text=True,
        ).stdout.strip()
        return f"{head}{' + uncommitted changes' if dirty else ''}"
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Open-loop load benchmark of the dashboard page and the contacts API.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--rate", type=float, default=100.0, help="requests per second per target")
    parser.add_argument(
        "--duration", type=float, default=20.0, help="seconds of measured load per target"
    )
    parser.add_argument(
        "--warmup", type=float, default=3.0, help="seconds of unmeasured load first"
    )
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers (WEB_CONCURRENCY)")
    parser.add_argument(
        "--contacts", type=int, default=10_000, help="contacts in the bench organisation"
    )
    parser.add_argument(
        "--orders", type=int, default=100_000, help="orders (requests) of the bench organisation"
    )
    parser.add_argument("--skip-seed", action="store_true", help="do not seed; the data must exist")
    parser.add_argument(
        "--no-search", action="store_true", help="skip the search for the highest rate"
    )
    parser.add_argument("--step-duration", type=float, default=10.0, help="seconds per search step")
    parser.add_argument(
        "--timeout", type=float, default=5.0, help="seconds before a request counts as an error"
    )
    parser.add_argument(
        "--targets",
        default="dashboard,contacts_api,orders_api,orders_page",
        help="comma-separated: dashboard, contacts_api, orders_api, orders_page",
    )
    parser.add_argument(
        "--diagnose",
        action="store_true",
        help="also count SQL queries and profile one request of each kind",
    )
    parser.add_argument(
        "--json", action="store_true", help="also write <results dir>/<timestamp>.json"
    )
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DATABASE_URL,
        help="PostgreSQL database, created if missing (env BENCH_DATABASE_URL)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL") or REDIS_URL,
        help="Redis for the server's cache, channels and task queue (env BENCH_REDIS_URL)",
    )
    parser.add_argument(
        "--redis-prefix",
        default=os.environ.get("BENCH_REDIS_PREFIX", ""),
        help="prefix of the Redis keys (env BENCH_REDIS_PREFIX; default: the settings' own)",
    )
    parser.add_argument(
        "--results-dir",
        type=Path,
        default=Path(os.environ.get("BENCH_RESULTS_DIR") or RESULTS_DIR),
        help="where server-last.log and the --json results go (env BENCH_RESULTS_DIR)",
    )
    parser.add_argument("--seed-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--diagnose-worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.rate <= 0 or args.duration <= 0 or args.workers < 1 or args.contacts < PAGE_SIZE:
        parser.error("--rate and --duration must be positive, --workers >= 1, --contacts >= 50")
    args.targets = [t.strip() for t in args.targets.split(",") if t.strip()]
    unknown = set(args.targets) - {"dashboard", "contacts_api", "orders_api", "orders_page"}
    if unknown:
        parser.error(f"unknown targets: {', '.join(sorted(unknown))}")
    try:
        database_name(args.database_url)
    except SystemExit as exc:
        parser.error(str(exc))
    return args


def print_settings(
    args: argparse.Namespace, seed: dict[str, Any] | None, server: Server | None
) -> dict[str, Any]:
    import django
    import httpx

    settings_used = {
        "started_at": dt.datetime.now().isoformat(timespec="seconds"),
        "git": git_state(),
        "workers": args.workers,
        "database": args.database_url,
        "redis": args.redis_url + (f" (prefix {args.redis_prefix})" if args.redis_prefix else ""),
        "rate_per_s": args.rate,
        "duration_s": args.duration,
        "warmup_s": args.warmup,
        "timeout_s": args.timeout,
        "contacts": args.contacts,
        "orders": args.orders,
        "pages": math.ceil(args.contacts / PAGE_SIZE),
        "search": not args.no_search,
        "search_step_s": args.step_duration,
        "targets": args.targets,
        "cpus": os.cpu_count(),
        "load_average": system_load(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "httpx": httpx.__version__,
    }
    if seed:
        settings_used.update(
            {
                "organisation_id": seed["organisation_id"],
                "memberships": seed["memberships"],
                "total_users_in_db": seed["total_users"],
                "django_debug": seed["debug"],
                "db_pool": seed["pool"],
            }
        )
    if server:
        settings_used["server"] = " ".join(
            ["WEB_CONCURRENCY=" + str(args.workers), *server.command[1:]]
        )
    log("Settings")
    for key, value in settings_used.items():
        log(f"  {key:18} {value}")
    return settings_used


async def run_all(
    args: argparse.Namespace, base_url: str, targets: list[Target], report: dict[str, Any]
) -> None:
    log(
        f"\nFixed rate: {args.rate:g} req/s for {args.duration:g} s per target "
        f"(after {args.warmup:g} s warm-up)"
    )
    for target in targets:
        await settle(base_url, target, args.timeout)
        result = await measure(
            base_url, target, args.rate, args.duration, args.warmup, args.timeout, seed=1
        )
        log(format_run(result))
        report["fixed_rate"].append(asdict(result))

    if not args.no_search:
        log(
            f"\nCapacity search: highest rate with p99 <= {SEARCH_P99_MS:g} ms and no errors "
            f"({args.step_duration:g} s per step, 1 s warm-up)"
        )
        for target in targets:
            log(f"  {target.name}")
            found = await search_capacity(base_url, target, args.step_duration, args.timeout)
            report["search"].append(found)
            if found["max_rate"] is None:
                log(
                    f"  => {target.name}: no tested rate met the SLO "
                    f"(lowest tried {found['first_failing_rate']})"
                )
            else:
                above = (
                    f", {found['first_failing_rate']:g} req/s failed"
                    if found["first_failing_rate"]
                    else ""
                )
                log(f"  => {target.name}: {found['max_rate']:g} req/s{above}")


def summarise(args: argparse.Namespace, report: dict[str, Any]) -> None:
    log("\nSummary")
    for run in report["fixed_rate"]:
        verdicts = {
            "p50<=20ms": run["p50_ms"] <= TARGET_P50_MS,
            "p99<=100ms": run["p99_ms"] <= TARGET_P99_MS,
            "no errors": run["errors"] == 0,
        }
        met = all(verdicts.values())
        where = (
            ""
            if run["rate"] == TARGET_RATE
            else f" (measured at {run['rate']:g} req/s, targets are for 100)"
        )
        detail = ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in verdicts.items())
        log(
            f"  {run['target']:13} p50 {run['p50_ms']:.1f} ms, p99 {run['p99_ms']:.1f} ms, "
            f"errors {run['errors']}: targets {'MET' if met else 'NOT MET'} ({detail}){where}"
        )
        run["targets_met"] = met
    for found in report["search"]:
        rate = "none" if found["max_rate"] is None else f"{found['max_rate']:g} req/s"
        log(
            f"  {found['target']:13} highest rate with p99 <= {SEARCH_P99_MS:g} ms "
            f"and no errors: {rate}"
        )


FILTER_STATUSES = ["completed", "in_progress", "submitted", "accepted", "cancelled", ""]
FILTER_LANGUAGES = ["en", "de", "fr", "ru", "fi", ""]


def order_filters(rng: random.Random) -> str:
    """A query string with the list's filters on, as a person would set them."""
    from urllib.parse import urlencode

    params = {
        "status": rng.choice(FILTER_STATUSES),
        "source": rng.choice(FILTER_LANGUAGES),
        "page": rng.randint(1, 3),
    }
    if rng.random() < 0.5:
        year = rng.choice([2025, 2026])
        params["since"] = f"{year}-{rng.randint(1, 6):02d}-01T00:00:00Z"
        params["until"] = f"{year}-{rng.randint(7, 12):02d}-01T00:00:00Z"
    return urlencode({k: v for k, v in params.items() if v != ""})


def main(argv: list[str]) -> int:
    global SERVER_PGID
    args = parse_args(argv)
    if args.seed_worker:
        seed_worker(args.contacts, lookup_only=args.skip_seed, orders=args.orders)
        return 0
    if args.diagnose_worker:
        diagnose_worker(args.contacts, repeat=20)
        return 0

    def on_sigterm(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    _fast_failing_sniffio_import()

    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    report: dict[str, Any] = {"fixed_rate": [], "search": []}
    server: Server | None = None
    try:
        seed = prepare(args)
        server = Server(args.workers, args.results_dir / "server-last.log", child_env(args))
        log()
        report["settings"] = print_settings(args, seed, server)
        log(f"\nStarting the server ({args.workers} workers), log: {shown(server.log_path)}")
        started = time.perf_counter()
        server.start()
        SERVER_PGID = server.proc.pid if server.proc else None
        log(f"  /healthz 200 after {time.perf_counter() - started:.1f} s at {server.base_url}")
        creds = authenticate(server.base_url, seed)
        log("  logged in through /accounts/login/ (session cookie) and got an API token")

        pages = max(1, math.ceil(args.contacts / PAGE_SIZE))
        org_id = seed["organisation_id"]
        all_targets = {
            "dashboard": Target(
                "dashboard", "GET / (session cookie)", {}, creds.cookies, lambda rng: "/"
            ),
            "contacts_api": Target(
                "contacts_api",
                f"GET /api/v1/organisations/{org_id}/contacts?page=1..{pages} (Bearer token)",
                {"Authorization": f"Bearer {creds.token}"},
                {},
                lambda rng: f"/api/v1/organisations/{org_id}/contacts?page={rng.randint(1, pages)}",
            ),
            "orders_api": Target(
                "orders_api",
                "GET /api/v1/orders?status=..&source=..&since=..&page=1..3 (Bearer token, "
                f"{seed['orders']} orders)",
                {"Authorization": f"Bearer {creds.token}"},
                {},
                lambda rng: "/api/v1/orders?" + order_filters(rng),
            ),
            "orders_page": Target(
                "orders_page",
                "GET /requests/?status=..&source=..&since=..&page=1..3 (session cookie)",
                {},
                creds.cookies,
                lambda rng: "/requests/?" + order_filters(rng),
            ),
        }
        targets = [all_targets[name] for name in args.targets]
        for target in targets:
            log(f"  target {target.name}: {target.describe}")

        runner_kwargs: dict[str, Any] = {}
        try:
            import uvloop

            runner_kwargs["loop_factory"] = uvloop.new_event_loop
        except ImportError:
            pass
        with asyncio.Runner(**runner_kwargs) as runner:
            runner.run(run_all(args, server.base_url, targets, report))

        if args.diagnose:
            report["diagnostics"] = diagnose(args)
        summarise(args, report)
    except KeyboardInterrupt:
        log("\nInterrupted.")
        return 130
    except RuntimeError as exc:
        log(f"\nError: {exc}")
        if server is not None:
            log(f"Last lines of the server log:\n{server.tail()}")
        return 1
    finally:
        if server is not None:
            server.stop()
            log("Server stopped.")
        if args.json and report.get("settings"):
            args.results_dir.mkdir(parents=True, exist_ok=True)
            path = args.results_dir / f"{stamp}.json"
            path.write_text(json.dumps(report, indent=2, default=str))
            log(f"Results written to {shown(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
