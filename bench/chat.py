#!/usr/bin/env python
"""Real-time chat benchmark: send -> deliver latency of conversation messages over WebSockets.

It prints numbers; it is not a test. Run it with the project's virtualenv:

    .venv/bin/python bench/chat.py                     # 500 conversations, 250 msg/s, search
    .venv/bin/python bench/chat.py --no-search         # only the fixed-rate runs
    .venv/bin/python bench/chat.py --diagnose          # also: where a message's time goes

What it does (see bench/README.md):

1. creates the PostgreSQL database (``--database-url`` / ``BENCH_DATABASE_URL``, default
   ``dragoman_bench_chat``; ``test`` and ``test*`` names are refused) if missing, migrates it
   and seeds ``--conversations`` request conversations, each between one requester of a
   client organisation and one linguist (bulk inserts, idempotent), and an API token for
   each of those users;
2. starts Dragoman in production mode (``DRAGOMAN_ENV=production``, ``DEBUG`` off, as
   docs/deployment.md runs it: ``python -m dragoman serve --no-tasks`` with
   ``--workers`` uvicorn workers) on PostgreSQL + Redis, on a free port;
3. opens one ``/ws/events/`` socket per user (Bearer token), in ``--clients`` client
   processes; each process owns whole conversations, so both sides of a message are timed
   by the same clock (CLOCK_MONOTONIC, shared by all processes anyway);
4. open loop: message *i* is sent at ``t0 + i / rate`` over the socket of a random side of a
   random conversation (a unique ``client_id``), whether or not earlier ones were answered;
   latency is the arrival of the ``message`` event at the *other* participant's socket minus
   that scheduled time;
5. counts lost (acknowledged ``sent`` but never delivered to the other side within
   ``--grace`` seconds), duplicated deliveries, refusals, and checks in the database that
   every acknowledged message is stored; counts stored rows per second during the run;
6. the same load, the same sockets and client code against a **floor**: a bare ``websockets``
   server in this script that acknowledges and forwards each message to the peer socket;
7. steps the rate up, then bisects, for the highest rate with p99 <= 50 ms and nothing lost.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import cProfile
import datetime as dt
import json
import math
import multiprocessing as mp
import os
import platform
import pstats
import random
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/dragoman_bench_chat"
REDIS_URL = "redis://127.0.0.1:6379/12"
REDIS_PREFIX = "bench-chat"
DOMAIN = "chat.bench.dragoman.test"
TOKEN_NAME = "bench-chat"

# The targets, and the SLO of the capacity search.
TARGET_P99_MS = 15.0
TARGET_FLOOR_RATIO = 10.0
TARGET_PERSISTED = 500.0
SEARCH_P99_MS = 50.0
SEARCH_LADDER = [250, 350, 500, 700, 1000, 1400, 2000]
SEARCH_LADDER_DOWN = [175, 125, 90, 60, 40, 25, 15, 10]

SEED_MARK = "BENCH-CHAT-SEED "
DIAG_MARK = "BENCH-CHAT-DIAG "
# Chat lines of a realistic length (no contact details: masking has nothing to hide).
LINES = [
    "Good morning, the source files are uploaded now.",
    "Could you check the terminology in section 4 before I send the draft?",
    "Thanks, that helps a lot.",
    "The client prefers British spelling throughout, please.",
    "I will have the first half ready by this afternoon.",
    "Is the glossary from last month still valid for this request?",
    "Yes, please use it; two terms changed, I marked them in yellow.",
    "Understood. Any questions about the appendix tables?",
]


def log(message: str = "") -> None:
    print(message, flush=True)


def venv_python() -> str:
    candidate = ROOT / ".venv" / "bin" / "python"
    return str(candidate) if candidate.exists() else sys.executable


PYTHON = venv_python()


def percentile(sorted_values: list[float], q: float) -> float:
    """Nearest-rank percentile of an ascending list (as bench/load.py)."""
    if not sorted_values:
        return math.nan
    rank = max(1, math.ceil(q / 100.0 * len(sorted_values)))
    return sorted_values[min(rank, len(sorted_values)) - 1]


# ---------------------------------------------------------------------------------------------
# Database, seed
# ---------------------------------------------------------------------------------------------


def database_name(url: str) -> str:
    """The database of a postgres:// URL; the tests' own databases are refused."""
    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if parsed.scheme not in ("postgres", "postgresql") or not name:
        raise SystemExit(f"--database-url must be a postgres:// URL with a database, not {url!r}.")
    if name.startswith("test"):
        raise SystemExit(f"Refusing to use the database {name!r}: it belongs to the tests.")
    return name


def pg_connect(database_url: str, dbname: str | None = None) -> Any:
    import psycopg

    url = urlparse(database_url)
    return psycopg.connect(
        host=url.hostname or "127.0.0.1",
        port=url.port or 5432,
        user=url.username or "postgres",
        password=url.password,
        dbname=dbname or url.path.lstrip("/"),
        autocommit=True,
        connect_timeout=5,
    )


def ensure_database(database_url: str) -> bool:
    name = database_name(database_url)
    with pg_connect(database_url, "postgres") as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            return False
        conn.execute(f'CREATE DATABASE "{name}"')
        return True


