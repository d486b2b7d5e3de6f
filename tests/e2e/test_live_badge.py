"""The menu's unread badge follows new notifications while the page stays open."""

import re
import threading

from django.db import connections, transaction

from dragoman.accounts.tests.factories import PASSWORD
from dragoman.notifications.services import notify


def test_a_new_notification_shows_in_the_badge_without_reloading(world, page):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", world.requester.email)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name=re.compile("Sign In|Log in", re.I)).click()
    page.wait_for_url(re.compile(r"/$"))
    badge = page.get_by_test_id("unread-badge")
    assert badge.is_hidden()
    # Let the page's socket connect, then something happens elsewhere.
    page.wait_for_timeout(500)

    # (From another thread, as a worker would: Playwright keeps an event loop in this one.)
    def elsewhere():
        with transaction.atomic():
            notify(recipients=[world.requester], kind="order_quoted", title="Request #7")
        connections.close_all()

    thread = threading.Thread(target=elsewhere)
    thread.start()
    thread.join(10)
    badge.wait_for(state="visible")
    assert badge.inner_text() == "1"
