"""Fixtures shared by every test: a small world with one person in each role."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from dragoman.accounts.models import User
from dragoman.accounts.tests.factories import UserFactory
from dragoman.linguists.tests.factories import make_linguist
from dragoman.orgs.enums import OrganisationKind, Role
from dragoman.orgs.models import Organisation
from dragoman.orgs.tests.factories import MembershipFactory, OrganisationFactory


@dataclass
class World:
    operator: Organisation
    partner: Organisation
    client: Organisation
    other_client: Organisation
    staff: User
    partner_manager: User
    manager: User
    requester: User
    observer: User
    other_manager: User
    linguist: User

    def user(self, role: str) -> User | None:
        return None if role == "anonymous" else getattr(self, role)


ROLES = (
    "anonymous",
    "staff",
    "partner_manager",
    "manager",
    "requester",
    "observer",
    "linguist",
    "other_manager",
)


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    """Rate limits live in the cache; each test starts with none used."""
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """Each test starts in the site's default language: a page requested in Russian leaves
    Russian active in the thread, which would otherwise leak into whatever test runs next."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def session_queries(settings) -> int:  # type: ignore[no-untyped-def]
    """Queries a logged-in page spends on its session: one with database sessions (the
    SQLite run), none when sessions live in the Redis cache (the PostgreSQL + Redis run)."""
    return 1 if settings.SESSION_ENGINE.endswith(".db") else 0


@pytest.fixture
def reference_data(db: None) -> None:
    """Services, topics and languages as migrations load them.

    Transactional tests (the browser and WebSocket ones) empty every table afterwards, the
    migrated reference data included, so tests that need it ask for it.
    """
    from dragoman.catalog import reference
    from dragoman.catalog.models import Language, Service, Topic

    if not Language.objects.exists():
        reference.load(Service, Topic, Language)


@pytest.fixture
def world(reference_data: None) -> World:
    operator = OrganisationFactory(kind=OrganisationKind.OPERATOR, name="Operator")
    partner = OrganisationFactory(kind=OrganisationKind.PARTNER, name="Partner Agency")
    client = OrganisationFactory(name="Acme Client", partner=partner)
    other_client = OrganisationFactory(name="Other Client")

    # Fixed, distinct names: tests search and compare by name, and made-up ones can collide.
    def member(org: Organisation, role: str, email: str, **user_fields: object) -> User:
        user = UserFactory(email=email, **user_fields)
        MembershipFactory(user=user, organisation=org, role=role)
        return user

    return World(
        operator=operator,
        partner=partner,
        client=client,
        other_client=other_client,
        staff=member(
            operator,
            Role.ADMIN,
            "staff@example.test",
            full_name="Stefan Staffordshire",
            is_staff=True,
        ),
        partner_manager=member(
            partner, Role.MANAGER, "partner@example.test", full_name="Petra Partington"
        ),
        manager=member(
            client, Role.MANAGER, "manager@example.test", full_name="Bartholomew Ashdown"
        ),
        requester=member(
            client, Role.REQUESTER, "requester@example.test", full_name="Ottilie Quillfeather"
        ),
        observer=member(client, Role.OBSERVER, "observer@example.test", full_name="Oswin Overbeck"),
        other_manager=member(
            other_client, Role.MANAGER, "other@example.test", full_name="Odette Otherwood"
        ),
        linguist=make_linguist(
            email="linguist@example.test", full_name="Lena Secretname", phone="+358401234567"
        ).user,
    )


@pytest.fixture
def allowed(world):  # type: ignore[no-untyped-def]
    """Every client contact of the world may order every service."""
    from dragoman.catalog.models import Service

    for user in (world.manager, world.requester, world.observer, world.other_manager):
        user.memberships.get().allowed_services.set(Service.objects.all())


@pytest.fixture
def media(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Uploaded files go to a temporary folder, on the local file system."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    return settings.MEDIA_ROOT


@pytest.fixture
def client_as(client):  # type: ignore[no-untyped-def]
    """``client_as(user)``: Django's test client logged in as ``user`` (or anonymous)."""

    def login(user: User | None):  # type: ignore[no-untyped-def]
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


class _CapturingServer:
    """uvicorn.Server that remembers its event loop (made lazily to import uvicorn late)."""

    def __new__(cls, config):  # type: ignore[no-untyped-def]
        import asyncio

        import uvicorn

        class Server(uvicorn.Server):
            loop = None

            async def serve(self, sockets=None):  # type: ignore[no-untyped-def]
                self.loop = asyncio.get_running_loop()
                await super().serve(sockets)

        return Server(config)


@dataclass
class LiveServer:
    url: str
    server: object

    def __str__(self) -> str:
        return self.url

    def run(self, coroutine, timeout: float = 10):  # type: ignore[no-untyped-def]
        """Run a coroutine in the server's event loop, as the server's own code would."""
        import asyncio

        return asyncio.run_coroutine_threadsafe(coroutine, self.server.loop).result(timeout)


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def asgi_server(transactional_db):  # type: ignore[no-untyped-def]
    """Dragoman's real ASGI application served by uvicorn on a free port, in a thread.

    The test database is a file (see settings), so the server's threads see what the test
    writes; e-mail goes to Django's in-memory outbox of this process.
    """
    import threading
    import time

    import uvicorn

    port = _free_port()
    config = uvicorn.Config(
        "dragoman.config.asgi:application",
        host="127.0.0.1",
        port=port,
        log_level="warning",
        lifespan="off",
        ws="auto",
    )
    server = _CapturingServer(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    yield LiveServer(url=f"http://127.0.0.1:{port}", server=server)
    server.should_exit = True
    thread.join(timeout=10)
    # The channel layer belongs to the server's event loop, which is gone now: the next
    # server of this process makes its own (a Redis layer refuses two loops, and its
    # blocking read of the old loop may wait up to its socket timeout).
    from channels.layers import channel_layers

    channel_layers.backends.clear()
