"""Two people chat live in a request's conversation: the client and the linguist, each in a
browser of their own. The client's connection drops while the linguist sends twenty
messages; when it is back, the client has exactly those twenty, in order, once each. The
menu's badge counts what is unread on other pages."""

from __future__ import annotations

import contextlib
import os
import re

import pytest

from dragoman.accounts.tests.factories import PASSWORD
from dragoman.conversations.tests.factories import translation_chat


def log_in(browser, asgi_server, user):  # type: ignore[no-untyped-def]
    context = browser.new_context(base_url=asgi_server.url, locale="en-GB")
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", user.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_url(re.compile(r"/$"))
    return context, page


def live(page) -> None:  # type: ignore[no-untyped-def]
    page.locator("[data-testid=connection][data-state=open]").wait_for()


def bodies(page) -> list[str]:  # type: ignore[no-untyped-def]
    return page.locator("#chat [data-testid=message] .msg-body").all_inner_texts()


@pytest.fixture
def chat(world, allowed):  # type: ignore[no-untyped-def]
    return translation_chat(world)


def test_client_and_linguist_chat_live_and_a_dropped_connection_misses_nothing(
    world, browser, asgi_server, chat
):
    client_context, client = log_in(browser, asgi_server, world.requester)
    linguist_context, linguist = log_in(browser, asgi_server, world.linguist)
    # The client's socket goes through Playwright, which can refuse it as a dead network
    # would (the browser's own offline mode lets loopback sockets through at times).
    network = {"down": False}

    def socket_route(ws):  # type: ignore[no-untyped-def]
        if network["down"]:
            ws.close()
        else:
            ws.connect_to_server()

    client.route_web_socket(re.compile(r"/ws/events/$"), socket_route)
    try:
        for page in (client, linguist):
            page.goto(f"/conversations/{chat.pk}/")
            live(page)

        # Live both ways; the client reads the linguist by pseudonym only.
        client.get_by_test_id("composer-body").fill("Good morning, is the glossary clear?")
        client.get_by_test_id("composer-body").press("Enter")
        linguist.get_by_text("Good morning, is the glossary clear?").wait_for()
        linguist.get_by_test_id("composer-body").fill("Yes, thank you.")
        linguist.get_by_test_id("composer-send").click()
        client.get_by_text("Yes, thank you.").wait_for()
        pseudonym = world.linguist.linguist_profile.pseudonym
        assert pseudonym in client.locator("#chat").inner_text()
        assert "Lena Secretname" not in client.content()

        # The client's connection drops; the linguist sends twenty messages meanwhile.
        network["down"] = True
        client.evaluate("Dragoman.live.drop()")
        client.locator("[data-testid=connection][data-state=closed]").wait_for()
        for n in range(1, 21):
            linguist.get_by_test_id("composer-body").fill(f"Update {n}")
            linguist.get_by_test_id("composer-body").press("Enter")
            linguist.locator("#chat .msg-body", has_text=re.compile(rf"^Update {n}$")).wait_for()
        assert not any(text.startswith("Update") for text in bodies(client))

        # Back online: the page reconnects by itself and asks for what it missed.
        network["down"] = False
        client.evaluate("window.dispatchEvent(new Event('online'))")
        live(client)
        client.locator("#chat .msg-body", has_text=re.compile(r"^Update 20$")).wait_for()
        updates = [text for text in bodies(client) if text.startswith("Update")]
        assert updates == [f"Update {n}" for n in range(1, 21)]
        seqs = client.locator("#chat [data-testid=message]").evaluate_all(
            "nodes => nodes.map(n => Number(n.dataset.seq))"
        )
        assert seqs == sorted(set(seqs)) == list(range(1, len(seqs) + 1))
        # The page told the server that everything shown was read.
        client.locator(f"#chat[data-read-seq='{seqs[-1]}']").wait_for(state="attached")

        # On another page, the menu's badge counts new messages as they come.
        client.goto("/")
        live(client)
        badge = client.get_by_test_id("messages-badge")
        assert badge.is_hidden()
        for n in range(3):
            linguist.get_by_test_id("composer-body").fill(f"Later {n}")
            linguist.get_by_test_id("composer-body").press("Enter")
        client.wait_for_function(
            "document.querySelector('[data-testid=messages-badge]').textContent.trim() === '3'"
        )
        assert badge.is_visible()
        client.goto(f"/conversations/{chat.pk}/")
        assert client.get_by_test_id("messages-badge").is_hidden()

        # The list counts a conversation's new messages live too.
        client.goto("/conversations/")
        live(client)
        assert client.get_by_test_id("row-unread").count() == 0
        linguist.get_by_test_id("composer-body").fill("One more thing")
        linguist.get_by_test_id("composer-body").press("Enter")
        client.get_by_test_id("row-unread").wait_for()
        assert client.get_by_test_id("row-unread").inner_text() == "1"
    finally:
        os.makedirs("var/e2e", exist_ok=True)
        with contextlib.suppress(Exception):
            client.screenshot(path="var/e2e/chat-client.png", full_page=True)
        client_context.close()
        linguist_context.close()
