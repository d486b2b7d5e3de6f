"""/ws/ping/ through a real WebSocket client against uvicorn serving the ASGI application."""

import json

import pytest
from django.conf import settings
from django.test import Client
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from dragoman.accounts.services import api_token_create
from dragoman.core import realtime


def ws_url(server):
    return server.url.replace("http://", "ws://") + "/ws/ping/"


def session_cookie(user):
    browser = Client()
    browser.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={browser.cookies[settings.SESSION_COOKIE_NAME].value}"


def ping(socket, echo="hello"):
    socket.send(json.dumps({"type": "ping", "echo": echo}))
    return json.loads(socket.recv(timeout=5))


def test_a_logged_in_browser_pings_with_its_session_cookie(world, asgi_server):
    with connect(
        ws_url(asgi_server),
        origin=asgi_server.url.replace("http://127.0.0.1", "http://localhost"),
        additional_headers={"Cookie": session_cookie(world.manager)},
    ) as socket:
        answer = ping(socket)
    assert answer["type"] == "pong"
    assert answer["user_id"] == world.manager.pk
    assert answer["echo"] == "hello"


def test_a_program_pings_with_its_api_token(world, asgi_server):
    _, secret = api_token_create(user=world.linguist, name="ws")
    with connect(
        ws_url(asgi_server), additional_headers={"Authorization": f"Bearer {secret}"}
    ) as socket:
        assert ping(socket)["user_id"] == world.linguist.pk


def test_an_anonymous_socket_is_closed_as_unauthenticated(world, asgi_server):
    with connect(ws_url(asgi_server)) as socket, pytest.raises(Exception):
        socket.recv(timeout=5)
    assert socket.close_code == 4401


def test_a_revoked_token_is_refused(world, asgi_server):
    from dragoman.accounts.services import api_token_revoke

    token, secret = api_token_create(user=world.linguist, name="ws")
    api_token_revoke(user=world.linguist, token_id=token.pk)
    with (
        connect(
            ws_url(asgi_server), additional_headers={"Authorization": f"Bearer {secret}"}
        ) as socket,
        pytest.raises(Exception),
    ):
        socket.recv(timeout=5)
    assert socket.close_code == 4401


def test_a_page_of_another_site_cannot_open_a_socket_with_the_users_cookie(world, asgi_server):
    with pytest.raises(InvalidStatus) as refused:
        connect(
            ws_url(asgi_server),
            origin="https://evil.example",
            additional_headers={"Cookie": session_cookie(world.manager)},
        )
    assert refused.value.response.status_code == 403


def test_unknown_messages_get_an_error_not_a_disconnect(world, asgi_server):
    _, secret = api_token_create(user=world.manager, name="ws")
    with connect(
        ws_url(asgi_server), additional_headers={"Authorization": f"Bearer {secret}"}
    ) as socket:
        socket.send(json.dumps({"type": "dance"}))
        assert json.loads(socket.recv(timeout=5))["code"] == "unknown_message"
        assert ping(socket)["type"] == "pong"


def test_publish_after_commit_reaches_only_the_chosen_users_sockets(world, asgi_server):
    from asgiref.sync import sync_to_async
    from django.db import transaction

    _, mine = api_token_create(user=world.manager, name="ws")
    _, theirs = api_token_create(user=world.observer, name="ws")

    def change_and_publish():
        # As a view would: inside a transaction, pushed only once it commits.
        with transaction.atomic():
            realtime.publish("contact.updated", [world.manager.pk], {"id": 7})

    with (
        connect(
            ws_url(asgi_server), additional_headers={"Authorization": f"Bearer {mine}"}
        ) as socket,
        connect(
            ws_url(asgi_server), additional_headers={"Authorization": f"Bearer {theirs}"}
        ) as other,
    ):
        ping(socket), ping(other)  # both sockets are connected and in their groups
        asgi_server.run(sync_to_async(change_and_publish)())
        event = json.loads(socket.recv(timeout=5))
        assert event == {"type": "event", "event": "contact.updated", "id": 7}
        # The other user heard nothing: the next thing on their socket is their own pong.
        assert ping(other)["type"] == "pong"


def test_nothing_is_published_when_the_change_is_rolled_back(world, asgi_server):
    from asgiref.sync import sync_to_async
    from django.db import transaction

    _, mine = api_token_create(user=world.manager, name="ws")

    def fail_after_publishing():
        try:
            with transaction.atomic():
                realtime.publish("contact.updated", [world.manager.pk], {"id": 8})
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass

    with connect(
        ws_url(asgi_server), additional_headers={"Authorization": f"Bearer {mine}"}
    ) as socket:
        ping(socket)
        asgi_server.run(sync_to_async(fail_after_publishing)())
        assert ping(socket, echo="after")["echo"] == "after"


def test_a_wrong_token_does_not_fall_back_to_the_browsers_session(world, asgi_server):
    with (
        connect(
            ws_url(asgi_server),
            additional_headers={
                "Cookie": session_cookie(world.manager),
                "Authorization": "Bearer dgm_wrong",
            },
        ) as socket,
        pytest.raises(Exception),
    ):
        socket.recv(timeout=5)
    assert socket.close_code == 4401