def child_env(args: argparse.Namespace) -> dict[str, str]:
    """The environment of the seed and the server: the bench database and Redis, production
    settings as docs/deployment.md gives them (behind a proxy that terminates TLS)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))}
    env.pop("DRAGOMAN_TESTING", None)
    env.update(
        DATABASE_URL=args.database_url,
        REDIS_URL=args.redis_url,
        REDIS_PREFIX=args.redis_prefix,
        DJANGO_SETTINGS_MODULE="dragoman.config.settings",
        DRAGOMAN_ENV="production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        SITE_URL=f"https://{DOMAIN}",
        ALLOWED_HOSTS="127.0.0.1,localhost",
        WEB_CONCURRENCY=str(args.workers),
        PYTHONUNBUFFERED="1",
    )
    return env


def seed_worker(conversations: int, tokens_path: str) -> None:
    """In a subprocess with the bench environment: migrate, bulk-create what is missing,
    give every bench user a fresh API token, write the plan to ``tokens_path``."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth.hashers import make_password
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from dragoman.accounts.models import ApiToken, User, hash_secret
    from dragoman.catalog.models import Language, Service, Topic
    from dragoman.conversations.enums import ConversationKind, ConversationStatus, Side
    from dragoman.conversations.models import Conversation, Message, Participant
    from dragoman.linguists.models import LinguistProfile
    from dragoman.orders.models import Order
    from dragoman.orgs.enums import MembershipStatus, OrganisationKind, Role
    from dragoman.orgs.models import Membership, Organisation, sort_name_for

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = round(time.perf_counter() - started, 1)
    started = time.perf_counter()
    made: Counter[str] = Counter()
    clients = [f"client-{i:05d}@{DOMAIN}" for i in range(conversations)]
    linguists = [f"linguist-{i:05d}@{DOMAIN}" for i in range(conversations)]

    with transaction.atomic():
        organisation, _ = Organisation.objects.get_or_create(
            kind=OrganisationKind.CLIENT,
            name="Bench Chat Client",
            defaults={"country": "DE", "city": "Hamburg"},
        )
        have = set(
            User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", flat=True)
        )
        password = make_password(None)  # nobody logs in with a password: tokens only
        new_users = [
            User(email=email, full_name=f"Bench {email.split('@')[0]}", password=password)
            for email in clients + linguists
            if email not in have
        ]
        User.objects.bulk_create(new_users, batch_size=2000)
        made["users"] = len(new_users)
        users = dict(User.objects.filter(email__endswith=f"@{DOMAIN}").values_list("email", "pk"))
        without = set(
            User.objects.filter(email__in=clients, memberships__isnull=True).values_list(
                "pk", flat=True
            )
        )
        memberships = [
            Membership(
                user_id=users[email],
                organisation=organisation,
                role=Role.REQUESTER,
                status=MembershipStatus.ACTIVE,
                sort_name=sort_name_for(f"Bench {email.split('@')[0]}"),
            )
            for email in clients
            if users[email] in without
        ]
        Membership.objects.bulk_create(memberships, batch_size=2000)
        made["memberships"] = len(memberships)
        with_profile = set(
            LinguistProfile.objects.filter(user__email__in=linguists).values_list(
                "user_id", flat=True
            )
        )
        profiles = [
            LinguistProfile(user_id=users[email], pseudonym=f"Chat Bench {n:05d}")
            for n, email in enumerate(linguists)
            if users[email] not in with_profile
        ]
        LinguistProfile.objects.bulk_create(profiles, batch_size=2000)
        made["linguists"] = len(profiles)
        profile_of = dict(
            LinguistProfile.objects.filter(user__email__in=linguists).values_list("user_id", "pk")
        )

        titles = {f"Bench chat {i:05d}": i for i in range(conversations)}
        existing = set(
            Order.objects.filter(organisation=organisation, title__in=titles).values_list(
                "title", flat=True
            )
        )
        service = Service.objects.filter(is_active=True).order_by("position", "pk").first()
        source, target = Language.objects.filter(code__in=["de", "en"]).order_by("code")
        topic = Topic.objects.filter(is_active=True).first()
        deadline = timezone.now() + timedelta(days=30)
        orders = [
            Order(
                organisation=organisation,
                requester_id=users[clients[i]],
                linguist_id=profile_of[users[linguists[i]]],
                title=title,
                status="in_progress",
                service=service,
                source_language=source,
                target_language=target,
                topic=topic,
                deadline=deadline,
            )
            for title, i in titles.items()
            if title not in existing
        ]
        Order.objects.bulk_create(orders, batch_size=2000)
        made["orders"] = len(orders)
        order_rows = list(
            Order.objects.filter(organisation=organisation, title__in=titles)
            .filter(conversation__isnull=True)
            .values_list("pk", "title")
        )
        Conversation.objects.bulk_create(
            [
                Conversation(
                    kind=ConversationKind.ORDER,
                    status=ConversationStatus.OPEN,
                    order_id=pk,
                    subject=title,
                )
                for pk, title in order_rows
            ],
            batch_size=2000,
        )
        made["conversations"] = len(order_rows)
        plan = []
        for conversation_id, title in Conversation.objects.filter(
            order__organisation=organisation, order__title__in=titles
        ).values_list("pk", "order__title"):
            i = titles[title]
            plan.append([conversation_id, users[clients[i]], users[linguists[i]]])
        plan.sort()
        seats = []
        for conversation_id, client_id, linguist_id in plan:
            seats.append(Participant(conversation_id=conversation_id, user_id=client_id,
                                     side=Side.CLIENT))  # fmt: skip
            seats.append(Participant(conversation_id=conversation_id, user_id=linguist_id,
                                     side=Side.LINGUIST))  # fmt: skip
        Participant.objects.bulk_create(seats, batch_size=5000, ignore_conflicts=True)

        # A fresh token per user and run: only hashes are stored, the secrets go to the plan.
        user_ids = [u for _c, a, b in plan for u in (a, b)]
        ApiToken.objects.filter(user_id__in=user_ids, name=TOKEN_NAME).delete()
        tokens = {u: ApiToken.PREFIX + secrets.token_urlsafe(32) for u in user_ids}
        ApiToken.objects.bulk_create(
            [
                ApiToken(user_id=u, name=TOKEN_NAME, key_hash=hash_secret(s), hint=s[:10])
                for u, s in tokens.items()
            ],
            batch_size=5000,
        )

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    Path(tokens_path).write_text(json.dumps({"plan": plan, "tokens": tokens}))
    result = {
        "conversations": len(plan),
        "created": dict(made),
        "messages": Message.objects.filter(conversation__order__organisation=organisation).count(),
        "migrate_seconds": migrate_seconds,
        "seconds": round(time.perf_counter() - started, 1),
        "database": connection.settings_dict["NAME"],
        "debug": __import__("django.conf").conf.settings.DEBUG,
    }
    print(SEED_MARK + json.dumps(result), flush=True)


def run_checked(command: list[str], env: dict[str, str], what: str) -> str:
    started = time.perf_counter()
    proc = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        log(proc.stdout[-4000:])
        log(proc.stderr[-4000:])
        raise SystemExit(f"{what} failed (exit {proc.returncode}).")
    log(f"  {what}: ok ({time.perf_counter() - started:.1f} s)")
    return proc.stdout


def marked_json(output: str, mark: str) -> dict[str, Any]:
    for line in reversed(output.splitlines()):
        if line.startswith(mark):
            return json.loads(line[len(mark) :])
    raise SystemExit(f"No result line ({mark.strip()}) in the subprocess output:\n{output[-3000:]}")


# ---------------------------------------------------------------------------------------------
# Servers: Dragoman, and the floor
# ---------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


