"""Conversations over real sockets: ``websockets`` clients on ``/ws/events/`` against uvicorn
serving the real ASGI application, in a thread of the test (``asgi_server``) or as separate
processes (killed, restarted, two of them sharing Redis).

What a page relies on: a retry never makes a second message, ``resume`` hands back exactly
what was missed (after a dropped connection, a killed server or a full channel buffer) before
any newer event, a message sent through one process reaches sockets held by another, and
nobody outside a conversation can use it or hear of it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
import pytest
from django.conf import settings
from django.db import connection
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from dragoman.accounts.services import api_token_create
from dragoman.conversations.enums import ErrorCode
from dragoman.conversations.models import Conversation, Message
from dragoman.conversations.services import message_send
from dragoman.conversations.tests.factories import translation_chat

ROOT = Path(settings.BASE_DIR)
# The Redis scripts/test.sh gives the PostgreSQL pass; the server processes of the Redis tests
# use it in the SQLite pass too, under a prefix of their own.
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/15"


# --- A page's socket --------------------------------------------------------------------------


class Socket:
    """One ``/ws/events/`` connection of one user, authenticated by an API token, that logs
    every frame it receives, in order."""

    def __init__(self, base_url: str, user: Any, **options: Any) -> None:
        _, secret = api_token_create(user=user, name="ws")
        self.url = base_url.replace("http://", "ws://") + "/ws/events/"
        self.headers = {"Authorization": f"Bearer {secret}"}
        self.frames: list[dict[str, Any]] = []
        self.conn: ClientConnection = connect(
            self.url,
            additional_headers=self.headers,
            open_timeout=10,
            legacy=True,
            **options,
        )

    def close(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.close()

    def drop(self) -> None:
        """The network goes away: no closing handshake, the TCP connection is just cut."""
        with contextlib.suppress(OSError):
            self.conn.socket.shutdown(socket.SHUT_RDWR)
        self.close()

    def send(self, kind: str, **content: Any) -> str:
        ref = uuid.uuid4().hex
        self.conn.send(json.dumps({"type": kind, "ref": ref, **content}))
        return ref

    def recv(self, timeout: float = 5.0) -> dict[str, Any]:
        frame = json.loads(self.conn.recv(timeout=timeout))
        self.frames.append(frame)
        return frame

    def answer(self, ref: str, timeout: float = 10.0) -> dict[str, Any]:
        """Read (and log) frames until the answer to the request ``ref``."""
        deadline = time.monotonic() + timeout
        while True:
            frame = self.recv(timeout=max(0.01, deadline - time.monotonic()))
            if frame.get("ref") == ref:
                return frame

    def request(self, kind: str, **content: Any) -> dict[str, Any]:
        return self.answer(self.send(kind, **content))

    def say(self, conversation: Conversation, body: str, **content: Any) -> dict[str, Any]:
        answer = self.request("send", conversation=conversation.pk, body=body, **content)
        assert answer["type"] == "sent", answer
        return answer["message"]

    def events(self, conversation: Conversation) -> list[dict[str, Any]]:
        """The ``message`` events of the conversation received so far."""
        return [
            f
            for f in self.frames
            if f.get("type") == "event"
            and f.get("event") == "message"
            and f.get("conversation") == conversation.pk
        ]

    def wait_for_events(
        self, conversation: Conversation, count: int, timeout: float = 10.0
    ) -> list[dict[str, Any]]:
        deadline = time.monotonic() + timeout
        while len(self.events(conversation)) < count:
            self.recv(timeout=max(0.01, deadline - time.monotonic()))
        return self.events(conversation)

    def drain(self, quiet: float = 0.5) -> None:
        """Read until nothing more arrives for ``quiet`` seconds."""
        with contextlib.suppress(TimeoutError):
            while True:
                self.recv(timeout=quiet)


def seqs(messages: list[dict[str, Any]]) -> list[int]:
    return [m["seq"] for m in messages]


def stored_seqs(chat: Conversation, after: int = 0) -> list[int]:
    return list(chat.messages.filter(seq__gt=after).order_by("seq").values_list("seq", flat=True))


@pytest.fixture
def chat(world, allowed) -> Conversation:
    return translation_chat(world)


@pytest.fixture
def sockets() -> Iterator[list[Socket]]:
    """Sockets a test opens are closed after it, whatever happened."""
    opened: list[Socket] = []
    yield opened
    for sock in opened:
        sock.close()


@pytest.fixture
def open_socket(sockets):  # type: ignore[no-untyped-def]
    def opener(base_url: str, user: Any, **options: Any) -> Socket:
        sock = Socket(str(base_url), user, **options)
        sockets.append(sock)
        return sock

    return opener


# --- Dragoman as separate processes -------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _test_database_url() -> str:
    """The database this test runs on (the xdist worker's own), as a URL for a server."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    credentials = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        credentials += ":" + quote(db["PASSWORD"])
    return f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() not in ("", "0", "false", "no")


def _redis_url() -> str:
    """REDIS_URL (the PostgreSQL + Redis pass), else the local Redis scripts/test.sh uses.

    Without a Redis answering, skip on a developer's machine; in CI, which must skip nothing,
    fail instead."""
    import redis

    url = os.environ.get("REDIS_URL") or DEFAULT_REDIS_URL
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3).ping()
    except redis.RedisError as exc:
        reason = f"no Redis at {url} for the cross-process socket tests ({exc})"
        if _in_ci():
            pytest.fail(f"{reason}: CI must run them; set REDIS_URL")
        pytest.skip(reason)
    return url