class Server:
    """A server process in its own process group, stopped (group-wide) on exit."""

    def __init__(self, name: str, command: list[str], env: dict[str, str], log_path: Path):
        self.name = name
        self.command = command
        self.env = env
        self.log_path = log_path
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self, ready: Any, timeout: float = 60.0) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "wb")  # noqa: SIM115
        self.proc = subprocess.Popen(
            self.command,
            cwd=ROOT,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_default_sigint,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(
                    f"{self.name} exited with {self.proc.returncode}:\n{self.tail()}"
                )
            if ready():
                return
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} did not get ready within {timeout:.0f} s:\n{self.tail()}")

    @property
    def pgid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def tail(self, lines: int = 30) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is None:
            return

        def alive() -> bool:
            proc.poll()
            try:
                os.killpg(proc.pid, 0)
            except (ProcessLookupError, PermissionError):
                return False
            return True

        for sig, wait in ((signal.SIGINT, 10.0), (signal.SIGTERM, 5.0), (signal.SIGKILL, 2.0)):
            if not alive():
                break
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(proc.pid, sig)
            deadline = time.monotonic() + wait
            while time.monotonic() < deadline and alive():
                time.sleep(0.1)
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=2)
        self._log.close()


def dragoman_server(args: argparse.Namespace, port: int) -> Server:
    command = [
        PYTHON, "-m", "dragoman", "serve",
        "--host", "127.0.0.1", "--port", str(port), "--no-tasks",
    ]  # fmt: skip
    return Server("Dragoman", command, child_env(args), args.results_dir / "server-last.log")


def healthz(port: int) -> bool:
    import httpx

    try:
        response = httpx.get(
            f"http://127.0.0.1:{port}/healthz",
            headers={"X-Forwarded-Proto": "https"},  # what the proxy says; no HTTPS redirect
            timeout=5,
        )
    except httpx.HTTPError:
        return False
    return response.status_code == 200


def floor_worker(port: int, plan_path: str) -> None:
    """The floor: a bare ``websockets`` server speaking just enough of the protocol for the
    same client code. It knows each token's user and each conversation's two users; a
    ``send`` is acknowledged to the sender and forwarded to the peer's socket. No database,
    no channel layer, no checks: what any server must at least spend per message."""
    from websockets.asyncio.server import serve

    data = json.loads(Path(plan_path).read_text())
    user_of = {secret: int(user) for user, secret in data["tokens"].items()}
    peers: dict[tuple[int, int], int] = {}
    for conversation, a, b in data["plan"]:
        peers[(conversation, a)] = b
        peers[(conversation, b)] = a
    sockets: dict[int, Any] = {}
    seqs: Counter[int] = Counter()
    next_id = 0

    async def handler(ws: Any) -> None:
        nonlocal next_id
        authorization = ws.request.headers.get("Authorization", "")
        user = user_of.get(authorization.removeprefix("Bearer ").strip())
        if user is None:
            await ws.close(4401)
            return
        sockets[user] = ws
        try:
            async for raw in ws:
                content = json.loads(raw)
                if content.get("type") != "send":
                    continue
                conversation = content["conversation"]
                peer = peers.get((conversation, user))
                if peer is None:
                    await ws.send(json.dumps({"type": "error", "code": "not_found"}))
                    continue
                next_id += 1
                seqs[conversation] += 1
                message = {
                    "id": next_id,
                    "conversation": conversation,
                    "seq": seqs[conversation],
                    "body": content.get("body", ""),
                    "client_id": content.get("client_id", ""),
                }
                await ws.send(json.dumps({"type": "sent", "created": True, "message": message}))
                other = sockets.get(peer)
                if other is not None:
                    event = {"type": "event", "event": "message", **message, "client_id": ""}
                    with contextlib.suppress(Exception):
                        await other.send(json.dumps(event))
        finally:
            if sockets.get(user) is ws:
                del sockets[user]

    async def main() -> None:
        async with serve(handler, "127.0.0.1", port, max_queue=None) as server:
            await server.serve_forever()

    _run_loop(main())


def _run_loop(coroutine: Any) -> Any:
    try:
        import uvloop

        return uvloop.run(coroutine)
    except ImportError:
        return asyncio.run(coroutine)


def floor_server(args: argparse.Namespace, port: int, plan_path: str) -> Server:
    command = [
        PYTHON, str(Path(__file__).resolve()), "--floor-worker",
        "--floor-port", str(port), "--plan", plan_path,
    ]  # fmt: skip
    return Server("the floor server", command, dict(os.environ), args.results_dir / "floor.log")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


# ---------------------------------------------------------------------------------------------
# Clients: processes holding the sockets, sending on schedule, timing deliveries
# ---------------------------------------------------------------------------------------------


@dataclass
class Phase:
    """What every client process does in one measured run."""

    label: str
    rate: float  # messages per second, all client processes together
    duration: float
    warmup: float
    grace: float
    t0: float  # time.monotonic() of the first scheduled send (shared by all processes)
    seed: int


@dataclass
class ClientResult:
    latencies: list[float] = field(default_factory=list)  # seconds, measured messages
    acks: list[float] = field(default_factory=list)  # send -> `sent` answer
    lags: list[float] = field(default_factory=list)  # actual send - scheduled send
    scheduled: int = 0
    acked: int = 0
    lost: int = 0
    duplicated: int = 0
    unanswered: int = 0
    refused: dict[str, int] = field(default_factory=dict)
    acked_ids: list[int] = field(default_factory=list)
    cpu_s: float = 0.0
    frames: int = 0


async def _client_main(conn: Any, url: str, plan: list[list[int]], tokens: dict[str, str]):
    """One client process: connect a socket per user, then run phases on command."""
    from websockets.asyncio.client import connect

    sockets: dict[int, Any] = {}
    arrivals: dict[int, list[tuple[float, int]]] = defaultdict(list)  # message id -> (t, user)
    answers: dict[str, tuple[float, int]] = {}  # client_id -> (t, message id)
    refused: dict[str, str] = {}  # client_id -> code
    frames = 0

    async def reader(user: int, ws: Any) -> None:
        nonlocal frames
        loads = json.loads
        with contextlib.suppress(Exception):
            async for raw in ws:
                now = time.monotonic()
                frames += 1
                # Cheap tests first: most frames are events; unread counts are skipped unparsed.
                if '"conversations.unread"' in raw:
                    continue
                data = loads(raw)
                kind = data.get("type")
                if kind == "event":
                    if data.get("event") == "message":
                        arrivals[data["id"]].append((now, user))
                elif kind == "sent":
                    message = data["message"]
                    answers[message["client_id"]] = (now, message["id"])
                elif kind == "error" and data.get("client_id"):
                    refused[data["client_id"]] = data.get("code", "?")

    async def open_all() -> None:
        semaphore = asyncio.Semaphore(50)

        async def one(user: int) -> None:
            async with semaphore:
                for attempt in range(5):
                    try:
                        ws = await connect(
                            url,
                            additional_headers={"Authorization": f"Bearer {tokens[str(user)]}"},
                            open_timeout=30,
                            max_queue=None,
                        )
                        break
                    except (OSError, TimeoutError):
                        if attempt == 4:
                            raise
                        await asyncio.sleep(0.5 * (attempt + 1))
                sockets[user] = ws
                asyncio.get_running_loop().create_task(reader(user, ws))

        await asyncio.gather(*(one(u) for _c, a, b in plan for u in (a, b)))

    started = time.monotonic()
    await open_all()
    # A socket is ready once the server added it to its user's group, right after the
    # handshake; a short pause covers the last few.
    await asyncio.sleep(0.5)
    conn.send({"connected": len(sockets), "seconds": round(time.monotonic() - started, 2)})
    loop = asyncio.get_running_loop()

    while True:
        command = await loop.run_in_executor(None, conn.recv)
        if command is None:
            break
        phase: Phase = command
        rng = random.Random(phase.seed)
        total = max(1, round(phase.rate * (phase.warmup + phase.duration)))
        interval = 1.0 / phase.rate
        measured_from = phase.t0 + phase.warmup
        sent: dict[str, tuple[float, int, int]] = {}  # client_id -> (scheduled, sender, conv)
        lags: list[float] = []
        pending: set[asyncio.Task] = set()
        cpu0 = time.process_time()

        async def send(ws: Any, text: str) -> None:
            with contextlib.suppress(Exception):
                await ws.send(text)

        for i in range(total):
            scheduled = phase.t0 + i * interval
            delay = scheduled - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            conversation, a, b = rng.choice(plan)
            sender = a if rng.random() < 0.5 else b
            client_id = f"{phase.label}-{phase.seed}-{i}"
            sent[client_id] = (scheduled, sender, conversation)
            text = json.dumps(
                {
                    "type": "send",
                    "conversation": conversation,
                    "body": rng.choice(LINES),
                    "client_id": client_id,
                }
            )
            task = loop.create_task(send(sockets[sender], text))
            pending.add(task)
            task.add_done_callback(pending.discard)
            lags.append(time.monotonic() - scheduled)
        # Wait for answers and deliveries: until all are in, or the grace period is over.
        deadline = time.monotonic() + phase.grace
        while time.monotonic() < deadline:
            done = all(c in refused or (c in answers and answers[c][1] in arrivals) for c in sent)
            if done:
                break
            await asyncio.sleep(0.05)
        result = ClientResult(cpu_s=time.process_time() - cpu0, frames=frames)
        peer_of = {(c, a): b for c, a, b in plan} | {(c, b): a for c, a, b in plan}
        refused_codes: Counter[str] = Counter()
        for client_id, (scheduled, sender, conversation) in sent.items():
            measured = scheduled >= measured_from
            if measured:
                result.scheduled += 1
                result.lags.append(lags[int(client_id.rsplit("-", 1)[1])])
            if client_id in refused:
                if measured:
                    refused_codes[refused[client_id]] += 1
                continue
            answer = answers.get(client_id)
            if answer is None:
                if measured:
                    result.unanswered += 1
                continue
            at, message_id = answer
            if measured:
                result.acked += 1
                result.acked_ids.append(message_id)
                result.acks.append(at - scheduled)
            peer = peer_of[(conversation, sender)]
            delivered = [t for t, user in arrivals.get(message_id, []) if user == peer]
            if not measured:
                continue
            if not delivered:
                result.lost += 1
                continue
            result.latencies.append(min(delivered) - scheduled)
            result.duplicated += len(delivered) - 1
        result.refused = dict(refused_codes)
        conn.send(result)
        arrivals.clear()
        answers.clear()
        refused.clear()

    for ws in sockets.values():
        with contextlib.suppress(Exception):
            await ws.close()


def client_worker(conn: Any, url: str, plan: list[list[int]], tokens: dict[str, str]) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent stops us
    try:
        _run_loop(_client_main(conn, url, plan, tokens))
    except Exception as exc:  # report, or the parent would wait for ever
        with contextlib.suppress(Exception):
            conn.send({"error": f"{type(exc).__name__}: {exc}"})
        raise


class Clients:
    """``--clients`` processes, each holding the sockets of a share of the conversations."""

    def __init__(self, count: int, url: str, plan: list[list[int]], tokens: dict[str, str]):
        context = mp.get_context("spawn")
        self.conns = []
        self.procs = []
        for k in range(count):
            parent, child = context.Pipe()
            share = plan[k::count]
            shared_tokens = {str(u): tokens[str(u)] for _c, a, b in share for u in (a, b)}
            proc = context.Process(
                target=client_worker, args=(child, url, share, shared_tokens), daemon=True
            )
            proc.start()
            self.conns.append(parent)
            self.procs.append(proc)

    def wait_connected(self, timeout: float = 180.0) -> dict[str, Any]:
        replies = [self._recv(conn, timeout) for conn in self.conns]
        return {
            "sockets": sum(r["connected"] for r in replies),
            "seconds": max(r["seconds"] for r in replies),
        }

    def _recv(self, conn: Any, timeout: float) -> Any:
        if not conn.poll(timeout):
            raise RuntimeError(f"a client process did not answer within {timeout:.0f} s")
        reply = conn.recv()
        if isinstance(reply, dict) and "error" in reply:
            raise RuntimeError(f"a client process failed: {reply['error']}")
        return reply

    def start(self, phase: Phase) -> None:
        count = len(self.conns)
        for k, conn in enumerate(self.conns):
            conn.send(
                Phase(
                    label=phase.label,
                    rate=phase.rate / count,
                    duration=phase.duration,
                    warmup=phase.warmup,
                    grace=phase.grace,
                    # Interleaved schedules: process k sends at t0 + (i + k / count) / rate.
                    t0=phase.t0 + k / phase.rate,
                    seed=phase.seed * 100 + k,
                )
            )

    def collect(self, phase: Phase) -> list[ClientResult]:
        timeout = phase.t0 - time.monotonic() + phase.warmup + phase.duration + phase.grace + 60
        return [self._recv(conn, max(60.0, timeout)) for conn in self.conns]

    def close(self) -> None:
        for conn in self.conns:
            with contextlib.suppress(Exception):
                conn.send(None)
        for proc in self.procs:
            proc.join(timeout=10)
            if proc.is_alive():
                proc.terminate()