class ServerProcess:
    """``python -m uvicorn dragoman.config.asgi:application`` as a process of its own, on the
    test's database, that can be killed and started again on the same port."""

    def __init__(self, env: dict[str, str], log_dir: Path, send_buffer: int = 0) -> None:
        self.listener: socket.socket | None = None
        if send_buffer:
            # The server takes a listening socket from us: the connections it accepts inherit
            # its kernel send buffer, small and fixed instead of growing to megabytes.
            self.listener = socket.socket()
            self.listener.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, send_buffer)
            self.listener.bind(("127.0.0.1", 0))
            self.listener.listen(100)
            self.port = self.listener.getsockname()[1]
        else:
            self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = env
        self.log_path = log_dir / f"server-{self.port}.log"
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> ServerProcess:
        return self.launch().wait_until_healthy()

    def launch(self) -> ServerProcess:
        command = [
            sys.executable, "-m", "uvicorn", "dragoman.config.asgi:application",
            "--lifespan", "off", "--log-level", "warning",
        ]  # fmt: skip
        if self.listener is not None:
            command += ["--fd", str(self.listener.fileno())]
        else:
            command += ["--host", "127.0.0.1", "--port", str(self.port)]
        fds = (self.listener.fileno(),) if self.listener is not None else ()
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(
                command,
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                pass_fds=fds,
            )
        return self

    def wait_until_healthy(self, timeout: float = 60.0) -> ServerProcess:
        assert self.proc is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited ({self.proc.returncode}):\n{self.tail()}")
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(self.url + "/healthz", timeout=2).status_code == 200:
                    return self
            time.sleep(0.1)
        raise RuntimeError(f"the server did not become healthy:\n{self.tail()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown, no goodbye to the sockets."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(timeout=10)
        self.proc = None

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.kill()
        self.proc = None
        if self.listener is not None:
            self.listener.close()

    def tail(self) -> str:
        with contextlib.suppress(OSError):
            return self.log_path.read_text(errors="replace")[-3000:]
        return ""


@pytest.fixture
def servers(transactional_db) -> Iterator[Any]:  # type: ignore[no-untyped-def]
    """``servers(redis_url=None, prefix="", send_buffer=0, wait=True, **env)``: start a server
    process on the test's database; all are stopped (and their Redis keys removed) after the
    test."""
    started: list[ServerProcess] = []
    prefixes: list[tuple[str, str]] = []
    with tempfile.TemporaryDirectory(prefix="dragoman-ws-") as tmp:

        def start(
            redis_url: str | None = None,
            prefix: str = "",
            send_buffer: int = 0,
            wait: bool = True,
            **extra: str,
        ) -> ServerProcess:
            env = {
                k: v
                for k, v in os.environ.items()
                if not k.startswith(("PYTEST_", "DJANGO_"))
                and k not in ("DATABASE_URL", "REDIS_URL", "REDIS_PREFIX")
            }
            env.update(
                DATABASE_URL=_test_database_url(),
                DRAGOMAN_TESTING="1",  # as the test's own server runs: tasks inline
                DRAGOMAN_DATA_DIR=tmp,  # its task queue file and static files, not var/
                PYTHONUNBUFFERED="1",
                **extra,
            )
            if redis_url:
                env.update(REDIS_URL=redis_url, REDIS_PREFIX=prefix)
                prefixes.append((redis_url, prefix))
            server = ServerProcess(env, Path(tmp), send_buffer=send_buffer)
            started.append(server)
            return server.start() if wait else server.launch()

        try:
            yield start
        finally:
            for server in started:
                server.stop()
            for url, prefix in prefixes:
                import redis

                client = redis.Redis.from_url(url)
                keys = list(client.scan_iter(match=f"*{prefix}*", count=1000))
                if keys:
                    client.delete(*keys)


def unique_prefix() -> str:
    return f"wstest{uuid.uuid4().hex[:12]}"  # letters and digits: Huey keeps only those


# --- 1. Retries ---------------------------------------------------------------------------------


def test_a_retried_send_over_the_socket_answers_the_same_message_and_stores_one(
    world, chat, asgi_server, open_socket
):
    requester = open_socket(asgi_server, world.requester)
    linguist = open_socket(asgi_server, world.linguist)

    first = requester.request("send", conversation=chat.pk, body="Hello", client_id="c-retry-1")
    again = requester.request("send", conversation=chat.pk, body="Hello", client_id="c-retry-1")

    assert (first["type"], first["created"]) == ("sent", True)
    assert (again["type"], again["created"]) == ("sent", False)
    assert again["message"]["id"] == first["message"]["id"]
    assert again["message"]["seq"] == first["message"]["seq"]
    assert Message.objects.filter(sender=world.requester, client_id="c-retry-1").count() == 1
    # The other side heard of it once: the retry published nothing.
    linguist.wait_for_events(chat, 1)
    linguist.drain(quiet=0.3)
    assert [e["id"] for e in linguist.events(chat)] == [first["message"]["id"]]


def test_a_message_sent_by_rest_and_retried_on_the_socket_is_stored_once(
    world, chat, asgi_server, open_socket
):
    _, secret = api_token_create(user=world.requester, name="rest")
    url = f"{asgi_server.url}/api/v1/conversations/{chat.pk}/messages"
    payload = {"body": "Sent by a program", "client_id": "c-rest-1"}
    auth = {"Authorization": f"Bearer {secret}"}

    by_rest = httpx.post(url, json=payload, headers=auth, timeout=10)
    requester = open_socket(asgi_server, world.requester)
    by_socket = requester.request("send", conversation=chat.pk, **payload)
    by_rest_again = httpx.post(url, json=payload, headers=auth, timeout=10)

    assert by_rest.status_code == 201
    assert by_socket["type"] == "sent" and by_socket["created"] is False
    assert by_rest_again.status_code == 200
    stored = Message.objects.get(sender=world.requester, client_id="c-rest-1")
    for message in (by_rest.json(), by_socket["message"], by_rest_again.json()):
        assert (message["id"], message["seq"]) == (stored.pk, stored.seq)


# --- 2. Resume after a dropped connection -------------------------------------------------------


def test_resume_after_a_dropped_connection_returns_exactly_the_missed_messages_first(
    world, chat, asgi_server, open_socket
):
    requester = open_socket(asgi_server, world.requester)
    linguist = open_socket(asgi_server, world.linguist)
    linguist.say(chat, "Before the tunnel 1")
    linguist.say(chat, "Before the tunnel 2")
    last_seen = requester.wait_for_events(chat, 2)[-1]["seq"]

    requester.drop()
    missed = [linguist.say(chat, f"While away {n}") for n in range(20)]

    back = open_socket(asgi_server, world.requester)
    ref = back.send("resume", conversation=chat.pk, after=last_seen)
    # Another participant writes at the same moment: its live event must not overtake the
    # answer, and must not come twice.
    newer: list[dict[str, Any]] = []
    writer = threading.Thread(target=lambda: newer.append(linguist.say(chat, "Right now")))
    writer.start()
    answer = back.answer(ref)
    writer.join(timeout=10)
    newest = newer[0]["seq"]
    if newest not in seqs(answer["messages"]):
        back.wait_for_events(chat, 1)
    back.drain(quiet=0.3)

    assert answer["type"] == "messages" and answer["more"] is False
    before_answer = back.frames[: back.frames.index(answer)]
    assert not [f for f in before_answer if f.get("event") == "message"]
    # Exactly the 20 missed, in order (and the newest one if it was stored before the read).
    expected = [m["seq"] for m in missed]
    assert seqs(answer["messages"]) in (expected, [*expected, newest])
    assert [m["id"] for m in answer["messages"][:20]] == [m["id"] for m in missed]
    assert answer["last_seq"] == answer["messages"][-1]["seq"]
    # Live, the new socket hears only the newest message, once, after the answer.
    assert seqs(back.events(chat)) == [newest]
    assert back.frames.index(back.events(chat)[0]) > back.frames.index(answer)
    assert stored_seqs(chat, after=last_seen) == [*expected, newest]


# --- 3. Resume after the server was killed ------------------------------------------------------


def test_resume_after_the_server_is_killed_and_restarted_returns_what_was_sent_meanwhile(
    world, allowed, servers, open_socket
):
    chat = translation_chat(world)
    # On the test's own stack: PostgreSQL and Redis in that pass, SQLite and memory in the other.
    server = servers(os.environ.get("REDIS_URL"), unique_prefix())
    requester = open_socket(server.url, world.requester)
    linguist = open_socket(server.url, world.linguist)
    for n in range(3):
        linguist.say(chat, f"Before the crash {n}")
    last_seen = requester.wait_for_events(chat, 3)[-1]["seq"]

    server.kill()
    with pytest.raises(ConnectionClosed):
        while True:  # what was on its way (the unread count) may still come first
            requester.recv(timeout=5)
    meanwhile = [
        message_send(conversation=chat, by=world.linguist, body=f"While down {n}")[0]
        for n in range(5)
    ]
    server.start()

    back = open_socket(server.url, world.requester)
    answer = back.request("resume", conversation=chat.pk, after=last_seen)

    assert answer["type"] == "messages" and answer["more"] is False
    assert [(m["id"], m["seq"]) for m in answer["messages"]] == [(m.pk, m.seq) for m in meanwhile]
    assert answer["last_seq"] == meanwhile[-1].seq
    # The restarted server delivers live again.
    writer = open_socket(server.url, world.linguist)
    newest = writer.say(chat, "After the restart")
    assert seqs(back.wait_for_events(chat, 1)) == [newest["seq"]]


# --- 4. Across processes, through Redis ---------------------------------------------------------


def test_a_message_sent_through_one_process_reaches_a_socket_held_by_another(
    world, allowed, servers, open_socket
):
    redis_url = _redis_url()
    prefix = unique_prefix()
    chat = translation_chat(world)
    first = servers(redis_url, prefix, wait=False)
    second = servers(redis_url, prefix, wait=False)
    first.wait_until_healthy(), second.wait_until_healthy()
    assert first.port != second.port
    requester_there = open_socket(second.url, world.requester)
    observer_there = open_socket(second.url, world.observer)
    linguist_here = open_socket(first.url, world.linguist)
    requester_there.request("read", conversation=chat.pk)  # both are connected and joined
    observer_there.request("read", conversation=chat.pk)

    sent = linguist_here.say(chat, "From process one", client_id="c-cross-1")

    for reader in (requester_there, observer_there):
        [event] = reader.wait_for_events(chat, 1)
        assert (event["id"], event["seq"], event["body"]) == (
            sent["id"],
            sent["seq"],
            "From process one",
        )
        assert event["client_id"] == ""  # only the sender's own sockets see it
    # And back: an answer through process two reaches the linguist on process one.
    reply = requester_there.say(chat, "Received in process two")
    assert linguist_here.wait_for_events(chat, 2)[-1]["id"] == reply["id"]


# --- 5. A full channel buffer, repaired by resume -----------------------------------------------


def test_messages_dropped_for_a_socket_that_does_not_read_are_recovered_by_resume(
    world, allowed, servers, open_socket
):
    redis_url = _redis_url()
    chat = translation_chat(world)
    # A channel holds 4 messages for a busy socket; the flood may go past the rate limit.
    server = servers(
        redis_url,
        unique_prefix(),
        send_buffer=8192,
        CHANNEL_CAPACITY="4",
        CHAT_RATE_MESSAGES="10000",
    )
    known = chat.last_seq
    # A reader on a bad connection: a tiny receive buffer, and the client reads nothing
    # while the flood lasts (at most one frame waits in the client).
    slow_sock = socket.socket()
    slow_sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    slow_sock.connect(("127.0.0.1", server.port))
    reader = open_socket(server.url, world.requester, sock=slow_sock, max_queue=1, compression=None)
    writer = open_socket(server.url, world.linguist)
    flood = 80
    body = "Long line of a contract clause. " * 60  # about 2 kB a message
    sent = [writer.say(chat, f"{n}: {body}") for n in range(flood)]

    reader.drain(quiet=1.0)
    live = seqs(reader.events(chat))
    all_sent = [m["seq"] for m in sent]
    assert len(live) == len(set(live)), "a live event came twice"
    assert live == sorted(live), "live events came out of order"
    missing = sorted(set(all_sent) - set(live))
    assert missing, f"the flood of {flood} never filled the channel: no message was dropped"

    # The page sees a gap in seq and resumes after the last message it has without one.
    contiguous = known
    while contiguous + 1 in live:
        contiguous += 1
    answer = reader.request("resume", conversation=chat.pk, after=contiguous)
    assert answer["type"] == "messages" and answer["more"] is False
    resumed = seqs(answer["messages"])
    assert resumed == stored_seqs(chat, after=contiguous)
    assert set(missing) <= set(resumed)
    # Merged by seq, the page ends with every message once, in order, as stored.
    merged = {e["seq"]: e for e in reader.events(chat)}
    for message in answer["messages"]:
        if message["seq"] in merged:
            assert merged[message["seq"]]["id"] == message["id"]
        merged[message["seq"]] = message
    assert sorted(merged) == all_sent == stored_seqs(chat, after=known)
    assert [merged[s]["id"] for s in all_sent] == [m["id"] for m in sent]


# --- 6. Who may do what on the socket -----------------------------------------------------------


def test_an_outsider_can_neither_use_a_conversation_nor_hear_of_its_messages(
    world, chat, asgi_server, open_socket
):
    outsider = open_socket(asgi_server, world.other_manager)
    observer = open_socket(asgi_server, world.observer)
    requester = open_socket(asgi_server, world.requester)
    before = chat.messages.count()

    answers = [
        outsider.request("send", conversation=chat.pk, body="Let me in", client_id="c-out"),
        outsider.request("resume", conversation=chat.pk, after=0),
        outsider.request("read", conversation=chat.pk, seq=1),
    ]
    sent = requester.say(chat, "Only for us")

    for answer in answers:
        assert answer["type"] == "error" and answer["code"] == ErrorCode.NOT_FOUND
        assert answer["message"]
        assert "messages" not in answer
    assert chat.messages.count() == before + 1
    assert not Message.objects.filter(sender=world.other_manager).exists()
    # The reader of the conversation heard of the message; the outsider, asked something
    # after it was published, answers that first and has heard nothing of it.
    assert [e["id"] for e in observer.wait_for_events(chat, 1)] == [sent["id"]]
    outsider.request("read", conversation=chat.pk)
    outsider.drain(quiet=0.3)
    assert not [f for f in outsider.frames if f.get("type") == "event"]


def test_an_observer_reads_but_a_send_on_the_socket_is_refused_as_read_only(
    world, chat, asgi_server, open_socket
):
    observer = open_socket(asgi_server, world.observer)
    before = chat.messages.count()

    answer = observer.request("send", conversation=chat.pk, body="May I?", client_id="c-obs")
    resumed = observer.request("resume", conversation=chat.pk, after=0)

    assert answer["type"] == "error" and answer["code"] == ErrorCode.READ_ONLY
    assert answer["message"] and answer["client_id"] == "c-obs"
    assert chat.messages.count() == before
    assert resumed["type"] == "messages" and len(resumed["messages"]) == before


def test_invalid_sends_are_refused_with_a_code_and_a_message_and_store_nothing(
    world, chat, asgi_server, open_socket
):
    requester = open_socket(asgi_server, world.requester)
    before = chat.messages.count()
    cases = [
        ({"conversation": chat.pk, "body": ""}, ErrorCode.EMPTY),
        ({"conversation": chat.pk, "body": "   \n\t "}, ErrorCode.EMPTY),
        ({"conversation": chat.pk, "body": "x" * 10_001}, ErrorCode.TOO_LONG),
        ({"conversation": chat.pk, "body": None}, ErrorCode.EMPTY),
        ({"conversation": 987_654_321, "body": "Hello?"}, ErrorCode.NOT_FOUND),
        ({"conversation": "seven", "body": "Hello?"}, ErrorCode.NOT_FOUND),
        ({"conversation": None, "body": "Hello?"}, ErrorCode.NOT_FOUND),
        ({"conversation": chat.pk, "body": "Hi", "client_id": "no spaces!"}, "bad_client_id"),
    ]

    for n, (content, code) in enumerate(cases):
        client_id = content.pop("client_id", f"c-bad-{n}")
        answer = requester.request("send", client_id=client_id, **content)
        assert answer["type"] == "error", (content, answer)
        assert answer["code"] == code, (content, answer)
        assert isinstance(answer["message"], str) and answer["message"], answer

    assert chat.messages.count() == before
    assert not Message.objects.filter(sender=world.requester).exists()
    # The socket is still usable after all that.
    assert requester.say(chat, "Hello")["seq"] == before + 1


def test_the_thirty_first_message_within_ten_seconds_is_rate_limited(
    world, chat, asgi_server, open_socket
):
    assert (settings.CHAT_RATE_MESSAGES, settings.CHAT_RATE_SECONDS) == (30, 10)
    requester = open_socket(asgi_server, world.requester)

    answers = [
        requester.request("send", conversation=chat.pk, body=f"#{n}", client_id=f"c-rate-{n}")
        for n in range(31)
    ]

    assert [a["type"] for a in answers[:30]] == ["sent"] * 30
    assert answers[30]["type"] == "error"
    assert answers[30]["code"] == ErrorCode.RATE_LIMITED
    assert answers[30]["message"] and answers[30]["client_id"] == "c-rate-30"
    assert Message.objects.filter(sender=world.requester).count() == 30
    # A retry of a message already stored is not a new message: it is answered, not limited.
    retry = requester.request("send", conversation=chat.pk, body="#0", client_id="c-rate-0")
    assert retry["type"] == "sent" and retry["created"] is False