# ---------------------------------------------------------------------------------------------
# CPU accounting (as bench/load.py): server, PostgreSQL, Redis, clients, the rest
# ---------------------------------------------------------------------------------------------

_CLK_TCK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _proc_times() -> tuple[dict[int, tuple[int, str, int]], float, float]:
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
        procs[int(entry)] = (int(fields[2]), comm, int(fields[11]) + int(fields[12]))
    with open("/proc/stat") as fh:
        cpu = [int(v) for v in fh.readline().split()[1:]]
    idle = cpu[3] + (cpu[4] if len(cpu) > 4 else 0)
    total = sum(cpu[:8])
    return procs, (total - idle) / _CLK_TCK, total / _CLK_TCK


class CpuMeter:
    def __init__(self, server_pgid: int | None, client_pids: list[int]) -> None:
        self.server_pgid = server_pgid
        self.client_pids = set(client_pids)

    def start(self) -> None:
        self.before = _proc_times() if os.path.exists("/proc/stat") else None

    def stop(self) -> dict[str, float]:
        if self.before is None:
            return {}
        (p0, busy0, total0), (p1, busy1, total1) = self.before, _proc_times()
        used = {"server": 0.0, "postgres": 0.0, "redis": 0.0, "clients": 0.0}
        for pid, (pgrp, comm, ticks) in p1.items():
            delta = (ticks - p0[pid][2]) / _CLK_TCK if pid in p0 else ticks / _CLK_TCK
            if pgrp == self.server_pgid:
                used["server"] += delta
            elif comm == "postgres":
                used["postgres"] += delta
            elif comm.startswith("redis"):
                used["redis"] += delta
            elif pid in self.client_pids:
                used["clients"] += delta
        used["all"] = busy1 - busy0
        known = used["server"] + used["postgres"] + used["redis"] + used["clients"]
        used["other"] = max(0.0, used["all"] - known)
        used["capacity"] = total1 - total0
        return {k: round(v, 2) for k, v in used.items()}


# ---------------------------------------------------------------------------------------------
# One measured run
# ---------------------------------------------------------------------------------------------


@dataclass
class Run:
    server: str
    rate: float
    duration: float
    scheduled: int
    acked: int
    lost: int
    duplicated: int
    unanswered: int
    refused: dict[str, int]
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    ack_p50_ms: float
    ack_p99_ms: float
    lag_p99_ms: float
    persisted_per_s: float | None
    not_stored: int | None
    cpu: dict[str, float]

    @property
    def passes_search(self) -> bool:
        return (
            self.p99_ms <= SEARCH_P99_MS
            and self.lost == 0
            and self.duplicated == 0
            and self.unanswered == 0
            and not self.refused
        )

    def line(self) -> str:
        persisted = (
            "" if self.persisted_per_s is None else f", stored {self.persisted_per_s:.0f} msg/s"
        )
        refused = sum(self.refused.values())
        return (
            f"  {self.server:8} {self.rate:6.0f} msg/s  p50 {self.p50_ms:.1f} ms, "
            f"p99 {self.p99_ms:.1f} ms, max {self.max_ms:.1f} ms, lost {self.lost}, "
            f"duplicated {self.duplicated}, unanswered {self.unanswered}, refused {refused}"
            f"{persisted}"
        )


def count_messages(database_url: str) -> int:
    with pg_connect(database_url) as conn:
        return conn.execute("SELECT count(*) FROM conversations_message").fetchone()[0]


def stored_of(database_url: str, ids: list[int]) -> int:
    with pg_connect(database_url) as conn:
        return conn.execute(
            "SELECT count(*) FROM conversations_message WHERE id = ANY(%s)", (ids,)
        ).fetchone()[0]


def measure(
    args: argparse.Namespace,
    clients: Clients,
    server_name: str,
    server: Server,
    rate: float,
    duration: float,
    warmup: float,
    seed: int,
) -> Run:
    """One open-loop run at ``rate``; CPU and stored rows are counted over the measured
    window (after the warm-up), latencies over the messages scheduled in it."""
    t0 = time.monotonic() + 1.0
    phase = Phase(
        # Unique per run: a client_id used before would be answered as a retry.
        label=f"{server_name[0]}{int(rate)}-{secrets.token_hex(4)}",
        rate=rate,
        duration=duration,
        warmup=warmup,
        grace=args.grace,
        t0=t0,
        seed=seed,
    )
    clients.start(phase)
    meter = CpuMeter(server.pgid, [p.pid for p in clients.procs if p.pid])
    counts: list[tuple[float, int]] = []
    time.sleep(max(0.0, t0 + warmup - time.monotonic()))
    meter.start()
    if server_name == "dragoman":
        counts.append((time.monotonic(), count_messages(args.database_url)))
    time.sleep(max(0.0, t0 + warmup + duration - time.monotonic()))
    cpu = meter.stop()
    if server_name == "dragoman":
        counts.append((time.monotonic(), count_messages(args.database_url)))
    results = clients.collect(phase)
    return _combine(args, server_name, rate, duration, results, cpu, counts)


def _combine(
    args: argparse.Namespace,
    server_name: str,
    rate: float,
    duration: float,
    results: list[ClientResult],
    cpu: dict[str, float],
    counts: list[tuple[float, int]],
) -> Run:
    latencies = sorted(x for r in results for x in r.latencies)
    acks = sorted(x for r in results for x in r.acks)
    lags = sorted(x for r in results for x in r.lags)
    refused: Counter[str] = Counter()
    for r in results:
        refused.update(r.refused)
    ms = 1000.0
    persisted = None
    not_stored = None
    if server_name == "dragoman":
        if len(counts) == 2:
            (a_t, a_n), (b_t, b_n) = counts
            persisted = (b_n - a_n) / max(1e-9, b_t - a_t)
        ids = [i for r in results for i in r.acked_ids]
        not_stored = len(ids) - stored_of(args.database_url, ids) if ids else 0
    return Run(
        server=server_name,
        rate=rate,
        duration=duration,
        scheduled=sum(r.scheduled for r in results),
        acked=sum(r.acked for r in results),
        lost=sum(r.lost for r in results),
        duplicated=sum(r.duplicated for r in results),
        unanswered=sum(r.unanswered for r in results),
        refused=dict(refused),
        p50_ms=percentile(latencies, 50) * ms,
        p90_ms=percentile(latencies, 90) * ms,
        p99_ms=percentile(latencies, 99) * ms,
        max_ms=(latencies[-1] if latencies else math.nan) * ms,
        ack_p50_ms=percentile(acks, 50) * ms,
        ack_p99_ms=percentile(acks, 99) * ms,
        lag_p99_ms=percentile(lags, 99) * ms,
        persisted_per_s=persisted,
        not_stored=not_stored,
        cpu=cpu,
    )


# ---------------------------------------------------------------------------------------------
# Capacity search, diagnosis, report
# ---------------------------------------------------------------------------------------------


def search(args: argparse.Namespace, clients: Clients, server: Server, start: float) -> dict:
    """Step the rate up from ``start`` (or down, if it fails), then bisect, for the highest
    rate with p99 <= 50 ms and nothing lost, duplicated, unanswered or refused."""
    steps: list[Run] = []

    def step(rate: float) -> bool:
        settle(args)
        run = measure(
            args, clients, "dragoman", server, rate, args.step_duration, 1.0, len(steps) + 10
        )
        steps.append(run)
        verdict = "pass" if run.passes_search else "FAIL"
        log(f"{run.line()}  [{verdict}]")
        return run.passes_search

    log(
        f"\nCapacity search: p99 <= {SEARCH_P99_MS:g} ms and nothing lost, "
        f"{args.step_duration:g} s steps"
    )
    best: float | None = None
    worst: float | None = None
    ladder = [r for r in SEARCH_LADDER if r >= start] or [start]
    for rate in ladder:
        if step(rate):
            best = rate
        else:
            worst = rate
            break
    if best is None:
        for rate in [r for r in SEARCH_LADDER_DOWN if r < start]:
            if step(rate):
                best = rate
                break
            worst = rate
    if best is not None and worst is not None:
        low, high = best, worst
        while high - low > max(10.0, 0.1 * low):
            middle = round((low + high) / 2)
            if step(middle):
                low = middle
            else:
                high = middle
        best, worst = low, high
    return {
        "max_rate": best,
        "first_failing_rate": worst,
        "steps": [run.__dict__ for run in steps],
        "sustained_persisted": max(
            (
                run.persisted_per_s or 0.0
                for run in steps
                if run.lost == 0 and run.unanswered == 0 and not_stored_ok(run)
            ),
            default=0.0,
        ),
    }


def settle(args: argparse.Namespace, quiet: float = 2.0, limit: float = 180.0) -> None:
    """Wait until an overloaded server has worked off its backlog: no new rows for
    ``quiet`` seconds (at most ``limit``)."""
    started = time.monotonic()
    last, since = count_messages(args.database_url), time.monotonic()
    while time.monotonic() - since < quiet and time.monotonic() - started < limit:
        time.sleep(0.5)
        now = count_messages(args.database_url)
        if now != last:
            last, since = now, time.monotonic()
    waited = time.monotonic() - started
    if waited > quiet + 2:
        log(f"           (waited {waited:.0f} s for the server to work off its backlog)")


def not_stored_ok(run: Run) -> bool:
    return not run.not_stored


def diagnose_worker(plan_path: str, messages: int) -> None:
    """In a subprocess with the server's settings: send ``messages`` messages through the
    service, as the socket does, timing the parts: the service's own work (checks, row
    lock, insert), the publication after commit (reading the message and its readers,
    views), and the Redis group sends inside it; with SQL queries per message."""
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.db import connection

    from dragoman.accounts.models import User
    from dragoman.conversations import realtime as conversation_realtime
    from dragoman.conversations.selectors import (
        Viewer,
        conversation_get_for_user,
        message_view,
        seat_of,
    )
    from dragoman.conversations.services import message_send

    timers: dict[str, float] = defaultdict(float)
    queries = {"n": 0}

    def timed(name: str, function: Any) -> Any:
        def wrapper(*a: Any, **k: Any) -> Any:
            started = time.perf_counter()
            try:
                return function(*a, **k)
            finally:
                timers[name] += time.perf_counter() - started

        return wrapper

    def atimed(name: str, function: Any) -> Any:
        async def wrapper(*a: Any, **k: Any) -> Any:
            started = time.perf_counter()
            try:
                return await function(*a, **k)
            finally:
                timers[name] += time.perf_counter() - started

        return wrapper

    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    layer.group_send = atimed("group_send", layer.group_send)
    conversation_realtime._publish_message = timed(
        "publish", conversation_realtime._publish_message
    )

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        queries["n"] += 1
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timers["sql"] += time.perf_counter() - started

    data = json.loads(Path(plan_path).read_text())
    plan = data["plan"]
    rng = random.Random(7)
    ids = [p[1] for p in plan] + [p[2] for p in plan]
    users = {u.pk: u for u in User.objects.filter(pk__in=ids)}
    parts: dict[str, list[float]] = defaultdict(list)
    profile = cProfile.Profile()

    def one(measured: bool) -> None:
        conversation_id, a, b = rng.choice(plan)
        user = users[a if rng.random() < 0.5 else b]
        for key in list(timers):
            timers[key] = 0.0
        queries["n"] = 0
        started = time.perf_counter()
        conversation = conversation_get_for_user(user=user, conversation_id=conversation_id)
        message, _ = message_send(
            conversation=conversation,
            by=user,
            body=rng.choice(LINES),
            client_id=f"diag-{time.time_ns()}",
        )
        viewer = Viewer.of(user, seat_of(user=user, conversation=conversation))
        message_view(viewer, message)
        total = time.perf_counter() - started
        if measured:
            parts["total"].append(total)
            parts["publish after commit"].append(timers["publish"])
            parts["  of which Redis group_send"].append(timers["group_send"])
            parts["service and answer (rest)"].append(total - timers["publish"])
            parts["SQL (all queries)"].append(timers["sql"])
            parts["queries"].append(queries["n"])

    def work() -> None:
        # As in the server: the sync work on a thread, the event loop (where group_send
        # runs, through async_to_sync) on the main thread.
        with connection.execute_wrapper(count):
            for _ in range(20):
                one(measured=False)
            for _ in range(messages):
                one(measured=True)
            profile.enable()
            for _ in range(messages // 2):
                one(measured=False)
            profile.disable()
        connection.close()

    async def main() -> None:
        from asgiref.sync import sync_to_async

        await sync_to_async(work, thread_sensitive=True)()

    asyncio.run(main())
    summary = {}
    for name, values in parts.items():
        values.sort()
        scale = 1 if name == "queries" else 1000.0
        summary[name] = {
            "mean": sum(values) / len(values) * scale,
            "p50": percentile(values, 50) * scale,
            "p99": percentile(values, 99) * scale,
        }
    # Where the sync thread's CPU went, by library (tottime under the profiler).
    where: Counter[str] = Counter()
    stats = pstats.Stats(profile).stats  # type: ignore[attr-defined]
    for (filename, _line, _name), (_cc, _nc, tottime, _ct, _callers) in stats.items():
        where[_library(filename)] += tottime
    total_profiled = sum(where.values()) or 1.0
    summary["profile"] = {k: round(100 * v / total_profiled, 1) for k, v in where.most_common()}
    print(DIAG_MARK + json.dumps(summary), flush=True)


def _library(filename: str) -> str:
    for marker, name in (
        ("django/db/models", "Django ORM (building queries, making objects)"),
        ("django/db/backends", "Django database backend"),
        ("psycopg", "psycopg (driver; waiting for PostgreSQL)"),
        ("channels_redis", "channels-redis and redis"),
        ("/redis/", "channels-redis and redis"),
        ("asgiref", "asgiref (thread hops)"),
        ("dragoman/", "Dragoman's own code"),
        ("/re/", "regular expressions (masking)"),
        ("django/", "Django, other"),
    ):
        if marker in filename:
            return name
    if filename.startswith("~") or "<" in filename:
        return "builtins (regex, JSON, locks, sockets)"
    return "other"


def diagnose(args: argparse.Namespace, plan_path: str) -> dict:
    log("\nWhere a message's time goes (in-process, one at a time, the server's settings):")
    output = run_checked(
        [PYTHON, str(Path(__file__).resolve()), "--diagnose-worker", "--plan", plan_path],
        child_env(args),
        "diagnose",
    )
    summary = marked_json(output, DIAG_MARK)
    log(f"  {'part':30} {'mean':>8} {'p50':>8} {'p99':>8}")
    profile = summary.pop("profile", {})
    for name, row in summary.items():
        unit = "" if name == "queries" else " ms"
        log(f"  {name:30} {row['mean']:8.2f} {row['p50']:8.2f} {row['p99']:8.2f}{unit}")
    log("  CPU of the sync thread by library (cProfile, share of the time):")
    for name, share in profile.items():
        if share >= 1.0:
            log(f"    {share:5.1f}%  {name}")
    summary["profile"] = profile
    return summary


def git_commit() -> str:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except OSError:
        return "unknown"


def cpu_line(run: Run) -> str:
    cpu = run.cpu
    if not cpu:
        return ""
    window = run.duration
    cores = cpu["capacity"] / window if window else 0

    def share(key: str) -> str:
        return f"{key} {cpu[key] / window:.2f}"

    parts = ", ".join(share(k) for k in ("server", "postgres", "redis", "clients", "other"))
    return f"           CPU (cores of {cores:.0f}): {parts}; busy {cpu['all'] / window:.2f}"


def report_run(run: Run) -> None:
    log(run.line())
    log(
        f"           send->sent p50 {run.ack_p50_ms:.1f} ms, p99 {run.ack_p99_ms:.1f} ms; "
        f"client lag p99 {run.lag_p99_ms:.1f} ms; {run.scheduled} measured, {run.acked} acked"
        + ("" if run.not_stored is None else f", {run.not_stored} acked but not in the database")
        + (f"; refused {run.refused}" if run.refused else "")
    )
    line = cpu_line(run)
    if line:
        log(line)
    if run.lag_p99_ms > 10:
        log("           (the clients fell behind their schedule: part of the latency is theirs)")


def summarise(report: dict[str, Any]) -> None:
    log("\nSummary")
    dragoman: Run = report["dragoman_run"]
    floor: Run = report["floor_run"]
    ratio = dragoman.p99_ms / floor.p99_ms if floor.p99_ms > 0 else math.inf
    log(f"  Dragoman send->deliver p50 {dragoman.p50_ms:.1f} ms, p99 {dragoman.p99_ms:.1f} ms, "
        f"max {dragoman.max_ms:.1f} ms at {dragoman.rate:g} msg/s")  # fmt: skip
    log(f"  floor    send->deliver p50 {floor.p50_ms:.1f} ms, p99 {floor.p99_ms:.1f} ms, "
        f"max {floor.max_ms:.1f} ms at {floor.rate:g} msg/s")  # fmt: skip
    log(f"  p99 ratio Dragoman / floor: {ratio:.1f}x")
    verdicts = [
        (f"p99 <= {TARGET_P99_MS:g} ms", dragoman.p99_ms <= TARGET_P99_MS,
         f"{dragoman.p99_ms:.1f} ms"),
        (f"p99 <= {TARGET_FLOOR_RATIO:g}x floor", ratio <= TARGET_FLOOR_RATIO, f"{ratio:.1f}x"),
        ("nothing lost", dragoman.lost == 0 and dragoman.unanswered == 0,
         f"{dragoman.lost} lost, {dragoman.unanswered} unanswered"),
        ("nothing duplicated", dragoman.duplicated == 0, str(dragoman.duplicated)),
        ("every acked message stored", not dragoman.not_stored, f"{dragoman.not_stored} missing"),
    ]  # fmt: skip
    found = report.get("search")
    if found is not None:
        sustained = found["sustained_persisted"]
        verdicts.append(
            (
                f"{TARGET_PERSISTED:g} stored msg/s sustained",
                sustained >= 0.95 * TARGET_PERSISTED,
                f"highest {sustained:.0f} msg/s with nothing lost",
            )
        )
    else:
        stored = dragoman.persisted_per_s or 0.0
        verdicts.append(
            (
                f"{TARGET_PERSISTED:g} stored msg/s sustained",
                stored >= 0.95 * TARGET_PERSISTED,
                f"{stored:.0f} msg/s at {dragoman.rate:g} msg/s (no search run)",
            )
        )
    for name, met, value in verdicts:
        log(f"  target {name:32} {'met' if met else 'NOT MET':8} ({value})")
    if found is not None:
        rate = "none" if found["max_rate"] is None else f"{found['max_rate']:g} msg/s"
        log(f"  capacity: highest rate with p99 <= {SEARCH_P99_MS:g} ms and nothing lost: {rate}")


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Send->deliver latency of chat messages over real WebSockets.",
        formatter_class=argparse.ArgumentDefaultsHelpFormatter,
    )
    parser.add_argument("--conversations", type=int, default=500, help="two sockets each")
    parser.add_argument("--rate", type=float, default=250.0, help="messages per second, in all")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds of measured load")
    parser.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured load")
    parser.add_argument("--workers", type=int, default=2, help="uvicorn workers")
    parser.add_argument("--clients", type=int, default=2, help="client processes")
    parser.add_argument("--grace", type=float, default=5.0, help="seconds to wait for deliveries")
    parser.add_argument("--no-search", action="store_true", help="skip the capacity search")
    parser.add_argument("--step-duration", type=float, default=10.0, help="seconds per step")
    parser.add_argument("--diagnose", action="store_true", help="also time a message's parts")
    parser.add_argument("--json", action="store_true", help="also write <results>/chat-*.json")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL") or DATABASE_URL,
        help="PostgreSQL database, created if missing (env BENCH_DATABASE_URL)",
    )
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL") or REDIS_URL,
        help="the server's Redis (env BENCH_REDIS_URL)",
    )
    parser.add_argument(
        "--redis-prefix",
        default=os.environ.get("BENCH_REDIS_PREFIX") or REDIS_PREFIX,
        help="prefix of the server's Redis keys (env BENCH_REDIS_PREFIX)",
    )
    parser.add_argument(
        "--results-dir",
        type=Path,
        default=Path(os.environ.get("BENCH_RESULTS_DIR") or RESULTS_DIR),
        help="where the server logs and --json results go (env BENCH_RESULTS_DIR)",
    )
    parser.add_argument("--seed-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--floor-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--diagnose-worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--floor-port", type=int, default=0, help=argparse.SUPPRESS)
    parser.add_argument("--plan", default="", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.conversations < 1 or args.rate <= 0 or args.duration <= 0 or args.workers < 1:
        parser.error("--conversations, --rate, --duration and --workers must be positive")
    args.clients = max(1, min(args.clients, args.conversations))
    try:
        database_name(args.database_url)
    except SystemExit as exc:
        parser.error(str(exc))
    return args


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.seed_worker:
        seed_worker(args.conversations, args.plan)
        return 0
    if args.floor_worker:
        floor_worker(args.floor_port, args.plan)
        return 0
    if args.diagnose_worker:
        diagnose_worker(args.plan, messages=200)
        return 0

    def on_sigterm(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    report: dict[str, Any] = {}
    servers: list[Server] = []
    clients: Clients | None = None
    with tempfile.TemporaryDirectory(prefix="dragoman-bench-chat-") as tmp:
        plan_path = str(Path(tmp) / "plan.json")  # the tokens' secrets: removed at the end
        try:
            log("Preparing the database")
            made = ensure_database(args.database_url)
            log(f"  database {database_name(args.database_url)}: {'created' if made else 'exists'}")
            output = run_checked(
                [PYTHON, str(Path(__file__).resolve()), "--seed-worker",
                 "--conversations", str(args.conversations), "--plan", plan_path],
                child_env(args),
                "migrate and seed",
            )  # fmt: skip
            seed = marked_json(output, SEED_MARK)
            data = json.loads(Path(plan_path).read_text())
            plan, tokens = data["plan"], data["tokens"]
            log(
                f"  {seed['conversations']} conversations, {2 * len(plan)} users with a fresh "
                f"API token, {seed['messages']} messages stored before (created "
                f"{seed['created']}) in {seed['seconds']} s (migrate {seed['migrate_seconds']} s)"
            )
            load1, load5, _ = os.getloadavg()
            settings = {
                "commit": git_commit(),
                "python": platform.python_version(),
                "cpus": os.cpu_count(),
                "load": f"{load1:.2f} (1 min), {load5:.2f} (5 min)",
                "database": seed["database"],
                "redis": f"{args.redis_url} prefix {args.redis_prefix}",
                "server": f"production mode (DRAGOMAN_ENV=production, DEBUG {seed['debug']}), "
                f"{args.workers} uvicorn workers",
                "sockets": 2 * len(plan),
                "client processes": args.clients,
                "rate": f"{args.rate:g} msg/s",
                "duration": f"{args.duration:g} s after {args.warmup:g} s warm-up",
            }
            report["settings"] = settings
            log("\nSettings")
            for key, value in settings.items():
                log(f"  {key:17} {value}")

            # 1. The floor: the same sockets, rate and client code against a bare server.
            floor_port = free_port()
            floor = floor_server(args, floor_port, plan_path)
            servers.append(floor)
            floor.start(lambda: port_open(floor_port))
            clients = Clients(args.clients, f"ws://127.0.0.1:{floor_port}/", plan, tokens)
            connected = clients.wait_connected()
            log(f"\nFloor (bare websockets server): {connected['sockets']} sockets connected "
                f"in {connected['seconds']:.1f} s")  # fmt: skip
            report["floor_run"] = measure(
                args, clients, "floor", floor, args.rate, args.duration, args.warmup, 1
            )
            report_run(report["floor_run"])
            clients.close()
            clients = None
            floor.stop()

            # 2. Dragoman, the same load.
            port = free_port()
            server = dragoman_server(args, port)
            servers.append(server)
            started = time.perf_counter()
            server.start(lambda: healthz(port))
            log(f"\nDragoman: /healthz 200 after {time.perf_counter() - started:.1f} s "
                f"(log: {args.results_dir / 'server-last.log'})")  # fmt: skip
            clients = Clients(args.clients, f"ws://127.0.0.1:{port}/ws/events/", plan, tokens)
            connected = clients.wait_connected()
            log(f"  {connected['sockets']} sockets connected with Bearer tokens in "
                f"{connected['seconds']:.1f} s")  # fmt: skip
            report["dragoman_run"] = measure(
                args, clients, "dragoman", server, args.rate, args.duration, args.warmup, 2
            )
            report_run(report["dragoman_run"])
            if not args.no_search:
                settle(args)
                report["search"] = search(args, clients, server, args.rate)
            if args.diagnose or not report["dragoman_run"].p99_ms <= TARGET_P99_MS:
                report["diagnostics"] = diagnose(args, plan_path)
            summarise(report)
        except KeyboardInterrupt:
            log("\nInterrupted.")
            return 130
        except RuntimeError as exc:
            log(f"\nError: {exc}")
            for server in servers:
                log(f"Last lines of the {server.name} log:\n{server.tail()}")
            return 1
        finally:
            if clients is not None:
                clients.close()
            for server in servers:
                server.stop()
            if args.json and report.get("settings"):
                args.results_dir.mkdir(parents=True, exist_ok=True)
                path = args.results_dir / f"chat-{stamp}.json"
                path.write_text(json.dumps(report, indent=2, default=lambda o: o.__dict__))
                log(f"Results written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
